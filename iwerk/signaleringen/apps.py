from django.apps import AppConfig


class SignaleringenConfig(AppConfig):
    name = "iwerk.signaleringen"
    label = "signaleringen"
    verbose_name = "Signaleringen"
