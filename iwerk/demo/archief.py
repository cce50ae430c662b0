"""The demo's archive: per gemeente zaken closed years ago whose archiefactiedatum has come —
to destroy and to transfer — and how archiefbeheer is arranged (settings, process owners).

The zaken are written in bulk like the rest of the demo case load (`iwerk.zaken.demo`) and get
their documents and besluiten from the same dossier loader (`iwerk.besluiten.demo`), so they obey
the same rules; the records manager and the archivaris of each gemeente are demo accounts
(`iwerk.medewerkers.demo`).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from iwerk.archief.models import Archiefinstelling, Procesverantwoordelijke
from iwerk.catalogi.models import ZaakType
from iwerk.core import durations
from iwerk.core.models import Gemeente
from iwerk.core.validators import is_valid_rsin
from iwerk.referentielijsten.selectors import communicatiekanaal_url
from iwerk.zaken.demo import ACHTERNAMEN, AMSTERDAM, KANALEN, MEDEWERKERS, VOORNAMEN
from iwerk.zaken.models import Resultaat, Rol, Status, Zaak, ZaakIdentificatieReeks
from iwerk.zaken.services import zoektekst
from iwerk.zaken.services.rol import refresh_behandelaar
from iwerk.zaken.services.status import refresh_huidige_status

# Per gemeente the same dossiers, dated back from the load date, so every archive figure is the
# same on any load date: (zaaktype, resultaattype, archiefnominatie, days from the load date to
# the archiefactiedatum). The resultaattypen to destroy keep five years; those kept forever are
# hotspots the archivaris marked against the selectielijst.
ARCHIEF = (
    ("MOR", "Opgelost", "vernietigen", -40),
    ("MOR", "Niet opgelost", "vernietigen", -200),
    ("MOR", "Opgelost", "vernietigen", -520),  # more than a year overdue
    ("MOR", "Opgelost", "vernietigen", 45),  # due within 90 days
    ("PARKEERVERGUNNING", "Geweigerd", "vernietigen", -75),
    ("PARKEERVERGUNNING", "Geweigerd", "vernietigen", -610),
    ("EVENEMENT", "Geweigerd", "vernietigen", -130),
    ("WOO-VERZOEK", "Openbaar gemaakt", "vernietigen", -20),
    ("EVENEMENT", "Verleend", "blijvend_bewaren", -30),
    ("EVENEMENT", "Verleend", "blijvend_bewaren", -160),
    ("WOO-VERZOEK", "Openbaar gemaakt", "blijvend_bewaren", -90),
    ("WOO-VERZOEK", "Openbaar gemaakt", "blijvend_bewaren", 60),
)
# Every archive zaak's toelichting starts with it: how a second load knows they are there.
ARCHIEF_TOELICHTING = "Overgenomen uit het vorige zaaksysteem."
HOTSPOT = (
    " Blijvend te bewaren (hotspot, afwijking van de selectielijst): van bijzondere betekenis "
    "voor de gemeente."
)
# Kept permanently: transferred to the archive repository twenty years after closing (Archiefwet
# 1995, art. 12), so the archiefactiedatum of such a zaak is that day.
OVERBRENGINGSTERMIJN = "P20Y"

# Who reviews first: the teamleider of each gemeente for its zaaktypen, the FG for datalekken.
PROCESVERANTWOORDELIJKEN = {"deventer": "pjansen", "olst-wijhe": "wdijkstra", "raalte": "lsmit"}
DATALEKKEN = ("DATALEK", "fg")
# Olst-Wijhe, the smallest, lets its archivaris review alone (no process owners' step).
KORTE_PROCEDURE = {"olst-wijhe"}


def _bsn(rng: random.Random) -> str:
    while True:
        candidate = f"9{rng.randint(0, 99_999_999):08d}"
        if is_valid_rsin(candidate):  # the elfproef of a BSN
            return candidate


def _plannen(gemeente: Gemeente, today: date) -> list[tuple]:
    zaaktypen = {
        zt.identificatie: zt
        for zt in ZaakType.objects.filter(tenant=gemeente, concept=False)
        .order_by("pk")
        .prefetch_related("statustypen", "resultaattypen", "roltypen")
    }
    plannen = []
    for identificatie, resultaat, nominatie, dagen in ARCHIEF:
        zaaktype = zaaktypen.get(identificatie)
        resultaattypen = zaaktype.resultaattypen.all() if zaaktype else []
        resultaattype = next((r for r in resultaattypen if r.omschrijving == resultaat), None)
        if zaaktype is None or resultaattype is None:  # not in this catalogue: left out
            continue
        actiedatum = today + timedelta(days=dagen)
        termijn = (
            resultaattype.archiefactietermijn
            if nominatie == "vernietigen"
            else OVERBRENGINGSTERMIJN
        )
        einddatum = actiedatum - durations.parse(termijn)
        plannen.append((zaaktype, resultaattype, nominatie, einddatum, actiedatum))
    return plannen


@transaction.atomic
def load_archiefzaken(
    gemeente: Gemeente,
    *,
    today: date | None = None,
    seed: int = 2026,
    medewerkers: list[tuple[str, str, str]] | None = None,
) -> int:
    """Create the gemeente's ARCHIEF zaken, closed with their resultaat, statussen, initiator and
    behandelaar and their archive fields set; load them before the dossiers, which give them
    documents and besluiten. Idempotent per gemeente; returns how many were made."""
    if Zaak.objects.filter(tenant=gemeente, toelichting__startswith=ARCHIEF_TOELICHTING).exists():
        return 0
    rng = random.Random(f"{seed}-{gemeente.slug}-archief")  # its own draws: the rest stays
    today = today or timezone.localdate()
    reeksen: dict[int, ZaakIdentificatieReeks] = {}
    zaken, aanvragers = [], []
    for zaaktype, resultaattype, nominatie, einddatum, actiedatum in _plannen(gemeente, today):
        start = einddatum - timedelta(days=rng.randint(10, 40))
        if start.year not in reeksen:  # numbered on from the register's own counter
            reeksen[start.year] = ZaakIdentificatieReeks.objects.get_or_create(
                bronorganisatie=gemeente.rsin, jaar=start.year
            )[0]
        reeks = reeksen[start.year]
        reeks.laatste += 1
        aanvrager = rng.choice(ACHTERNAMEN)
        zaken.append(
            Zaak(
                tenant=gemeente,
                zaaktype=zaaktype,
                identificatie=f"ZAAK-{start.year}-{reeks.laatste:010d}",
                bronorganisatie=gemeente.rsin,
                verantwoordelijke_organisatie=gemeente.rsin,
                omschrijving=f"{zaaktype.omschrijving} — {aanvrager}",
                toelichting=ARCHIEF_TOELICHTING + (HOTSPOT if nominatie != "vernietigen" else ""),
                registratiedatum=start,
                startdatum=start,
                einddatum=einddatum,
                uiterlijke_einddatum_afdoening=durations.add(start, zaaktype.doorlooptijd),
                vertrouwelijkheidaanduiding=zaaktype.vertrouwelijkheidaanduiding,
                communicatiekanaal=communicatiekanaal_url(rng.choice(KANALEN)),
                selectielijstklasse=resultaattype.selectielijstklasse,
                archiefnominatie=nominatie,
                archiefactiedatum=actiedatum,
                startdatum_bewaartermijn=einddatum,
            )
        )
        aanvragers.append((aanvrager, resultaattype))
    for reeks in reeksen.values():
        reeks.save(update_fields=["laatste"])
    Zaak.objects.bulk_create(zaken)
    zaken = list(  # with primary keys on every database
        Zaak.objects.filter(tenant=gemeente, identificatie__in=[z.identificatie for z in zaken])
        .select_related("zaaktype")
        .order_by("pk")
    )
    statussen, resultaten, rollen = [], [], []
    for zaak, (aanvrager, resultaattype) in zip(zaken, aanvragers, strict=True):
        statussen += _statussen(zaak, rng)
        resultaten.append(Resultaat(tenant=gemeente, zaak=zaak, resultaattype=resultaattype))
        rollen += _rollen(zaak, aanvrager, rng, medewerkers or MEDEWERKERS)
    Status.objects.bulk_create(statussen)
    Resultaat.objects.bulk_create(resultaten)
    Rol.objects.bulk_create(rollen)
    ids = [z.pk for z in zaken]
    refresh_behandelaar(ids)
    refresh_huidige_status(ids)
    zoektekst.reindex(ids)
    return len(zaken)


def _statussen(zaak: Zaak, rng: random.Random) -> list[Status]:
    """Every statustype in order, from the startdatum to the einddatum (the last closes it)."""
    assert zaak.einddatum is not None
    statustypen = sorted(zaak.zaaktype.statustypen.all(), key=lambda s: s.volgnummer)
    stappen = max(len(statustypen) - 1, 1)
    uit = []
    for volgorde, statustype in enumerate(statustypen):
        dag = zaak.startdatum + (zaak.einddatum - zaak.startdatum) * volgorde / stappen
        moment = datetime.combine(dag, time(9 + volgorde, rng.randint(0, 59)), AMSTERDAM)
        uit.append(
            Status(tenant=zaak.tenant, zaak=zaak, statustype=statustype, datum_status_gezet=moment)
        )
    return uit


def _rollen(
    zaak: Zaak, aanvrager: str, rng: random.Random, medewerkers: list[tuple[str, str, str]]
) -> list[Rol]:
    """The initiator its omschrijving names, and who handled it."""
    roltypen = {r.omschrijving_generiek: r for r in zaak.zaaktype.roltypen.all()}
    bsn = _bsn(rng)
    rollen = [
        Rol(
            tenant=zaak.tenant,
            zaak=zaak,
            roltype=roltypen["initiator"],
            betrokkene_type="natuurlijk_persoon",
            roltoelichting="Aanvrager",
            bsn=bsn,
            betrokkene_identificatie={
                "inpBsn": bsn,
                "geslachtsnaam": aanvrager,
                "voornamen": rng.choice(VOORNAMEN),
                "voorletters": "",
            },
        )
    ]
    if "behandelaar" in roltypen:
        medewerker, voorletters, achternaam = rng.choice(medewerkers)
        rollen.append(
            Rol(
                tenant=zaak.tenant,
                zaak=zaak,
                roltype=roltypen["behandelaar"],
                betrokkene_type="medewerker",
                roltoelichting="Behandelaar",
                medewerker_identificatie=medewerker,
                betrokkene_identificatie={
                    "identificatie": medewerker,
                    "achternaam": achternaam,
                    "voorletters": voorletters,
                    "voorvoegselAchternaam": "",
                },
            )
        )
    return rollen


def load_archiefbeheer(gemeenten: list[Gemeente]) -> None:
    """Each gemeente's Archiefinstelling and the process owners of its zaaktypen (load after the
    demo accounts); idempotent."""
    gebruikers = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=[*PROCESVERANTWOORDELIJKEN.values(), DATALEKKEN[1]]
        )
    }
    for gemeente in gemeenten:
        Archiefinstelling.objects.get_or_create(
            gemeente=gemeente, defaults={"korte_procedure": gemeente.slug in KORTE_PROCEDURE}
        )
        eigenaar = gebruikers.get(PROCESVERANTWOORDELIJKEN.get(gemeente.slug, ""))
        identificaties = (
            ZaakType.objects.filter(tenant=gemeente, concept=False)
            .values_list("identificatie", flat=True)
            .distinct()
        )
        for identificatie in identificaties:
            naam = DATALEKKEN[1] if identificatie == DATALEKKEN[0] else None
            gebruiker = gebruikers.get(naam) if naam else eigenaar
            if gebruiker is not None:
                Procesverantwoordelijke.objects.get_or_create(
                    gemeente=gemeente, zaaktype_identificatie=identificatie, gebruiker=gebruiker
                )
