from django.apps import AppConfig


class BesluitenConfig(AppConfig):
    name = "iwerk.besluiten"
    label = "besluiten"
    verbose_name = "Besluiten"

    def ready(self) -> None:
        from iwerk.besluiten import audit
        from iwerk.besluiten.api.expand import register_all
        from iwerk.besluiten.services import relation_exists
        from iwerk.documenten.services import register_source

        audit.register()
        register_all()
        register_source("besluit", relation_exists)
