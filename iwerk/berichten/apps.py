from django.apps import AppConfig


class BerichtenConfig(AppConfig):
    name = "iwerk.berichten"
    label = "berichten"
    verbose_name = "Automatische berichten aan inwoners en bedrijven"

    def ready(self) -> None:
        from iwerk.berichten.services import bezorging
        from iwerk.core import periodiek

        # The worker (`iwerk worker`) delivers due Berichten every few seconds (ADR 0053).
        periodiek.register("berichten-versturen", 2, bezorging.run_due)
