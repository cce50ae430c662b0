"""A BSN lookup bound to the zaaktype's purpose: what is asked of the BRP (over real HTTP, to the
test double), what comes back, who may look up whom, and the inzage row every lookup leaves."""

from __future__ import annotations

from datetime import date

import pytest

from iwerk.basisregistraties.fouten import (
    BuitenBereik,
    GeenDoelbinding,
    NietGevonden,
    OngeldigeInvoer,
)
from iwerk.basisregistraties.models import Doelbinding, Register, Registerkoppeling
from iwerk.basisregistraties.services.bevragen import persoon_raadplegen
from iwerk.basisregistraties.tests.hulp import bevraging
from iwerk.core.models import Inzage
from iwerk.core.testing.registerdubbels import valideer_brp_verzoek

pytestmark = pytest.mark.django_db

MOULIN = "999990007"  # Brink 12, Deventer
DE_BOER = "999990056"  # Raalte
EL_AMRANI = "999990214"  # Wijhe (Olst-Wijhe), gezag over Yasmin
YASMIN = "999990251"


def test_wmo_lookup_asks_only_the_purposes_groups_of_residents(regio, registerdubbels):
    vraag = bevraging(regio["deventer"], "WMO-MAATWERK")

    persoon = persoon_raadplegen(vraag, MOULIN)

    (verzoek,) = registerdubbels.verzoeken("brp")
    valideer_brp_verzoek(verzoek.body)
    assert verzoek.body["type"] == "RaadpleegMetBurgerservicenummer"
    assert verzoek.body["burgerservicenummer"] == [MOULIN]
    assert verzoek.body["fields"] == [
        "burgerservicenummer",
        "naam",
        "geboorte",
        "verblijfplaats",
        "adressering.adresregel1",
        "adressering.adresregel2",
        "adressering.adresregel3",
        "adressering.land",
        "gemeenteVanInschrijving",
        "gezag",
    ]
    assert verzoek.body["gemeenteVanInschrijving"] == "0150"
    assert verzoek.headers["content-type"] == "application/json; charset=utf-8"
    assert persoon.bsn == MOULIN
    assert persoon.groepen == {"naam", "geboorte", "adres", "gezag"}
    assert (persoon.voornamen, persoon.geslachtsnaam) == ("Suzanne", "Moulin")
    assert persoon.geboortedatum == date(1985, 3, 14)
    assert persoon.adres is not None
    assert persoon.adres.regel == "Brink 12, 7411 BS Deventer"
    assert persoon.adres.gemeentecode == "0150"
    assert persoon.adres.nummeraanduiding_id
    assert persoon.gezag == ()


def test_requests_carry_the_protocollering_headers(regio, registerdubbels):
    vraag = bevraging(regio["deventer"], "WMO-MAATWERK", gebruikers_id="pjansen")

    persoon_raadplegen(vraag, MOULIN)

    headers = registerdubbels.verzoeken("brp")[0].headers
    assert headers["x-doelbinding"] == "BRPACT-Wmo"
    assert headers["x-verwerking"] == "Wmo-maatwerkvoorziening behandelen"
    assert headers["x-gebruiker"] == "pjansen"
    assert "x-origin-oin" not in headers  # no OIN configured


def test_the_gemeentes_key_and_oin_travel_with_the_request(regio, registerdubbels, monkeypatch):
    monkeypatch.setenv("IWERK_BRP_SLEUTEL_DEVENTER", "sleutel-van-deventer")
    Registerkoppeling.objects.create(
        gemeente=regio["deventer"],
        register=Register.brp,
        url=registerdubbels.brp_url,
        api_sleutel_variabele="IWERK_BRP_SLEUTEL_DEVENTER",
        oin="00000001001902763000",
    )

    persoon_raadplegen(bevraging(regio["deventer"]), MOULIN)

    headers = registerdubbels.verzoeken("brp")[0].headers
    assert headers["x-api-key"] == "sleutel-van-deventer"
    assert headers["x-origin-oin"] == "00000001001902763000"


