"""actoren: polymorphic on soortActor, per gemeente."""

import pytest

from iwerk.core.models import AuditTrail
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.models import Actor

pytestmark = pytest.mark.django_db

MEDEWERKER = {
    "naam": "Jan de Vries",
    "soortActor": "medewerker",
    "indicatieActief": True,
    "actoridentificator": {
        "objectId": "jvries",
        "codeObjecttype": "mdw",
        "codeRegister": "ad",
        "codeSoortObjectId": "gebruikersnaam",
    },
    "actorIdentificatie": {
        "functie": "KCC-medewerker",
        "emailadres": "j.devries@deventer.nl",
        "telefoonnummer": "0570123456",
    },
}


def test_a_medewerker_is_created_read_changed_listed_and_removed(gemeenten):
    api = ki_client(gemeenten["deventer"])

    nieuw = api.post(f"{BASE}/actoren", MEDEWERKER)
    assert nieuw.status_code == 201, nieuw.content
    actor = nieuw.json()
    assert actor["actorIdentificatie"] == MEDEWERKER["actorIdentificatie"]
    assert actor["actoridentificator"]["objectId"] == "jvries"
    url = actor["url"]

    assert api.patch(url, {"naam": "Jan"}).json()["naam"] == "Jan"
    gewijzigd = api.put(url, {**MEDEWERKER, "indicatieActief": False}).json()
    assert gewijzigd["indicatieActief"] is False and gewijzigd["naam"] == "Jan de Vries"
    assert api.get(f"{BASE}/actoren").json()["count"] == 1

    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    acties = AuditTrail.objects.filter(bron="kic").order_by("pk").values_list("actie", flat=True)
    assert list(acties) == ["create", "update", "update", "destroy"]


def test_a_medewerker_needs_functie_and_telefoonnummer(gemeenten):
    api = ki_client(gemeenten["deventer"])
    body = {**MEDEWERKER, "actorIdentificatie": {"functie": "KCC"}}

    antwoord = api.post(f"{BASE}/actoren", body)

    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["name"] == "actorIdentificatie.telefoonnummer"
    assert antwoord.json()["invalidParams"][0]["code"] == "required"


def test_a_geautomatiseerde_actor_needs_a_functie_and_keeps_only_its_own_fields(gemeenten):
    api = ki_client(gemeenten["deventer"])
    zonder = {"naam": "Robot", "soortActor": "geautomatiseerde_actor", "actorIdentificatie": {}}
    assert api.post(f"{BASE}/actoren", zonder).status_code == 400

    met = api.post(
        f"{BASE}/actoren",
        {
            **zonder,
            "actorIdentificatie": {"functie": "formulieren", "telefoonnummer": "0570123456"},
        },
    ).json()
    assert met["actorIdentificatie"] == {"functie": "formulieren"}


def test_an_organisatorische_eenheid_needs_nothing(gemeenten):
    api = ki_client(gemeenten["deventer"])
    team = {"naam": "Team Wmo", "soortActor": "organisatorische_eenheid"}

    antwoord = api.post(f"{BASE}/actoren", team)

    assert antwoord.status_code == 201
    assert "actorIdentificatie" not in antwoord.json()


@pytest.mark.parametrize("nummer", ["0800123456", "0900123456", "0881234567", "14020", "06123"])
def test_a_telefoonnummer_of_a_medewerker_must_be_callable(gemeenten, nummer):
    api = ki_client(gemeenten["deventer"])
    body = {**MEDEWERKER, "actorIdentificatie": {"functie": "KCC", "telefoonnummer": nummer}}

    antwoord = api.post(f"{BASE}/actoren", body)

    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["name"] == "actorIdentificatie.telefoonnummer"


def test_naam_is_required_and_soort_must_be_known(gemeenten):
    api = ki_client(gemeenten["deventer"])
    antwoord = api.post(f"{BASE}/actoren", {"naam": "", "soortActor": "robot"})
    namen = {p["name"]: p["code"] for p in antwoord.json()["invalidParams"]}
    assert namen == {"naam": "blank", "soortActor": "invalid_choice"}


def test_every_list_filter(gemeenten):
    api = ki_client(gemeenten["deventer"])
    api.post(f"{BASE}/actoren", MEDEWERKER)
    api.post(
        f"{BASE}/actoren",
        {"naam": "Team Wmo", "soortActor": "organisatorische_eenheid", "indicatieActief": False},
    )

    def namen(**query):
        antwoord = api.get(f"{BASE}/actoren", query)
        assert antwoord.status_code == 200, antwoord.content
        return [a["naam"] for a in antwoord.json()["results"]]

    assert namen(naam="de vries") == ["Jan de Vries"]
    assert namen(soortActor="organisatorische_eenheid") == ["Team Wmo"]
    assert namen(indicatieActief="false") == ["Team Wmo"]
    assert namen(actoridentificatorObjectId="jvries") == ["Jan de Vries"]
    assert namen(actoridentificatorCodeObjecttype="mdw") == ["Jan de Vries"]
    assert namen(actoridentificatorCodeRegister="ad") == ["Jan de Vries"]
    assert namen(actoridentificatorCodeSoortObjectId="gebruikersnaam") == ["Jan de Vries"]
    assert namen(actoridentificatorCodeRegister="brp") == []
    assert api.get(f"{BASE}/actoren", {"onbekend": "x"}).status_code == 400


def test_another_gemeentes_actor_does_not_exist_for_the_caller(gemeenten):
    deventer = ki_client(gemeenten["deventer"])
    raalte = ki_client(gemeenten["raalte"], label="Raalte")
    url = deventer.post(f"{BASE}/actoren", MEDEWERKER).json()["url"]

    assert raalte.get(url).status_code == 404
    assert raalte.patch(url, {"naam": "Overgenomen"}).status_code == 404
    assert raalte.put(url, MEDEWERKER).status_code == 404
    assert raalte.delete(url).status_code == 404
    assert raalte.get(f"{BASE}/actoren").json()["count"] == 0
    assert Actor.objects.get().naam == "Jan de Vries"


def test_the_actoren_list_costs_the_same_for_one_or_five(gemeenten, django_assert_num_queries):
    api = ki_client(gemeenten["deventer"])
    api.post(f"{BASE}/actoren", MEDEWERKER)
    api.get(f"{BASE}/actoren")  # the token is resolved and cached
    with django_assert_num_queries(2):
        assert api.get(f"{BASE}/actoren", {"page": 1}).json()["count"] == 1
    for _ in range(4):
        api.post(f"{BASE}/actoren", MEDEWERKER)
    api.get(f"{BASE}/actoren")
    with django_assert_num_queries(2):
        assert api.get(f"{BASE}/actoren", {"page": 1}).json()["count"] == 5
