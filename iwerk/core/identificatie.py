"""Identificaties issued per organisation and year (ZAAK-2026-0000000001, DOCUMENT-…, BESLUIT-…).

The counter row is locked for the rest of the caller's transaction, so concurrent
registrations never receive the same number, and numbers someone chose by hand are skipped.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import IntegrityError, models, transaction


def next_in_series(
    reeks_model: type[models.Model], key: dict, prefix: str, jaar: int, taken: Callable[[str], bool]
) -> str:
    """The next free "<prefix>-<jaar>-<10 digits>" of the counter row selected by key."""
    reeks = reeks_model.objects.select_for_update().filter(**key).first()
    if reeks is None:  # the first number of this series: create the row, racing others safely
        for _ in range(2):
            try:
                with transaction.atomic():
                    reeks_model.objects.get_or_create(**key)
                break
            except IntegrityError:  # another transaction created the row first
                continue
        reeks = reeks_model.objects.select_for_update().get(**key)
    while True:
        reeks.laatste += 1
        candidate = f"{prefix}-{jaar}-{reeks.laatste:010d}"
        if not taken(candidate):
            reeks.save(update_fields=["laatste"])
            return candidate
