"""Prefill after sign-in: from the BRP (DigiD) or the KvK (eHerkenning), within the zaaktype's
purpose, once per draft and logged; never from the sign-in's claims, except the fallback."""

from __future__ import annotations

import pytest

from iwerk.core.models import Inzage
from iwerk.portaal.identiteit import SESSION_KEY
from iwerk.portaal.models import Concept
from iwerk.portaal.tests.conftest import SUZANNE, doelbinding, ingelogd, pdf_bestand, via_testidp
from iwerk.portaal.tests.test_aanvragen import STAP2, STAP3
from iwerk.zaken.models import Rol

pytestmark = pytest.mark.django_db

WMO = "/deventer/producten/wmo-ondersteuning/aanvragen/"


def _start(client, pad: str = WMO) -> str:
    response = client.post(pad)
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def _versturen(client, url: str, stap1: dict | None = None) -> Rol:
    if stap1 is not None:
        assert client.post(url, stap1).status_code == 302
    else:  # keep what was prefilled
        page = client.get(url).content.decode()
        assert client.post(url, _waarden(page, ("naam", "adres", "woonplaats"))).status_code == 302
    client.post(url.replace("/stap/1/", "/stap/2/"), {**STAP2, "verklaring": pdf_bestand()})
    client.post(url.replace("/stap/1/", "/stap/3/"), STAP3)
    response = client.post(url.replace("/stap/1/", "/controleren/"), {"akkoord": "ja"})
    assert response.status_code == 302, response.content.decode()[:2000]
    concept = Concept.objects.get(uuid=url.split("/")[3])
    return Rol.objects.get(zaak=concept.zaak, roltype__omschrijving_generiek="initiator")


def _waarden(page: str, namen) -> dict:
    import re

    return {
        n: re.search(rf'name="{n}"[^>]*value="([^"]*)"', page).group(1)
        if re.search(rf'name="{n}"[^>]*value="([^"]*)"', page)
        else ""
        for n in namen
    }


def test_a_digid_form_is_prefilled_from_the_brp_with_only_the_purposes_fields(
    regio, registerdubbels
):
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "adres"])
    client = ingelogd()
    url = _start(client)
    page = client.get(url).content.decode()
    assert 'value="Suzanne Moulin"' in page and 'value="Brink 12"' in page
    assert 'value="Deventer"' in page

    (verzoek,) = registerdubbels.verzoeken("brp")
    assert verzoek.body["type"] == "RaadpleegMetBurgerservicenummer"
    assert verzoek.body["burgerservicenummer"] == [SUZANNE]
    assert sorted(verzoek.body["fields"]) == sorted(
        [
            "burgerservicenummer",
            "naam",
            "verblijfplaats",
            "adressering.adresregel1",
            "adressering.adresregel2",
            "adressering.adresregel3",
            "adressering.land",
            "gemeenteVanInschrijving",
        ]
    )  # not geboorte, gezag or anything else the form does not ask and the purpose not allows
    assert verzoek.headers["x-gebruiker"] == f"digid:{SUZANNE}"
    assert verzoek.headers["x-doelbinding"] == "TEST-WMO-MAATWERK"
    assert verzoek.headers["x-verwerking"] == "WMO-MAATWERK behandelen"

    (inzage,) = Inzage.objects.filter(soort="brp")
    assert (inzage.kanaal, inzage.bsn, inzage.gebruikers_id) == (
        "portaal",
        SUZANNE,
        "digid:" + SUZANNE,
    )
    assert inzage.gebruikers_weergave == "Inwoner (DigiD)" and inzage.tenant == regio["deventer"]
    assert "zaaktype WMO-MAATWERK" in inzage.omschrijving

    # Once per draft: the steps, and starting the same product again, ask nothing more.
    client.get(url)
    client.get(url.replace("/stap/1/", "/stap/2/"))
    assert _start(client) == url
    assert len(registerdubbels.verzoeken("brp")) == 1


def test_the_zaak_names_the_person_as_the_brp_gave_them(regio, registerdubbels):
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "geboorte", "adres"])
    client = ingelogd()
    # The citizen may correct the form; the rol keeps the BRP's data.
    rol = _versturen(
        client, _start(client), {"naam": "Suus", "adres": "Brink 12", "woonplaats": "D"}
    )
    ident = rol.betrokkene_identificatie
    assert (rol.bsn, ident["voornamen"], ident["geslachtsnaam"]) == (SUZANNE, "Suzanne", "Moulin")
    assert ident["geboortedatum"] == "1985-03-14"
    assert ident["verblijfsadres"]["aoaIdentificatie"] == "0150200000100012"
    assert ident["verblijfsadres"]["aoaPostcode"] == "7411BS"
    # The correction is beside it, for the handler to see.
    assert rol.roltoelichting == (
        "Aanvrager. Gegevens uit de BRP. De aanvrager gaf op: Suus, Brink 12, D."
    )
    assert rol.indicatie_machtiging == ""


