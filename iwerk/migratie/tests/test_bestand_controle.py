"""The dry run of the bulk import: a file full of mistakes is reported row by row, all at once,
the same from CSV and XLSX; the catalogue is the target gemeente's only; the cost is flat."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.zaken import zaak as maak_zaak
from iwerk.migratie.bestand.controle import controleer
from iwerk.migratie.bestand.lezen import lees
from iwerk.migratie.bestand.verslag import WAARSCHUWING
from iwerk.migratie.tests.bestand_hulp import (
    BSN,
    als_csv,
    als_xlsx,
    bestanden,
    catalogus_met_kap,
    goede_bladen,
)

pytestmark = pytest.mark.django_db


def proef(pad, gemeente, bestanden=None):
    return controleer(lees(pad), gemeente, bestanden).verslag


ZAAK = ["identificatie", "zaaktype", "omschrijving", "startdatum", "einddatum_gepland",
        "vertrouwelijkheidaanduiding", "hoofdzaak", "resultaat", "kleur"]  # fmt: skip


def foute_bladen() -> dict[str, list[list[object]]]:
    """Every row but Z-1 and Z-2 holds a mistake; the comment names the row number."""
    return {
        "zaken": [
            ZAAK,
            ["Z-1", "KAP", "Goed", "2021-02-01", "", "", "", "Verleend", ""],  # 2
            ["Z-2", "KAP", "Goed, zonder resultaat", "2021-02-01", "", "", "", "", ""],  # 3
            ["Z-1", "KAP", "Dubbel", "2021-02-01", "", "", "", "", ""],  # 4
            ["Z-4", "ONBEKEND", "", "2021-02-01", "", "", "", "", ""],  # 5
            ["Z-5", "CONCEPT", "", "2021-02-01", "", "", "", "", ""],  # 6
            ["Z-6", "KAP", "", "2019-06-01", "", "", "", "", ""],  # 7
            ["Z-7", "KAP", "", "31-02-2021", "", "", "", "", ""],  # 8
            ["Z-8", "KAP", "", "2021-02-01", "", "supergeheim", "", "", ""],  # 9
            ["Z-9", "KAP", "", "2021-02-01", "", "", "Z-404", "", ""],  # 10
            ["Z-10", "KAP", "", "2021-02-01", "", "", "", "Misschien", ""],  # 11
            ["BESTAAND", "KAP", "", "2021-02-01", "", "", "", "", ""],  # 12
            ["Z-12", "KAP", "x" * 81, "2021-02-01", "", "", "", "", ""],  # 13
            ["Z-13", "", "", "2021-02-01", "", "", "", "", ""],  # 14
            ["Z-14", "KAP", "", "2021-02-01", "2021-01-01", "", "", "", ""],  # 15
        ],
        "betrokkenen": [
            ["zaak", "roltype", "bsn", "kvk_nummer", "naam"],
            ["Z-1", "Aanvrager", "123456789", "", ""],  # 2
            ["Z-1", "Toeschouwer", BSN, "", ""],  # 3
            ["Z-99", "Aanvrager", BSN, "", ""],  # 4
            ["Z-1", "Aanvrager", BSN, "12345678", ""],  # 5
            ["Z-1", "Aanvrager", "", "1234", ""],  # 6
            ["Z-1", "Aanvrager", "", "", "Zonder nummer"],  # 7
        ],
        "statussen": [
            ["zaak", "statustype", "datum_status_gezet"],
            ["Z-1", "Gepland", "2021-02-01"],  # 2
            ["Z-1", "Ontvangen", "gisteren"],  # 3
            ["Z-1", "Ontvangen", "2099-01-01"],  # 4
            ["Z-2", "Afgehandeld", "2021-03-01"],  # 5
            ["Z-1", "Afgehandeld", "2021-03-01"],  # 6
            ["Z-1", "In behandeling", "2021-04-01"],  # 7
            ["Z-1", "Ontvangen", "2021-01-15"],  # 8: before the startdatum, a warning
        ],
        "documenten": [
            ["zaak", "bestand", "informatieobjecttype", "creatiedatum", "auteur", "taal",
             "identificatie"],
            ["Z-1", "stukken/ontbreekt.pdf", "Aanvraag", "2021-02-01", "X", "", ""],  # 2
            ["Z-1", "../geheim.txt", "Aanvraag", "2021-02-01", "X", "", ""],  # 3
            ["Z-1", "stukken/aanvraag.pdf", "Memo", "2021-02-01", "X", "", ""],  # 4
            ["Z-1", "stukken/aanvraag.pdf", "Aanvraag", "2021-02-01", "X", "NL", ""],  # 5
            ["Z-1", "stukken/aanvraag.pdf", "Aanvraag", "", "X", "", ""],  # 6
            ["Z-1", "stukken/aanvraag.pdf", "Aanvraag", "2021-02-01", "X", "", "DOC-1"],  # 7
            ["Z-1", "stukken/aanvraag.pdf", "Aanvraag", "2021-02-01", "", "", "DOC-1"],  # 8
        ],
    }  # fmt: skip


# (sheet, row, column, a piece of the message): every mistake of foute_bladen, by kind.
VERWACHT = [
    ("zaken", 1, "kleur", "onbekende kolom 'kleur'"),
    ("zaken", 4, "identificatie", "'Z-1' staat ook op rij 2"),
    ("zaken", 5, "zaaktype", "het zaaktype 'ONBEKEND' staat niet in de catalogus van Deventer"),
    ("zaken", 6, "zaaktype", "is nog niet gepubliceerd"),
    ("zaken", 7, "startdatum", "niet geldig op 01-06-2019 (geldig: 01-01-2020 tot heden)"),
    ("zaken", 8, "startdatum", "'31-02-2021' is geen datum"),
    ("zaken", 9, "vertrouwelijkheidaanduiding", "'supergeheim' is geen geldige waarde"),
    ("zaken", 10, "hoofdzaak", "de hoofdzaak 'Z-404' staat niet in het bestand en niet in iwerk"),
    ("zaken", 11, "resultaat", "'Misschien' is geen resultaattype van zaaktype 'KAP'"),
    ("zaken", 12, "identificatie", "een andere zaak in iwerk heeft al identificatie 'BESTAAND'"),
    ("zaken", 13, "omschrijving", "hoogstens 80 tekens (nu 81)"),
    ("zaken", 14, "zaaktype", "verplicht, maar leeg"),
    ("zaken", 15, "einddatum_gepland", "de geplande einddatum ligt vóór de startdatum"),
    ("betrokkenen", 2, "bsn", "'123456789' is geen geldig BSN (9 cijfers, elfproef)"),
    ("betrokkenen", 3, "roltype", "'Toeschouwer' is geen roltype van zaaktype 'KAP'"),
    ("betrokkenen", 4, "zaak", "de zaak 'Z-99' staat niet op het blad zaken"),
    ("betrokkenen", 5, "betrokkene_type", "bsn en kvk_nummer horen bij verschillende betrokkenen"),
    ("betrokkenen", 6, "kvk_nummer", "'1234' is geen KvK-nummer (8 cijfers)"),
    ("betrokkenen", 7, "betrokkene_type", "vul betrokkene_type in"),
    ("statussen", 2, "statustype", "'Gepland' is geen statustype van zaaktype 'KAP'"),
    ("statussen", 3, "datum_status_gezet", "'gisteren' is geen datum of tijdstip"),
    ("statussen", 4, "datum_status_gezet", "de datum ligt in de toekomst"),
    ("statussen", 5, "statustype", "zaak 'Z-2' heeft geen resultaat (blad zaken, rij 3"),
    ("statussen", 6, "datum_status_gezet", "na de eindstatus volgt nog een status (rij 7)"),
    ("documenten", 2, "bestand", "het bestand 'stukken/ontbreekt.pdf' bestaat niet"),
    ("documenten", 3, "bestand", "'../geheim.txt' ligt buiten de map met bestanden"),
    ("documenten", 4, "informatieobjecttype", "'Memo' hoort niet bij zaaktype 'KAP'"),
    ("documenten", 5, "taal", "'nl' is geen taalcode van drie letters"),
    ("documenten", 6, "creatiedatum", "verplicht, maar leeg"),
    ("documenten", 8, "identificatie", "'DOC-1' staat ook op rij 7"),
    ("documenten", 8, "auteur", "verplicht, maar leeg"),
]


@pytest.fixture
def kap(catalogus, tenant):
    zaaktype = catalogus_met_kap(catalogus)
    maak_zaak(zaaktype, startdatum=date(2024, 1, 2)).__class__.objects.filter(
        zaaktype=zaaktype
    ).update(identificatie="BESTAAND")
    return zaaktype


@pytest.fixture(params=["csv", "xlsx"])
def fout_bestand(request, tmp_path):
    bestanden(tmp_path / "export")
    (tmp_path / "geheim.txt").write_text("buiten de map")
    if request.param == "csv":
        return als_csv(foute_bladen(), tmp_path / "export")
    return als_xlsx(foute_bladen(), tmp_path / "export" / "export.xlsx")


def test_dry_run_names_every_mistake_with_its_place(kap, tenant, fout_bestand):
    verslag = proef(fout_bestand, tenant)

    gevonden = [(m.blad, m.rij, m.kolom, m.bericht) for m in verslag.fouten]
    for blad, rij, kolom, stuk in VERWACHT:
        assert any(
            (b, r, k) == (blad, rij, kolom) and stuk in bericht for b, r, k, bericht in gevonden
        ), f"niet gemeld: {blad} rij {rij} kolom {kolom}: {stuk}\n" + "\n".join(
            str(m) for m in verslag.fouten
        )
    # Nothing else: every error is one the file holds.
    verwacht = {(b, r, k) for b, r, k, _ in VERWACHT}
    assert {(b, r, k) for b, r, k, _ in gevonden} <= verwacht
    waarschuwing = next(m for m in verslag.waarschuwingen if m.blad == "statussen")
    assert (waarschuwing.rij, waarschuwing.kolom, waarschuwing.ernst) == (
        8,
        "datum_status_gezet",
        WAARSCHUWING,
    )


def test_messages_name_sheet_row_and_column_letter(kap, tenant, fout_bestand):
    verslag = proef(fout_bestand, tenant)

    teksten = [str(m) for m in verslag.fouten]
    assert (
        "blad zaken, rij 8, kolom D (startdatum): '31-02-2021' is geen datum (jjjj-mm-dd of dd-mm-jjjj)."
        in teksten
    )
    assert (
        "blad betrokkenen, rij 2, kolom C (bsn): '123456789' is geen geldig BSN (9 cijfers, elfproef)."
        in teksten
    )
    # The report as printed lists every error, then says nothing was imported.
    tekst = verslag.tekst()
    assert tekst.startswith(f"{len(verslag.fouten)} fout(en) in ")
    assert "Er is niets geïmporteerd." in tekst


def test_csv_and_xlsx_report_the_same(kap, tenant, tmp_path):
    bestanden(tmp_path / "export")
    (tmp_path / "geheim.txt").write_text("buiten de map")
    csv_verslag = proef(als_csv(foute_bladen(), tmp_path / "export"), tenant)
    xlsx = als_xlsx(foute_bladen(), tmp_path / "export" / "export.xlsx")
    xlsx_verslag = proef(xlsx, tenant)

    assert [str(m) for m in csv_verslag.meldingen] == [str(m) for m in xlsx_verslag.meldingen]


def test_csv_with_commas_and_excel_numbers_read_as_the_same(kap, tenant, tmp_path):
    """A CSV with ',' separators reads like one with ';'; an XLSX that stored a BSN or RSIN as a
    number (dropping its leading zero) and dates as dates gets them back."""
    bestanden(tmp_path)
    bladen = goede_bladen()
    komma = proef(als_csv(bladen, tmp_path / "komma", ","), tenant, tmp_path)
    bladen["betrokkenen"][4][7] = 1902763  # RSIN 001902763 as a number
    bladen["zaken"][2][3] = date(2021, 2, 1)
    getallen = proef(als_xlsx(bladen, tmp_path / "g.xlsx"), tenant, tmp_path)

    assert komma.fouten == [] and getallen.fouten == []
    assert komma.aantallen == getallen.aantallen == {
        "zaken": 3, "rollen": 4, "statussen": 4, "documenten": 3,
    }  # fmt: skip


def test_missing_sheet_and_columns_are_reported(kap, tenant, tmp_path):
    assert [str(m) for m in proef(tmp_path / "weg.xlsx", tenant).fouten] == [
        f"{tmp_path / 'weg.xlsx'} bestaat niet."
    ]
    map_ = tmp_path / "leeg"
    map_.mkdir()
    assert [str(m) for m in proef(map_, tenant).fouten] == [
        "Het blad 'zaken' ontbreekt (in een map: het bestand zaken.csv)."
    ]
    als_csv({"zaken": [["identificatie", "omschrijving"], ["Z-1", "x"]]}, map_)
    assert "blad zaken, rij 1, kolom zaaktype: verplichte kolom ontbreekt in de kopregel." in [
        str(m) for m in proef(map_, tenant).fouten
    ]
    (map_ / "zaken.csv").write_bytes(
        "identificatie;zaaktype\nZ-1;Kapvergunning ü\n".encode("cp1252")
    )
    assert "is geen UTF-8" in proef(map_, tenant).fouten[0].bericht


def test_zaaktype_of_another_gemeente_is_refused(kap, tenant, other_catalogus, tmp_path):
    """Only the target gemeente's catalogue is read: a zaaktype that exists in Raalte's, and a
    hoofdzaak of Raalte's, are unknown to an import into Deventer."""
    build.gepubliceerd_zaaktype(other_catalogus, "RAALTE-ZT", begin=date(2020, 1, 1))
    raalte = maak_zaak(build.gepubliceerd_zaaktype(other_catalogus, "KAP", begin=date(2020, 1, 1)))
    bladen = {
        "zaken": [
            ["identificatie", "zaaktype", "startdatum", "hoofdzaak"],
            ["Z-1", "RAALTE-ZT", "2021-02-01", ""],
            ["Z-2", "KAP", "2021-02-01", raalte.identificatie],
        ]
    }
    verslag = proef(als_csv(bladen, tmp_path / "e"), tenant)

    assert [str(m) for m in verslag.fouten] == [
        "blad zaken, rij 2, kolom B (zaaktype): het zaaktype 'RAALTE-ZT' staat niet in de "
        "catalogus van Deventer.",
        f"blad zaken, rij 3, kolom D (hoofdzaak): de hoofdzaak '{raalte.identificatie}' staat "
        "niet in het bestand en niet in iwerk.",
    ]


