from django.apps import AppConfig


class NotificatiesConfig(AppConfig):
    name = "iwerk.notificaties"
    label = "notificaties"
    verbose_name = "Notificaties"

    def ready(self) -> None:
        from iwerk.core import audit
        from iwerk.notificaties import outbox, signals

        audit.subscribe(outbox.on_change)
        signals.connect()
