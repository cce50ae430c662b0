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
