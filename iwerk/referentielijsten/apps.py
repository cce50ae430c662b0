from django.apps import AppConfig


class ReferentielijstenConfig(AppConfig):
    name = "iwerk.referentielijsten"
    label = "referentielijsten"
    verbose_name = "Referentielijsten"
