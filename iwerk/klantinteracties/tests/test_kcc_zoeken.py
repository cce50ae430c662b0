"""The contact centre's search (selectors.kcc): every kind finds the caller in the register, in
the zaken the staff member may see, or in the BRP / Handelsregister (the test doubles, over HTTP),
refuses what is not a BSN, phone number, e-mail address or postcode in Dutch, says so when it
finds nobody, and never reaches into another gemeente or above the staff member's
vertrouwelijkheid. The phone / e-mail normaliser behind `DigitaalAdres.zoekwaarde` is here too."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from iwerk.basisregistraties.models import Bereik, Doelbinding, Register
from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente, Inzage
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.core.testing.medewerkers import medewerker
from iwerk.klantinteracties.models import (
    Betrokkene,
    DigitaalAdres,
    Klantcontact,
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
from iwerk.zaken.services.aanvraag import Initiator, vestiging

pytestmark = pytest.mark.django_db

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


@pytest.fixture
def wereld(gemeenten, werkplek_settings) -> Wereld:
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


# --- BSN --------------------------------------------------------------------------------------


def test_a_bsn_of_the_register_finds_its_partij_without_asking_the_brp(wereld, registerdubbels):
    treffer = een(zoeken(wereld.context, Zoekvraag("bsn", f" {JAN_BSN[:3]} {JAN_BSN[3:]} ")))

    assert (treffer.naam, treffer.bsn, treffer.partij_uuid) == (
        "Jan Jansen",
        JAN_BSN,
        wereld.jan.uuid,
    )
    assert (treffer.soort, treffer.bron) == ("persoon", "klantregister")
    assert treffer.adres == "Keizerstraat 12, 7411 HH Deventer"
    assert registerdubbels.verzoeken("brp") == []


def test_a_bsn_only_a_visible_zaak_knows_is_named_as_the_rol_names_it(wereld, registerdubbels):
    treffer = een(zoeken(wereld.context, Zoekvraag("bsn", ZAAK_BSN)))

    assert (treffer.naam, treffer.bsn, treffer.bron) == ("Piet Zaakman", ZAAK_BSN, "zaak")
    assert treffer.partij_uuid is None
    assert treffer.adres.startswith("Welle 12, 7411 BS")
    assert registerdubbels.verzoeken("brp") == []


def test_a_bsn_iwerk_does_not_know_is_asked_of_the_brp_under_the_kcc_purpose(
    wereld, registerdubbels
):
    treffer = een(zoeken(wereld.context, Zoekvraag("bsn", SUZANNE_BSN)))

    assert (treffer.naam, treffer.bron, treffer.partij_uuid) == ("Suzanne Moulin", "BRP", None)
    assert treffer.adres == "Brink 12, 7411 BS Deventer"
    assert treffer.geboortedatum == date(1985, 3, 14)
    (verzoek,) = registerdubbels.verzoeken("brp")
    assert verzoek.headers["x-doelbinding"] == "BRPACT-Klantcontact"
    assert verzoek.headers["x-gebruiker"] == "fhendriks"
    rij = Inzage.objects.get()
    assert (rij.bsn, rij.kanaal) == (SUZANNE_BSN, "werkplek")


def test_a_bsn_nobody_knows_is_a_clear_dutch_not_found(wereld, registerdubbels):
    fout_ = fout(wereld.context, soort="bsn", waarde=ONBEKEND_BSN)

    # The KCC's purpose covers Deventer's residents: the BRP looked among them only.
    assert fout_.bericht == (
        "Geen klant gevonden met dit BSN. Geen persoon gevonden met dit BSN in Deventer. Het "
        "doel van het KCC staat alleen bevragingen van inwoners van Deventer toe."
    )
    assert fout_.veld == ""
    assert len(registerdubbels.verzoeken("brp")) == 1


@pytest.mark.parametrize(
    ("waarde", "bericht"),
    [
        ("", "Vul een BSN in."),
        ("12345678", "Een BSN bestaat uit 9 cijfers."),
        ("12345678a", "Een BSN bestaat uit 9 cijfers."),
        ("123456789", "Dit BSN voldoet niet aan de elfproef; controleer het nummer."),
    ],
)
def test_what_is_not_a_bsn_is_refused_on_its_field(wereld, registerdubbels, waarde, bericht):
    fout_ = fout(wereld.context, soort="bsn", waarde=waarde)

    assert (fout_.bericht, fout_.veld) == (bericht, "waarde")
    assert registerdubbels.verzoeken("brp") == []


def test_a_bsn_only_a_geheim_zaak_knows_is_not_found_through_it(wereld, registerdubbels):
    fout_ = fout(wereld.context, soort="bsn", waarde=GEHEIM_BSN)

    assert fout_.bericht.startswith("Geen klant gevonden met dit BSN. Geen persoon gevonden")


def test_a_partij_of_another_gemeente_is_never_found(wereld, registerdubbels):
    assert fout(wereld.context, soort="bsn", waarde=RAALTE_BSN).bericht.startswith("Geen klant")
    assert fout(wereld.context, soort="telefoon", waarde="06 1234 0000").bericht.startswith("Geen")
    assert fout(wereld.context, soort="email", waarde="raalter@example.nl").bericht.startswith(
        "Geen"
    )


def test_when_the_brp_is_down_the_not_found_says_it_could_not_be_asked(wereld, registerdubbels):
    registerdubbels.storing("brp", "503")

    bericht = fout(wereld.context, soort="bsn", waarde=ONBEKEND_BSN).bericht

    assert bericht.startswith(
        "Geen klant gevonden met dit BSN. De BRP is tijdelijk niet beschikbaar"
    )
    assert "ingevulde gegevens" not in bericht  # the intake's advice is not the KCC's


def test_without_a_kcc_purpose_the_register_still_answers_and_the_brp_is_not_asked(
    wereld, registerdubbels
):
    Doelbinding.objects.filter(zaaktype_identificatie=KCC_DOELBINDING).delete()

    assert een(zoeken(wereld.context, Zoekvraag("bsn", JAN_BSN))).bron == "klantregister"
    bericht = fout(wereld.context, soort="bsn", waarde=SUZANNE_BSN).bericht
    assert bericht.startswith(
        "Geen klant gevonden met dit BSN. Voor zaaktype KCC is geen doelbinding"
    )
    assert registerdubbels.verzoeken("brp") == []
    assert Inzage.objects.count() == 1  # the refused lookup is logged (basisregistraties)


# --- name and address (the BRP) ---------------------------------------------------------------


def test_a_name_and_date_of_birth_are_looked_up_in_the_brp_and_matched_to_the_register(
    wereld, registerdubbels
):
    suzanne = partij(wereld.deventer, nummer=("bsn", SUZANNE_BSN), contactnaam_achternaam="Moulin")

    treffer = een(
        zoeken(
            wereld.context, Zoekvraag("naam", achternaam="Moulin", geboortedatum=date(1985, 3, 14))
        )
    )

    assert (treffer.bsn, treffer.partij_uuid, treffer.bron) == (SUZANNE_BSN, suzanne.uuid, "BRP")
    assert treffer.naam == "Suzanne Moulin"
    (verzoek,) = registerdubbels.verzoeken("brp")
    assert verzoek.body["type"] == "ZoekMetGeslachtsnaamEnGeboortedatum"
    assert verzoek.body["gemeenteVanInschrijving"] == "0150"


def test_a_name_nobody_in_the_gemeente_bears_is_not_found(wereld, registerdubbels):
    bericht = fout(
        wereld.context, soort="naam", achternaam="Boer", geboortedatum=date(1952, 6, 2)
    ).bericht

    assert bericht.startswith("Geen klant gevonden met deze achternaam en geboortedatum.")


@pytest.mark.parametrize(
    ("vraag", "bericht", "veld"),
    [
        ({"geboortedatum": date(1985, 3, 14)}, "Vul een achternaam in.", "achternaam"),
        ({"achternaam": "Moulin"}, "Vul een geboortedatum in.", "geboortedatum"),
        (
            {"achternaam": "Moulin", "geboortedatum": timezone.localdate() + timedelta(days=1)},
            "Een geboortedatum ligt niet in de toekomst.",
            "geboortedatum",
        ),
    ],
)
def test_a_name_search_needs_both_fields(wereld, registerdubbels, vraag, bericht, veld):
    fout_ = fout(wereld.context, soort="naam", **vraag)

    assert (fout_.bericht, fout_.veld) == (bericht, veld)


def test_an_address_finds_the_registers_partijen_and_the_brps_residents(wereld, registerdubbels):
    buur = partij(
        wereld.deventer,
        contactnaam_achternaam="Buurman",
        correspondentieadres_postcode="7411bs",
        correspondentieadres_huisnummer=12,
        correspondentieadres_straatnaam="Brink",
    )
    partij(wereld.deventer, contactnaam_achternaam="Ander", bezoekadres_postcode="7411BS",
           bezoekadres_huisnummer=14)  # fmt: skip

    resultaat = zoeken(wereld.context, Zoekvraag("adres", postcode="7411 bs", huisnummer=12))

    assert [(t.naam, t.partij_uuid, t.bron) for t in resultaat.treffers] == [
        ("Buurman", buur.uuid, "klantregister"),
        ("Suzanne Moulin", None, "BRP"),
    ]
    assert resultaat.meldingen == []
    (verzoek,) = registerdubbels.verzoeken("brp")
    assert (verzoek.body["postcode"], verzoek.body["huisnummer"]) == ("7411BS", 12)


def test_a_resident_the_register_knows_at_the_address_is_one_treffer(wereld, registerdubbels):
    suzanne = partij(
        wereld.deventer,
        nummer=("bsn", SUZANNE_BSN),
        contactnaam_voornaam="Suzanne",
        contactnaam_achternaam="Moulin",
        bezoekadres_postcode="7411 BS",
        bezoekadres_huisnummer=12,
    )

    treffer = een(zoeken(wereld.context, Zoekvraag("adres", postcode="7411BS", huisnummer=12)))

    assert (treffer.bsn, treffer.partij_uuid, treffer.bron) == (
        SUZANNE_BSN,
        suzanne.uuid,
        "klantregister",
    )
    assert treffer.geboortedatum == date(1985, 3, 14)  # completed from the BRP


def test_a_huisletter_narrows_the_registers_partijen(wereld, registerdubbels):
    for toevoeging, naam in (("A", "Boven"), ("", "Beneden")):
        partij(
            wereld.deventer,
            contactnaam_achternaam=naam,
            bezoekadres_postcode="7411HH",
            bezoekadres_huisnummer=30,
            bezoekadres_huisnummertoevoeging=toevoeging,
        )

    resultaat = zoeken(
        wereld.context, Zoekvraag("adres", postcode="7411HH", huisnummer=30, huisletter="a")
    )

    assert [t.naam for t in resultaat.treffers] == ["Boven"]


def test_when_the_brp_is_down_an_address_search_shows_the_register_and_says_so(
    wereld, registerdubbels
):
    registerdubbels.storing("brp", "500")

    resultaat = zoeken(wereld.context, Zoekvraag("adres", postcode="7411HH", huisnummer=12))

    assert [t.naam for t in resultaat.treffers] == ["Jan Jansen"]
    (melding,) = resultaat.meldingen
    assert melding.startswith("De BRP heeft een storing (500).")


@pytest.mark.parametrize(
    ("vraag", "bericht", "veld"),
    [
        ({"huisnummer": 12}, "Vul een postcode in.", "postcode"),
        ({"postcode": "0123 AB", "huisnummer": 12}, "Vul een postcode in als 1234 AB.", "postcode"),
        ({"postcode": "7411 HHH", "huisnummer": 1}, "Vul een postcode in als 1234 AB.", "postcode"),
        ({"postcode": "7411HH"}, "Vul een huisnummer in.", "huisnummer"),
        ({"postcode": "7411HH", "huisnummer": 0}, "Een huisnummer ligt tussen 1 en 99999.", "huisnummer"),
        ({"postcode": "7411HH", "huisnummer": 1, "huisletter": "ab"}, "Een huisletter is één letter.", "huisletter"),
        ({"postcode": "7411HH", "huisnummer": 1, "toevoeging": "a-b-c"},
         "Een toevoeging bestaat uit hoogstens 4 letters of cijfers.", "toevoeging"),
    ],
)  # fmt: skip
def test_what_is_not_an_address_is_refused_on_its_field(
    wereld, registerdubbels, vraag, bericht, veld
):
    fout_ = fout(wereld.context, soort="adres", **vraag)

    assert (fout_.bericht, fout_.veld) == (bericht, veld)
    assert registerdubbels.verzoeken("brp") == []


def test_the_search_returns_at_most_the_limit_register_hits_first(wereld, registerdubbels):
    for n in range(3):
        partij(
            wereld.deventer,
            contactnaam_achternaam=f"Bewoner {n}",
            bezoekadres_postcode="7411BS",
            bezoekadres_huisnummer=12,
        )

    resultaat = zoeken(wereld.context, Zoekvraag("adres", postcode="7411BS", huisnummer=12))
    beperkt = zoeken(wereld.context, Zoekvraag("adres", postcode="7411BS", huisnummer=12), limiet=2)

    assert [t.bron for t in resultaat.treffers] == ["klantregister"] * 3 + ["BRP"]
    assert [t.naam for t in beperkt.treffers] == ["Bewoner 0", "Bewoner 1"]


# --- KvK --------------------------------------------------------------------------------------


def test_a_kvk_nummer_finds_the_company_first_then_its_vestiging(wereld, registerdubbels):
    treffer = een(zoeken(wereld.context, Zoekvraag("kvk", f"{BEDRIJF_KVK[:4]} {BEDRIJF_KVK[4:]}")))

    assert (treffer.naam, treffer.kvk, treffer.partij_uuid) == (
        "Bakkerij Brood",
        BEDRIJF_KVK,
        wereld.bedrijf.uuid,
    )
    assert (treffer.soort, treffer.bron) == ("organisatie", "klantregister")
    assert registerdubbels.verzoeken("kvk") == []


def test_a_vestiging_alone_in_the_register_is_found_by_its_companys_kvk_nummer(
    wereld, registerdubbels
):
    wereld.bedrijf.identificatoren.update(identificeerde_partij=None)

    treffer = een(zoeken(wereld.context, Zoekvraag("kvk", BEDRIJF_KVK)))

    assert (treffer.naam, treffer.partij_uuid) == (
        "Bakkerij Brood, filiaal Colmschate",
        wereld.vestiging.uuid,
    )


def test_a_kvk_nummer_only_a_zaak_knows_is_named_as_the_rol_names_it(wereld, registerdubbels):
    bouw.zaak(
        wereld.zaaktype,
        initiator=Initiator(
            betrokkene_type="vestiging",
            identificatie=vestiging(kvk_nummer=ZAAK_KVK, handelsnaam="Fietsenmaker Spaak"),
        ),
    )

    treffer = een(zoeken(wereld.context, Zoekvraag("kvk", ZAAK_KVK)))

    assert (treffer.naam, treffer.kvk, treffer.bron, treffer.soort) == (
        "Fietsenmaker Spaak",
        ZAAK_KVK,
        "zaak",
        "organisatie",
    )
    assert registerdubbels.verzoeken("kvk") == []


def test_a_kvk_nummer_iwerk_does_not_know_is_asked_of_the_handelsregister(wereld, registerdubbels):
    treffer = een(zoeken(wereld.context, Zoekvraag("kvk", "68750110")))

    assert (treffer.naam, treffer.bron, treffer.partij_uuid) == (
        "Evenementenbureau IJsselvallei B.V.",
        "KvK",
        None,
    )
    assert len(registerdubbels.verzoeken("kvk")) == 1


def test_a_dissolved_company_is_found_and_said_to_be_dissolved(wereld, registerdubbels):
    resultaat = zoeken(wereld.context, Zoekvraag("kvk", "69599076"))

    assert een(resultaat).naam == "Schildersbedrijf De Kwast"
    assert resultaat.meldingen == ["Dit bedrijf is opgeheven per 31 december 2023."]


@pytest.mark.parametrize(
    ("waarde", "bericht"),
    [("", "Vul een KvK-nummer in."), ("1234567", "Een KvK-nummer bestaat uit 8 cijfers.")],
)
def test_what_is_not_a_kvk_nummer_is_refused(wereld, registerdubbels, waarde, bericht):
    fout_ = fout(wereld.context, soort="kvk", waarde=waarde)

    assert (fout_.bericht, fout_.veld) == (bericht, "waarde")
    assert registerdubbels.verzoeken("kvk") == []


def test_a_kvk_nummer_nobody_knows_is_not_found(wereld, registerdubbels):
    bericht = fout(wereld.context, soort="kvk", waarde="87654321").bericht

    assert bericht == "Geen klant gevonden met dit KvK-nummer."


# --- phone and e-mail -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nummer", ["0612345678", "06-12345678", "+31 6 1234 5678", "0031612345678", "+31 (0)6 12345678"]
)
def test_a_phone_number_in_any_writing_finds_the_partij(wereld, nummer):
    treffer = een(zoeken(wereld.context, Zoekvraag("telefoon", nummer)))

    assert (treffer.partij_uuid, treffer.bsn) == (wereld.jan.uuid, JAN_BSN)


@pytest.mark.parametrize("nummer", ["12345", "06-1234567", "bel me", "+31", "06123456789"])
def test_what_is_not_a_phone_number_is_refused(wereld, nummer):
    fout_ = fout(wereld.context, soort="telefoon", waarde=nummer)

    assert fout_.veld == "waarde"
    assert fout_.bericht.startswith("Dit is geen telefoonnummer.")


def test_a_phone_number_nobody_gave_is_not_found(wereld):
    assert fout(wereld.context, soort="telefoon", waarde="0570 123 456").bericht == (
        "Geen klant gevonden met dit telefoonnummer."
    )


def test_an_email_address_in_any_case_finds_the_partij(wereld):
    treffer = een(zoeken(wereld.context, Zoekvraag("email", "  JAN.jansen@example.NL ")))

    assert treffer.partij_uuid == wereld.jan.uuid


@pytest.mark.parametrize(("waarde", "bericht"), [
    ("", "Vul een e-mailadres in."),
    ("jan@", "Dit is geen e-mailadres, zoals naam@voorbeeld.nl."),
    ("jan jansen@example.nl", "Dit is geen e-mailadres, zoals naam@voorbeeld.nl."),
])  # fmt: skip
def test_what_is_not_an_email_address_is_refused(wereld, waarde, bericht):
    fout_ = fout(wereld.context, soort="email", waarde=waarde)

    assert (fout_.bericht, fout_.veld) == (bericht, "waarde")


def test_an_address_a_betrokkene_gave_finds_its_partij_only_below_the_staffs_rank(wereld):
    piet = partij(wereld.deventer, contactnaam_achternaam="Pieterse")
    contact = Klantcontact.objects.create(
        tenant=wereld.deventer,
        kanaal="telefoon",
        onderwerp="Vraag",
        taal="nld",
        plaatsgevonden_op=timezone.now(),
        vertrouwelijk=True,
        vertrouwelijkheid_rang=5,  # vertrouwelijk: above zaakvertrouwelijk
    )
    betrokkene = Betrokkene.objects.create(
        tenant=wereld.deventer,
        had_klantcontact=contact,
        was_partij=piet,
        rol="klant",
        initiator=True,
    )
    DigitaalAdres.objects.create(
        tenant=wereld.deventer,
        verstrekt_door_betrokkene=betrokkene,
        adres="piet@example.nl",
        soort_digitaal_adres="email",
        zoekwaarde="piet@example.nl",
    )

    assert fout(wereld.context, soort="email", waarde="piet@example.nl").bericht.startswith("Geen")
    Klantcontact.objects.filter(pk=contact.pk).update(vertrouwelijk=False, vertrouwelijkheid_rang=0)
    assert (
        een(zoeken(wereld.context, Zoekvraag("email", "piet@example.nl"))).partij_uuid == piet.uuid
    )


def test_an_address_written_through_the_api_is_found(wereld):
    api = ki_client(wereld.deventer)
    body = {
        "verstrektDoorPartij": {"uuid": str(wereld.bedrijf.uuid)},
        "adres": "0570123456",
        "soortDigitaalAdres": "telefoonnummer",
    }
    antwoord = api.post(f"{BASE}/digitaleadressen", body)
    assert antwoord.status_code == 201, antwoord.content
    assert "zoekwaarde" not in antwoord.json()  # iwerk's own column, not the API's

    assert een(zoeken(wereld.context, Zoekvraag("telefoon", "0570 12 34 56"))).kvk == BEDRIJF_KVK

    url = f"{BASE}/digitaleadressen/{antwoord.json()['uuid']}"
    assert api.patch(url, {"adres": "+31570654321"}).status_code == 200
    assert DigitaalAdres.objects.get(uuid=antwoord.json()["uuid"]).zoekwaarde == "0570654321"
    assert een(zoeken(wereld.context, Zoekvraag("telefoon", "0570654321"))).kvk == BEDRIJF_KVK


# --- zaaknummer -------------------------------------------------------------------------------


def test_a_zaaknummer_finds_its_initiator_as_the_register_knows_them(wereld, registerdubbels):
    zaak = bouw.zaak(wereld.zaaktype, initiator=bouw.aanvrager(bsn_nummer=JAN_BSN))

    treffer = een(zoeken(wereld.context, Zoekvraag("zaak", zaak.identificatie.lower())))

    assert (treffer.partij_uuid, treffer.bron) == (wereld.jan.uuid, "klantregister")


def test_a_zaaknummer_of_someone_the_register_does_not_know_names_the_rol(wereld, registerdubbels):
    treffer = een(zoeken(wereld.context, Zoekvraag("zaak", wereld.zaak.identificatie)))

    assert (treffer.naam, treffer.bsn, treffer.bron) == ("Piet Zaakman", ZAAK_BSN, "zaak")
    assert registerdubbels.verzoeken("brp") == []  # the zaak names them: nothing to ask


def test_a_geheim_zaak_is_not_found_by_its_number(wereld, registerdubbels):
    fout_ = fout(wereld.context, soort="zaak", waarde=wereld.geheim.identificatie)

    assert (fout_.bericht, fout_.veld) == ("Geen zaak gevonden met dit zaaknummer.", "")


def test_a_zaaknummer_nobody_has_and_an_empty_one(wereld):
    assert fout(wereld.context, soort="zaak", waarde="ZAAK-1").bericht == (
        "Geen zaak gevonden met dit zaaknummer."
    )
    assert fout(wereld.context, soort="zaak", waarde=" ").bericht == "Vul een zaaknummer in."


def test_a_zaak_without_an_initiator_says_so(wereld):
    wereld.zaak.rollen.all().delete()

    assert fout(wereld.context, soort="zaak", waarde=wereld.zaak.identificatie).bericht == (
        "Bij deze zaak is geen initiator bekend."
    )


# --- who may search ---------------------------------------------------------------------------


def test_staff_without_a_role_for_klantgegevens_cannot_search(wereld):
    manager = kcc_context(wereld.deventer, "manager", rol=Rol.management)

    assert fout(manager, soort="bsn", waarde=JAN_BSN).bericht == (
        "U mag in deze gemeente geen klantgegevens inzien."
    )


def test_an_unknown_kind_of_search_is_refused(wereld):
    assert (fout(wereld.context, soort="naam en toenaam").veld) == "soort"


def test_kcc_staff_of_raalte_find_raaltes_partij_not_deventers(wereld):
    build.catalogus(wereld.raalte)  # zaken to read: what gives a role its reach (toegang)
    raalte = kcc_context(wereld.raalte, "dvos")

    assert een(zoeken(raalte, Zoekvraag("bsn", RAALTE_BSN))).naam == "Raalter"
    assert fout(raalte, soort="email", waarde="jan.jansen@example.nl").bericht.startswith("Geen")


# --- queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vraag", "queries"),
    [
        # identificator with its partij
        (Zoekvraag("bsn", JAN_BSN), 1),
        # identificator; the newest rol on a visible zaak
        (Zoekvraag("bsn", ZAAK_BSN), 2),
        (Zoekvraag("kvk", BEDRIJF_KVK), 1),
        # the addresses with their partij; the partijen's identificatoren
        (Zoekvraag("telefoon", "0612345678"), 2),
        (Zoekvraag("email", "jan.jansen@example.nl"), 2),
        # the initiator rol of the visible zaak; the partij by its BSN
        (Zoekvraag("zaak", "{zaak}"), 2),
    ],
)
def test_each_kind_costs_a_fixed_number_of_queries(
    wereld, django_assert_num_queries, vraag, queries
):
    for n in range(3):  # more partijen with the same address change nothing
        digitaal(
            partij(wereld.deventer, contactnaam_achternaam=f"Ander {n}"),
            "email",
            "jan.jansen@example.nl",
        )
    if vraag.soort == "zaak":
        vraag = Zoekvraag("zaak", wereld.zaak.identificatie)

    with django_assert_num_queries(queries):
        zoeken(wereld.context, vraag)


def test_an_address_search_costs_a_fixed_number_of_queries(
    wereld, registerdubbels, django_assert_num_queries
):
    for n in range(4):
        partij(
            wereld.deventer,
            nummer=("bsn", [ONBEKEND_BSN, ZAAK_BSN, GEHEIM_BSN, ""][n]),
            bezoekadres_postcode="7411BS",
            bezoekadres_huisnummer=12,
        )

    # the partijen at the address; their identificatoren; the BRP's purpose (with its gemeente);
    # its koppeling; the inzage row; the partijen of the BSNs the BRP found
    with django_assert_num_queries(6):
        resultaat = zoeken(wereld.context, Zoekvraag("adres", postcode="7411BS", huisnummer=12))
    assert len(resultaat.treffers) == 5


# --- the normaliser and its backfill ----------------------------------------------------------


@pytest.mark.parametrize(
    ("soort", "adres", "verwacht"),
    [
        ("telefoonnummer", "+31 6 1234 5678", "0612345678"),
        ("telefoonnummer", "0031612345678", "0612345678"),
        ("telefoonnummer", "06-12345678", "0612345678"),
        ("telefoonnummer", "06 12 34 56 78", "0612345678"),
        ("telefoonnummer", "(06) 12345678", "0612345678"),
        ("telefoonnummer", "+31 (0)6 12345678", "0612345678"),
        ("telefoonnummer", "+31 06 12345678", "0612345678"),
        ("telefoonnummer", "0570.693.000", "0570693000"),
        ("telefoonnummer", "+32 2 123 45 67", "+3221234567"),
        ("telefoonnummer", "0032 2 123 45 67", "+3221234567"),
        ("telefoonnummer", " 0612345678 ", "0612345678"),
        ("telefoonnummer", "06 1234 5678 (privé)", "06 1234 5678 (privé)"),
        ("telefoonnummer", "+31 6 12+34", "+31 6 12+34"),
        ("email", " Jan.Jansen@Example.NL ", "jan.jansen@example.nl"),
        ("email", "info@gemeente.nl", "info@gemeente.nl"),
        ("overig", "@jan op Mastodon", ""),
    ],
)
def test_the_zoekwaarde_of_an_adres(soort, adres, verwacht):
    assert zoekwaarde(soort, adres) == verwacht


def test_the_backfill_fills_every_zoekwaarde_and_a_second_run_writes_nothing(
    wereld, monkeypatch, django_assert_num_queries
):
    DigitaalAdres.objects.update(zoekwaarde="")
    migratie = importlib.import_module("iwerk.klantinteracties.migrations.0004_zoekwaarde_vullen")
    monkeypatch.setattr(migratie, "BATCH", 2)  # several batches
    editor = SimpleNamespace(connection=connection)  # what vullen reads of a schema editor

    migratie.vullen(apps, editor)

    assert DigitaalAdres.objects.filter(zoekwaarde="").count() == 0
    assert DigitaalAdres.objects.get(adres="+31 6 1234 5678").zoekwaarde == "0612345678"
    assert DigitaalAdres.objects.get(adres="Jan.Jansen@Example.nl").zoekwaarde == (
        "jan.jansen@example.nl"
    )
    with django_assert_num_queries(3):  # three batches read, none written
        migratie.vullen(apps, editor)
