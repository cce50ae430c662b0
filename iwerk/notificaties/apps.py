from django.apps import AppConfig


class NotificatiesConfig(AppConfig):
    name = "iwerk.notificaties"
    label = "notificaties"
    verbose_name = "Notificaties"

    def ready(self) -> None:
        from iwerk.core.metrics import register_collector
        from iwerk.notificaties import signals
        from iwerk.notificaties.metrics import OutboxCollector

        signals.connect()
        register_collector(OutboxCollector())
