from django.apps import AppConfig


class DocumentenConfig(AppConfig):
    name = "iwerk.documenten"
    label = "documenten"
    verbose_name = "Documenten"

    def ready(self) -> None:
        from iwerk.documenten import audit
        from iwerk.documenten.api.expand import register_all

        audit.register()
        register_all()
