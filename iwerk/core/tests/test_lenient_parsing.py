"""How request bodies and queries are read (ADR 0024, zgw-rules §I): the same way in every
schema of every API, so a client meets one behaviour everywhere."""

from __future__ import annotations

import importlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel, TypeAdapter

from iwerk.core.api.schemas import ApiSchema, QuerySchema, _leaves, normalise

# Where each API keeps its input schemas (the Autorisaties API keeps them beside its views).
MODULES = (
    "iwerk.autorisaties.api.views",
    "iwerk.besluiten.api.schemas",
    "iwerk.catalogi.api.schemas",
    "iwerk.documenten.api.schemas",
    "iwerk.notificaties.api.schemas",
    "iwerk.referentielijsten.api.views",
    "iwerk.zaken.api.schemas",
)


def _schemas() -> list[type[BaseModel]]:
    for module in MODULES:
        importlib.import_module(module)
    found: list[type[BaseModel]] = []
    todo = [ApiSchema, QuerySchema]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def _datetime_fields():
    for schema in _schemas():
        for name, field in schema.model_fields.items():
            if datetime in _leaves(field.annotation):
                yield pytest.param(schema, name, id=f"{schema.__name__}.{name}")


@pytest.mark.parametrize(("schema", "name"), list(_datetime_fields()))
def test_every_datetime_field_reads_an_offsetless_value_as_amsterdam_time(schema, name):
    """I3: no field refuses "2026-07-01T10:00:00" and none keeps it naive (a naive value
    compared with an aware one crashed the eindstatus)."""
    field = schema.model_fields[name]
    annotation = field.rebuild_annotation()
    value = TypeAdapter(annotation).validate_python("2026-07-01T10:00:00")
    assert value.tzinfo is not None
    assert value.utcoffset() == ZoneInfo("Europe/Amsterdam").utcoffset(value.replace(tzinfo=None))
    with_offset = TypeAdapter(annotation).validate_python("2026-07-01T10:00:00Z")
    assert with_offset.utcoffset().total_seconds() == 0


def test_there_are_datetime_fields_to_check():
    assert len(list(_datetime_fields())) >= 10


def test_normalise_drops_read_only_and_unknown_and_reads_numbers_as_text():
    from iwerk.zaken.api.schemas import ZaakIn

    ignored: list[str] = []
    data = normalise(
        ZaakIn,
        {
            "url": "http://elders/x",
            "status": None,
            "identificatie": 20,
            "omschrijving": 1.5,
            "toelichting": True,
            "productenOfDiensten": [7],
            "rolomschrijving": "x",
            "kenmerken": [{"kenmerk": 1, "bron": "b", "oud": 1}],
            "verlenging": {"reden": "r", "duur": "P1D", "extra": 2},
        },
        ignored,
    )
    assert data == {
        "identificatie": "20",
        "omschrijving": "1.5",
        "toelichting": True,  # a boolean is not text: validation refuses it
        "productenOfDiensten": ["7"],
        "kenmerken": [{"kenmerk": "1", "bron": "b"}],
        "verlenging": {"reden": "r", "duur": "P1D"},
    }
    assert ignored == ["rolomschrijving", "kenmerken.0.oud", "verlenging.extra"]


def test_kenmerken_values_that_are_numbers_are_read_as_text():
    from iwerk.notificaties.api.schemas import MessageIn

    data = normalise(MessageIn, {"kanaal": "zaken", "kenmerken": {"bronorganisatie": 1}}, [])
    assert data["kenmerken"] == {"bronorganisatie": "1"}
