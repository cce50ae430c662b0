from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "iwerk.core"
    label = "core"
    verbose_name = "Basis"

    def ready(self) -> None:
        from iwerk.core import auditketen, periodiek

        # Seal new audit and inzage rows into the hash chain every few seconds.
        periodiek.register("auditketen-verzegelen", 5, auditketen.verzegelen)
        # Write the signed chain head outside the database (ADR 0032).
        periodiek.register(
            "auditketen-verankeren", settings.IWERK_AUDIT_ANKER_INTERVAL, auditketen.verankeren
        )
