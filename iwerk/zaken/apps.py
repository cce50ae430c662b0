from django.apps import AppConfig


class ZakenConfig(AppConfig):
    name = "iwerk.zaken"
    label = "zaken"
    verbose_name = "Zaken"

    def ready(self) -> None:
        from iwerk.zaken import audit
        from iwerk.zaken.api.expand import register_all

        audit.register()
        register_all()
