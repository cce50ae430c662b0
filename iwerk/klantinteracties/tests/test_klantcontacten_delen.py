"""bijlagen and actorklantcontacten: CRUD, filters, uniqueness, query counts."""

from __future__ import annotations

import pytest

from iwerk.core import generations
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.api.bron import GENERATIE
from iwerk.klantinteracties.models import Actor, Bijlage
from iwerk.klantinteracties.tests.test_klantcontacten import klantcontact, volledig

pytestmark = pytest.mark.django_db


def test_a_bijlage_is_created_read_changed_listed_and_removed(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    kc = klantcontact(deventer)
    body = {
        "wasBijlageVanKlantcontact": {"uuid": str(kc.uuid)},
        "bijlageidentificator": {"objectId": "d-1", "codeObjecttype": "DOCUMENT"},
    }
    nieuw = api.post(f"{BASE}/bijlagen", body)
    assert nieuw.status_code == 201, nieuw.content
    url = nieuw.json()["url"]
    assert api.get(f"{BASE}/klantcontacten/{kc.uuid}").json()["omvatteBijlagen"][0]["url"] == url
    gewijzigd = api.patch(url, {"bijlageidentificator": {"objectId": "d-2"}}).json()
    assert gewijzigd["bijlageidentificator"]["objectId"] == "d-2"
    assert api.put(url, body).json()["bijlageidentificator"]["codeObjecttype"] == "DOCUMENT"
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_every_bijlagen_filter(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    kc = klantcontact(deventer)
    raak = Bijlage.objects.create(
        tenant=deventer,
        was_bijlage_van_klantcontact=kc,
        object_id="d-1",
        code_objecttype="DOCUMENT",
        code_register="openzaak",
        code_soort_object_id="uuid",
    )
    Bijlage.objects.create(tenant=deventer, was_bijlage_van_klantcontact=klantcontact(deventer))

    def gevonden(**query) -> set[str]:
        return {r["uuid"] for r in api.get(f"{BASE}/bijlagen", query).json()["results"]}

    alleen = {str(raak.uuid)}
    assert gevonden(bijlageidentificatorCodeObjecttype="DOCUMENT") == alleen
    assert gevonden(bijlageidentificatorCodeRegister="openzaak") == alleen
    assert gevonden(bijlageidentificatorCodeSoortObjectId="uuid") == alleen
    assert gevonden(bijlageidentificatorObjectId="d-1") == alleen
    assert gevonden(klantcontact__uuid=str(kc.uuid)) == alleen


def test_an_actorklantcontact_is_created_once_per_pair(gemeenten):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    kc = klantcontact(deventer)
    actor = Actor.objects.create(tenant=deventer, naam="Jan", soort_actor="medewerker")
    andere = Actor.objects.create(tenant=deventer, naam="Piet", soort_actor="medewerker")
    body = {"actor": {"uuid": str(actor.uuid)}, "klantcontact": {"uuid": str(kc.uuid)}}

    nieuw = api.post(f"{BASE}/actorklantcontacten", body)
    assert nieuw.status_code == 201, nieuw.content
    url = nieuw.json()["url"]
    acteurs = api.get(f"{BASE}/klantcontacten/{kc.uuid}").json()["hadBetrokkenActoren"]
    assert [a["naam"] for a in acteurs] == ["Jan"]
    dubbel = api.post(f"{BASE}/actorklantcontacten", body)
    assert dubbel.status_code == 400
    assert dubbel.json()["invalidParams"][0]["code"] == "unique"

    gewijzigd = api.patch(url, {"actor": {"uuid": str(andere.uuid)}}).json()
    assert gewijzigd["actor"]["uuid"] == str(andere.uuid)
    assert api.put(url, body).json()["actor"]["uuid"] == str(actor.uuid)
    elders = Actor.objects.create(tenant=gemeenten["raalte"], naam="R", soort_actor="medewerker")
    fout = api.patch(url, {"actor": {"uuid": str(elders.uuid)}})
    assert fout.json()["invalidParams"][0]["code"] == "does_not_exist"

    def gevonden(**query) -> int:
        return api.get(f"{BASE}/actorklantcontacten", query).json()["count"]

    assert gevonden(actor__url=f"{BASE}/actoren/{actor.uuid}") == 1
    assert gevonden(actor__uuid=str(andere.uuid)) == 0
    assert gevonden(klantcontact__url=f"{BASE}/klantcontacten/{kc.uuid}") == 1
    assert gevonden(klantcontact__uuid=str(kc.uuid)) == 1
    assert api.delete(url).status_code == 204
    assert gevonden() == 0


@pytest.mark.parametrize("collectie", ["bijlagen", "actorklantcontacten"])
def test_list_costs_the_same_for_one_and_five(collectie, gemeenten, django_assert_num_queries):
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    volledig(deventer)
    api.get(f"{BASE}/{collectie}")

    def lijst(aantal: int) -> None:
        generations.bump(GENERATIE)
        with django_assert_num_queries(3):  # generation, count, page with its relations
            assert api.get(f"{BASE}/{collectie}").json()["count"] == aantal

    lijst(1)
    for _ in range(4):
        volledig(deventer)
    lijst(5)
