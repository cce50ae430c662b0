from django.apps import AppConfig


class PortaalConfig(AppConfig):
    name = "iwerk.portaal"
    label = "portaal"
    verbose_name = "Portaal"

    def ready(self) -> None:
        from iwerk.portaal import signals  # noqa: F401 - connects the receivers
