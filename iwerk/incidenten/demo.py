"""Demo incidents: a running datalek, a closed phishing attempt, a reported misdirected letter."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from iwerk.core.models import Gemeente
from iwerk.incidenten import services
from iwerk.incidenten.models import Incident


def load_incidenten(gemeenten: list[Gemeente]) -> int:
    """Idempotent: only when the register is still empty."""
    if Incident.objects.exists():
        return 0
    users = get_user_model().objects
    fg, ciso, melder = (
        users.get(username="fg"),
        users.get(username="ciso"),
        users.get(username="kvisser"),
    )
    per_slug = {g.slug: g for g in gemeenten}
    nu = timezone.now()

    laptop = services.melden(
        user=melder,
        gemeente=per_slug["olst-wijhe"],
        gegevens={
            "titel": "Laptop met cliëntgegevens verloren in de trein",
            "categorie": "verlies_apparaat",
            "beschrijving": "Werklaptop van een Wmo-consulent; bevat een export met namen, BSN's en indicaties.",
            "ontdekt_op": nu - timedelta(hours=20),
            "persoonsgegevens": True,
            "getroffen_systemen": ["Laptop medewerker", "Zaaksysteem (export)"],
        },
    )
    services.beoordelen(
        user=fg, incident=laptop, datalek=True, reden="Onversleutelde export met BSN en zorggegevens.",
        gemeenten=[per_slug["olst-wijhe"], per_slug["raalte"]],
    )  # fmt: skip

    phishing = services.melden(
        user=ciso,
        gemeente=per_slug["deventer"],
        gegevens={
            "titel": "Phishingmail over 'nieuwe salarisstrook'",
            "categorie": "phishing",
            "ontdekt_op": nu - timedelta(days=12),
            "getroffen_systemen": ["E-mail"],
        },
    )
    services.beoordelen(
        user=ciso, incident=phishing, datalek=False, reden="Niemand heeft gegevens ingevuld.",
        gemeenten=[per_slug["deventer"]],
    )  # fmt: skip
    services.afsluiten(
        user=ciso, incident=phishing, afhandeling="Afzender geblokkeerd, mail uit alle postbussen verwijderd.",
        lessen="Bewustwordingsbericht aan alle medewerkers.",
    )  # fmt: skip

    brief = services.melden(
        user=fg,
        gemeente=per_slug["raalte"],
        gegevens={
            "titel": "Beschikking naar verkeerd adres gestuurd",
            "categorie": "verkeerd_verstuurd",
            "ontdekt_op": nu - timedelta(hours=50),
            "persoonsgegevens": True,
        },
    )
    services.beoordelen(
        user=fg, incident=brief, datalek=True, reden="Naam, adres en inkomensgegevens bij een derde.",
        gemeenten=[per_slug["raalte"]],
    )  # fmt: skip
    services.risico_vastleggen(
        user=fg, incident=brief, risico="risico", onderbouwing="Eén ontvanger, brief teruggekregen."
    )
    services.ap_besluiten(
        user=fg,
        incident=brief,
        gemeente=per_slug["raalte"],
        melden=True,
        reden="Financiële gegevens.",
    )
    services.ap_gemeld(
        user=fg, incident=brief, gemeente=per_slug["raalte"], meldnummer="AP-DEMO-0001",
        gemeld_op=brief.ontdekt_op + timedelta(hours=30),
    )  # fmt: skip
    return 3
