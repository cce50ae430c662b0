from django.apps import AppConfig


class SturingConfig(AppConfig):
    name = "iwerk.sturing"
    label = "sturing"
    verbose_name = "Sturing: managementinformatie, kosten en investeringen"

    def ready(self) -> None:
        from iwerk.core import periodiek
        from iwerk.sturing import signals, verversen  # noqa: F401 - connects the change queue

        periodiek.register("sturing-verversen", 30, verversen.verversen)
