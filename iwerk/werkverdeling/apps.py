from django.apps import AppConfig


class WerkverdelingConfig(AppConfig):
    name = "iwerk.werkverdeling"
    label = "werkverdeling"
    verbose_name = "Werkverdeling (routering, taken, vier ogen)"
