"""The AP notification PDF reads as Dutch prose: the form's labels, Dutch dates, Ja/Nee."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from django.utils import timezone

from iwerk.core.models import Gemeente
from iwerk.core.testing.medewerkers import sign_in
from iwerk.core.testing.pdftekst import tekst
from iwerk.incidenten import ap_melding
from iwerk.incidenten.demo import load_incidenten
from iwerk.incidenten.models import Incident

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T")


@pytest.fixture
def gemeld(demo_staf):
    """The demo's misdirected letter, reported to the AP for Raalte, begun and ended."""
    load_incidenten(list(demo_staf.values()))
    incident = Incident.objects.get(titel="Beschikking naar verkeerd adres gestuurd")
    incident.begonnen_op = datetime(2026, 12, 3, 9, 5, tzinfo=TZ)
    incident.beeindigd_op = datetime(2026, 12, 5, 14, 3, tzinfo=TZ)
    incident.save(update_fields=["begonnen_op", "beeindigd_op"])
    return incident


def test_ap_pdf_has_dutch_labels_dates_and_answers(gemeld):
    client = sign_in("fg")
    if client.get("/werkplek/").status_code == 302:  # fg works for all three gemeenten
        client.post("/werkplek/gemeente/", {"gemeente": Gemeente.objects.get(slug="raalte").pk})
    response = client.get(f"/werkplek/incidenten/{gemeld.uuid}/ap/raalte.pdf")
    assert response.status_code == 200
    text = " ".join(tekst(b"".join(response.streaming_content)).split())

    for label in ("Meldnummer AP", "Beëindigd op", "Begonnen op", "Ontdekt op", "Soort melding"):
        assert label in text
    assert "AP-DEMO-0001" in text
    assert "5 december 2026 om 14:03" in text and "3 december 2026 om 09:05" in text
    assert "Nee" in text  # nog gaande, versleuteld: answers, not True/False
    for technisch in ("Meldnummer ap", "Beeindigd", "Nog gaande", "True", "False", "None"):
        assert technisch not in text
    assert not ISO.search(text)


def test_every_answer_of_the_pdf_has_a_label_and_a_readable_value(gemeld):
    betrokken = gemeld.betrokken.get(gemeente__slug="raalte")
    rows = [row for _kop, rijen in ap_melding.regels(gemeld, betrokken) for row in rijen]
    labels = [label for label, _ in rows]
    assert "Meldnummer AP" in labels and "Beëindigd op" in labels
    assert all(label[0].isupper() and "_" not in label for label in labels)
    assert not any(ISO.search(waarde) for _, waarde in rows)
    assert dict(rows)["Is het datalek nog gaande?"] == "Nee"
    assert dict(rows)["Beëindigd op"] == "5 december 2026 om 14:03"


def test_the_json_export_keeps_iso_times_for_machines(gemeld):
    betrokken = gemeld.betrokken.get(gemeente__slug="raalte")
    data = json.loads(json.dumps(ap_melding.melding(gemeld, betrokken)))
    assert data["2_tijdlijn"]["beeindigd"] == "2026-12-05T14:03+01:00"
    assert data["0_over_deze_melding"]["meldnummer_ap"] == "AP-DEMO-0001"
