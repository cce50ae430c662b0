from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "iwerk.demo"
    label = "demo"
    verbose_name = "Demo"
