"""Load the demo: three gemeenten, their catalogi, demo API clients and a beheer account. Idempotent."""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from iwerk.autorisaties.models import JWTSecret
from iwerk.autorisaties.services import check_secret, register_client
from iwerk.demo.archief import load_archiefbeheer
from iwerk.demo.basisregistraties import load_doelbindingen
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.demo.klantinteracties import load_klantinteracties
from iwerk.demo.registers import load_registers
from iwerk.demo.werkverdeling import na_het_laden
from iwerk.incidenten.demo import load_incidenten
from iwerk.medewerkers.demo import (
    DEMO_TOTP_KEY,
    load_medewerkers,
)
from iwerk.portfolio.demo import applicatie_op_naam, load_portfolio
from iwerk.sturing.demo import load_kosten
from iwerk.sturing.services.verversen import herberekenen

DEMO_ADMIN = ("beheerder", "demo-beheer-2026")


class Command(BaseCommand):
    help = "Laad de demo-gegevens (alleen in demo-modus, IWERK_DEMO=true)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo-gegevens worden alleen geladen met IWERK_DEMO=true.")
        if settings.IWERK_DEMO_SECRET:
            try:  # the rule of every JWT secret, checked before anything is loaded
                check_secret(settings.IWERK_DEMO_SECRET)
            except ValueError as exc:
                raise CommandError(f"IWERK_DEMO_SECRET: {exc}") from exc
        port = os.environ.get("IWERK_PORT", "8000")
        base = f"http://127.0.0.1:{port}"
        with transaction.atomic():
            gemeenten = load_gemeenten()
            # Staff and teams first: the routing rules of the catalogue name them (issue 29).
            medewerkers = load_medewerkers(gemeenten)
            geladen = load_registers(
                gemeenten, base, per_zaaktype=settings.IWERK_DEMO_ZAKEN_PER_ZAAKTYPE
            )
            secret = settings.IWERK_DEMO_SECRET or _existing_secret("iwerk-demo")
            _, secret = register_client(
                client_id="iwerk-demo",
                secret=secret,
                label="iwerk demo (alle autorisaties)",
                alle_autorisaties=True,
            )
            deventer = next(g for g in gemeenten if g.slug == "deventer")
            register_client(
                client_id="iwerk-demo-deventer",
                secret=secret,
                label="iwerk demo (alleen Deventer)",
                gemeenten=[deventer],
                max_vertrouwelijkheidaanduiding="zaakvertrouwelijk",
            )
            load_archiefbeheer(gemeenten)
            load_doelbindingen(gemeenten)
            load_klantinteracties(gemeenten)
            load_incidenten(gemeenten)
            load_portfolio(gemeenten)
            load_kosten(applicatie_op_naam)
            na_het_laden(gemeenten)  # route the bulk-loaded zaken, tasks, an absence
            herberekenen()  # the demo zaken came in bulk: compute their figures now
            user_model = get_user_model()
            beheerder = user_model.objects.filter(username=DEMO_ADMIN[0]).first()
            if beheerder is None:
                beheerder = user_model.objects.create_superuser(
                    DEMO_ADMIN[0], "beheer@iwerk.example.nl", DEMO_ADMIN[1]
                )
            # The admin asks for a TOTP code too: the demo authenticator secret serves it.
            TOTPDevice.objects.get_or_create(
                user=beheerder,
                name="Demo-authenticator",
                defaults={"key": DEMO_TOTP_KEY.hex(), "confirmed": True},
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Demo geladen: Deventer, Olst-Wijhe en Raalte met hun zaaktypecatalogus "
                f"({geladen.zaken} nieuwe zaken, {geladen.documenten} documenten, "
                f"{geladen.besluiten} besluiten; {geladen.archiefzaken} oude zaken in het archief "
                "om te vernietigen of over te brengen)."
            )
        )
        # Addresses, accounts and the API secret: `iwerk demo_gereed`, the last block of `make demo`.
        self.stdout.write(
            f"  {medewerkers} nieuwe demo-medewerkers. Adressen, accounts en het API-geheim: "
            "`iwerk demo_gereed` (het laatste blok van `make demo`)."
        )


def _existing_secret(client_id: str) -> str | None:
    return JWTSecret.objects.filter(client_id=client_id).values_list("secret", flat=True).first()
