"""`iwerk migreer bestand`: the dry run by default, its exit status, the JSON report, the
template, the shipped example against the demo catalogue, and the documentation of the format."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from iwerk.core.testing import catalogus as build
from iwerk.migratie.bestand.formaat import BLADEN
from iwerk.migratie.bestand.voorbeeld import VOORBEELD
from iwerk.migratie.tests.bestand_hulp import als_csv, bestanden, catalogus_met_kap, goede_bladen
from iwerk.zaken.models import Status, Zaak

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[3] / "docs" / "migratie-bestand.md"


def migreer(*args: str) -> str:
    uit = io.StringIO()
    call_command("migreer", "bestand", *args, stdout=uit)
    return uit.getvalue()


@pytest.fixture
def export(catalogus, document_storage, tmp_path):
    catalogus_met_kap(catalogus)
    bestanden(tmp_path)
    return als_csv(goede_bladen(), tmp_path / "export")


def test_dry_run_is_the_default_and_writes_nothing(export, tenant, tmp_path):
    uit = migreer(str(export), "--gemeente", "deventer", "--bestanden", str(tmp_path))

    assert "Proef: geen fouten. Te importeren in Deventer: 3 zaken, 4 rollen, 4 statussen, " in uit
    assert "3 documenten." in uit and "--uitvoeren" in uit
    assert Zaak.objects.count() == 0


def test_uitvoeren_imports_and_writes_the_report(export, tenant, tmp_path):
    rapport = tmp_path / "rapport.json"
    uit = migreer(
        str(export), "--gemeente", tenant.rsin, "--bestanden", str(tmp_path),
        "--uitvoeren", "--rapport", str(rapport),
    )  # fmt: skip

    assert "Geïmporteerd in Deventer: 3 zaken, 4 rollen, 4 statussen, 3 documenten." in uit
    assert Zaak.objects.count() == 3 and Status.objects.count() == 4
    data = json.loads(rapport.read_text())
    assert data["uitgevoerd"] is True and data["gelukt"] is True
    assert {z["identificatie"]: z["status"] for z in data["zaken"]} == {
        "Z-1": "geimporteerd", "Z-2": "geimporteerd", "Z-3": "geimporteerd",
    }  # fmt: skip


def test_errors_exit_non_zero_with_every_error_listed(export, tenant, tmp_path):
    bladen = goede_bladen()
    bladen["zaken"][1][1] = "ONBEKEND"
    bladen["betrokkenen"][1][3] = "123456789"
    als_csv(bladen, export)
    rapport = tmp_path / "rapport.json"
    uit = io.StringIO()

    with pytest.raises(CommandError, match="2 fout"):
        call_command(
            "migreer", "bestand", str(export), "--gemeente", "Deventer",
            "--bestanden", str(tmp_path), "--uitvoeren", "--rapport", str(rapport), stdout=uit,
        )  # fmt: skip
    assert "blad zaken, rij 2, kolom B (zaaktype)" in uit.getvalue()
    assert "blad betrokkenen, rij 2, kolom D (bsn)" in uit.getvalue()
    fouten = json.loads(rapport.read_text())["fouten"]
    assert [(f["blad"], f["rij"], f["kolom"], f["letter"]) for f in fouten] == [
        ("zaken", 2, "zaaktype", "B"),
        ("betrokkenen", 2, "bsn", "D"),
    ]
    assert Zaak.objects.count() == 0


def test_unknown_gemeente_is_refused(export):
    with pytest.raises(CommandError, match="Geen gemeente 'Atlantis'"):
        migreer(str(export), "--gemeente", "Atlantis")


def test_template_has_every_column_and_reads_back_clean(tenant, tmp_path):
    from openpyxl import load_workbook

    sjabloon = tmp_path / "sjabloon.xlsx"
    migreer("--sjabloon", str(sjabloon))

    werkboek = load_workbook(sjabloon, read_only=True)
    for naam, kolommen in BLADEN.items():
        kop = next(werkboek[naam].iter_rows(values_only=True))
        assert list(kop) == [k.naam for k in kolommen]
    assert "Proef: geen fouten" in migreer(str(sjabloon), "--gemeente", "Deventer")


def test_shipped_example_imports_into_the_demo_catalogue(tenant, document_storage):
    """voorbeeld/ is made for the demo's zaaktypen MOR and EVENEMENT (docs/migratie-bestand.md)."""
    cat = build.catalogus(tenant)
    build.demo_zaaktype(cat, "MOR")
    build.demo_zaaktype(cat, "EVENEMENT")

    uit = migreer(str(VOORBEELD), "--gemeente", "Deventer", "--uitvoeren")

    assert "Geïmporteerd in Deventer: 4 zaken, 5 rollen, 8 statussen, 3 documenten." in uit
    gesloten = Zaak.objects.get(identificatie="OUD-MOR-2024-0001")
    assert str(gesloten.einddatum) == "2024-03-07"
    assert Zaak.objects.get(identificatie="OUD-EVE-2024-0002").hoofdzaak.identificatie == (
        "OUD-EVE-2024-0001"
    )


def test_documentation_names_every_column():
    tekst = DOC.read_text(encoding="utf-8")
    for naam, kolommen in BLADEN.items():
        assert f"### {naam}" in tekst
        for kolom in kolommen:
            assert f"`{kolom.naam}`" in tekst, f"{naam}.{kolom.naam} ontbreekt in {DOC.name}"
