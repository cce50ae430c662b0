"""core.fastsql: a row inserted with the statement written once is the row objects.create writes,
column by column as the database stores it; a model whose save() would do more is refused."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.test.utils import isolate_apps

from iwerk.core import auditketen, fastsql
from iwerk.core.models import AuditTrail, Generatie, Inzage, Ketenschakel
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken
from iwerk.notificaties.models import Levering, Notificatie
from iwerk.sturing.models import Bijwerking
from iwerk.zaken.models import ZaakZoektekst

pytestmark = pytest.mark.django_db
MOMENT = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def _stored(obj: models.Model) -> tuple:
    """The row as the database holds it (no field conversion), without its primary key."""
    meta = obj._meta
    columns = [f.column for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(map(quote, columns))} FROM {quote(meta.db_table)} "  # noqa: S608
            f"WHERE {quote(meta.pk.column)} = %s",
            [obj.pk],
        )
        return tuple(cursor.fetchone())


def _audit(tenant, **extra) -> dict:
    return {
        "tenant_id": tenant.pk,
        "uuid": uuid.UUID("6f1b6c1e-8a52-4c43-9f1a-0d2b6a7e9c11"),
        "bron": "zrc",
        "hoofd_object_uuid": uuid.UUID("0b0b7c7e-2f8d-4a53-8c6e-4e1f0a9d2b33"),
        "hoofd_object": "/zaken/api/v1/zaken/0b0b7c7e-2f8d-4a53-8c6e-4e1f0a9d2b33",
        "resource": "zaak",
        "resource_url": "/zaken/api/v1/zaken/0b0b7c7e-2f8d-4a53-8c6e-4e1f0a9d2b33",
        "actie": "create",
        "resultaat": 201,
        "toelichting": "Aangevraagd via het portaal",
        "oud": None,
        "nieuw": {"omschrijving": "Traplift – €", "rollen": [], "nested": {"a": [1, 2.5, True]}},
        **extra,
    }


def _notificatie(**extra) -> dict:
    return {
        "uuid": uuid.UUID("2c7a4a43-0d6e-4c0b-a1fa-3d1f5a0e8b77"),
        "kanaal": "zaken",
        "hoofd_object": "http://testserver/zaken/api/v1/zaken/1",
        "resource": "zaak",
        "resource_url": "http://testserver/zaken/api/v1/zaken/1",
        "actie": "create",
        "aanmaakdatum": MOMENT,
        "kenmerken": {"bronorganisatie": "001902763", "vertrouwelijkheidaanduiding": ""},
        "tenant_id": 7,
        **extra,
    }


def _inzage(tenant) -> dict:
    return {
        "tenant_id": tenant.pk,
        "uuid": uuid.UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"),
        "wanneer": MOMENT,
        "kanaal": "api",
        "soort": "zaak",
        "object_uuid": uuid.UUID("5d7c1a2b-0e9f-4a8b-9c6d-1e2f3a4b5c6d"),
        "bsn": "111222333",
    }


@pytest.mark.parametrize(
    ("model", "values"),
    [
        # auto_now_add, JSON, UUID and the writer's seal (computed last, from the other fields)
        pytest.param(AuditTrail, _audit, id="audittrail"),
        pytest.param(Inzage, _inzage, id="inzage"),
        pytest.param(Notificatie, lambda tenant: _notificatie(), id="notificatie"),
        pytest.param(Bijwerking, lambda tenant: {"zaak_id": 42}, id="bijwerking"),
    ],
)
def test_insert_writes_the_row_objects_create_writes(tenant, model, values):
    with time_machine.travel(MOMENT, tick=False):
        with transaction.atomic():  # rolled back: the uuid is unique
            created = model.objects.create(**values(tenant))
            stored, held = _stored(created), _values(created)
            transaction.set_rollback(True)
        inserted = model(**values(tenant))
        fastsql.insert(inserted)
    assert inserted.pk is not None
    assert not inserted._state.adding and inserted._state.db == created._state.db == "default"
    assert _stored(inserted) == stored
    assert _values(inserted) == held  # what the instance holds afterwards
    assert _values(model.objects.get(pk=inserted.pk)) == held


def _values(obj: models.Model) -> dict:
    return {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key
    }


def test_defaults_are_the_fields_own_per_row(tenant):
    """The uuid default, auto_now_add, a JSON default and the seal come from the fields."""
    with time_machine.travel(MOMENT, tick=False):
        entry = AuditTrail(**{k: v for k, v in _audit(tenant).items() if k != "uuid"})
        fastsql.insert(entry)
    stored = AuditTrail.objects.get(pk=entry.pk)
    assert stored.aanmaakdatum == entry.aanmaakdatum == MOMENT
    assert stored.uuid == entry.uuid and entry.uuid.version == 4
    assert auditketen._zegelfout(stored, auditketen.sleutels().alle) is None
    given = {k: v for k, v in _notificatie().items() if k not in ("uuid", "kenmerken")}
    rows = [Notificatie(**given), Notificatie(**given)]
    fastsql.insert_many(rows)
    stored_rows = [Notificatie.objects.get(pk=row.pk) for row in rows]
    assert [n.uuid for n in stored_rows] == [row.uuid for row in rows]
    assert rows[0].uuid != rows[1].uuid
    assert [n.kenmerken for n in stored_rows] == [{}, {}]


def test_insert_many_returns_the_keys_in_the_order_of_the_rows(tenant):
    rows = [Bijwerking(zaak_id=n) for n in (5, 3, 9)]
    fastsql.insert_many(rows)
    assert [Bijwerking.objects.get(pk=row.pk).zaak_id for row in rows] == [5, 3, 9]
    assert [row.pk for row in rows] == sorted(row.pk for row in rows)


def test_rows_with_and_without_their_own_key_are_each_inserted():
    given = Bijwerking(zaak_id=7)
    fastsql.insert(given)
    rows = [Bijwerking(pk=given.pk + 100, zaak_id=8), Bijwerking(zaak_id=9)]
    fastsql.insert_many(rows)
    assert rows[0].pk == given.pk + 100 and rows[1].pk is not None
    assert {row.pk: row.zaak_id for row in Bijwerking.objects.all()} == {
        given.pk: 7,
        given.pk + 100: 8,
        rows[1].pk: 9,
    }


def test_a_key_of_its_own_is_inserted_and_nothing_is_returned(catalogus):
    """ZaakZoektekst: the zaak is the primary key (no auto key)."""
    zaak = zaken.zaak(build.gepubliceerd_zaaktype(catalogus))
    ZaakZoektekst.objects.filter(zaak=zaak).delete()
    row = ZaakZoektekst(zaak=zaak, tekst="ZAAK-1 traplift")
    fastsql.insert(row)
    assert row.pk == zaak.pk and not row._state.adding
    assert ZaakZoektekst.objects.get(zaak=zaak).tekst == "ZAAK-1 traplift"


def test_a_database_default_goes_through_save_as_in_create():
    """Ketenschakel.sleutel_id has only a database default: the ORM writes DEFAULT for it."""
    given = {"tabel": "overgang", "rij_id": 1, "rij_hash": "a" * 64, "keten_hash": "b" * 64}
    with transaction.atomic():  # rolled back: (tabel, rij_id) is unique
        stored = _stored(Ketenschakel.objects.create(**given))
        transaction.set_rollback(True)
    inserted = Ketenschakel(**given)
    fastsql.insert(inserted)
    assert inserted.pk is not None and not inserted._state.adding
    assert _stored(inserted) == stored
    with pytest.raises(TypeError, match="expression"):
        fastsql.insert(Ketenschakel(**{**given, "rij_id": 2}), also_evaluate="1")


def test_an_unsaved_related_object_is_refused_as_save_refuses_it():
    with pytest.raises(ValueError, match="unsaved related object 'notificatie'"):
        fastsql.insert(Levering(notificatie=Notificatie(**_notificatie()), hoofd_object="x"))


@pytest.mark.parametrize("signal", [pre_save, post_save], ids=["pre_save", "post_save"])
def test_a_model_with_a_receiver_is_refused(signal):
    heard = []

    def receiver(sender, **kwargs):
        heard.append(sender)

    signal.connect(receiver, sender=Bijwerking, dispatch_uid="test-fastsql")
    try:
        with pytest.raises(TypeError, match="receivers"):
            fastsql.insert(Bijwerking(zaak_id=1))
        assert not Bijwerking.objects.exists()
        Bijwerking.objects.create(zaak_id=1)  # the ORM still serves it, receiver and all
        assert heard == [Bijwerking]
    finally:
        signal.disconnect(dispatch_uid="test-fastsql", sender=Bijwerking)
    fastsql.insert(Bijwerking(zaak_id=2))  # without the receiver it may again


@isolate_apps("iwerk.core")
def test_a_model_whose_save_does_more_is_refused():
    class EigenSave(models.Model):
        naam = models.CharField(max_length=10)

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return self.naam

        def save(self, *args, **kwargs):
            super().save(*args, **kwargs)

    class Kind(Generatie):
        class Meta:
            app_label = "core"

    with pytest.raises(TypeError, match="own save"):
        fastsql.insert(EigenSave(naam="x"))
    with pytest.raises(TypeError, match="more than one statement"):
        fastsql.insert(Kind(naam="x"))
    with pytest.raises(TypeError, match="same model"):
        fastsql.insert_many([Bijwerking(zaak_id=1), Generatie(naam="x")])


def test_a_failed_insert_in_a_transaction_marks_it_for_rollback_as_save_does():
    Generatie.objects.create(naam="dubbel")
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            fastsql.insert(Generatie(naam="dubbel"))
        assert connection.needs_rollback


def test_increment_is_the_update_with_f():
    Generatie.objects.create(naam="a", waarde=4)
    Generatie.objects.create(naam="b", waarde=10)
    assert fastsql.increment(Generatie, "waarde", naam="a") == 1
    assert Generatie.objects.filter(naam="b").update(waarde=F("waarde") + 1) == 1
    waarden = dict(Generatie.objects.filter(naam__in=["a", "b"]).values_list("naam", "waarde"))
    assert waarden == {"a": 5, "b": 11}
    assert fastsql.increment(Generatie, "waarde", naam="onbekend") == 0
    assert not Generatie.objects.filter(naam="onbekend").exists()
    with pytest.raises(ValueError):
        fastsql.increment(Generatie, "waarde", naam=None)
