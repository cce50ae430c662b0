"""The audit chain survives someone who can write the database but holds neither the audit key
nor the anchors (ADR 0032): a removal marked by hand, a chain cut short, a row changed and
re-hashed with the public algorithm, and a row forged before the sealer runs are all reported;
keys rotate, and links made before the chain was keyed stay verifiable."""

from __future__ import annotations

import hashlib
import io
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from iwerk.core import auditketen, inzage, periodiek
from iwerk.core.models import AuditTrail, Inzage, Ketenschakel
from iwerk.core.testing import catalogus as build
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"
SLEUTEL_A = "a:" + "A" * 40
SLEUTEL_B = "b:" + "B" * 40


@pytest.fixture(autouse=True)
def ankermap(settings, tmp_path):
    settings.IWERK_AUDIT_ANKER_MAP = str(tmp_path / "ankers")
    getattr(auditketen, "_VERANKERD", {}).clear()  # what this process last anchored
    return tmp_path / "ankers"


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return zt


def _inzages(tenant, n: int) -> list[Inzage]:
    return [
        inzage.vastleggen(
            tenant_id=tenant.pk,
            kanaal="api",
            soort="zaak",
            gebruikers_id=f"mw{i}",
            omschrijving="x",
        )
        for i in range(n)
    ]


def _verifieer(*args) -> tuple[bool, str]:
    err = io.StringIO()
    try:
        call_command("audit_verifieren", *args, stdout=io.StringIO(), stderr=err)
    except CommandError:
        return False, err.getvalue()
    return True, err.getvalue()


def _sha(tekst: str) -> str:
    return hashlib.sha256(tekst.encode()).hexdigest()


def _publieke_rij_hash(row) -> str:
    """The row hash as anyone can compute it from ADR 0020 (no key involved)."""
    data = {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if f.attname not in ("schakel", "zegel")
    }
    return _sha(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False))


def test_a_removal_marked_by_hand_is_a_break_one_the_standard_demands_is_not(
    superuser_client, zaaktype
):
    zaken = [
        superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json() for _ in range(2)
    ]
    for zaak in zaken:
        superuser_client.patch(zaak["url"], {"omschrijving": "Gewijzigd"}, **CRS)
    auditketen.verzegelen()
    assert superuser_client.delete(zaken[0]["url"], **CRS).status_code == 204  # zrc-023
    assert _verifieer() == (True, "")

    # Behind iwerk's back: delete the other zaak's trail and mark its links as iwerk would have.
    tweede = AuditTrail.objects.filter(hoofd_object_uuid=zaken[1]["uuid"])
    ids = list(tweede.values_list("pk", flat=True))
    Ketenschakel.objects.filter(tabel="audittrail", rij_id__in=ids).update(
        afgevoerd="zrc-023: zaak verwijderd"
    )
    tweede.delete()
    ok, err = _verifieer()
    assert not ok and err.count("rij verwijderd") == 2

    # The real removal is a link of its own, naming the removed links and who removed them.
    afvoer = Ketenschakel.objects.get(tabel="afvoer")
    assert afvoer.gegevens["reden"] == "zrc-023" and afvoer.gegevens["applicatie"] == "alles"
    assert len(afvoer.gegevens["schakels"]) == 2

    # Nor does changing the reason of a real removal (it is inside what the key sealed).
    Ketenschakel.objects.filter(pk=afvoer.pk).update(
        gegevens={**afvoer.gegevens, "reden": "zrc-023", "applicatie": "iemand-anders"}
    )
    assert "afvoer gewijzigd" in _verifieer()[1]


def test_cutting_off_the_newest_rows_is_found_against_the_anchors(tenant, ankermap, caplog):
    _inzages(tenant, 5)
    periodiek._LAST.clear()
    ran = periodiek.run_due()  # what `iwerk worker` runs: seal, then anchor the head
    assert "auditketen-verzegelen" in ran and "auditketen-verankeren" in ran
    assert list(ankermap.glob("ankers-*.jsonl")) and "auditanker" in caplog.text
    assert _verifieer("--anker") == (True, "")

    # Cut off the two newest rows and their links: the chain that is left is consistent.
    laatste = list(Ketenschakel.objects.order_by("-volgnummer")[:2])
    Inzage.objects.filter(pk__in=[s.rij_id for s in laatste]).delete()
    Ketenschakel.objects.filter(pk__in=[s.pk for s in laatste]).delete()
    assert auditketen.verifieren()[1] == []  # what the chain alone can see
    ok, err = _verifieer("--anker")
    assert not ok and "keten ingekort" in err

    # A forged anchor (no key) does not count either.
    bestand = next(ankermap.glob("ankers-*.jsonl"))
    anker = json.loads(bestand.read_text().splitlines()[-1])
    anker.update(volgnummer=laatste[-1].volgnummer - 1, mac="0" * 64)
    bestand.write_text(json.dumps(anker) + "\n")
    ok, err = _verifieer("--anker")
    assert not ok and "anker niet geldig" in err


