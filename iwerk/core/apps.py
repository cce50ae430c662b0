from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "iwerk.core"
    label = "core"
    verbose_name = "Basis"

    def ready(self) -> None:
        from iwerk.core import auditketen, periodiek

        # Seal new audit and inzage rows into the hash chain every few seconds.
        periodiek.register("auditketen-verzegelen", 5, auditketen.verzegelen)
