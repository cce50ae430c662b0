"""Uploads scanned by a real ClamAV daemon (Debian's clamd, test signature database)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from iwerk.core import virusscan
from iwerk.core.testing.clamd import MONSTER, SIGNATUUR, vereist

pytestmark = vereist


def test_the_daemon_finds_the_test_signature_and_passes_clean_content(scanner):
    assert virusscan.scan([b"gewone brief"]) is None
    assert virusscan.scan([MONSTER[:10], MONSTER[10:]]) == SIGNATUUR


def test_the_portaal_refuses_an_infected_attachment_with_a_dutch_message(scanner):
    from iwerk.portaal.stappen import bestand_toegestaan

    veld = {"type": "bijlage", "naam": "verklaring", "bestandstypen": ["pdf"]}
    schoon = SimpleUploadedFile("verklaring.pdf", b"%PDF-1.4\nschoon\n%%EOF\n")
    besmet = SimpleUploadedFile("verklaring.pdf", MONSTER)
    assert bestand_toegestaan(schoon, veld) is None
    assert (
        bestand_toegestaan(besmet, veld)
        == "Dit bestand bevat een virus of andere malware en is geweigerd."
    )
    assert besmet.read() == MONSTER  # the upload is rewound for whoever reads it next


@pytest.mark.django_db
def test_a_scanner_that_does_not_answer_refuses_instead_of_letting_through(settings, tmp_path):
    from iwerk.portaal.stappen import bestand_toegestaan

    settings.IWERK_CLAMAV = f"unix://{tmp_path}/weg.sock"
    with pytest.raises(virusscan.ScanNietBeschikbaar):
        virusscan.scan([b"x"])
    reden = bestand_toegestaan(
        SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"), {"type": "bijlage", "naam": "a"}
    )
    assert "kon nu niet op virussen worden gecontroleerd" in reden


@pytest.mark.django_db
def test_ready_reports_the_scanner_without_gating_on_it(scanner, settings, tmp_path):
    from django.test import Client

    ready = Client().get("/ready")
    assert ready.status_code == 200 and ready.json()["virusscanner"] == "ok"
    settings.IWERK_CLAMAV = f"unix://{tmp_path}/weg.sock"
    ready = Client().get("/ready")
    assert ready.status_code == 200 and ready.json()["virusscanner"] == "unreachable"
    settings.IWERK_CLAMAV = "uit"
    assert Client().get("/ready").json()["virusscanner"] == "off"
    assert virusscan.scan([MONSTER]) is None  # switched off: nothing is scanned
