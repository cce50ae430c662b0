from django.apps import AppConfig


class WerkplekConfig(AppConfig):
    name = "iwerk.werkplek"
    label = "werkplek"
    verbose_name = "Werkplek"

    def ready(self) -> None:
        from iwerk.catalogi.selectors import register_waarschuwingen
        from iwerk.werkplek import signals  # noqa: F401
        from iwerk.werkplek.selectors import documenttype_waarschuwingen

        # Catalogue beheer warns when the roles here cannot open a zaaktype's documents; catalogi
        # cannot ask werkplek itself (registers never import channels, ADR 0034).
        register_waarschuwingen(documenttype_waarschuwingen)
