"""The contact centre's search (selectors.kcc): every kind finds the caller in the register, in
the zaken the staff member may see, or in the BRP / Handelsregister (the test doubles, over HTTP),
refuses what is not a BSN, phone number, e-mail address or postcode in Dutch, says so when it
finds nobody, and never reaches into another gemeente or above the staff member's
vertrouwelijkheid. The phone / e-mail normaliser behind `DigitaalAdres.zoekwaarde` is here too."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from iwerk.basisregistraties.models import Doelbinding
from iwerk.core.models import Inzage
from iwerk.core.testing import zaken as bouw
from iwerk.klantinteracties.selectors.kcc import (
    KCC_DOELBINDING,
    Zoekvraag,
    zoeken,
)
from iwerk.klantinteracties.tests.kcc_wereld import (
    BEDRIJF_KVK,
    GEHEIM_BSN,
    JAN_BSN,
    ONBEKEND_BSN,
    RAALTE_BSN,
    SUZANNE_BSN,
    ZAAK_BSN,
    ZAAK_KVK,
    een,
    fout,
    kcc_wereld,  # noqa: F401 - the fixture `wereld`
    partij,
)
from iwerk.zaken.services.aanvraag import Initiator, vestiging

pytestmark = pytest.mark.django_db


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
    # The FG reads why: the contact centre's purpose, not a zaaktype (ADR 0054).
    assert "klantcontactcentrum (KCC)" in rij.omschrijving and "zaaktype" not in rij.omschrijving


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
        ("９９９９９０００７", "Een BSN bestaat uit 9 cijfers."),  # full-width digits: not asked
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
