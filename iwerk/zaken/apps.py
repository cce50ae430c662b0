from django.apps import AppConfig


class ZakenConfig(AppConfig):
    name = "iwerk.zaken"
    label = "zaken"
    verbose_name = "Zaken"
