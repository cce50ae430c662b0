"""What a migration write keeps of its source (ADR 0063): the object's uuid and historic dates.

Services call these where the standard's behaviour for a new object (a fresh uuid, "now")
would lose what the source knew. Outside a migration write (`core.migratie.migratie()`) they
change nothing: a given uuid or date is not used, so the standard's behaviour stays exactly
as it is for every other client.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from uuid import UUID

from django.db import IntegrityError
from django.db.models import Model

from iwerk.core import migratie
from iwerk.core.api.problems import InvalidParam, ValidationFailed

T = TypeVar("T")

UUID_BESTAAT = InvalidParam("uuid", "uuid-bestaat", "Deze uuid is al in gebruik.")


@contextmanager
def bewaarde_uuid(obj: Model, uuid: UUID | None) -> Iterator[None]:
    """Around the INSERT of the new obj: in a migration write it gets the source's uuid.

    A uuid that another object of the same model has is refused (400 `uuid-bestaat`): asked
    before the INSERT, and the unique constraint refuses one that a concurrent write took since
    (that IntegrityError becomes the same answer; the service's transaction rolls back whole).
    Raises ValidationFailed.
    """
    if uuid is None or not migratie.actief():
        yield
        return
    if in_gebruik(type(obj), uuid):
        raise ValidationFailed([UUID_BESTAAT])
    obj.uuid = uuid  # type: ignore[attr-defined]  # every model passed here has a uuid
    try:
        yield
    except IntegrityError as error:
        # Only the uuid was chosen by the client here; another constraint stays a server error.
        if "uuid" in str(error).lower():
            raise ValidationFailed([UUID_BESTAAT]) from error
        raise


def in_gebruik(model: type[Model], uuid: UUID) -> bool:
    """Whether an object of model has this uuid (the question before a kept uuid is written)."""
    return model._default_manager.filter(uuid=uuid).exists()


def bewaarde_datum(gegeven: T | None, nu: T) -> T:
    """The source's historic value in a migration write, when it gave one; else nu."""
    return gegeven if gegeven is not None and migratie.actief() else nu


def herschrijf_datums(obj: Model, **datums: Any) -> None:
    """After the INSERT of obj, in a migration write: the source's values of the fields the model
    itself fills with "now" (auto_now_add, auto_now), in one UPDATE; a None keeps the model's."""
    gegeven = {name: value for name, value in datums.items() if value is not None}
    if not gegeven or not migratie.actief():
        return
    type(obj)._default_manager.filter(pk=obj.pk).update(**gegeven)
    for name, value in gegeven.items():
        setattr(obj, name, value)