def _herschrijf_vooruit(vanaf: Ketenschakel, *, oude_vorm: bool = False) -> None:
    """Re-hash every link from `vanaf` on with the public algorithm of ADR 0020."""
    vorige = (
        Ketenschakel.objects.filter(volgnummer__lt=vanaf.volgnummer)
        .order_by("-volgnummer")
        .values_list("keten_hash", flat=True)
        .first()
        or auditketen.START
    )
    if oude_vorm:  # pretend it was never keyed
        Ketenschakel.objects.exclude(tabel__in=["audittrail", "inzage"]).delete()
        vorige = auditketen.START
        vanaf = Ketenschakel.objects.order_by("volgnummer").first()
    for schakel in Ketenschakel.objects.filter(volgnummer__gte=vanaf.volgnummer).order_by(
        "volgnummer"
    ):
        model = auditketen.TABELLEN.get(schakel.tabel)
        row = model.objects.filter(pk=schakel.rij_id).first() if model else None
        if row is None:
            rij = schakel.rij_hash
        else:
            if oude_vorm:
                model.objects.filter(pk=row.pk).update(zegel="")
            rij = _publieke_rij_hash(row)
        vorige = _sha(f"{vorige}{rij}")
        Ketenschakel.objects.filter(pk=schakel.pk).update(
            rij_hash=rij, keten_hash=vorige, **({"sleutel_id": ""} if oude_vorm else {})
        )


def test_a_changed_row_rehashed_forward_with_the_public_algorithm_is_found(tenant):
    rijen = _inzages(tenant, 4)
    auditketen.verzegelen()
    Inzage.objects.filter(pk=rijen[1].pk).update(gebruikers_id="iemand-anders")
    _herschrijf_vooruit(Ketenschakel.objects.get(tabel="inzage", rij_id=rijen[1].pk))
    ok, err = _verifieer()
    assert not ok and "keten onderbroken" in err and "schrijfzegel klopt niet" in err


def test_a_chain_rewritten_into_the_unkeyed_form_is_found_against_the_anchors(tenant):
    rijen = _inzages(tenant, 4)
    auditketen.verzegelen()
    auditketen.verankeren()
    # Change a row, drop the key ids and re-hash the whole chain the way of before ADR 0032.
    Inzage.objects.filter(pk=rijen[1].pk).update(gebruikers_id="iemand-anders")
    _herschrijf_vooruit(Ketenschakel.objects.order_by("volgnummer").first(), oude_vorm=True)
    assert not Ketenschakel.objects.exclude(sleutel_id="").exists()
    ok, err = _verifieer("--anker")
    assert not ok and "keten herschreven" in err
    # The sealer does not seal such a chain again (that would launder it).
    assert auditketen.verzegelen() == 0 and not Ketenschakel.objects.exclude(sleutel_id="").exists()


def _vervals(row) -> int:
    """Insert a copy of row with another uuid, straight into the table (no iwerk code)."""
    table = row._meta.db_table
    kolommen = [
        f.column for f in row._meta.concrete_fields if f.attname not in ("id", "schakel", "uuid")
    ]
    lijst = ", ".join(connection.ops.quote_name(k) for k in kolommen)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (uuid, {lijst}) SELECT %s, {lijst} FROM {table} WHERE id = %s",  # noqa: S608
            [uuid.uuid4().hex, row.pk],
        )
    return type(row).objects.order_by("-pk").values_list("pk", flat=True).first()


def test_a_row_forged_before_the_sealer_runs_is_found(superuser_client, zaaktype):
    superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS)
    auditketen.verzegelen()
    echt = AuditTrail.objects.get()
    vals = _vervals(echt)
    assert AuditTrail.objects.filter(schakel__isnull=True).count() == 1
    ok, err = _verifieer()  # before sealing
    assert not ok and f"audittrail {vals}): onverzegeld" in err
    auditketen.verzegelen()  # the sealer seals it (the chain goes on) but it stays reported
    ok, err = _verifieer()
    assert not ok and f"audittrail {vals}): schrijfzegel klopt niet" in err


