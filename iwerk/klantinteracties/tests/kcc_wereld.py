"""The small world of the contact centre's search tests (test_kcc_zoeken*.py): partijen,
zaken and staff of Deventer and Raalte, the KCC purpose, and helpers to ask and to fail."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from iwerk.basisregistraties.models import Bereik, Doelbinding, Register
from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import medewerker
from iwerk.klantinteracties.models import (
    DigitaalAdres,
    Partij,
    PartijIdentificator,
)
from iwerk.klantinteracties.normaliseren import zoekwaarde
from iwerk.klantinteracties.selectors.kcc import (
    KCC_DOELBINDING,
    Zoekfout,
    Zoekresultaat,
    Zoekvraag,
    zoeken,
)
from iwerk.medewerkers.actor import Werkplekcontext, context_for
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Zaak

JAN_BSN = "111222333"  # a partij of Deventer
ZAAK_BSN = "111222345"  # only the initiator of a zaak
GEHEIM_BSN = "111222357"  # only the initiator of a geheim zaak
ONBEKEND_BSN = "111222369"  # nowhere, not in the BRP either
RAALTE_BSN = "111222308"  # a partij of Raalte
SUZANNE_BSN = "999990007"  # the BRP double's Suzanne Moulin, Brink 12, 7411 BS Deventer
BEDRIJF_KVK = "12345678"
ZAAK_KVK = "23456789"  # only a vestiging that initiated a zaak


@dataclass
class Wereld:
    deventer: Gemeente
    raalte: Gemeente
    context: Werkplekcontext
    zaaktype: ZaakType
    jan: Partij
    bedrijf: Partij
    vestiging: Partij
    zaak: Zaak  # of ZAAK_BSN, zaakvertrouwelijk
    geheim: Zaak  # of GEHEIM_BSN


def partij(gemeente: Gemeente, soort: str = "persoon", nummer: tuple[str, str] = ("", ""), **v):
    p = Partij.objects.create(tenant=gemeente, soort_partij=soort, **v)
    if nummer[1]:
        PartijIdentificator.objects.create(
            tenant=gemeente,
            identificeerde_partij=p,
            code_objecttype="natuurlijk_persoon"
            if nummer[0] == "bsn"
            else "niet_natuurlijk_persoon",
            code_soort_object_id=nummer[0],
            object_id=nummer[1],
            code_register="brp" if nummer[0] == "bsn" else "hr",
        )
    return p


def digitaal(p: Partij, soort: str, adres: str) -> DigitaalAdres:
    return DigitaalAdres.objects.create(
        tenant=p.tenant,
        verstrekt_door_partij=p,
        adres=adres,
        soort_digitaal_adres=soort,
        zoekwaarde=zoekwaarde(soort, adres),
    )


def kcc_doelbindingen(gemeente: Gemeente) -> None:
    """The contact centre's purposes as the demo gives them (ADR 0054)."""
    for register, velden, bereik in (
        (Register.brp, ["naam", "geboorte", "adres"], Bereik.eigen_gemeente),
        (Register.kvk, ["naam", "adres"], Bereik.nederland),
    ):
        Doelbinding.objects.create(
            gemeente=gemeente,
            zaaktype_identificatie=KCC_DOELBINDING,
            register=register,
            velden=velden,
            doelbinding="BRPACT-Klantcontact",
            verwerking="Klantcontact afhandelen (KCC)",
            bereik=bereik,
        )


def kcc_context(gemeente: Gemeente, username: str = "fhendriks", **kwargs) -> Werkplekcontext:
    user = medewerker(gemeente, username, kwargs.pop("rol", Rol.kcc_medewerker), **kwargs)
    context = context_for(user, gemeente.pk)
    assert context is not None
    return context


@pytest.fixture(name="wereld")
def kcc_wereld(gemeenten, werkplek_settings) -> Wereld:
    """Deventer (gemeentecode 0150, the contact centre's purposes) with a KCC medewerker up to
    zaakvertrouwelijk, Jan Jansen (BSN, address, e-mail, mobile), a company with a vestiging,
    a zaak of someone the register does not know and a geheim one; Raalte with a partij."""
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    Gemeente.objects.filter(pk=deventer.pk).update(gemeentecode="0150")
    deventer.refresh_from_db()
    kcc_doelbindingen(deventer)
    zaaktype = build.gepubliceerd_zaaktype(
        build.catalogus(deventer), "KAP", omschrijving="Kapvergunning"
    )
    jan = partij(
        deventer,
        nummer=("bsn", JAN_BSN),
        contactnaam_voornaam="Jan",
        contactnaam_achternaam="Jansen",
        bezoekadres_straatnaam="Keizerstraat",
        bezoekadres_huisnummer=12,
        bezoekadres_postcode="7411 HH",
        bezoekadres_stad="Deventer",
    )
    digitaal(jan, "email", "Jan.Jansen@Example.nl")
    digitaal(jan, "telefoonnummer", "+31 6 1234 5678")
    bedrijf = partij(deventer, "organisatie", ("kvk_nummer", BEDRIJF_KVK), naam="Bakkerij Brood")
    vestiging_ = partij(deventer, "organisatie", naam="Bakkerij Brood, filiaal Colmschate")
    PartijIdentificator.objects.create(
        tenant=deventer,
        identificeerde_partij=vestiging_,
        code_objecttype="vestiging",
        code_soort_object_id="vestigingsnummer",
        object_id="000012345678",
        code_register="hr",
        sub_identificator_van=bedrijf.identificatoren.get(),
    )
    raalte_partij = partij(raalte, nummer=("bsn", RAALTE_BSN), contactnaam_achternaam="Raalter")
    digitaal(raalte_partij, "telefoonnummer", "0612340000")
    digitaal(raalte_partij, "email", "raalter@example.nl")
    zaak = bouw.zaak(
        zaaktype,
        initiator=bouw.aanvrager(
            bsn_nummer=ZAAK_BSN, voornamen="Piet", geslachtsnaam="Zaakman", straat="Welle"
        ),
    )
    geheim = bouw.zaak(
        zaaktype,
        vertrouwelijkheid="geheim",
        initiator=bouw.aanvrager(bsn_nummer=GEHEIM_BSN, geslachtsnaam="Geheim"),
    )
    return Wereld(
        deventer,
        raalte,
        kcc_context(deventer),
        zaaktype,
        jan,
        bedrijf,
        vestiging_,
        zaak,
        geheim,
    )


def een(resultaat: Zoekresultaat):
    (treffer,) = resultaat.treffers
    return treffer


def fout(context, **vraag) -> Zoekfout:
    with pytest.raises(Zoekfout) as gevangen:
        zoeken(context, Zoekvraag(**vraag))
    return gevangen.value
