from django.apps import AppConfig


class BasisregistratiesConfig(AppConfig):
    name = "iwerk.basisregistraties"
    label = "basisregistraties"
    verbose_name = "Basisregistraties: BRP, BAG en Handelsregister"
