"""Gezag on the Jeugdhulp (and Wmo) form: a parent chooses for which minor they hold gezag over
the request is; the minor is belanghebbende on the zaak. Only the minors the BRP named."""

from __future__ import annotations

import pytest

from iwerk.portaal.models import Concept
from iwerk.portaal.tests.conftest import FATIMA, SUZANNE, YASMIN, doelbinding, ingelogd
from iwerk.portaal.tests.test_aanvragen import STAP3
from iwerk.zaken.models import Rol

pytestmark = pytest.mark.django_db

JEUGD = "/olst-wijhe/producten/jeugdhulp/aanvragen/"
VOOR_WIE_QUERIES = 6  # session, gemeente, draft, product; no register lookup
JEUGD_GROEPEN = ["naam", "geboorte", "adres", "gezag", "ouders", "kinderen"]


def _voor_wie(client) -> str:
    response = client.post(JEUGD)
    assert response.status_code == 302 and response["Location"].endswith("/voor-wie/")
    return response["Location"]


def test_a_parent_asks_jeugdhulp_for_her_child_who_becomes_belanghebbende(regio, registerdubbels):
    doelbinding(regio["olst-wijhe"], "JEUGDHULP", JEUGD_GROEPEN)
    fatima = ingelogd(FATIMA)
    keuze = _voor_wie(fatima)
    (verzoek,) = registerdubbels.verzoeken("brp")
    assert "gezag" in verzoek.body["fields"] and verzoek.body["burgerservicenummer"] == [FATIMA]
    page = fatima.get(keuze).content.decode()
    assert "Voor wie is deze aanvraag?" in page and "Yasmin el Amrani" in page
    assert f'value="{YASMIN}"' in page and 'value="zelf"' in page
    # The steps wait for the choice.
    stap1 = keuze.replace("/voor-wie/", "/stap/1/")
    assert fatima.get(stap1)["Location"] == keuze

    response = fatima.post(keuze, {"voor": YASMIN})
    assert response.status_code == 302 and response["Location"] == stap1
    page = fatima.get(stap1).content.decode()
    assert 'value="Fatima el Amrani"' in page and 'value="Langstraat 41"' in page
    fatima.post(
        stap1, {"naam": "Fatima el Amrani", "adres": "Langstraat 41", "woonplaats": "Wijhe"}
    )
    fatima.post(
        stap1.replace("/stap/1/", "/stap/2/"), {"hulpvraag": "Begeleiding", "verwijzing": "nee"}
    )
    fatima.post(stap1.replace("/stap/1/", "/stap/3/"), STAP3)
    controleren = stap1.replace("/stap/1/", "/controleren/")
    assert "Yasmin el Amrani" in fatima.get(controleren).content.decode()
    assert fatima.post(controleren, {"akkoord": "ja"}).status_code == 302

    zaak = Concept.objects.get(uuid=keuze.split("/")[3]).zaak
    rollen = {r.roltype.omschrijving_generiek: r for r in Rol.objects.filter(zaak=zaak)}
    assert set(rollen) == {"initiator", "belanghebbende"}
    assert rollen["initiator"].bsn == FATIMA
    kind = rollen["belanghebbende"]
    assert kind.bsn == YASMIN and kind.betrokkene_type == "natuurlijk_persoon"
    ident = kind.betrokkene_identificatie
    assert (ident["voornamen"], ident["voorvoegselGeslachtsnaam"], ident["geslachtsnaam"]) == (
        "Yasmin",
        "el",
        "Amrani",
    )
    assert ident["geboortedatum"] == "2016-04-09"
    assert "verblijfsadres" not in ident  # not asked: no address rather than an empty one
    assert "EenhoofdigOuderlijkGezag" in kind.roltoelichting and kind.indicatie_machtiging == ""
    assert len(registerdubbels.verzoeken("brp")) == 1  # once per draft


def test_a_child_the_parent_holds_no_gezag_over_is_refused(regio, registerdubbels):
    doelbinding(regio["olst-wijhe"], "JEUGDHULP", JEUGD_GROEPEN)
    fatima = ingelogd(FATIMA)
    keuze = _voor_wie(fatima)
    for vals in (SUZANNE, "999999999", ""):
        response = fatima.post(keuze, {"voor": vals})
        assert response.status_code == 400, vals
        assert "Kies voor wie de aanvraag is." in response.content.decode()
    concept = Concept.objects.get(uuid=keuze.split("/")[3])
    assert "_voor" not in concept.gegevens
    # Choosing herself is fine and names nobody else.
    assert fatima.post(keuze, {"voor": "zelf"}).status_code == 302
    concept.refresh_from_db()
    assert concept.gegevens["_voor"] == {}


def test_without_gezag_over_anyone_no_choice_is_shown(regio, registerdubbels):
    doelbinding(regio["deventer"], "WMO-MAATWERK", ["naam", "adres", "gezag"])
    suzanne = ingelogd(SUZANNE)
    url = suzanne.post("/deventer/producten/wmo-ondersteuning/aanvragen/")["Location"]
    assert url.endswith("/stap/1/")
    keuze = url.replace("/stap/1/", "/voor-wie/")
    assert suzanne.get(keuze)["Location"] == url
    assert suzanne.post(keuze, {"voor": YASMIN})["Location"] == url
    assert "_voor" not in Concept.objects.get(uuid=url.split("/")[3]).gegevens


def test_gezag_is_not_asked_when_the_purpose_does_not_allow_it(regio, registerdubbels):
    doelbinding(regio["olst-wijhe"], "JEUGDHULP", ["naam", "adres"])
    fatima = ingelogd(FATIMA)
    assert fatima.post(JEUGD)["Location"].endswith("/stap/1/")
    (verzoek,) = registerdubbels.verzoeken("brp")
    assert "gezag" not in verzoek.body["fields"] and "kinderen" not in verzoek.body["fields"]


def test_the_choice_page_asks_a_fixed_number_of_queries(
    regio, registerdubbels, django_assert_num_queries
):
    doelbinding(regio["olst-wijhe"], "JEUGDHULP", JEUGD_GROEPEN)
    fatima = ingelogd(FATIMA)
    keuze = _voor_wie(fatima)
    with django_assert_num_queries(VOOR_WIE_QUERIES):
        assert fatima.get(keuze).status_code == 200
