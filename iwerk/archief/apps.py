from django.apps import AppConfig


class ArchiefConfig(AppConfig):
    name = "iwerk.archief"
    label = "archief"
    verbose_name = "Archiefbeheer: vernietiging en overbrenging"
