from django.apps import AppConfig


class MedewerkersConfig(AppConfig):
    name = "iwerk.medewerkers"
    label = "medewerkers"
    verbose_name = "Medewerkers"

    def ready(self) -> None:
        from iwerk.catalogi.selectors import register_waarschuwingen
        from iwerk.medewerkers import signals  # noqa: F401 - connects cache invalidation
        from iwerk.medewerkers.selectors import documenttype_waarschuwingen

        # Catalogue beheer warns when the roles here cannot open a zaaktype's documents; catalogi
        # sits below medewerkers and cannot ask for the roles itself (ADR 0034).
        register_waarschuwingen(documenttype_waarschuwingen)
