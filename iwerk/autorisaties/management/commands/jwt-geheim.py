"""iwerk jwt-geheim: give a client id its JWT secret, leaving its applicatie as registered."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from iwerk.autorisaties.services import set_secret
from iwerk.core.env import env_secret


class Command(BaseCommand):
    help = (
        "Geef een client_id zijn JWT-geheim, bijvoorbeeld van een applicatie die via de "
        "Autorisaties API is geregistreerd; autorisaties en gemeenten blijven zoals ze zijn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument(
            "--secret",
            help="Het gedeelde HS256-geheim (minstens 32 tekens); zonder deze optie (en zonder "
            "IWERK_CLIENT_SECRET[_FILE]) wordt er een gegenereerd en getoond.",
        )

    def handle(self, *args, **options):
        given = options["secret"] or env_secret("IWERK_CLIENT_SECRET")
        try:
            secret = set_secret(client_id=options["client_id"], secret=given)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"JWT-geheim van '{options['client_id']}' gezet."))
        if given is None:
            self.stdout.write(f"client_id: {options['client_id']}\nsecret: {secret}")