def test_zaaktype_version_by_versiedatum(kap, catalogus, tenant, tmp_path):
    """Without a versiedatum the version valid on the startdatum is taken; with one, that version,
    which must then be valid on the startdatum."""
    kap.datum_einde_geldigheid = date(2022, 12, 31)
    kap.save()
    nieuw = build.gepubliceerd_zaaktype(catalogus, "KAP", begin=date(2023, 1, 1))
    bladen = {
        "zaken": [
            ["identificatie", "zaaktype", "zaaktype_versiedatum", "startdatum"],
            ["Z-1", "KAP", "", "2021-02-01"],
            ["Z-2", "KAP", "", "2023-02-01"],
            ["Z-3", "KAP", "01-01-2023", "2021-02-01"],
            ["Z-4", "KAP", "2022-06-01", "2021-02-01"],
        ]
    }
    controle = controleer(lees(als_csv(bladen, tmp_path / "e")), tenant)

    assert {p.identificatie: p.zaaktype for p in controle.plannen}["Z-1"] == kap
    assert {p.identificatie: p.zaaktype for p in controle.plannen}["Z-2"] == nieuw
    assert [(m.rij, m.kolom) for m in controle.verslag.fouten] == [
        (4, "startdatum"),
        (5, "zaaktype_versiedatum"),
    ]


