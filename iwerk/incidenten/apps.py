from django.apps import AppConfig


class IncidentenConfig(AppConfig):
    name = "iwerk.incidenten"
    label = "incidenten"
    verbose_name = "Informatieveiligheid: incidenten en datalekken"

    def ready(self) -> None:
        from iwerk.core import periodiek
        from iwerk.incidenten.services import escalaties

        periodiek.register("incidenten-escaleren", 60, escalaties.escaleren)
