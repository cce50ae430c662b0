"""Demo cost register: the figures the gemeenten published, plus clearly marked example items.

Published (raadsinformatie i-werkorganisatie): one-off 2016–2018 to keep the information
services running — Deventer €1,2 mln, Olst-Wijhe €0,2 mln, Raalte €0,5 mln; to respond to new
developments through 2018 — Deventer €0,6 mln, Olst-Wijhe €0,2 mln, Raalte €0,3 mln; and the
original savings target of €1 mln per year. Everything else here is example data ("voorbeeld").
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db.models import Model
from django.utils import timezone

from iwerk.core.models import Gemeente
from iwerk.sturing.models import (
    Besparingsdoel,
    Investering,
    Investeringssoort,
    Kostenbedrag,
    Kostenpost,
    Sleutelwaarde,
    Verdeelgegevens,
    Verdeelsleutel,
)

BRON = "Gepubliceerd door de gemeenten (i-werkorganisatie, eenmalige investeringen 2016–2018)"
INVESTERINGEN = {
    # slug: (continuïteit, nieuwe ontwikkelingen), in euro
    "deventer": (1_200_000, 600_000),
    "olst-wijhe": (200_000, 200_000),
    "raalte": (500_000, 300_000),
}
BESPARINGSDOEL = 1_000_000
# Example figures per gemeente (approximate inhabitants; users of the shared workplace).
GRONDSLAGEN = {"deventer": (101_500, 1_150), "olst-wijhe": (18_600, 190), "raalte": (38_900, 420)}
VOORBEELD = "Voorbeeldbedrag (demo)"
# naam, sleutel, basissleutel, applicatie, begroot vorig jaar, gerealiseerd vorig jaar, begroot
POSTEN = (
    (
        "Werkplekken en kantoorautomatisering",
        "gebruikers",
        "",
        None,
        1_480_000,
        1_532_400,
        1_520_000,
    ),
    ("Netwerk, datacenter en hosting", "inwoners", "", None, 910_000, 884_250, 930_000),
    ("Zaaksysteem iwerk: beheer en hosting", "zaken", "", "iwerk", 240_000, 251_900, 260_000),
    ("Formatie i-werkorganisatie (basistaken)", "vast", "", None, 4_150_000, 4_203_000, 4_300_000),
    ("Suite4Sociaal Domein", "gebruik", "", "Suite4Sociaal Domein", 134_000, 134_000, 138_000),
    ("Informatiebeveiliging en privacy", "basis_plus", "inwoners", None, 420_000, 446_800, 450_000),
)
VASTE_PERCENTAGES = {
    "deventer": Decimal("60.00"),
    "olst-wijhe": Decimal("13.30"),
    "raalte": Decimal("26.70"),
}
LICENTIES = {"deventer": 140, "olst-wijhe": 0, "raalte": 55}  # Suite4Sociaal Domein users
EXTRA_BEVEILIGING = {"deventer": Decimal("48000.00")}  # Deventer's own 24/7 SOC monitoring


def load_kosten(applicatie_op_naam: Callable[[str], Model | None] = lambda naam: None) -> None:
    """Idempotent: creates what is missing, changes nothing that is there.

    A cost item may name an application of the portfolio; the portfolio sits above this app
    (docs/architecture.md), so the caller looks it up by name (``portfolio.demo.applicatie_op_naam``;
    without it the items name none).
    """
    gemeenten = {g.slug: g for g in Gemeente.objects.all()}
    for slug, (continuiteit, ontwikkeling) in INVESTERINGEN.items():
        if slug not in gemeenten:
            continue
        for soort, bedrag, omschrijving in (
            (Investeringssoort.continuiteit, continuiteit, "Informatievoorziening op peil houden"),
            (Investeringssoort.ontwikkeling, ontwikkeling, "Inspelen op nieuwe ontwikkelingen"),
        ):
            Investering.objects.get_or_create(
                gemeente=gemeenten[slug],
                soort=soort,
                van_jaar=2016,
                tot_en_met_jaar=2018,
                defaults={"omschrijving": omschrijving, "begroot": Decimal(bedrag), "bron": BRON},
            )
    for jaar in (2016, 2017, 2018):
        Besparingsdoel.objects.get_or_create(
            jaar=jaar,
            defaults={
                "doel": Decimal(BESPARINGSDOEL),
                "toelichting": "Oorspronkelijke taakstelling van de i-werkorganisatie; "
                "bleek niet haalbaar naast het wegwerken van de achterstand.",
            },
        )
    jaar = timezone.localdate().year
    for j in (jaar - 1, jaar):
        for slug, (inwoners, gebruikers) in GRONDSLAGEN.items():
            if slug in gemeenten:
                groei = 0 if j == jaar else -1
                Verdeelgegevens.objects.get_or_create(
                    gemeente=gemeenten[slug],
                    jaar=j,
                    defaults={
                        "inwoners": inwoners + groei * inwoners // 200,
                        "gebruikers": gebruikers + groei * 10,
                    },
                )
    for naam, sleutel, basis, applicatie, vorig_b, vorig_r, begroot in POSTEN:
        post, _ = Kostenpost.objects.get_or_create(
            naam=naam,
            defaults={
                "verdeelsleutel": sleutel,
                "basissleutel": basis,
                "omschrijving": VOORBEELD,
                "applicatie": applicatie_op_naam(applicatie) if applicatie else None,
            },
        )
        Kostenbedrag.objects.get_or_create(
            post=post,
            jaar=jaar - 1,
            defaults={"begroot": Decimal(vorig_b), "gerealiseerd": Decimal(vorig_r)},
        )
        Kostenbedrag.objects.get_or_create(
            post=post, jaar=jaar, defaults={"begroot": Decimal(begroot)}
        )
        waarden = {
            Verdeelsleutel.vast: VASTE_PERCENTAGES,
            Verdeelsleutel.gebruik: LICENTIES,
            Verdeelsleutel.basis_plus: EXTRA_BEVEILIGING,
        }.get(sleutel, {})
        for j in (jaar - 1, jaar):
            for slug, waarde in waarden.items():
                if slug in gemeenten:
                    Sleutelwaarde.objects.get_or_create(
                        post=post,
                        gemeente=gemeenten[slug],
                        jaar=j,
                        defaults={"waarde": Decimal(waarde)},
                    )
