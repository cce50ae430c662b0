"""What the fuzzing of the Klantinteracties API found (core/tests/test_fuzzing.py and its edge
values): each a request that answered 500, now a Dutch 400 or the right answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from iwerk.core.models import Gemeente
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.models import DigitaalAdres, Klantcontact, Partij

pytestmark = pytest.mark.django_db

CONTACT = {"kanaal": "telefoon", "onderwerp": "Afvalpas", "taal": "nld", "vertrouwelijk": False}
# Moments ISO 8601 allows that lie outside years 1 to 9999 in UTC, where the database keeps them
# (the second without offset: Dutch time, whose offset in year 1 was +00:19:32).
BUITEN_UTC = ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00"]


def _contact(gemeente: Gemeente) -> Klantcontact:
    return Klantcontact.objects.create(
        tenant=gemeente, kanaal="telefoon", onderwerp="Afval", taal="nld",
        plaatsgevonden_op=timezone.now(),
    )  # fmt: skip


def _refused(antwoord: Any, veld: str) -> bool:
    if antwoord.status_code != 400:
        return False
    (param,) = antwoord.json()["invalidParams"]
    return param["name"] == veld and param["reason"] == (
        "Dit tijdstip valt in UTC buiten de jaren 1 tot en met 9999."
    )


@pytest.mark.parametrize("moment", BUITEN_UTC)
def test_a_moment_beyond_utc_in_a_body_is_refused(
    gemeenten: dict[str, Gemeente], moment: str
) -> None:
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    contact = {**CONTACT, "plaatsgevondenOp": moment}
    taak = {
        "aanleidinggevendKlantcontact": {"uuid": str(_contact(deventer).uuid)},
        "gevraagdeHandeling": "Bel terug",
        "status": "verwerkt",
        "afgehandeldOp": moment,
    }

    assert _refused(api.post(f"{BASE}/klantcontacten", contact), "plaatsgevondenOp")
    assert _refused(api.post(f"{BASE}/internetaken", taak), "afgehandeldOp")
    gemaakt = api.post(f"{BASE}/maak-klantcontact", {"klantcontact": contact})
    assert _refused(gemaakt, "klantcontact.plaatsgevondenOp")
    assert Klantcontact.objects.count() == 1


@pytest.mark.parametrize("moment", BUITEN_UTC)
def test_a_moment_beyond_utc_in_a_filter_is_refused(
    gemeenten: dict[str, Gemeente], moment: str
) -> None:
    api = ki_client(gemeenten["deventer"])

    lijst = api.get(f"{BASE}/klantcontacten", {"plaatsgevondenOp": moment})
    assert _refused(lijst, "plaatsgevondenOp")
    assert _refused(api.get(f"{BASE}/internetaken", {"toegewezenOp": moment}), "toegewezenOp")


def test_verificatiedatum_filters_reach_the_first_and_the_last_day_there_is(
    gemeenten: dict[str, Gemeente],
) -> None:
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    partij = Partij.objects.create(tenant=deventer, soort_partij="persoon")
    geverifieerd = DigitaalAdres.objects.create(
        tenant=deventer, verstrekt_door_partij=partij, adres="jan@example.nl",
        soort_digitaal_adres="email",
        verificatie_datum=datetime(2025, 3, 1, tzinfo=ZoneInfo("Europe/Amsterdam")),
    )  # fmt: skip

    def adressen(**filter_: str) -> set[str]:
        antwoord = api.get(f"{BASE}/digitaleadressen", filter_)
        assert antwoord.status_code == 200, antwoord.content
        return {a["uuid"] for a in antwoord.json()["results"]}

    alleen = {str(geverifieerd.uuid)}
    assert adressen(verificatieDatum="9999-12-31") == set()
    assert adressen(verificatieDatum="0001-01-01") == set()
    assert adressen(verificatieDatum__gt="9999-12-31") == set()
    assert adressen(verificatieDatum__lte="9999-12-31") == alleen
    assert adressen(verificatieDatum__gte="0001-01-01") == alleen
    assert adressen(verificatieDatum__lt="0001-01-01") == set()
    assert adressen(verificatieDatum__gt="0001-01-01", verificatieDatum__lt="9999-12-31") == alleen


def test_a_verificatiedatum_before_the_first_moment_in_utc_is_refused(
    gemeenten: dict[str, Gemeente],
) -> None:
    deventer = gemeenten["deventer"]
    api = ki_client(deventer)
    partij = Partij.objects.create(tenant=deventer, soort_partij="persoon")
    body = {
        "verstrektDoorPartij": {"uuid": str(partij.uuid)},
        "adres": "jan@example.nl",
        "soortDigitaalAdres": "email",
        "verificatieDatum": "0001-01-01",
    }

    antwoord = api.post(f"{BASE}/digitaleadressen", body)

    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["name"] == "verificatieDatum"
    assert api.get(f"{BASE}/digitaleadressen").status_code == 200
