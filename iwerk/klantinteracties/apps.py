from django.apps import AppConfig


class KlantinteractiesConfig(AppConfig):
    name = "iwerk.klantinteracties"
    label = "klantinteracties"
    verbose_name = "Klantinteracties"

    def ready(self) -> None:
        from iwerk.klantinteracties import audit, signals  # noqa: F401 - connects the cache hooks

        audit.register()
