"""Destruction by a vernietigingslijst in the audit chain (ADR 0046): a removal reason that must
name its list, a `verklaring` link that seals the hash of the verklaring and the list's removal
links, and what `iwerk audit_verifieren` finds when either is tampered with. The removals the
standard demands keep working as before (test_auditketen.py)."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import CommandError, call_command

from iwerk.core import auditketen
from iwerk.core.models import AuditTrail, Ketenschakel
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouwer

pytestmark = pytest.mark.django_db
LIJST = {"gemeente": "Deventer", "rsin": "001902763", "nummer": "VL-2026-0001"}


@pytest.fixture(autouse=True)
def ankermap(settings, tmp_path):
    settings.IWERK_AUDIT_ANKER_MAP = str(tmp_path / "ankers")


@pytest.fixture
def verklaringen(monkeypatch):
    """What the archief app would answer for its verklaringen: id -> hash of their content."""
    opgeslagen: dict[int, str] = {}
    monkeypatch.setattr(
        auditketen,
        "_VERKLARINGEN",
        [lambda ids: {i: opgeslagen[i] for i in ids if i in opgeslagen}],
    )
    return opgeslagen


@pytest.fixture
def zaken(catalogus):
    zaaktype = build.gepubliceerd_zaaktype(catalogus)
    return [zaakbouwer.zaak(zaaktype) for _ in range(2)]


def _lijst() -> dict[str, str]:
    return {**LIJST, "uuid": str(uuid.uuid4())}


def _afvoeren(zaak, lijst: dict[str, str] | None, reden: str = auditketen.VERNIETIGING) -> int:
    return auditketen.afvoeren(
        AuditTrail.objects.filter(hoofd_object_uuid=zaak.uuid),
        reden,
        actor=zaakbouwer.ALLES,
        object_path=f"/zaken/api/v1/zaken/{zaak.uuid}",
        verwijzing=lijst,
    )


def _verifieer(*args: str) -> tuple[bool, str, str]:
    uit, fout = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verifieren", "--verzegel", *args, stdout=uit, stderr=fout)
    except CommandError:
        return False, uit.getvalue(), fout.getvalue()
    return True, uit.getvalue(), fout.getvalue()


def test_a_destruction_must_name_its_list_and_only_a_destruction_may(zaken):
    auditketen.verzegelen()
    onvolledig = {"gemeente": "Deventer", "nummer": "VL-2026-0001"}
    for lijst, reden in ((None, auditketen.VERNIETIGING), (onvolledig, auditketen.VERNIETIGING)):
        with pytest.raises(ValueError, match="zonder verwijzing naar de vernietigingslijst"):
            _afvoeren(zaken[0], lijst, reden)
    with pytest.raises(ValueError, match="verwijzing naar een lijst bij een andere reden"):
        _afvoeren(zaken[0], _lijst(), "zrc-023")
    with pytest.raises(ValueError, match="afvoer zonder goedgekeurde reden"):
        _afvoeren(zaken[0], None, "opruimen")
    assert not Ketenschakel.objects.filter(tabel="afvoer").exists()
    assert AuditTrail.objects.filter(hoofd_object_uuid=zaken[0].uuid).exists()


def test_a_destruction_replaces_the_trail_by_a_link_that_names_the_list(zaken):
    auditketen.verzegelen()
    lijst = _lijst()
    rijen = AuditTrail.objects.filter(hoofd_object_uuid=zaken[0].uuid).count()

    assert _afvoeren(zaken[0], lijst) == rijen > 0

    schakel = Ketenschakel.objects.get(tabel="afvoer")
    assert schakel.gegevens["reden"] == "archief-vernietiging"
    assert schakel.gegevens["lijst"] == lijst
    assert len(schakel.gegevens["schakels"]) == rijen
    assert list(auditketen.afvoeren_van_lijst(lijst["uuid"])) == [schakel]
    assert _verifieer()[0]


def test_a_destruction_of_an_object_without_trail_still_leaves_its_link(zaken):
    lijst = _lijst()
    AuditTrail.objects.filter(hoofd_object_uuid=zaken[0].uuid).delete()  # e.g. migrated
    assert _afvoeren(zaken[0], lijst) == 0
    assert Ketenschakel.objects.get(tabel="afvoer").gegevens["object"].endswith(str(zaken[0].uuid))
    # The standard's removals keep their behaviour: nothing to remove, no link.
    AuditTrail.objects.filter(hoofd_object_uuid=zaken[1].uuid).delete()
    assert _afvoeren(zaken[1], None, "zrc-023") == 0
    assert Ketenschakel.objects.filter(tabel="afvoer").count() == 1


def test_a_changed_list_reference_is_a_break_and_its_rows_count_as_removed_without_reason(zaken):
    auditketen.verzegelen()
    _afvoeren(zaken[0], _lijst())
    schakel = Ketenschakel.objects.get(tabel="afvoer")
    Ketenschakel.objects.filter(pk=schakel.pk).update(
        gegevens={**schakel.gegevens, "lijst": {**schakel.gegevens["lijst"], "nummer": "VL-X"}}
    )
    ok, _, fout = _verifieer()
    assert not ok and "reden of inhoud van de afvoer gewijzigd" in fout
    assert "rij verwijderd" in fout


def test_a_keyed_destruction_link_without_its_list_is_a_break(zaken):
    """What only a holder of the key could write (or a bug): still not accepted."""
    auditketen.verzegelen()
    gegevens = {"soort": "afvoer", "reden": auditketen.VERNIETIGING, "schakels": []}
    kop = Ketenschakel.objects.order_by("-volgnummer").first()
    auditketen._schakel(
        auditketen.sleutels(),
        kop.keten_hash,
        "afvoer",
        kop.volgnummer,
        auditketen._gegevens_hash(gegevens),
        gegevens=gegevens,
    )
    ok, _, fout = _verifieer()
    assert not ok and "vernietiging zonder verwijzing naar de vernietigingslijst" in fout


def test_a_verklaring_link_seals_its_hash_and_the_removals_of_its_list(zaken, verklaringen):
    lijst, andere = _lijst(), _lijst()
    _afvoeren(zaken[0], lijst)
    _afvoeren(zaken[1], andere)
    verklaringen[7] = "a" * 64

    schakel = auditketen.verklaring_verzegelen(
        verklaring_id=7, sha256="a" * 64, verwijzing=lijst, actor=zaakbouwer.ALLES
    )

    eigen = Ketenschakel.objects.get(tabel="afvoer", gegevens__lijst__uuid=lijst["uuid"])
    assert (schakel.tabel, schakel.rij_id) == ("verklaring", 7)
    assert schakel.gegevens["afvoeren"] == [eigen.volgnummer]
    assert schakel.gegevens["sha256"] == "a" * 64 and schakel.gegevens["lijst"] == lijst
    assert _verifieer()[0]

    verklaringen[7] = "b" * 64  # the record changed after sealing
    ok, _, fout = _verifieer()
    assert not ok and "verklaring van vernietiging van VL-2026-0001 is gewijzigd" in fout
    del verklaringen[7]
    assert "verklaring van vernietiging van VL-2026-0001 ontbreekt" in _verifieer()[2]


def test_a_verklaring_needs_a_complete_list_reference(zaken):
    with pytest.raises(ValueError, match="zonder verwijzing"):
        auditketen.verklaring_verzegelen(
            verklaring_id=1, sha256="a" * 64, verwijzing=LIJST, actor=zaakbouwer.ALLES
        )
    assert not Ketenschakel.objects.filter(tabel="verklaring").exists()


def test_a_verklaring_link_naming_another_lists_removal_is_a_break(zaken, verklaringen):
    lijst, andere = _lijst(), _lijst()
    _afvoeren(zaken[1], andere)
    vreemd = Ketenschakel.objects.get(tabel="afvoer").volgnummer
    gegevens = {
        "soort": "verklaring",
        "lijst": lijst,
        "sha256": "a" * 64,
        "afvoeren": [vreemd],
    }
    verklaringen[3] = "a" * 64
    kop = Ketenschakel.objects.order_by("-volgnummer").first()
    auditketen._schakel(
        auditketen.sleutels(),
        kop.keten_hash,
        "verklaring",
        3,
        auditketen._gegevens_hash(gegevens),
        gegevens=gegevens,
    )
    ok, _, fout = _verifieer()
    assert not ok and "verklaring noemt een schakel die geen afvoer van deze lijst is" in fout


def test_a_changed_verklaring_link_is_a_break(zaken, verklaringen):
    lijst = _lijst()
    _afvoeren(zaken[0], lijst)
    verklaringen[5] = "a" * 64
    schakel = auditketen.verklaring_verzegelen(
        verklaring_id=5, sha256="a" * 64, verwijzing=lijst, actor=zaakbouwer.ALLES
    )
    # Sealing another hash into the link, without the key.
    Ketenschakel.objects.filter(pk=schakel.pk).update(gegevens={**schakel.gegevens, "sha256": "b"})
    verklaringen[5] = "b"
    ok, _, fout = _verifieer()
    assert not ok and "reden of inhoud van de afvoer gewijzigd" in fout


def test_audit_verifieren_shows_per_list_what_it_removed(zaken, verklaringen):
    lijst = _lijst()
    _afvoeren(zaken[0], lijst)
    _afvoeren(zaken[1], lijst)
    ok, uit, _ = _verifieer("--vernietigingen")
    assert ok
    assert (
        f"Vernietigingslijst VL-2026-0001 (Deventer, {lijst['uuid']}): 2 objecten (2 zaken); "
        "nog geen verklaring."
    ) in uit
    for zaak in zaken:
        assert f"/zaken/api/v1/zaken/{zaak.uuid} (" in uit

    verklaringen[9] = "c" * 64
    schakel = auditketen.verklaring_verzegelen(
        verklaring_id=9, sha256="c" * 64, verwijzing=lijst, actor=zaakbouwer.ALLES
    )
    assert f"verklaring in schakel {schakel.volgnummer}." in _verifieer("--vernietigingen")[1]
