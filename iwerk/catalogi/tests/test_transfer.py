"""Catalogus export to ZIP and import into another gemeente, round-trip."""

import io
import zipfile
from datetime import date

import orjson
import pytest

from iwerk.catalogi import services
from iwerk.catalogi.demo import ACTOR, load_catalogus
from iwerk.catalogi.models import ZaakType
from iwerk.catalogi.selectors.export import export_catalogus
from iwerk.catalogi.services.transfer import ImportFailed, import_catalogus, read_zip

pytestmark = pytest.mark.django_db
VOLATILE = {
    "url",
    "catalogus",
    "zaaktype",
    "statustype",
    "statustypen",
    "resultaattypen",
    "roltypen",
    "eigenschappen",
    "zaakobjecttypen",
    "informatieobjecttypen",
    "besluittypen",
    "zaaktypen",
    "deelzaaktypen",
}


def comparable(rows: list[dict]) -> list[dict]:
    return sorted(
        ({k: v for k, v in row.items() if k not in VOLATILE} for row in rows),
        key=lambda r: (
            r.get("identificatie") or r.get("omschrijving") or r.get("naam") or "",
            r.get("volgnummer", 0),
            r.get("zaaktypeIdentificatie", ""),
        ),
    )


def test_demo_catalogue_round_trips_into_another_gemeente(tenant, other_tenant):
    source = load_catalogus(tenant, "http://testserver")
    exported = export_catalogus(source)
    imported = import_catalogus(actor=ACTOR, content=exported, gemeente=other_tenant, domein="IMP")
    assert imported.tenant == other_tenant
    again = read_zip(export_catalogus(imported))
    original = read_zip(exported)
    for resource, rows in original.items():
        assert len(again[resource]) == len(rows), resource
        assert comparable(again[resource]) == comparable(rows), resource
    assert ZaakType.objects.filter(catalogus=imported, concept=False).count() == 8


def test_import_of_a_broken_file_writes_nothing(tenant, other_tenant):
    source = load_catalogus(tenant, "http://testserver")
    original = read_zip(export_catalogus(source))
    victim = original["zaaktypen"][-1]["url"]
    # A resultaattype of the last zaaktype names no Selectielijst resultaat (ztc-002): the import
    # must fail after all others were written. (Missing statustypen are a warning, not a refusal.)
    for row in original["resultaattypen"]:
        if row["zaaktype"] == victim:
            row["selectielijstklasse"] = (
                "http://testserver/referentielijsten/api/v1/resultaten/"
                "00000000-0000-0000-0000-000000000000"
            )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", b'{"format": 1}')
        for name, rows in original.items():
            archive.writestr(f"{name}.json", orjson.dumps(rows))
    count = ZaakType.objects.count()
    with pytest.raises(ImportFailed):
        import_catalogus(
            actor=ACTOR, content=buffer.getvalue(), gemeente=other_tenant, domein="IMP"
        )
    assert ZaakType.objects.count() == count
    with pytest.raises(ImportFailed):
        import_catalogus(actor=ACTOR, content=b"geen zip", gemeente=other_tenant, domein="IMP")


def test_new_version_leaves_the_live_version_untouched(tenant):
    catalogus = load_catalogus(tenant, "http://testserver")
    live = ZaakType.objects.get(catalogus=catalogus, identificatie="WMO-MAATWERK")
    new = services.create_new_version(actor=ACTOR, zaaktype=live, begin=date(2026, 1, 1))
    assert new.concept and not ZaakType.objects.get(pk=live.pk).concept
    assert new.statustypen.count() == live.statustypen.count()
    assert new.resultaattypen.get(omschrijving="Toegekend").besluittypen.count() == 1
    assert list(
        new.zaaktypeinformatieobjecttypen.values_list(
            "informatieobjecttype_omschrijving", flat=True
        )
    ) == list(
        live.zaaktypeinformatieobjecttypen.values_list(
            "informatieobjecttype_omschrijving", flat=True
        )
    )
    services.close_previous_version(actor=ACTOR, zaaktype=new)
    services.publish_zaaktype(actor=ACTOR, zaaktype=new)
    live.refresh_from_db()
    assert live.datum_einde_geldigheid == date(2025, 12, 31)


def test_export_carries_the_beheer_warnings_of_its_zaaktypen(catalogus):
    """Completeness is guidance (ztc-012 sets no such rule): the export lists what a zaaktype lacks."""
    from iwerk.core.testing import catalogus as build

    build.complete_zaaktype(catalogus, identificatie="VOLLEDIG")
    build.zaaktype(catalogus, identificatie="LEEG", concept=True)
    with zipfile.ZipFile(io.BytesIO(export_catalogus(catalogus))) as archive:
        manifest = orjson.loads(archive.read("manifest.json"))
    assert [(w["identificatie"], w["code"]) for w in manifest["waarschuwingen"]] == [
        ("LEEG", "missing-statustypen"),
        ("LEEG", "missing-resultaattypen"),
        ("LEEG", "missing-roltypen"),
    ]
    assert manifest["waarschuwingen"][0]["tekst"].startswith("Dit zaaktype heeft minder dan")
    # The export of a catalogus with warnings still imports.
    assert read_zip(export_catalogus(catalogus))["zaaktypen"]
