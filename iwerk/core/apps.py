from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "iwerk.core"
    label = "core"
    verbose_name = "Basis"
