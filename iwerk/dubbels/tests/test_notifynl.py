"""NotifyNL's double over real HTTP: Notify's JWT, sending an sms, finding it by reference,
Notify's error shape, and a storing."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
import requests

from iwerk.core.testing.registerdubbels import start

SERVICE, SECRET = str(uuid.UUID(int=11)), str(uuid.UUID(int=12))
SLEUTEL = f"test-{SERVICE}-{SECRET}"
TEMPLATE = str(uuid.UUID(int=13))


@pytest.fixture
def server():
    server = start(sleutels={"notifynl": SLEUTEL})
    yield server
    server.stop()


def _kop(secret=SECRET, iss=SERVICE, iat=None):
    token = jwt.encode({"iss": iss, "iat": int(iat or time.time())}, secret, algorithm="HS256")
    return {"Authorization": f"Bearer {token}"}


def _sms(server, body=None, headers=None):
    return requests.post(
        server.notifynl_url + "/v2/notifications/sms",
        json=body
        or {
            "phone_number": "+31612345678",
            "template_id": TEMPLATE,
            "personalisation": {"bericht": "Uw zaak heeft een nieuwe status."},
            "reference": "ref-1",
        },
        headers=_kop() if headers is None else headers,
        timeout=5,
    )


def test_an_sms_is_accepted_and_found_by_its_reference(server):
    antwoord = _sms(server)
    assert antwoord.status_code == 201, antwoord.text
    id_ = antwoord.json()["id"]
    assert antwoord.json()["content"]["body"] == "Uw zaak heeft een nieuwe status."

    lijst = requests.get(
        server.notifynl_url + "/v2/notifications",
        params={"reference": "ref-1"},
        headers=_kop(),
        timeout=5,
    ).json()["notifications"]
    assert [n["id"] for n in lijst] == [id_]
    assert lijst[0]["phone_number"] == "+31612345678"
    leeg = requests.get(
        server.notifynl_url + "/v2/notifications",
        params={"reference": "ref-2"},
        headers=_kop(),
        timeout=5,
    )
    assert leeg.json()["notifications"] == []
    een = requests.get(server.notifynl_url + f"/v2/notifications/{id_}", headers=_kop(), timeout=5)
    assert een.json()["reference"] == "ref-1"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer onzin"}, 403),
        (_kop(secret=str(uuid.UUID(int=99))), 403),
        (_kop(iss=str(uuid.UUID(int=98))), 403),
        (_kop(iat=time.time() - 120), 403),
    ],
)
def test_a_token_that_is_not_notifys_is_refused(server, headers, status):
    antwoord = _sms(server, headers=headers)
    assert antwoord.status_code == status
    assert antwoord.json()["errors"][0]["error"] == "AuthError"
    assert server.notifynl_dienst.verzonden() == []


def test_an_invalid_phone_number_is_a_validation_error(server):
    antwoord = _sms(server, {"phone_number": "bel me", "template_id": TEMPLATE})
    assert antwoord.status_code == 400
    fout = antwoord.json()["errors"][0]
    assert fout["error"] == "ValidationError" and "phone_number" in fout["message"]


def test_a_storing_answers_503_in_notifys_shape(server):
    server.storing("notifynl", "503")
    antwoord = _sms(server)
    assert antwoord.status_code == 503
    assert antwoord.json()["status_code"] == 503
    server.storing("notifynl", None)
    assert _sms(server).status_code == 201
    assert len(server.verzoeken("notifynl")) == 2
