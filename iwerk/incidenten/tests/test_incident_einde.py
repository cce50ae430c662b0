"""The end of an incident as a person reads it: a closed one is not "nog gaande" (issue 23)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from iwerk.core.models import Gemeente
from iwerk.core.testing.medewerkers import sign_in
from iwerk.incidenten import services

pytestmark = pytest.mark.django_db


def _beeindigd(client, incident) -> str:
    page = client.get(f"/werkplek/incidenten/{incident.uuid}/").content.decode()
    return re.search(r"<dt>Beëindigd</dt><dd>(.*?)</dd>", page).group(1)


def test_a_closed_incident_without_end_time_says_unknown_not_ongoing(demo_staf):
    fg = get_user_model().objects.get(username="fg")
    deventer = demo_staf["deventer"]
    incident = services.melden(
        user=fg,
        gemeente=deventer,
        gegevens={
            "titel": "Phishingmail",
            "categorie": "phishing",
            "ontdekt_op": timezone.now() - timedelta(hours=1),
        },
    )
    client = sign_in("fg")
    if client.get("/werkplek/").status_code == 302:
        client.post("/werkplek/gemeente/", {"gemeente": Gemeente.objects.get(slug="deventer").pk})
    assert _beeindigd(client, incident).lower() == "nog gaande of onbekend"  # open: either

    services.beoordelen(
        user=fg,
        incident=incident,
        datalek=False,
        reden="Geen persoonsgegevens",
        gemeenten=[deventer],
    )
    services.afsluiten(user=fg, incident=incident, afhandeling="Mail geblokkeerd", lessen="")
    assert _beeindigd(client, incident).lower() == "onbekend"