def test_keys_rotate_and_earlier_keys_keep_verifying(tenant, settings, ankermap):
    settings.IWERK_AUDIT_SLEUTELS = SLEUTEL_A
    _inzages(tenant, 2)
    auditketen.verzegelen()
    auditketen.verankeren()
    settings.IWERK_AUDIT_SLEUTELS = f"{SLEUTEL_B},{SLEUTEL_A}"  # b is new, a stays for verifying
    _inzages(tenant, 2)
    auditketen.verzegelen()
    auditketen.verankeren()
    assert set(Ketenschakel.objects.values_list("sleutel_id", flat=True)) == {"a", "b"}
    assert {z.split(":")[0] for z in Inzage.objects.values_list("zegel", flat=True)} == {"a", "b"}
    assert _verifieer("--anker") == (True, "")

    settings.IWERK_AUDIT_SLEUTELS = SLEUTEL_B  # a dropped too early
    ok, err = _verifieer("--anker")
    assert not ok and "onbekende sleutel 'a'" in err
    settings.IWERK_AUDIT_SLEUTELS = "a:" + "X" * 40 + "," + SLEUTEL_B  # or replaced: a forgery
    ok, err = _verifieer()
    assert not ok and "keten onderbroken" in err


def test_links_made_before_the_key_stay_verifiable_and_are_sealed_by_the_first_keyed_link(
    tenant,
):
    # What the previous version left: rows without a writer's seal and unkeyed links, one of
    # them removed with its zaak (marked, as that version did).
    rijen = _inzages(tenant, 4)
    Inzage.objects.update(zegel="")
    vorige = auditketen.START
    for row in Inzage.objects.order_by("pk")[:3]:
        rij = _publieke_rij_hash(row)
        vorige = _sha(f"{vorige}{rij}")
        schakel = Ketenschakel.objects.create(
            tabel="inzage", rij_id=row.pk, rij_hash=rij, keten_hash=vorige
        )
        Inzage.objects.filter(pk=row.pk).update(schakel=schakel.pk)
    Ketenschakel.objects.filter(rij_id=rijen[0].pk).update(afgevoerd="zrc-023: zaak verwijderd")
    Inzage.objects.filter(pk=rijen[0].pk).delete()
    assert auditketen.verifieren()[1] == []  # the old rules, until the chain is keyed

    _inzages(tenant, 1)  # a row of the new version
    auditketen.verzegelen()
    kinds = list(Ketenschakel.objects.order_by("volgnummer").values_list("tabel", "sleutel_id"))
    assert kinds == [("inzage", "")] * 4 + [("overgang", "afgeleid"), ("inzage", "afgeleid")]
    overgang = Ketenschakel.objects.get(tabel="overgang")
    assert overgang.gegevens["schakels"] == 4 and len(overgang.gegevens["afgevoerd"]) == 1
    assert _verifieer() == (True, "")

    # After the overgang, a removal marked by hand no longer counts among the old links either,
    # and re-hashing the old part forward breaks at the overgang.
    Ketenschakel.objects.filter(rij_id=rijen[1].pk).update(afgevoerd="zrc-023: zaak verwijderd")
    Inzage.objects.filter(pk=rijen[1].pk).delete()
    ok, err = _verifieer()
    assert not ok and f"inzage {rijen[1].pk}): rij verwijderd" in err
    Inzage.objects.filter(pk=rijen[2].pk).update(omschrijving="anders")
    _herschrijf_vooruit(Ketenschakel.objects.get(tabel="inzage", rij_id=rijen[2].pk))
    ok, err = _verifieer()
    assert not ok and "overgang" in err and "keten onderbroken" in err


def test_production_refuses_to_start_without_an_audit_key():
    from iwerk.core import auditsleutel

    assert "IWERK_AUDIT_SLEUTELS is niet ingesteld" in auditsleutel.problemen("")[0]
    assert "te kort" in auditsleutel.problemen("a:kort")[0]
    assert "geen geldig sleutel-id" in auditsleutel.problemen(":" + "x" * 40)[0]
    assert "twee keer" in auditsleutel.problemen(f"{SLEUTEL_A},{SLEUTEL_A}")[0]
    assert auditsleutel.problemen(f"{SLEUTEL_B}\n{SLEUTEL_A}") == []


def test_rows_written_in_bulk_or_with_text_values_carry_a_valid_writers_seal(tenant):
    from iwerk.core.api.actor import Actor

    zoeker = Actor("c", None, "c", heeft_alle_autorisaties=True, catalogi_tenant_ids=[tenant.pk])
    inzage.bsn_zoekopdracht(zoeker, bsn="111222333", kanaal="api")  # one bulk_create
    zaak_uuid = uuid.uuid4()
    inzage.vastleggen(tenant_id=str(tenant.pk), kanaal="api", soort="zaak", zaak_uuid=zaak_uuid.hex)
    assert Inzage.objects.get(soort="zaak").zaak_uuid == zaak_uuid
    rij = Inzage.objects.get(soort="zoeken-bsn")
    assert (
        rij.zegel.startswith("afgeleid:")
        and auditketen._zegelfout(rij, auditketen.sleutels().alle) is None
    )
    auditketen.verzegelen()
    assert auditketen.verifieren()[1] == []
