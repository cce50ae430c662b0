"""Beheer of dead letters, and bad messages from external publishers."""

from __future__ import annotations

import pytest
from django.utils import timezone

from iwerk.core.testing.beheer import verified_client
from iwerk.notificaties.models import Abonnement, AbonnementKanaal, Kanaal, Levering, Poging
from iwerk.notificaties.services import outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "beheerder", "b@example.nl", "lang-wachtwoord-26"
    )
    return verified_client(client, user)


def _parked() -> Levering:
    abonnement = Abonnement.objects.create(callback_url="http://127.0.0.1:9/x", auth="geheim-token")
    AbonnementKanaal.objects.create(abonnement=abonnement, kanaal=Kanaal.objects.get(naam="zaken"))
    outbox.publish(
        kanaal="zaken",
        hoofd_object="https://zaken.example.nl/api/v1/zaken/1",
        resource="zaak",
        resource_url="https://zaken.example.nl/api/v1/zaken/1",
        actie="create",
        kenmerken={},
    )
    levering = Levering.objects.get()
    Levering.objects.filter(pk=levering.pk).update(status="geparkeerd", pogingen=8)
    Poging.objects.create(
        levering=levering, tijdstip=timezone.now(), statuscode=500, duur_ms=12, fout="HTTP 500"
    )
    return levering


def test_dead_letters_are_listed_with_their_attempts_and_offered_again(beheerder):
    levering = _parked()
    listing = beheerder.get("/admin/notificaties/levering/", {"status__exact": "geparkeerd"})
    assert listing.status_code == 200 and "Geparkeerd" in listing.content.decode()
    detail = beheerder.get(f"/admin/notificaties/levering/{levering.pk}/change/")
    assert "HTTP 500" in detail.content.decode()
    beheerder.post(
        "/admin/notificaties/levering/",
        {"action": "opnieuw_aanbieden", "_selected_action": [levering.pk]},
    )
    levering.refresh_from_db()
    assert (levering.status, levering.pogingen) == ("wachtend", 0)
    # The subscriber's secret is not shown in beheer.
    abonnement = beheerder.get(f"/admin/notificaties/abonnement/{levering.abonnement_id}/change/")
    assert "geheim-token" not in abonnement.content.decode()


def test_huge_or_malformed_messages_are_refused_and_nothing_is_stored(superuser_client):
    base = {
        "kanaal": "zaken",
        "hoofdObject": "https://zaken.example.nl/api/v1/zaken/1",
        "resource": "zaak",
        "resourceUrl": "https://zaken.example.nl/api/v1/zaken/1",
        "actie": "create",
        "aanmaakdatum": "2026-11-29T10:00:00+01:00",
    }
    huge = superuser_client.post(
        "/notificaties/api/v1/notificaties",
        {**base, "kenmerken": {"bronorganisatie": "x" * 2_000_000}},
    )
    assert huge.status_code == 413 and huge["Content-Type"] == "application/problem+json"
    malformed = superuser_client.post(
        "/notificaties/api/v1/notificaties", {**base, "hoofdObject": "geen url", "aanmaakdatum": 5}
    )
    assert malformed.status_code == 400
    assert {p["name"] for p in malformed.json()["invalidParams"]} >= {"hoofdObject", "aanmaakdatum"}
    assert not Levering.objects.exists()
