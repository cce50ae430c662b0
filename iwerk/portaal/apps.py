from django.apps import AppConfig


class PortaalConfig(AppConfig):
    name = "iwerk.portaal"
    label = "portaal"
    verbose_name = "Portaal"
