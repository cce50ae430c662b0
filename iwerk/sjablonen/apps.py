from django.apps import AppConfig


class SjablonenConfig(AppConfig):
    name = "iwerk.sjablonen"
    label = "sjablonen"
    verbose_name = "Sjablonen: brieven en berichten van de behandelaar"
