from django.apps import AppConfig


class SturingConfig(AppConfig):
    name = "iwerk.sturing"
    label = "sturing"
    verbose_name = "Sturing: managementinformatie, kosten en investeringen"

    def ready(self) -> None:
        from iwerk.core import periodiek
        from iwerk.sturing.services import dashboardstand, verversen

        periodiek.register("sturing-verversen", 30, verversen.verversen)
        # Right after the refresh (same round, also the first one at the worker's start): the
        # first view of every gemeente, so no request computes it (ADR 0035).
        periodiek.register("sturing-voorbereiden", 30, dashboardstand.voorbereiden)
