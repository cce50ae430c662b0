"""Source filtering by autorisatie: which objects of a register an actor may see (ZGW A5/A6).

Zaken, documenten and besluiten are visible when an autorisatie with the needed scope names
their type (or the type's catalogus) and, for zaken and documenten, the object's
vertrouwelijkheidaanduiding is at most the autorisatie's maximum. Registers call
`visible_q` in their selectors so lists are filtered at the source and details answer 403.
"""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from django.db.models import Model, Q, QuerySet

from iwerk.core.api.actor import Actor
from iwerk.core.choices import vertrouwelijkheden_up_to

M = TypeVar("M", bound=Model)


def visible_q(
    actor: Actor,
    *,
    component: str,
    scope: str,
    type_field: str,
    catalogus_field: str,
    vertrouwelijkheid_field: str | None,
) -> Q | None:
    """A Q selecting what actor may see with scope, or None for no restriction at all.

    An actor without any matching grant gets a Q that matches nothing. Grants on the same
    type combine: the highest maximum wins. Each grant becomes one indexable condition
    (type IN … AND vertrouwelijkheid IN …), so the filter uses the register's indexes.
    """
    if actor.heeft_alle_autorisaties:
        return None
    by_type: dict[int, str | None] = {}
    by_catalogus: dict[int, str | None] = {}
    for grant in actor.grants_with(component, scope):
        if grant.type_id is not None:
            target, key = by_type, grant.type_id
        elif grant.catalogus_id is not None:
            target, key = by_catalogus, grant.catalogus_id
        else:
            continue  # an autorisatie on a type outside this installation grants nothing here
        current = target.get(key, "")
        if current == "" or _higher(grant.max_vertrouwelijkheid, current):
            target[key] = grant.max_vertrouwelijkheid
    query = Q(pk__in=[])
    for field, grants in ((type_field, by_type), (catalogus_field, by_catalogus)):
        for maximum, keys in _group(grants).items():
            condition = Q(**{f"{field}__in": sorted(keys)})
            if vertrouwelijkheid_field and maximum is not None:
                condition &= Q(
                    **{f"{vertrouwelijkheid_field}__in": vertrouwelijkheden_up_to(maximum)}
                )
            query |= condition
    return query


def _higher(candidate: str | None, current: str | None) -> bool:
    if candidate is None:
        return True  # no maximum given counts as unrestricted
    if current is None:
        return False
    return len(vertrouwelijkheden_up_to(candidate)) > len(vertrouwelijkheden_up_to(current))


def _group(grants: dict[int, str | None]) -> dict[str | None, set[int]]:
    grouped: dict[str | None, set[int]] = {}
    for key, maximum in grants.items():
        grouped.setdefault(maximum, set()).add(key)
    return grouped


def visible_or_403(queryset: QuerySet[M], model: type[M], uuid: UUID | str) -> M:
    """The object of queryset (already filtered to what the actor may see) with this uuid.

    403 when it exists but lies outside the actor's autorisaties (ZGW A6), 404 when it does not
    exist at all. uuid is unique: the query is iterated, as first() would compile an ORDER BY.
    """
    from iwerk.core.api.problems import NotFound, PermissionDenied

    obj = next(iter(queryset.filter(uuid=uuid)), None)
    if obj is None:
        if model._default_manager.filter(uuid=uuid).exists():  # objects: no model has another
            raise PermissionDenied("Deze applicatie heeft geen toegang tot dit object.")
        raise NotFound("Het object bestaat niet.")
    return obj
