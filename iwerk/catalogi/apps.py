from django.apps import AppConfig


class CatalogiConfig(AppConfig):
    name = "iwerk.catalogi"
    label = "catalogi"
    verbose_name = "Catalogi"
