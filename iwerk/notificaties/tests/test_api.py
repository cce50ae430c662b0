"""Notificaties API 1.0.1 against the official document, with a real subscriber on loopback."""

from __future__ import annotations

import pytest

from iwerk.core.testing.api import register_client
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.core.testing.receiver import Receiver
from iwerk.notificaties.models import Levering, Notificatie

pytestmark = pytest.mark.django_db
N = "http://testserver/notificaties/api/v1"


@pytest.mark.conformance
def test_every_operation_conforms(superuser_client, receiver, settings):
    settings.IWERK_ALLOW_EXTERNAL_REGISTERS = True  # the message below is about another register
    api = ConformanceRecorder(superuser_client, "iwerk.notificaties", "/notificaties/api/v1")
    kanalen = api.get(f"{N}/kanaal").json()
    assert {"zaken", "documenten", "besluiten"} <= {k["naam"] for k in kanalen}
    zaken = api.get(f"{N}/kanaal", {"naam": "zaken"}).json()[0]
    assert api.get(zaken["url"]).json()["filters"][0] == "bronorganisatie"
    assert api.head(zaken["url"]).status_code == 200
    created = api.post(
        f"{N}/kanaal",
        {
            "naam": "meldingen",
            "documentatieLink": "https://example.nl/meldingen",
            "filters": ["wijk"],
        },
    )
    assert created.status_code == 201
    assert (
        api.post(f"{N}/kanaal", {"naam": "meldingen"}).json()["invalidParams"][0]["code"]
        == "unique"
    )

    abonnement = api.post(
        f"{N}/abonnement",
        {
            "callbackUrl": f"{receiver}/ok",
            "auth": "Bearer abc",
            "kanalen": [{"naam": "zaken", "filters": {"bronorganisatie": "001902763"}}],
        },
    )
    assert abonnement.status_code == 201, abonnement.json()
    # The subscriber got a test message with its own Authorization header (G5).
    assert Receiver.received[0][:2] == ("/ok", "Bearer abc")
    url = abonnement.json()["url"]
    assert api.get(f"{N}/abonnement").json()[0]["url"] == url
    assert api.get(url).json()["kanalen"][0]["filters"] == {"bronorganisatie": "001902763"}
    assert api.head(url).status_code == 200
    assert (
        api.patch(
            url, {"kanalen": [{"naam": "zaken", "filters": {"bronorganisatie": "*"}}]}
        ).status_code
        == 200
    )
    assert (
        api.put(
            url,
            {
                "callbackUrl": f"{receiver}/ok",
                "auth": "Bearer abc",
                "kanalen": [{"naam": "besluiten"}],
            },
        ).status_code
        == 200
    )

    message = {
        "kanaal": "meldingen",
        "hoofdObject": "https://meldingen.example.nl/api/v1/meldingen/1",
        "resource": "melding",
        "resourceUrl": "https://meldingen.example.nl/api/v1/meldingen/1",
        "actie": "create",
        "aanmaakdatum": "2026-11-29T10:00:00+01:00",
        "kenmerken": {"wijk": "Binnenstad"},
    }
    published = api.post(f"{N}/notificaties", message)
    assert published.status_code == 200 and published.json()["kenmerken"] == {"wijk": "Binnenstad"}
    assert Notificatie.objects.filter(kanaal="meldingen").count() == 1
    assert api.delete(url).status_code == 204
    assert api.missing_operations() == set()
    assert api.server_errors == [] and api.violations == [], "\n".join(api.violations)


@pytest.mark.parametrize(
    ("body", "name", "code"),
    [
        ({"kanalen": [{"naam": "bestaat-niet"}]}, "kanalen.0.naam", "kanaal-not-found"),
        (
            {"kanalen": [{"naam": "zaken", "filters": {"kleur": "rood"}}]},
            "kanalen.0.filters",
            "inconsistent-abonnement-filters",
        ),
        ({"callbackUrl": "niet-een-url"}, "callbackUrl", "invalid"),
    ],
)
def test_abonnement_bad_input(superuser_client, receiver, body, name, code):
    full = {"callbackUrl": f"{receiver}/ok", "auth": "Bearer abc", "kanalen": [{"naam": "zaken"}]}
    response = superuser_client.post(f"{N}/abonnement", {**full, **body})
    assert response.status_code == 400
    assert (name, code) in {(p["name"], p["code"]) for p in response.json()["invalidParams"]}


def test_callback_must_answer_204(superuser_client, receiver):
    for callback in (f"{receiver}/stuk", "http://127.0.0.1:9/niemand"):
        response = superuser_client.post(
            f"{N}/abonnement",
            {"callbackUrl": callback, "auth": "x", "kanalen": [{"naam": "zaken"}]},
        )
        assert response.json()["invalidParams"][0]["code"] == "invalid-callback-url"


def test_external_message_is_checked_and_fanned_out(superuser_client, receiver, settings):
    settings.IWERK_ALLOW_EXTERNAL_REGISTERS = True  # else refused: see test_publiceren
    superuser_client.post(
        f"{N}/abonnement",
        {
            "callbackUrl": f"{receiver}/ok",
            "auth": "x",
            "kanalen": [{"naam": "zaken", "filters": {"bronorganisatie": "001902763"}}],
        },
    )
    base = {
        "kanaal": "zaken",
        "hoofdObject": "https://zaken.example.nl/api/v1/zaken/1",
        "resource": "zaak",
        "resourceUrl": "https://zaken.example.nl/api/v1/zaken/1",
        "actie": "create",
        "aanmaakdatum": "2026-11-29T10:00:00+01:00",
    }
    unknown = superuser_client.post(f"{N}/notificaties", {**base, "kanaal": "nergens"})
    assert unknown.json()["invalidParams"][0]["code"] == "kanaal-not-found"
    odd = superuser_client.post(f"{N}/notificaties", {**base, "kenmerken": {"kleur": "rood"}})
    assert odd.json()["invalidParams"][0]["code"] == "kenmerken-inconsistent"
    for bron, expected in (("001902763", 1), ("001654937", 0)):
        superuser_client.post(f"{N}/notificaties", {**base, "kenmerken": {"bronorganisatie": bron}})
        assert (
            Levering.objects.filter(notificatie__kenmerken__bronorganisatie=bron).count()
            == expected
        )


def test_publishing_needs_its_scope(receiver):
    consumer = register_client(
        "consumer", autorisaties=[{"component": "nrc", "scopes": ["notificaties.consumeren"]}]
    )
    response = consumer.post("/notificaties/api/v1/notificaties", {"kanaal": "zaken"})
    assert response.status_code == 403