def test_groups_outside_the_purpose_are_neither_asked_nor_returned(regio, registerdubbels):
    """Parkeervergunning: the address only."""
    persoon = persoon_raadplegen(bevraging(regio["raalte"], "PARKEERVERGUNNING"), DE_BOER)

    fields = registerdubbels.verzoeken("brp")[0].body["fields"]
    assert fields == [
        "burgerservicenummer",
        "verblijfplaats",
        "adressering.adresregel1",
        "adressering.adresregel2",
        "adressering.adresregel3",
        "adressering.land",
        "gemeenteVanInschrijving",
    ]
    assert persoon.groepen == {"adres"}
    assert persoon.adres is not None and persoon.adres.postcode == "8101CZ"
    assert persoon.voornamen is None and persoon.geslachtsnaam is None
    assert persoon.geboortedatum is None and persoon.gezag is None


def test_gezag_is_given_where_the_purpose_allows_it(regio, registerdubbels):
    persoon = persoon_raadplegen(bevraging(regio["olst-wijhe"], "JEUGDHULP"), EL_AMRANI)

    assert persoon.gezag is not None
    (gezag,) = persoon.gezag
    assert gezag.minderjarige_bsn == YASMIN
    assert EL_AMRANI in gezag.gezaghouders_bsn
    assert persoon.kinderen is not None
    assert [k["bsn"] for k in persoon.kinderen] == [YASMIN]
    assert persoon.partners is None  # not in Jeugdhulp's purpose


def test_a_handler_of_raalte_cannot_look_up_a_deventer_resident(regio, registerdubbels):
    with pytest.raises(BuitenBereik) as fout:
        persoon_raadplegen(bevraging(regio["raalte"], "WMO-MAATWERK"), MOULIN)

    assert fout.value.bericht == (
        "Geen persoon gevonden met dit BSN in Raalte. Het doel van dit zaaktype staat alleen "
        "bevragingen van inwoners van Raalte toe."
    )
    assert registerdubbels.verzoeken("brp")[0].body["gemeenteVanInschrijving"] == "0177"


def test_a_purpose_for_all_of_nederland_finds_residents_of_other_gemeenten(regio, registerdubbels):
    persoon = persoon_raadplegen(bevraging(regio["raalte"], "PARKEERVERGUNNING"), MOULIN)

    assert "gemeenteVanInschrijving" not in registerdubbels.verzoeken("brp")[0].body
    assert persoon.adres is not None and persoon.adres.woonplaats == "Deventer"


def test_an_official_test_person_elsewhere_is_found_with_bereik_nederland(regio, registerdubbels):
    persoon = persoon_raadplegen(bevraging(regio["deventer"], "PARKEERVERGUNNING"), "999993653")

    assert persoon.adres is not None and persoon.adres.gemeentecode == "0599"


def test_unknown_person_with_bereik_nederland_is_not_found(regio, registerdubbels):
    with pytest.raises(NietGevonden) as fout:
        persoon_raadplegen(bevraging(regio["deventer"], "PARKEERVERGUNNING"), "999999308")

    assert fout.value.bericht == "De BRP kent geen persoon met dit BSN."
    assert registerdubbels.verzoeken("brp")[0].body["burgerservicenummer"] == ["999999308"]


def test_without_doelbinding_nothing_is_asked(regio, registerdubbels):
    with pytest.raises(GeenDoelbinding) as fout:
        persoon_raadplegen(bevraging(regio["deventer"], "DATALEK"), MOULIN)

    assert fout.value.bericht == (
        "Voor zaaktype DATALEK is geen doelbinding voor de BRP ingesteld; vraag de functioneel "
        "beheerder."
    )
    assert registerdubbels.verzoeken("brp") == []


def test_a_purpose_of_another_gemeente_does_not_hold_here(regio, registerdubbels):
    Doelbinding.objects.filter(
        gemeente=regio["raalte"], zaaktype_identificatie="WMO-MAATWERK"
    ).delete()

    with pytest.raises(BuitenBereik) as fout:
        persoon_raadplegen(bevraging(regio["raalte"], "WMO-MAATWERK"), DE_BOER)

    assert "heeft in Raalte geen doelbinding voor de BRP" in fout.value.bericht
    assert "Deventer, Olst-Wijhe" in fout.value.bericht
    assert registerdubbels.verzoeken("brp") == []


