from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "iwerk.portfolio"
    label = "portfolio"
    verbose_name = "Applicatieportfolio"
