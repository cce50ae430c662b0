"""The mechanics of a migration write in the API layer (ADR 0063): which requests are one, how a
body's migration fields are read, and the helpers services keep a source's uuid and dates with.
The whole flow through the APIs is in iwerk/migratie/tests/test_api_migreren.py."""

from __future__ import annotations

import uuid as uuidlib
from datetime import UTC, datetime

import orjson
import pytest
from django.db import IntegrityError
from django.test import RequestFactory

from iwerk.core.api import bronwaarden
from iwerk.core.api.actor import Actor, Grant
from iwerk.core.api.endpoint import Api
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.api.schemas import normalise, parse_body
from iwerk.core.identificatie import continue_after, parse_generated
from iwerk.core.migratie import migratie
from iwerk.core.models import AuditTrail, IdentificatieReeks
from iwerk.core.testing.catalogus import gemeente

ZAKEN = Api(name="zaken", version="1.7.0", prefix="/z", component="zrc", migreren="zaken.migreren")


def _actor(*scopes: str, alle: bool = False) -> Actor:
    return Actor(
        client_id="c",
        applicatie_uuid=None,
        applicatie_label="c",
        heeft_alle_autorisaties=alle,
        grants=(Grant(component="zrc", scopes=frozenset(scopes), catalogus_id=1),),
    )


def test_only_a_write_of_a_client_granted_migreren_is_a_migration_write():
    tool = _actor("zaken.aanmaken", "zaken.migreren")
    assert ZAKEN.migrates("POST", tool) and ZAKEN.migrates("PATCH", tool)
    assert not ZAKEN.migrates("GET", tool)
    assert not ZAKEN.migrates("POST", _actor("zaken.aanmaken"))
    # heeftAlleAutorisaties allows everything, but does not make a client a migrating one.
    assert not ZAKEN.migrates("POST", _actor(alle=True))
    assert _actor(alle=True).has_scope("zrc", "zaken.migreren")
    # An API without a migreren scope never migrates.
    assert not Api(name="x", version="1", prefix="/x").migrates("POST", tool)


def test_migration_fields_are_read_only_in_a_migration_write():
    from iwerk.documenten.api.schemas import DocumentIn
    from iwerk.zaken.api.schemas import RolIn

    body = {"uuid": str(uuidlib.uuid4()), "registratiedatum": "2019-03-04T09:00:00"}
    ignored: list[str] = []
    assert normalise(RolIn, body, ignored) == {} and ignored == []  # read-only in the resource
    assert normalise(DocumentIn, {"uuid": body["uuid"]}, ignored) == {}
    assert ignored == ["uuid"]  # not part of a document's representation: named, as unknown
    with migratie():
        assert normalise(RolIn, body, []) == body
        assert normalise(DocumentIn, {"uuid": body["uuid"]}, []) == {"uuid": body["uuid"]}


def _request(body: dict):
    return RequestFactory().patch("/", orjson.dumps(body), content_type="application/json")


def test_a_patch_takes_migration_fields_from_the_body_never_from_the_representation():
    """A new document version is not dated as the last one because the client left it out."""
    from iwerk.zaken.api.schemas import ZaakInformatieObjectIn

    current = {
        "url": "http://x/zio/1",
        "uuid": str(uuidlib.uuid4()),
        "zaak": "http://x/zaken/1",
        "informatieobject": "http://x/eio/1",
        "registratiedatum": "2019-03-05T08:00:00+01:00",
    }
    with migratie():
        data = parse_body(
            _request({"titel": "t"}), ZaakInformatieObjectIn, current=current, partial=True
        )
        assert (data.uuid, data.registratiedatum, data.titel) == (None, None, "t")
        given = parse_body(
            _request({"registratiedatum": "2019-01-01T00:00:00Z"}),
            ZaakInformatieObjectIn,
            current=current,
            partial=True,
        )
        assert given.registratiedatum == datetime(2019, 1, 1, tzinfo=UTC)


