from django.apps import AppConfig


class BesluitenConfig(AppConfig):
    name = "iwerk.besluiten"
    label = "besluiten"
    verbose_name = "Besluiten"

    def ready(self) -> None:
        from iwerk.besluiten import audit
        from iwerk.besluiten.api.expand import register_all
        from iwerk.besluiten.services import dates_for_zaak, relation_exists
        from iwerk.documenten.services import register_source
        from iwerk.zaken.services.archiving import register_besluitdatums

        audit.register()
        register_all()
        register_source("besluit", relation_exists)
        # Closing a zaak derives its archiving from these dates (zrc-021, *_besluit).
        register_besluitdatums(dates_for_zaak)
