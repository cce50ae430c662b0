"""Generated identificaties (zrc-002, ADR 0041): unique per bronorganisatie always; gap-free and in
order unless a process is busy, then from blocks it claimed in a transaction of its own."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from iwerk.core import gebeurtenissen
from iwerk.core.api.problems import ValidationFailed
from iwerk.zaken.gebeurtenissen import ZaakAangemaakt
from iwerk.zaken.models import Zaak, ZaakIdentificatieReeks
from iwerk.zaken.services import register_zaak, zaaknummers
from iwerk.zaken.tests.test_services import ALLES, gegevens

pytestmark = pytest.mark.django_db
own_transactions = pytest.mark.django_db(transaction=True)  # every create commits
JAAR = 2026


def _register(zaaktype, **overrides) -> Zaak:
    return register_zaak(
        actor=ALLES,
        zaaktype=zaaktype,
        gegevens=gegevens(registratiedatum=date(JAAR, 3, 2), **overrides),
    )


def _numbers(zaken) -> list[int]:
    return [int(z.identificatie.rsplit("-", 1)[1]) for z in zaken]


def _laatste() -> int:
    return ZaakIdentificatieReeks.objects.get(bronorganisatie="001902763", jaar=JAAR).laatste


@pytest.fixture
def zaaktype(catalogus):
    from iwerk.core.testing import catalogus as build

    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return zt


@pytest.fixture
def busy(monkeypatch):
    """Every number is taken right after the one before it."""
    monkeypatch.setattr(zaaknummers, "_clock", lambda: 0.0)


@pytest.fixture
def quiet(monkeypatch):
    """A minute between numbers."""
    ticks = iter(range(0, 10**6, 60))
    monkeypatch.setattr(zaaknummers, "_clock", lambda: float(next(ticks)))


@own_transactions
def test_a_quiet_process_takes_gap_free_numbers_in_order(zaaktype, quiet):
    zaken = [_register(zaaktype) for _ in range(4)]
    assert _numbers(zaken) == [1, 2, 3, 4]
    assert _laatste() == 4  # no block claimed


@own_transactions
def test_a_busy_process_hands_out_a_block_claimed_after_the_commit(zaaktype, busy):
    zaken = [_register(zaaktype) for _ in range(zaaknummers.BLOK + 3)]
    # 1 and 2 from the counter; after the second's commit a block (3 … BLOK + 2), then the next
    # block as the last number of this one is taken.
    assert _numbers(zaken) == list(range(1, zaaknummers.BLOK + 4))
    assert _laatste() == 2 + 2 * zaaknummers.BLOK


@own_transactions
def test_a_rolled_back_create_leaves_a_gap_never_a_duplicate(zaaktype, busy):
    first, second, third = (_register(zaaktype) for _ in range(3))

    def refuse(_: ZaakAangemaakt) -> None:
        raise RuntimeError("a consumer fails: the create rolls back")

    gebeurtenissen.verbind(ZaakAangemaakt, refuse)
    try:
        with pytest.raises(RuntimeError):
            _register(zaaktype)
    finally:
        gebeurtenissen.ontkoppel(ZaakAangemaakt, refuse)
    after = _register(zaaktype)
    assert _numbers([first, second, third, after]) == [1, 2, 3, 5]  # 4 went with the rollback
    assert Zaak.objects.count() == 4


@own_transactions
def test_another_process_continues_after_the_claimed_block(zaaktype, busy):
    mine = [_register(zaaktype) for _ in range(3)]  # 3 is the first of this process's block
    zaaknummers.forget_blocks()  # the same database, seen by a process without blocks
    theirs = _register(zaaktype)
    assert _numbers(mine) == [1, 2, 3]
    assert _numbers([theirs]) == [zaaknummers.BLOK + 3]
    assert len({z.identificatie for z in Zaak.objects.all()}) == 4


@own_transactions
def test_a_number_of_the_block_chosen_by_hand_is_skipped(zaaktype, busy):
    _register(zaaktype)
    _register(zaaktype)  # the block is 3 … BLOK + 2
    by_hand = _register(zaaktype, identificatie=f"ZAAK-{JAAR}-0000000004")
    generated = [_register(zaaktype) for _ in range(2)]
    assert by_hand.identificatie == f"ZAAK-{JAAR}-0000000004"
    assert _numbers(generated) == [3, 5]


def test_no_block_is_claimed_inside_a_callers_transaction(
    zaaktype, busy, django_capture_on_commit_callbacks
):
    # The test's own transaction stands for the caller's: the claims it triggers would roll back
    # with it, so they are skipped and every number comes from the counter.
    with django_capture_on_commit_callbacks(execute=True):
        zaken = [_register(zaaktype) for _ in range(4)]
    assert _numbers(zaken) == [1, 2, 3, 4]
    assert _laatste() == 4


def _twin(zaak: Zaak) -> Zaak:
    """A new zaak with the same identificatie and bronorganisatie."""
    return Zaak(
        tenant_id=zaak.tenant_id,
        zaaktype=zaak.zaaktype,
        identificatie=zaak.identificatie,
        bronorganisatie=zaak.bronorganisatie,
        verantwoordelijke_organisatie=zaak.verantwoordelijke_organisatie,
        registratiedatum=zaak.registratiedatum,
        startdatum=zaak.startdatum,
        vertrouwelijkheidaanduiding="openbaar",
    )


def test_inserting_a_zaak_whose_identificatie_exists_inserts_nothing(zaaktype):
    existing = _register(zaaktype, identificatie="WMO-1")
    twin = _twin(existing)
    with transaction.atomic():  # and the transaction goes on
        assert not zaaknummers.insert_zaak(twin)
        assert twin.pk is None
    other = _register(zaaktype, identificatie="WMO-2")
    assert sorted(Zaak.objects.values_list("identificatie", flat=True)) == ["WMO-1", "WMO-2"]
    assert Zaak.objects.get(pk=other.pk).omschrijving == other.omschrijving


def test_a_hand_chosen_identificatie_taken_by_a_concurrent_create_is_refused(zaaktype, monkeypatch):
    insert = zaaknummers.insert_zaak

    def concurrent_create_first(zaak: Zaak) -> bool:
        # Another create with the same identificatie committed after this one checked it.
        _twin(zaak).save()
        return insert(zaak)

    monkeypatch.setattr(zaaknummers, "insert_zaak", concurrent_create_first)
    with pytest.raises(ValidationFailed) as refused:
        _register(zaaktype, identificatie="WMO-1")
    assert [(p.name, p.code) for p in refused.value.params] == [
        ("identificatie", "identificatie-niet-uniek")
    ]
