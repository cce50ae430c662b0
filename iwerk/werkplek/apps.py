from django.apps import AppConfig


class WerkplekConfig(AppConfig):
    name = "iwerk.werkplek"
    label = "werkplek"
    verbose_name = "Werkplek"

    def ready(self) -> None:
        from iwerk.werkplek import signals  # noqa: F401 - SSO sign-ins count as the second factor
