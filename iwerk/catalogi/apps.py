from django.apps import AppConfig


class CatalogiConfig(AppConfig):
    name = "iwerk.catalogi"
    label = "catalogi"
    verbose_name = "Catalogi"

    def ready(self) -> None:
        from iwerk.catalogi import signals  # noqa: F401 - connects cache invalidation
        from iwerk.catalogi.api.expand import register_all

        register_all()