def test_an_invalid_uuid_is_a_400_on_the_field():
    from iwerk.zaken.api.schemas import StatusIn

    body = {"uuid": "geen-uuid", "zaak": "http://x/z", "statustype": "http://x/s"}
    body["datumStatusGezet"] = "2019-03-04T10:00:00Z"
    with migratie(), pytest.raises(ValidationFailed) as raised:
        parse_body(
            RequestFactory().post("/", orjson.dumps(body), content_type="application/json"),
            StatusIn,
        )
    assert [(p.name, p.code) for p in raised.value.params] == [("uuid", "invalid")]


@pytest.mark.django_db
def test_a_kept_uuid_only_in_a_migration_write_and_never_one_in_use():
    given = uuidlib.uuid4()
    outside = AuditTrail()
    with bronwaarden.bewaarde_uuid(outside, given):
        pass
    assert outside.uuid != given

    inside = AuditTrail()
    with migratie(), bronwaarden.bewaarde_uuid(inside, given):
        pass
    assert inside.uuid == given

    bestaand = AuditTrail.objects.create(
        tenant=gemeente("Deventer", "deventer", "001902763"),
        bron="zrc",
        hoofd_object_uuid=uuidlib.uuid4(),
        hoofd_object="/zaken/api/v1/zaken/x",
        resource="zaak",
        resource_url="/zaken/api/v1/zaken/x",
        actie="create",
        resultaat=201,
    )
    with (
        migratie(),
        pytest.raises(ValidationFailed) as raised,
        bronwaarden.bewaarde_uuid(AuditTrail(), bestaand.uuid),
    ):
        raise AssertionError("never reached: the question before the INSERT refuses it")
    assert raised.value.params == [bronwaarden.UUID_BESTAAT]


def test_the_unique_constraint_is_the_last_guard(monkeypatch):
    monkeypatch.setattr(bronwaarden, "in_gebruik", lambda model, uuid: False)
    with (
        migratie(),
        pytest.raises(ValidationFailed) as raised,
        bronwaarden.bewaarde_uuid(AuditTrail(), uuidlib.uuid4()),
    ):
        raise IntegrityError('duplicate key value violates unique constraint "x_uuid_key"')
    assert raised.value.params == [bronwaarden.UUID_BESTAAT]
    # Another constraint stays what it is: a server error, not the client's uuid.
    with (
        migratie(),
        pytest.raises(IntegrityError),
        bronwaarden.bewaarde_uuid(AuditTrail(), uuidlib.uuid4()),
    ):
        raise IntegrityError("UNIQUE constraint failed: zaken_zaak.identificatie")


def test_a_historic_date_only_in_a_migration_write():
    nu, toen = datetime(2026, 12, 6, tzinfo=UTC), datetime(2019, 3, 4, tzinfo=UTC)
    assert bronwaarden.bewaarde_datum(toen, nu) == nu
    with migratie():
        assert bronwaarden.bewaarde_datum(toen, nu) == toen
        assert bronwaarden.bewaarde_datum(None, nu) == nu


def test_generated_identificaties_are_recognised_exactly():
    assert parse_generated("ZAAK", "ZAAK-2019-0000000500") == (2019, 500)
    assert parse_generated("ZAAK", "ZAAK-2019-12345678901") == (2019, 12345678901)
    for other in ("ZAAK-2019-500", "ZAAK-2019-00000000500", "DOCUMENT-2019-0000000500", "2019-1"):
        assert parse_generated("ZAAK", other) is None


@pytest.mark.django_db
def test_a_series_continues_after_a_given_number_and_never_goes_back():
    key = {"soort": "DOCUMENT", "organisatie": "001902763"}
    assert continue_after(IdentificatieReeks, key, "DOCUMENT", "DOCUMENT-2019-0000000042") == 2019
    assert continue_after(IdentificatieReeks, key, "DOCUMENT", "DOCUMENT-2019-0000000007") == 2019
    assert continue_after(IdentificatieReeks, key, "DOCUMENT", "brief 7") is None
    assert list(IdentificatieReeks.objects.values_list("jaar", "laatste")) == [(2019, 42)]
