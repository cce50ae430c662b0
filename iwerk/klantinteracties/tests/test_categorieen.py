"""The engine of the Klantinteracties API on its simplest resource: categorieen."""

import pytest

from iwerk.core.models import AuditTrail
from iwerk.core.testing.klantinteracties import BASE, TokenClient, ki_client
from iwerk.notificaties.models import Notificatie

pytestmark = pytest.mark.django_db


def test_a_categorie_is_created_read_changed_listed_and_removed(gemeenten):
    api = ki_client(gemeenten["deventer"])

    nieuw = api.post(f"{BASE}/categorieen", {"naam": "Ondernemer", "url": "genegeerd"})
    assert nieuw.status_code == 201, nieuw.content
    url = nieuw.json()["url"]
    assert url.startswith(f"{BASE}/categorieen/")
    assert api.get(url).json()["naam"] == "Ondernemer"

    assert api.patch(url, {"naam": "Inwoner"}).json()["naam"] == "Inwoner"
    assert api.put(url, {"naam": "Bezoeker"}).json()["naam"] == "Bezoeker"
    lijst = api.get(f"{BASE}/categorieen", {"pageSize": 1}).json()
    assert lijst["count"] == 1 and lijst["results"][0]["url"] == url

    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    acties = AuditTrail.objects.filter(bron="kic").order_by("pk").values_list("actie", flat=True)
    assert list(acties) == ["create", "update", "update", "destroy"]
    kanalen = set(Notificatie.objects.values_list("kanaal", flat=True))
    assert kanalen == {"klantinteracties"}


def test_another_gemeentes_categorie_does_not_exist_for_the_caller(gemeenten):
    deventer = ki_client(gemeenten["deventer"])
    raalte = ki_client(gemeenten["raalte"], label="Raalte")
    url = deventer.post(f"{BASE}/categorieen", {"naam": "Ondernemer"}).json()["url"]

    assert raalte.get(url).status_code == 404
    assert raalte.patch(url, {"naam": "Overgenomen"}).status_code == 404
    assert raalte.delete(url).status_code == 404
    assert raalte.get(f"{BASE}/categorieen").json()["count"] == 0
    assert deventer.get(url).json()["naam"] == "Ondernemer"


def test_without_a_valid_token_the_answer_is_401_problem_json(gemeenten):
    antwoord = TokenClient("onzin").get(f"{BASE}/categorieen")
    assert antwoord.status_code == 401
    assert antwoord["Content-Type"] == "application/problem+json"
    assert antwoord["WWW-Authenticate"] == "Token"


def test_a_read_only_token_cannot_write(gemeenten):
    api = ki_client(gemeenten["deventer"], scopes=["klantinteracties.lezen"])
    antwoord = api.post(f"{BASE}/categorieen", {"naam": "x"})
    assert antwoord.status_code == 403
    assert antwoord.json()["code"] == "permission_denied"


def _partij(api, nummer):
    return api.post(
        f"{BASE}/partijen", {"soortPartij": "persoon", "indicatieActief": True, "nummer": nummer}
    ).json()


def test_a_categorie_relatie_starts_today_and_is_filtered_by_every_parameter(gemeenten):
    from django.utils import timezone

    api = ki_client(gemeenten["deventer"])
    categorie = api.post(f"{BASE}/categorieen", {"naam": "Ondernemer"}).json()
    andere = api.post(f"{BASE}/categorieen", {"naam": "Inwoner"}).json()
    jan, piet = _partij(api, "1"), _partij(api, "2")
    nieuw = api.post(
        f"{BASE}/categorie-relaties",
        {"partij": {"uuid": jan["uuid"]}, "categorie": {"uuid": categorie["uuid"]}},
    )
    assert nieuw.status_code == 201, nieuw.content
    relatie = nieuw.json()
    assert relatie["beginDatum"] == timezone.localdate().isoformat()
    assert relatie["categorie"]["naam"] == "Ondernemer"
    ander = api.post(
        f"{BASE}/categorie-relaties",
        {
            "partij": {"uuid": piet["uuid"]},
            "categorie": {"uuid": andere["uuid"]},
            "beginDatum": "2025-01-01",
            "eindDatum": "2025-12-31",
        },
    ).json()
    assert api.get(jan["url"]).json()["categorieRelaties"][0]["categorieNaam"] == "Ondernemer"

    def gevonden(**params):
        antwoord = api.get(f"{BASE}/categorie-relaties", params)
        assert antwoord.status_code == 200, antwoord.content
        return {r["uuid"] for r in antwoord.json()["results"]}

    assert gevonden(beginDatum="2025-01-01") == {ander["uuid"]}
    assert gevonden(eindDatum="2025-12-31") == {ander["uuid"]}
    assert gevonden(categorie__naam="Ondernemer") == {relatie["uuid"]}
    assert gevonden(categorie__url=andere["url"]) == {ander["uuid"]}
    assert gevonden(categorie__uuid=categorie["uuid"]) == {relatie["uuid"]}
    assert gevonden(partij__nummer="2") == {ander["uuid"]}
    assert gevonden(partij__url=jan["url"]) == {relatie["uuid"]}
    assert gevonden(partij__uuid=piet["uuid"]) == {ander["uuid"]}
    assert gevonden(partij__url=categorie["url"]) == set()

    assert (
        api.patch(relatie["url"], {"eindDatum": "2030-01-01"}).json()["eindDatum"] == "2030-01-01"
    )
    assert api.put(relatie["url"], {"partij": None, "categorie": None}).json()["partij"] is None
    # Removing a categorie removes its relaties, each recorded.
    assert api.delete(andere["url"]).status_code == 204
    assert api.get(ander["url"]).status_code == 404
    verwijderd = AuditTrail.objects.filter(actie="destroy").values_list("resource", flat=True)
    assert sorted(verwijderd) == ["categorie", "categorierelatie"]
    assert api.delete(relatie["url"]).status_code == 204


def test_another_gemeentes_categorie_relatie_and_partij_cannot_be_used(gemeenten):
    deventer = ki_client(gemeenten["deventer"])
    raalte = ki_client(gemeenten["raalte"], label="Raalte")
    categorie = deventer.post(f"{BASE}/categorieen", {"naam": "Ondernemer"}).json()
    relatie = deventer.post(
        f"{BASE}/categorie-relaties", {"partij": None, "categorie": {"uuid": categorie["uuid"]}}
    ).json()
    assert raalte.get(relatie["url"]).status_code == 404
    assert raalte.get(f"{BASE}/categorie-relaties").json()["count"] == 0
    assert raalte.delete(relatie["url"]).status_code == 404
    antwoord = raalte.post(f"{BASE}/categorie-relaties", {"categorie": {"uuid": categorie["uuid"]}})
    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["code"] == "does_not_exist"
