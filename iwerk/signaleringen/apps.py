from django.apps import AppConfig


class SignaleringenConfig(AppConfig):
    name = "iwerk.signaleringen"
    label = "signaleringen"
    verbose_name = "Signaleringen"

    def ready(self) -> None:
        from iwerk.core import periodiek
        from iwerk.signaleringen.services import mail, termijnen

        # Deadlines per day: hourly is enough (once per zaak, kind and day by the sleutel); the
        # mails every minute (direct), the digest from 07:00 once per person per day.
        periodiek.register("signaleringen-termijnen", 3600, termijnen.signaleren)
        periodiek.register("signaleringen-mailen", 60, mail.mailen)
