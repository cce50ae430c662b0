from django.apps import AppConfig


class DocumentenConfig(AppConfig):
    name = "iwerk.documenten"
    label = "documenten"
    verbose_name = "Documenten"

    def ready(self) -> None:
        from iwerk.core import backup, periodiek
        from iwerk.documenten import audit, content
        from iwerk.documenten.api.expand import register_all

        audit.register()
        register_all()
        periodiek.register("documenten-opruimen", 60, content.remove_released)
        periodiek.register("documenten-staging-opruimen", 3600, content.remove_staging)
        # What a backup must copy: the content of every version and of unfinished bestandsdelen.
        backup.register_content(
            "SELECT inhoud, sha256 FROM documenten_versie WHERE inhoud <> '' "
            "UNION SELECT inhoud, '' FROM documenten_bestandsdeel WHERE inhoud <> ''"
        )
