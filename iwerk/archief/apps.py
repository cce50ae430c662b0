from django.apps import AppConfig


class ArchiefConfig(AppConfig):
    name = "iwerk.archief"
    label = "archief"
    verbose_name = "Archiefbeheer: vernietiging en overbrenging"

    def ready(self) -> None:
        from iwerk.archief.services import uitvoering, verklaring
        from iwerk.core import auditketen, periodiek

        # Approved vernietigingslijsten are executed by the worker, one batch per list a round.
        periodiek.register("archief-uitvoeren", 10, uitvoering.uitvoeren_wachtende)
        # `iwerk audit_verifieren` recomputes the hash of every sealed verklaring (ADR 0046).
        auditketen.registreer_verklaringen(verklaring.verklaring_hashes)
