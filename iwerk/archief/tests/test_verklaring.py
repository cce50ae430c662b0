"""The verklaring van vernietiging says exactly what an executed list destroyed, by whose
decision; it is sealed in the audit chain, so `iwerk audit_verifieren` finds a changed or removed
verklaring and shows which list removed what; its PDF, CSV and JSON say the same (ADR 0046)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.archief import verklaring_weergave
from iwerk.archief.models import (
    Beoordelingsbesluit,
    Beoordelingsrol,
    Beoordelingsstap,
    Itemstatus,
    Verklaring,
    Vernietigingslijst,
)
from iwerk.archief.services import uitvoering
from iwerk.archief.services.verklaring import canoniek, inhoud_hash, verklaring_inhoud
from iwerk.archief.tests.uitvoering_bouw import goedgekeurde_lijst, op_lijst, persoon
from iwerk.core import auditketen
from iwerk.core.models import Ketenschakel
from iwerk.core.testing import archief as bouw
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.core.testing.pdftekst import tekst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _opslag(document_storage, settings, tmp_path):
    settings.IWERK_AUDIT_ANKER_MAP = str(tmp_path / "ankers")


@pytest.fixture
def uitgevoerd(tenant, catalogus):
    """An executed list: two KAP zaken and one BOOM zaak destroyed, one KAP zaak excluded by the
    archivaris, one taken off at execution because it changed; reviewed in two rounds."""
    kap = bouw.zaaktype_met_besluit(catalogus, "KAP")
    boom = bouw.zaaktype_met_besluit(catalogus, "BOOM", omschrijving="Bomenkap melding")
    gaan = [
        bouw.afgesloten_zaak(kap, documenten=2, met_besluit=True),
        bouw.afgesloten_zaak(kap, documenten=1),
        bouw.afgesloten_zaak(boom, documenten=0, met_besluit=True),
    ]
    uitgezonderd = bouw.afgesloten_zaak(kap, documenten=1)
    gewijzigd = bouw.afgesloten_zaak(kap, documenten=0)
    lijst = goedgekeurde_lijst(tenant, [*gaan, gewijzigd])
    archivaris = Beoordelingsstap.objects.get(lijst=lijst, rol=Beoordelingsrol.archivaris)
    op_lijst(
        lijst,
        uitgezonderd,
        status=Itemstatus.uitgezonderd,
        reden="Bezwaarprocedure loopt nog.",
        uitgezonderd_door=archivaris.beoordelaar,
    )
    # The first round sent the list back to the records manager.
    Beoordelingsstap.objects.filter(lijst=lijst).update(ronde=2)
    Beoordelingsstap.objects.create(
        lijst=lijst,
        ronde=1,
        volgorde=1,
        rol=Beoordelingsrol.procesverantwoordelijke,
        beoordelaar=persoon("pv-eerder", "Petra", "Veld"),
        besluit=Beoordelingsbesluit.wijzigingen_gevraagd,
        opmerking="Zaak met lopend bezwaar eraf halen.",
        beslist_op=timezone.now(),
    )
    Vernietigingslijst.objects.filter(pk=lijst.pk).update(ronde=2)
    zaakbouwer.zaakdocument(gewijzigd, titel="Nagekomen")
    resultaat = uitvoering.voer_uit(lijst.pk)
    assert resultaat.klaar
    return {
        "lijst": Vernietigingslijst.objects.get(pk=lijst.pk),
        "gaan": gaan,
        "uitgezonderd": uitgezonderd,
        "gewijzigd": gewijzigd,
        "verklaring": Verklaring.objects.get(lijst=lijst),
    }


def test_the_verklaring_lists_exactly_what_went(uitgevoerd, tenant):
    inhoud = uitgevoerd["verklaring"].inhoud
    lijst = uitgevoerd["lijst"]
    weg = set(
        lijst.items.filter(status=Itemstatus.vernietigd).values_list("identificatie", flat=True)
    )
    assert weg == {z.identificatie for z in uitgevoerd["gaan"]}
    assert {z["identificatie"] for z in inhoud["zaken"]} == weg
    assert len(inhoud["zaken"]) == 3

    assert inhoud["gemeente"] == {"naam": "Deventer", "rsin": tenant.rsin}
    assert inhoud["lijst"]["nummer"] == "VL-2026-0001"
    assert inhoud["lijst"]["peildatum"] == "2026-01-01"
    kap = sorted(z.identificatie for z in uitgevoerd["gaan"][:2])
    assert inhoud["zaaktypen"] == [
        {
            "identificatie": "BOOM",
            "omschrijving": "Bomenkap melding",
            "aantal": 1,
            "eerste": uitgevoerd["gaan"][2].identificatie,
            "laatste": uitgevoerd["gaan"][2].identificatie,
            "categorieen": [
                {
                    "selectielijstklasse": uitgevoerd["gaan"][2].selectielijstklasse,
                    "weergave": "1.1 - Vernietigen - P10Y",
                    "bewaartermijn": "P10Y",
                    "aantal": 1,
                }
            ],
        },
        {
            "identificatie": "KAP",
            "omschrijving": "Zaaktype KAP",
            "aantal": 2,
            "eerste": kap[0],
            "laatste": kap[1],
            "categorieen": [
                {
                    "selectielijstklasse": uitgevoerd["gaan"][0].selectielijstklasse,
                    "weergave": "1.1 - Vernietigen - P10Y",
                    "bewaartermijn": "P10Y",
                    "aantal": 2,
                }
            ],
        },
    ]
    per_zaak = {z["identificatie"]: (z["documenten"], z["besluiten"]) for z in inhoud["zaken"]}
    assert per_zaak == {
        uitgevoerd["gaan"][0].identificatie: (2, 1),
        uitgevoerd["gaan"][1].identificatie: (1, 0),
        uitgevoerd["gaan"][2].identificatie: (0, 1),
    }
    eerste = next(z for z in inhoud["zaken"] if z["identificatie"] == kap[0])
    assert eerste["resultaat"] == "Verleend" and eerste["archiefactiedatum"] == "2020-01-01"
    assert "omschrijving" not in eerste  # what was destroyed does not live on here

    assert [
        (b["ronde"], b["rol"], b["beoordelaar"], b["besluit"]) for b in inhoud["beoordelingen"]
    ] == [
        (1, "procesverantwoordelijke", "Petra Veld", "wijzigingen_gevraagd"),
        (2, "procesverantwoordelijke", "Petra Veld", "goedgekeurd"),
        (2, "archivaris", "Arend Riks", "goedgekeurd"),
    ]
    assert inhoud["beoordelingen"][0]["opmerking"] == "Zaak met lopend bezwaar eraf halen."
    assert all(b["beslist_op"] for b in inhoud["beoordelingen"])

    uitzonderingen = {u["identificatie"]: u for u in inhoud["uitzonderingen"]}
    assert uitzonderingen[uitgevoerd["uitgezonderd"].identificatie] == {
        "identificatie": uitgevoerd["uitgezonderd"].identificatie,
        "zaaktype": "KAP",
        "status": "uitgezonderd",
        "reden": "Bezwaarprocedure loopt nog.",
        "door": "Arend Riks",
        "bij_uitvoering": False,
    }
    assert uitzonderingen[uitgevoerd["gewijzigd"].identificatie]["bij_uitvoering"] is True

    assert inhoud["uitvoering"]["vernietigd"] == 3
    assert inhoud["uitvoering"]["documenten"] == 3 and inhoud["uitvoering"]["besluiten"] == 2
    assert inhoud["uitvoering"]["van_de_lijst"] == 1
    assert inhoud["uitvoering"]["van_de_lijst_redenen"] == [
        {
            "identificatie": uitgevoerd["gewijzigd"].identificatie,
            "reden": "De zaak is gewijzigd nadat de lijst ter beoordeling is aangeboden.",
        }
    ]
    assert inhoud["uitvoering"]["gestart_op"] and inhoud["uitvoering"]["voltooid_op"]


def test_the_verklaring_is_sealed_in_the_audit_chain_with_the_removals_of_its_list(uitgevoerd):
    verklaring = uitgevoerd["verklaring"]
    lijst = uitgevoerd["lijst"]
    assert verklaring.sha256 == inhoud_hash(verklaring.inhoud)
    schakel = Ketenschakel.objects.get(volgnummer=verklaring.schakel)
    assert (schakel.tabel, schakel.rij_id) == ("verklaring", verklaring.pk)
    assert schakel.gegevens["sha256"] == verklaring.sha256
    assert schakel.gegevens["lijst"]["uuid"] == str(lijst.uuid)
    afvoeren = list(
        Ketenschakel.objects.filter(tabel="afvoer", gegevens__lijst__uuid=str(lijst.uuid))
        .order_by("volgnummer")
        .values_list("volgnummer", flat=True)
    )
    # Three zaken, two besluiten, three documents: each removal a link naming the list.
    assert schakel.gegevens["afvoeren"] == afvoeren and len(afvoeren) == 8
    assert max(afvoeren) < schakel.volgnummer


def _verifieer(*args: str) -> tuple[bool, str, str]:
    uit, fout = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verifieren", "--verzegel", *args, stdout=uit, stderr=fout)
    except CommandError:
        return False, uit.getvalue(), fout.getvalue()
    return True, uit.getvalue(), fout.getvalue()


def test_audit_verifieren_is_clean_and_finds_a_changed_verklaring(uitgevoerd):
    verklaring = uitgevoerd["verklaring"]
    ok, uit, _ = _verifieer()
    assert ok and "Auditketen in orde" in uit

    # Someone takes a zaak out of the record and fixes up the stored hash as well.
    inhoud = {**verklaring.inhoud, "zaken": verklaring.inhoud["zaken"][1:]}
    Verklaring.objects.filter(pk=verklaring.pk).update(inhoud=inhoud, sha256=inhoud_hash(inhoud))
    ok, _, fout = _verifieer()
    assert not ok and "verklaring van vernietiging van VL-2026-0001 is gewijzigd" in fout

    # Only the stored hash changed: found too.
    Verklaring.objects.filter(pk=verklaring.pk).update(inhoud=verklaring.inhoud, sha256="0" * 64)
    assert "is gewijzigd" in _verifieer()[2]

    Verklaring.objects.filter(pk=verklaring.pk).update(sha256=verklaring.sha256)
    assert _verifieer()[0]
    Verklaring.objects.filter(pk=verklaring.pk).delete()
    ok, _, fout = _verifieer()
    assert not ok and "verklaring van vernietiging van VL-2026-0001 ontbreekt" in fout


def test_audit_verifieren_shows_which_list_removed_what(uitgevoerd):
    ok, uit, _ = _verifieer("--vernietigingen")
    lijst = uitgevoerd["lijst"]
    assert ok
    assert (
        f"Vernietigingslijst VL-2026-0001 (Deventer, {lijst.uuid}): 8 objecten (2 besluiten, "
        f"3 zaken, 3 documenten); verklaring in schakel {uitgevoerd['verklaring'].schakel}."
    ) in uit
    for zaak in uitgevoerd["gaan"]:
        assert f"/zaken/api/v1/zaken/{zaak.uuid} (" in uit
    assert "auditregels)" in uit


def test_without_destructions_the_option_says_so(db):
    ok, uit, _ = _verifieer("--vernietigingen")
    assert ok and "Geen vernietigingen volgens een vernietigingslijst." in uit


def test_the_content_is_built_in_a_fixed_number_of_queries(tenant, catalogus):
    kap = bouw.zaaktype_met_besluit(catalogus)

    def tel(n: int, nummer: str) -> int:
        lijst = goedgekeurde_lijst(
            tenant, [bouw.afgesloten_zaak(kap, documenten=0) for _ in range(n)], nummer=nummer
        )
        lijst = Vernietigingslijst.objects.select_related("gemeente").get(pk=lijst.pk)
        with CaptureQueriesContext(connection) as queries:
            verklaring_inhoud(lijst)
        return len(queries)

    assert tel(1, "VL-2026-0001") == tel(3, "VL-2026-0002") == 2


def test_the_canonical_form_does_not_depend_on_key_order():
    assert canoniek({"b": 1, "a": [date(2020, 1, 1).isoformat(), "é"]}) == (
        '{"a":["2020-01-01","é"],"b":1}'.encode()
    )
    assert inhoud_hash({"a": 1, "b": 2}) == inhoud_hash({"b": 2, "a": 1})


# --- renderings ---------------------------------------------------------------------------------


def test_the_csv_has_one_row_per_destroyed_zaak_and_no_formulas(uitgevoerd):
    verklaring = uitgevoerd["verklaring"]
    inhoud = dict(verklaring.inhoud)
    inhoud["zaken"] = [{**inhoud["zaken"][0], "zaaktype_omschrijving": "=HYPERLINK(1)"}]
    rijen = list(csv.reader(io.StringIO(verklaring_weergave.als_csv(verklaring)), delimiter=";"))
    assert rijen[0] == list(verklaring_weergave.CSV_KOLOMMEN)
    assert sorted(r[1] for r in rijen[1:]) == sorted(z.identificatie for z in uitgevoerd["gaan"])
    assert {r[0] for r in rijen[1:]} == {"VL-2026-0001"}
    assert all(r[8] == "2020-01-01" for r in rijen[1:])

    verklaring.inhoud = inhoud
    rij = list(csv.reader(io.StringIO(verklaring_weergave.als_csv(verklaring)), delimiter=";"))[1]
    assert rij[3] == "'=HYPERLINK(1)"


def test_the_json_is_the_sealed_content_with_its_hash_and_link(uitgevoerd):
    verklaring = uitgevoerd["verklaring"]
    data = json.loads(verklaring_weergave.als_json(verklaring))
    assert data["verklaring"] == verklaring.inhoud
    assert inhoud_hash(data["verklaring"]) == data["sha256"] == verklaring.sha256
    assert data["auditketen"] == {"schakel": verklaring.schakel}
    assert verklaring_weergave.bestandsnaam(verklaring, "json") == (
        "verklaring-van-vernietiging-VL-2026-0001.json"
    )


def test_the_pdf_reads_in_dutch_with_dates_written_out(uitgevoerd):
    verklaring = uitgevoerd["verklaring"]
    gelezen = tekst(verklaring_weergave.als_pdf(verklaring))
    assert "Verklaring van vernietiging" in gelezen and "Gemeente Deventer" in gelezen
    assert "VL-2026-0001" in gelezen and "1 januari 2026" in gelezen  # peildatum
    assert "1 januari 2020" in gelezen  # archiefactiedatum
    for zaak in uitgevoerd["gaan"]:
        assert zaak.identificatie in gelezen
    assert "Bezwaarprocedure loopt nog." in gelezen
    assert "Wijzigingen gevraagd" in gelezen and "Archivaris" in gelezen
    assert verklaring.sha256 in gelezen
    assert "3 zaken, 3 documenten, 2 besluiten" in gelezen
    # Columns never cut a word: each heading is one text line, whole.
    regels = gelezen.splitlines()
    for woord in ("Selectielijstcategorie", "Bewaartermijn", "Archiefactiedatum", "Documenten"):
        assert woord in regels, woord


def test_auditketen_knows_the_reader_of_verklaringen():
    from iwerk.archief.services.verklaring import verklaring_hashes

    assert verklaring_hashes in auditketen._VERKLARINGEN
