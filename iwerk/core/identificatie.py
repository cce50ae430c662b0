"""Identificaties issued per organisation and year (ZAAK-2026-0000000001, DOCUMENT-…, BESLUIT-…).

Taking a number is one `UPDATE … RETURNING` of the counter row: it increments and locks the row
for the rest of the caller's transaction in the same statement, so concurrent registrations
never receive the same number. Numbers someone chose by hand are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, connection, models, transaction


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column  # a concrete column of the row
    return field.column


def _increment(reeks_model: type[models.Model], key: dict[str, Any]) -> int | None:
    """laatste + 1 of the counter row selected by key, or None when the row does not exist yet.

    Raw SQL because the ORM's update() cannot return the new value; PostgreSQL and SQLite
    (3.35+) both have RETURNING.
    """
    quote = connection.ops.quote_name
    table = quote(reeks_model._meta.db_table)
    where = " AND ".join(f"{quote(_column(reeks_model, f))} = %s" for f in key)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET laatste = laatste + 1 WHERE {where} RETURNING laatste",  # noqa: S608 - names from model metadata, values are parameters
            list(key.values()),
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def next_number(
    reeks_model: type[models.Model], key: dict[str, Any], taken: Callable[[int], bool]
) -> int:
    """The next free number of the counter row selected by key (created at 1 when missing)."""
    while True:
        laatste = _increment(reeks_model, key)
        if laatste is None:
            try:
                with transaction.atomic():
                    reeks_model._default_manager.get_or_create(**key)
            except IntegrityError:  # another transaction created the row first
                pass
            continue
        if not taken(laatste):
            return laatste


def next_in_series(
    reeks_model: type[models.Model],
    key: dict[str, Any],
    prefix: str,
    jaar: int,
    taken: Callable[[str], bool],
) -> str:
    """The next free "<prefix>-<jaar>-<10 digits>" of the counter row selected by key."""
    while True:
        laatste = _increment(reeks_model, key)
        if laatste is None:  # the first number of this series: create the row, racing others safely
            try:
                with transaction.atomic():
                    reeks_model._default_manager.get_or_create(**key)  # objects, no custom one
            except IntegrityError:  # another transaction created the row first
                pass
            continue
        candidate = f"{prefix}-{jaar}-{laatste:010d}"
        if not taken(candidate):
            return candidate


def parse_generated(prefix: str, identificatie: str) -> tuple[int, int] | None:
    """(jaar, number) of an identificatie in the form next_in_series generates, else None."""
    match = _GENERATED.match(identificatie)
    if match is None or match["prefix"] != prefix:
        return None
    jaar, nummer = int(match["jaar"]), int(match["nummer"])
    if identificatie != f"{prefix}-{jaar}-{nummer:010d}":  # e.g. "ZAAK-2019-00000000500"
        return None
    return jaar, nummer


_GENERATED = re.compile(r"^(?P<prefix>[A-Z]+)-(?P<jaar>\d{4})-(?P<nummer>\d{10,})$")


def continue_after(
    reeks_model: type[models.Model], key: dict[str, Any], prefix: str, identificatie: str
) -> int | None:
    """A given identificatie of the generated form (a migration, ADR 0063): its series continues
    after it. The counter of (key, its jaar) becomes at least its number, in the caller's
    transaction; the next generated one is higher. Returns that jaar, or None for another form
    (kept as it is; it can never equal a generated one)."""
    parsed = parse_generated(prefix, identificatie)
    if parsed is None:
        return None
    jaar, nummer = parsed
    series = {**key, "jaar": jaar}
    manager = reeks_model._default_manager
    if not manager.filter(**series).exists():
        try:
            with transaction.atomic():
                manager.get_or_create(**series)
        except IntegrityError:  # another transaction created the row first
            pass
    manager.filter(**series, laatste__lt=nummer).update(laatste=nummer)
    return jaar