def test_name_and_address_claims_are_not_used(regio, registerdubbels, settings):
    """The test IdP sends name and address here (as some brokers may): without the fallback the
    sign-in keeps neither and the form shows the BRP's."""
    settings.IWERK_PORTAAL_PREFILL_UIT_CLAIMS = False
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "adres"])
    client = via_testidp(SUZANNE, met_naw="1")
    assert client.session[SESSION_KEY]["naam"] == "" and client.session[SESSION_KEY]["adres"] == {}
    page = client.get(_start(client)).content.decode()
    assert 'value="Suzanne Moulin"' in page and "Ingelogd met DigiD" in page
    assert len(registerdubbels.verzoeken("brp")) == 1


def test_the_claims_fallback_fills_in_without_asking_the_brp(regio, registerdubbels, settings):
    settings.IWERK_PORTAAL_PREFILL_UIT_CLAIMS = True
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "adres"])
    # What a broker that releases name and address gives, through the real sign-in.
    client = via_testidp(SUZANNE, met_naw="1")
    assert client.session[SESSION_KEY]["naam"] == "Suzanne Moulin"
    url = _start(client)
    page = client.get(url).content.decode()
    assert 'value="Suzanne Moulin"' in page and 'value="Brink 12"' in page
    assert registerdubbels.verzoeken("brp") == []
    assert not Inzage.objects.filter(soort="brp").exists()
    rol = _versturen(client, url)
    assert rol.betrokkene_identificatie["geslachtsnaam"] == "Moulin"
    assert rol.betrokkene_identificatie["verblijfsadres"]["gorOpenbareRuimteNaam"] == "Brink"
    assert rol.roltoelichting == "Aanvrager"


def test_the_fallback_asks_the_brp_when_the_broker_sent_no_name(regio, registerdubbels, settings):
    settings.IWERK_PORTAAL_PREFILL_UIT_CLAIMS = True
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "adres"])
    client = via_testidp(SUZANNE)
    assert 'value="Suzanne Moulin"' in client.get(_start(client)).content.decode()
    assert len(registerdubbels.verzoeken("brp")) == 1


def test_with_the_brp_down_the_form_works_and_the_rol_says_not_checked(regio, registerdubbels):
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "adres"])
    registerdubbels.storing("brp", "503")
    client = ingelogd()
    url = _start(client)
    page = client.get(url).content.decode()
    assert "Uw gegevens konden nu niet worden opgehaald. Vul ze zelf in." in page
    assert 'name="naam"' in page and 'value="Suzanne Moulin"' not in page
    assert "Uit de lucht" not in page and "503" not in page
    # The attempt is logged.
    (inzage,) = Inzage.objects.filter(soort="brp")
    assert inzage.bsn == SUZANNE and "uitkomst" in inzage.omschrijving
    rol = _versturen(
        client, url, {"naam": "Suzanne Moulin", "adres": "Brink 12a", "woonplaats": "Deventer"}
    )
    assert rol.roltoelichting == "Aanvrager (naam en adres niet gecontroleerd in de BRP)"
    adres = rol.betrokkene_identificatie["verblijfsadres"]
    assert (adres["gorOpenbareRuimteNaam"], adres["aoaHuisnummer"]) == ("Brink", 12)


def test_without_a_purpose_nothing_is_asked_and_the_citizen_fills_it_in(regio, registerdubbels):
    client = ingelogd()
    url = _start(client)
    page = client.get(url).content.decode()
    assert "Vul uw gegevens zelf in." in page
    assert registerdubbels.verzoeken("brp") == []
    # The refused attempt is still logged (no purpose for this zaaktype).
    assert "geen doelbinding" in Inzage.objects.get(soort="brp").omschrijving.lower()


def test_a_form_without_name_or_address_fields_asks_no_register(regio, registerdubbels):
    doelbinding(regio["raalte"], "PARKEERVERGUNNING", ["adres"])
    client = ingelogd("999990056", niveau="digid_basis")
    client.get(_start(client, "/raalte/producten/parkeervergunning/aanvragen/"))
    assert registerdubbels.verzoeken("brp") == []


def test_eherkenning_is_prefilled_from_the_kvk_basisprofiel(regio, registerdubbels):
    doelbinding(regio["deventer"], "EVENEMENT", ["naam", "adres"], register="kvk")
    bedrijf = ingelogd("68750110", middel="eherkenning", niveau="eherkenning_eh3")
    url = _start(bedrijf, "/deventer/producten/evenementenvergunning/aanvragen/")
    page = bedrijf.get(url).content.decode()
    assert 'value="Evenementenbureau IJsselvallei"' in page  # the (first) handelsnaam
    assert 'value="Keizerstraat 7"' in page and 'value="7411 HE"' in page
    assert registerdubbels.verzoeken("brp") == []
    (verzoek,) = registerdubbels.verzoeken("kvk")
    assert verzoek.path.endswith("/basisprofielen/68750110")
    (inzage,) = Inzage.objects.filter(soort="kvk")
    assert inzage.gebruikers_id == "eherkenning:68750110" and inzage.kanaal == "portaal"


def test_opening_a_form_asks_a_fixed_number_of_queries(
    regio, registerdubbels, django_assert_num_queries
):
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "adres", "gezag"])
    client = ingelogd()
    client.get("/deventer/")  # the session exists
    with django_assert_num_queries(13):  # incl. the inzage row of the lookup
        url = _start(client)
    with django_assert_num_queries(7):  # the step asks the register nothing
        client.get(url)
