"""iwerk create-applicatie: register an API client and its JWT secret (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from iwerk.autorisaties.services import register_client
from iwerk.core.env import env_secret
from iwerk.core.models import Gemeente


class Command(BaseCommand):
    help = (
        "Registreer een API-applicatie met client_id en JWT-geheim (opnieuw uitvoeren werkt bij)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument(
            "--secret",
            help="Het gedeelde HS256-geheim (minstens 32 tekens); zonder deze optie (en zonder "
            "IWERK_CLIENT_SECRET[_FILE]) wordt er een gegenereerd en getoond.",
        )
        parser.add_argument("--label", help="Leesbare naam van de applicatie.")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--alle-autorisaties",
            action="store_true",
            help="Alle autorisaties (heeftAlleAutorisaties).",
        )
        group.add_argument(
            "--gemeente",
            action="append",
            metavar="SLUG",
            help="Alle typen van de catalogi van deze gemeente (herhaalbaar).",
        )
        parser.add_argument("--max-vertrouwelijkheidaanduiding", default="zeer_geheim")
        parser.add_argument(
            "--migreren",
            action="store_true",
            help="Ook zaken.migreren, documenten.migreren, besluiten.migreren en "
            "catalogi.migreren (met --gemeente): elke schrijfactie van deze applicatie is een "
            "stille migratie met behoud van uuid en historische datums (ADR 0063). Alleen voor "
            "een migratietool; trek de applicatie na de migratie in.",
        )

    def handle(self, *args, **options):
        gemeenten = []
        for slug in options["gemeente"] or []:
            gemeente = Gemeente.objects.filter(slug=slug).first()
            if gemeente is None:
                raise CommandError(f"Onbekende gemeente '{slug}'.")
            gemeenten.append(gemeente)
        secret = options["secret"] or env_secret("IWERK_CLIENT_SECRET")
        try:
            applicatie, secret = register_client(
                client_id=options["client_id"],
                secret=secret,
                label=options["label"],
                alle_autorisaties=options["alle_autorisaties"],
                gemeenten=gemeenten,
                max_vertrouwelijkheidaanduiding=options["max_vertrouwelijkheidaanduiding"],
                migreren=options["migreren"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Applicatie '{applicatie.label}' ({applicatie.uuid}) geregistreerd."
            )
        )
        if not options["secret"]:
            self.stdout.write(f"client_id: {options['client_id']}\nsecret: {secret}")
