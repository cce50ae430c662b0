from django.apps import AppConfig


class AutorisatiesConfig(AppConfig):
    name = "iwerk.autorisaties"
    label = "autorisaties"
    verbose_name = "Autorisaties"

    def ready(self) -> None:
        from iwerk.autorisaties import signals  # noqa: F401 - connects cache invalidation