def test_unreadable_file_is_reported(kap, tenant, tmp_path, monkeypatch):
    """A file the import may not read (its rights, a broken share). Tests run as root may read
    everything, so the refusal is the operating system's answer, stood in for."""
    bestanden(tmp_path)
    echt = Path.open

    def open_(pad, *args, **kwargs):
        if pad.name == "verslag.txt":
            raise PermissionError(13, "Permission denied")
        return echt(pad, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    verslag = proef(als_csv(goede_bladen(), tmp_path / "e"), tenant, tmp_path)
    assert [(m.blad, m.rij, m.kolom) for m in verslag.fouten] == [("documenten", 3, "bestand")]
    assert verslag.fouten[0].bericht == (
        "het bestand 'stukken/verslag.txt' kan niet gelezen worden (Permission denied)."
    )


def _groot_bestand(map_, aantal: int):
    zaken = [["identificatie", "zaaktype", "startdatum", "resultaat", "hoofdzaak"]]
    rollen = [["zaak", "roltype", "bsn", "naam"]]
    statussen = [["zaak", "statustype", "datum_status_gezet"]]
    documenten = [["zaak", "bestand", "informatieobjecttype", "creatiedatum", "auteur"]]
    for n in range(aantal):
        z = f"Z-{n}"
        zaken.append([z, "KAP", "2021-02-01", "Verleend", "Z-0" if n % 10 == 1 else ""])
        rollen.append([z, "Aanvrager", BSN, "Jansen"])
        statussen += [[z, "Ontvangen", "2021-02-01"], [z, "Afgehandeld", "2021-03-01"]]
        documenten.append([z, "stukken/aanvraag.pdf", "Aanvraag", "2021-02-01", "X"])
    bestanden(map_)
    return als_csv(
        {"zaken": zaken, "betrokkenen": rollen, "statussen": statussen, "documenten": documenten},
        map_,
    )


def test_dry_run_cost_does_not_grow_with_rows(kap, tenant, tmp_path):
    """The catalogue and the identificaties already in iwerk are read in bulk: a file of 1,000
    zaken (with 1,000 rollen, 2,000 statussen, 1,000 documents) costs what one of ten costs."""
    klein, groot = _groot_bestand(tmp_path / "klein", 10), _groot_bestand(tmp_path / "groot", 1000)
    maak_zaak(kap).__class__.objects.filter(zaaktype=kap).exclude(identificatie="BESTAAND").update(
        identificatie="Z-5"
    )  # one identificatie of the file is taken

    aantallen = []
    for pad in (klein, groot):
        with CaptureQueriesContext(connection) as queries:
            verslag = proef(pad, tenant)
        aantallen.append(len(queries))
        assert [(m.rij, m.bericht[:25]) for m in verslag.fouten] == [
            (7, "een andere zaak in iwerk ")
        ]
    assert aantallen[0] == aantallen[1] <= 10
    assert verslag.aantallen == {
        "zaken": 1000,
        "rollen": 1000,
        "statussen": 2000,
        "documenten": 1000,
    }
