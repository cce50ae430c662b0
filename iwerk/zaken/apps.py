from django.apps import AppConfig


class ZakenConfig(AppConfig):
    name = "iwerk.zaken"
    label = "zaken"
    verbose_name = "Zaken"

    def ready(self) -> None:
        from iwerk.documenten.services import register_source
        from iwerk.zaken import audit
        from iwerk.zaken.api.expand import register_all
        from iwerk.zaken.services.informatieobject import relation_exists

        audit.register()
        register_all()
        register_source("zaak", relation_exists)
