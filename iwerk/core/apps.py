from axes import apps as axes_apps
from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "iwerk.core"
    label = "core"
    verbose_name = "Basis"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.utils.module_loading import import_string

        from iwerk.core import auditketen, dbhealth, periodiek

        # A PostgreSQL connection the server has not closed needs no SELECT 1 (core.dbhealth).
        connection_created.connect(dbhealth.install, dispatch_uid="iwerk-dbhealth")

        # Who reacts to which domain event: one table above every app (iwerk/verbindingen.py,
        # ADR 0037), named by a setting so core imports no app. Every model is loaded by now.
        import_string(settings.IWERK_VERBINDINGEN)()

        # Seal new audit and inzage rows into the hash chain every few seconds.
        periodiek.register("auditketen-verzegelen", 5, auditketen.verzegelen)
        # Write the signed chain head outside the database (ADR 0032).
        periodiek.register(
            "auditketen-verankeren", settings.IWERK_AUDIT_ANKER_INTERVAL, auditketen.verankeren
        )


class AxesConfig(axes_apps.AppConfig):
    """django-axes (lockout after failed sign-ins) under a Dutch name in functioneel beheer; its
    models and fields are translated in iwerk/locale."""

    default = False  # CoreConfig stays the default configuration of this module
    verbose_name = "Aanmeldbeveiliging"
