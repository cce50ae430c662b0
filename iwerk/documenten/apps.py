from django.apps import AppConfig


class DocumentenConfig(AppConfig):
    name = "iwerk.documenten"
    label = "documenten"
    verbose_name = "Documenten"

    def ready(self) -> None:
        from iwerk.core import periodiek
        from iwerk.documenten import audit, content
        from iwerk.documenten.api.expand import register_all

        audit.register()
        register_all()
        periodiek.register("documenten-opruimen", 60, content.remove_released)