@pytest.mark.parametrize(
    ("bsn", "bericht"),
    [
        ("999990008", "Dit BSN voldoet niet aan de elfproef; controleer het nummer."),
        ("12345", "Een BSN bestaat uit precies 9 cijfers."),
        ("", "Een BSN bestaat uit precies 9 cijfers."),
    ],
)
def test_an_invalid_bsn_is_refused_before_any_request(regio, registerdubbels, bsn, bericht):
    with pytest.raises(OngeldigeInvoer) as fout:
        persoon_raadplegen(bevraging(regio["deventer"]), bsn)

    assert fout.value.bericht == bericht
    assert registerdubbels.verzoeken("brp") == []


def test_a_gemeente_without_gemeentecode_cannot_limit_to_its_residents(regio, registerdubbels):
    regio["deventer"].gemeentecode = ""
    regio["deventer"].save(update_fields=["gemeentecode"])

    with pytest.raises(GeenDoelbinding) as fout:
        persoon_raadplegen(bevraging(regio["deventer"]), MOULIN)

    assert "Van Deventer is geen gemeentecode ingesteld" in fout.value.bericht
    assert registerdubbels.verzoeken("brp") == []


# --- the inzage log ---------------------------------------------------------------------------


def test_a_lookup_leaves_one_inzage_row_with_zaak_and_purpose(regio, registerdubbels):
    vraag = bevraging(regio["deventer"], "WMO-MAATWERK")

    persoon_raadplegen(vraag, MOULIN)

    rij = Inzage.objects.get()
    assert rij.tenant_id == regio["deventer"].pk
    assert (rij.kanaal, rij.soort, rij.bsn) == ("werkplek", "brp", MOULIN)
    assert (rij.gebruikers_id, rij.gebruikers_weergave) == ("pjansen", "Petra Jansen")
    assert str(rij.zaak_uuid) == vraag.zaak_uuid
    assert rij.omschrijving == (
        "BRP RaadpleegMetBurgerservicenummer · velden: naam, geboorte, adres, gezag · "
        "doelbinding BRPACT-Wmo · verwerking Wmo-maatwerkvoorziening behandelen · "
        "zaaktype WMO-MAATWERK · uitkomst: gevonden"
    )


@pytest.mark.parametrize(
    ("gemeente", "zaaktype", "bsn", "uitkomst"),
    [
        ("deventer", "DATALEK", MOULIN, "geweigerd: geen doelbinding"),
        ("raalte", "WMO-MAATWERK", MOULIN, "geweigerd: buiten bereik"),
        ("deventer", "WMO-MAATWERK", "999990008", "geweigerd: ongeldig BSN"),
        ("deventer", "PARKEERVERGUNNING", "999999308", "niet gevonden"),
    ],
)
def test_a_refused_lookup_is_logged_too(regio, registerdubbels, gemeente, zaaktype, bsn, uitkomst):
    vraag = bevraging(regio[gemeente], zaaktype)

    with pytest.raises(Exception):  # noqa: B017 - each case its own RegisterFout
        persoon_raadplegen(vraag, bsn)

    rij = Inzage.objects.get()
    assert rij.omschrijving.endswith(f"zaaktype {zaaktype} · uitkomst: {uitkomst}")
    assert str(rij.zaak_uuid) == vraag.zaak_uuid
    assert rij.bsn == bsn
    assert rij.tenant_id == regio[gemeente].pk


def test_the_log_names_the_purpose_of_a_refused_lookup(regio, registerdubbels):
    with pytest.raises(BuitenBereik):
        persoon_raadplegen(bevraging(regio["raalte"], "WMO-MAATWERK"), MOULIN)

    assert "doelbinding BRPACT-Wmo · verwerking Wmo-maatwerkvoorziening behandelen" in (
        Inzage.objects.get().omschrijving
    )


def test_a_lookup_costs_three_queries(regio, registerdubbels, django_assert_num_queries):
    """The purpose with its gemeente, the connection, the inzage row."""
    vraag = bevraging(regio["deventer"], "WMO-MAATWERK")

    with django_assert_num_queries(3):
        persoon_raadplegen(vraag, MOULIN)


def test_a_refused_lookup_costs_two_queries(regio, registerdubbels, django_assert_num_queries):
    vraag = bevraging(regio["deventer"], "DATALEK")

    with django_assert_num_queries(2), pytest.raises(GeenDoelbinding):
        persoon_raadplegen(vraag, MOULIN)
