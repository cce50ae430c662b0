"""The werkplek's small world: a few zaken and the staff who handle them, built per test."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import demo_medewerker
from iwerk.zaken.models import Zaak

STAF = ("jdevries", "mbakker", "pjansen", "syilmaz", "rmeijer", "fg", "ciso", "manager")
# (voornamen, geslachtsnaam, straat, huisnummer, days since the start, behandelaar)
AANVRAGEN = (
    ("Anna", "Jansen", "Brink", 12, 70, "jdevries"),
    ("Bram", "de Boer", "Walstraat", 3, 52, "jdevries"),
    ("Chantal", "Peters", "Kerksteeg", 8, 40, "mbakker"),
    ("Daan", "Hendriks", "Lange Bisschopstraat", 21, 30, "syilmaz"),
    ("Eline", "Vos", "Brinkgreverweg", 5, 20, None),
    ("Farid", "Ouali", "Korte Assenstraat", 2, 10, None),
    ("Gerda", "Smits", "Pothoofd", 44, 5, None),
    ("Hugo", "Maas", "Welle", 9, 1, None),
)


@dataclass
class Werkvoorraad:
    gemeenten: dict[str, Gemeente]
    zaaktype: ZaakType
    zaken: list[Zaak] = field(default_factory=list)
    afgerond: Zaak | None = None
    raalte: Zaak | None = None


@pytest.fixture
def werkvoorraad(gemeenten, werkplek_settings) -> Werkvoorraad:
    """Deventer, small: the demo's team Vergunningen (jdevries, mbakker, teamleider pjansen), a
        behandelaar of Burgerzaken (syilmaz), FG, CISO and management; eight open zaken of one zaaktype
        (servicenorm 4 weeks, termijn 8 weeks), each with an aanvrager, started 1 to 70 days ago so that
        every deadline state occurs, four assigned, one opgeschort, the first with a document; one
    closed zaak (`afgerond`); Raalte: rmeijer and one zaak."""
    users = {username: demo_medewerker(gemeenten, username) for username in STAF}
    deventer = gemeenten["deventer"]
    zaaktype = build.gepubliceerd_zaaktype(
        build.catalogus(deventer),
        "KAP",
        omschrijving="Kapvergunning",
        besluittypen=("Vergunning",),
        servicenorm="P4W",
        opschorting_en_aanhouding_mogelijk=True,
        verlenging_mogelijk=True,
        verlengingstermijn="P4W",
    )
    today = timezone.localdate()
    world = Werkvoorraad(gemeenten, zaaktype)
    for voornamen, achternaam, straat, nummer, dagen, behandelaar in AANVRAGEN:
        world.zaken.append(
            bouw.zaak(
                zaaktype,
                omschrijving=f"Kapvergunning {straat} {nummer} — {achternaam}",
                startdatum=today - timedelta(days=dagen),
                initiator=bouw.aanvrager(
                    voornamen=voornamen, geslachtsnaam=achternaam, straat=straat, huisnummer=nummer
                ),
                behandelaar=users[behandelaar] if behandelaar else None,
            )
        )
    # Opgeschort for ten days (a row change: the werkvoorraad reads the columns).
    Zaak.objects.filter(pk=world.zaken[5].pk).update(
        opschorting_indicatie=True, opgeschort_sinds=today - timedelta(days=10)
    )
    bouw.status(world.zaken[1], "In behandeling")
    bouw.status(world.zaken[2], "In behandeling")
    bouw.zaakdocument(world.zaken[0], titel="Aanvraagformulier")
    world.afgerond = bouw.afsluiten(
        bouw.zaak(
            zaaktype,
            omschrijving="Kapvergunning Singel 1",
            startdatum=today - timedelta(days=90),
            behandelaar=users["jdevries"],
        )
    )
    raalte = build.gepubliceerd_zaaktype(build.catalogus(gemeenten["raalte"]), "KAP")
    world.raalte = bouw.zaak(
        raalte, initiator=bouw.aanvrager(woonplaats="Raalte"), behandelaar=users["rmeijer"]
    )
    for zaak in world.zaken:
        zaak.refresh_from_db()
    return world


@dataclass
class Basiswereld:
    """Deventer and Raalte with purposes for the basisregistraties (see `basiswereld`)."""

    gemeenten: dict[str, Gemeente]
    wmo: ZaakType
    evenement: ZaakType
    parkeren: ZaakType
    kap: ZaakType
    mor_raalte: ZaakType


@pytest.fixture
def basiswereld(gemeenten, werkplek_settings, registerdubbels) -> Basiswereld:
    """The demo's gemeenten with their gemeentecodes and test doubles of the BRP, BAG and KvK;
    ewillems (Wmo, Deventer), rmeijer (Raalte) and the FG. Purposes as the demo loads them:
    Deventer's WMO-MAATWERK (BRP naam, geboorte, adres, gezag; own residents), EVENEMENT (KvK naam,
    adres, rechtsvorm), PARKEERVERGUNNING (BRP adres; anyone in Nederland) and KAP without any;
    Raalte's MOR (BRP naam, adres; own residents)."""
    from iwerk.basisregistraties.models import Bereik, Doelbinding

    for slug, code in (("deventer", "0150"), ("olst-wijhe", "0175"), ("raalte", "0177")):
        Gemeente.objects.filter(pk=gemeenten[slug].pk).update(gemeentecode=code)
        gemeenten[slug].refresh_from_db()
    for username in ("ewillems", "rmeijer", "fg"):
        demo_medewerker(gemeenten, username)
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    catalogus = build.catalogus(deventer)

    def zaaktype(identificatie: str, omschrijving: str) -> ZaakType:
        return build.gepubliceerd_zaaktype(catalogus, identificatie, omschrijving=omschrijving)

    wereld = Basiswereld(
        gemeenten=gemeenten,
        wmo=zaaktype("WMO-MAATWERK", "Wmo maatwerkvoorziening"),
        evenement=zaaktype("EVENEMENT", "Evenementenvergunning"),
        parkeren=zaaktype("PARKEERVERGUNNING", "Parkeervergunning"),
        kap=zaaktype("KAP", "Kapvergunning"),
        mor_raalte=build.gepubliceerd_zaaktype(
            build.catalogus(raalte), "MOR", omschrijving="Melding openbare ruimte"
        ),
    )
    for gemeente, identificatie, register, velden, bereik in (
        (deventer, "WMO-MAATWERK", "brp", ["naam", "geboorte", "adres", "gezag"], "eigen_gemeente"),
        (deventer, "EVENEMENT", "kvk", ["naam", "adres", "rechtsvorm"], "eigen_gemeente"),
        (deventer, "PARKEERVERGUNNING", "brp", ["adres"], Bereik.nederland),
        (raalte, "MOR", "brp", ["naam", "adres"], "eigen_gemeente"),
    ):
        Doelbinding.objects.create(
            gemeente=gemeente,
            zaaktype_identificatie=identificatie,
            register=register,
            velden=velden,
            doelbinding=f"BRPACT-{identificatie}",
            verwerking=f"{identificatie} behandelen",
            bereik=bereik,
        )
    return wereld
