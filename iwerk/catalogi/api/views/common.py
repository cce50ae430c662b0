"""Shared helpers of the Catalogi endpoints: scopes, rendering, lists and filters."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable
from typing import Any

import orjson
from django.conf import settings
from django.db import connections, router
from django.db.models import Field, Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from iwerk.catalogi.api import output as out
from iwerk.catalogi.api import refs
from iwerk.catalogi.models import (
    BesluitType,
    Catalogus,
    InformatieObjectType,
    ZaakType,
    valid_on,
)
from iwerk.catalogi.selectors import CHILD_MODELS
from iwerk.core.api import expand as expander
from iwerk.core.api.actor import Actor
from iwerk.core.api.endpoint import Api
from iwerk.core.api.responses import (
    detail_response,
    paginated_response,
)

API = Api(
    name="catalogi",
    version="1.3.3",
    prefix=out.PREFIX,
    component="ztc",
    migreren="catalogi.migreren",
)

READ = (
    ("ztc", "catalogi.lezen"),
    ("zrc", "zaken.lezen"),
    ("drc", "documenten.lezen"),
    ("brc", "besluiten.lezen"),
)
WRITE = (("ztc", "catalogi.schrijven"), ("ztc", "catalogi.geforceerd-schrijven"))
DELETE = (("ztc", "catalogi.schrijven"), ("ztc", "catalogi.geforceerd-verwijderen"))


def _ctx(request: HttpRequest, on=None) -> out.RenderContext:
    return out.RenderContext(request.urls, on or timezone.localdate())


def _own_hosts(request: HttpRequest) -> set[str]:
    return {request.get_host(), *settings.IWERK_API_HOSTS}


def _status(qs: QuerySet, status: str, prefix: str = "") -> QuerySet:
    if status == "definitief":
        return qs.filter(**{f"{prefix}concept": False})
    if status == "concept":
        return qs.filter(**{f"{prefix}concept": True})
    return qs


def _render(
    request,
    ctx,
    to_json: Callable,
    prime: Callable | None = None,
    *,
    resource: str = "",
    expand: str | None = None,
):
    tree = expander.parse(expand, out.PREFIX, resource)

    def render(rows):
        rendered = ctx.render_many(resource, list(rows), to_json, prime)
        return expander.apply(request, rendered, out.PREFIX, resource, tree)

    return render


def _list(
    request, qs, q, resource: str, to_json: Callable, prime: Callable | None = None
) -> HttpResponse:
    """A paginated list: the page from qs, rendered (cached) and expanded as q asks."""
    ctx = _ctx(request, getattr(q, "datum_geldigheid", None))
    render = _render(request, ctx, to_json, prime, resource=resource, expand=q.expand)
    return paginated_response(request, qs, q.page, render)


def _type_filters(request, qs, q):
    """catalogus, omschrijving and datumGeldigheid: the filters the three type lists share."""
    if q.catalogus:
        qs = qs.filter(
            catalogus__uuid=refs.filter_uuid(request, q.catalogus, "catalogussen", "catalogus")
        )
    if getattr(q, "omschrijving", None):
        qs = qs.filter(omschrijving=q.omschrijving)
    if q.datum_geldigheid:
        qs = qs.filter(valid_on(q.datum_geldigheid))
    return qs


def _detail(
    request: HttpRequest,
    obj,
    to_json,
    ctx,
    prime=None,
    *,
    resource: str = "",
    expand: str | None = None,
):
    tree = expander.parse(expand, out.PREFIX, resource)
    rendered = ctx.render_many(resource, [obj], to_json, prime)
    data = expander.apply(request, rendered, out.PREFIX, resource, tree)[0]
    return detail_response(request, data)


# Single-object reads ------------------------------------------------------------------
_MODELS: dict[str, type[Model]] = {
    "catalogussen": Catalogus,
    "zaaktypen": ZaakType,
    "informatieobjecttypen": InformatieObjectType,
    "besluittypen": BesluitType,
    **CHILD_MODELS,  # statustypen, roltypen, …: the same rule (catalogi.api.children)
}


def _visible(resource: str, actor: Actor, key: uuidlib.UUID | str) -> bool:
    """Whether the actor may see the object with this uuid: one SELECT on uuid and gemeente.

    The rule of the selectors (`selectors._for_actor`): a client sees the catalogi, and their
    types, of the gemeenten it works for (of every gemeente with catalogi_tenant_ids None;
    test_detail_reads holds the two to the same answers). A read whose representation comes
    from the cache needs nothing else from the row, and building the queryset for the full row
    was most of such a read (docs/performance.md). Table and column names come from the model,
    the connection from the router, as for the queryset.
    """
    tenants = actor.catalogi_tenant_ids
    if tenants is not None and not tenants:
        return False
    model = _MODELS[resource]
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    uuid_field, uuid_column = _field(model, "uuid")
    sql = f"SELECT 1 FROM {quote(model._meta.db_table)} WHERE {quote(uuid_column)} = %s"  # noqa: S608 - names from model metadata, values are parameters
    params: list[Any] = [uuid_field.get_db_prep_value(key, connection)]
    if tenants is not None:
        tenant_column = quote(_field(model, "tenant")[1])
        sql += f" AND {tenant_column} IN ({', '.join(['%s'] * len(tenants))})"
        params.extend(sorted(tenants))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def _field(model: type[Model], name: str) -> tuple[Field, str]:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column  # a concrete column of the table
    return field, field.column


class _Visible:
    """A row the actor may see, known by its uuid (what the representation cache is keyed on);
    the model instance is loaded only when a representation has to be rendered."""

    __slots__ = ("_load", "_obj", "uuid")

    def __init__(self, uuid: uuidlib.UUID, load: Callable[[], Any], obj: Any = None) -> None:
        self.uuid = uuid
        self._load = load
        self._obj = obj

    @property
    def obj(self) -> Any:
        if self._obj is None:
            self._obj = self._load()
        return self._obj


def _visible_row(
    request: HttpRequest, resource: str, uuid: uuidlib.UUID, load: Callable[[], Any]
) -> _Visible:
    """The object to read, loaded by `load` (the full queryset) only on a cache miss.

    When the quick check finds nothing visible, `load` runs now: it answers 403 for an object
    of another gemeente and 404 for none at all, as before (refs.get_or_404).
    """
    if _visible(resource, request.actor, uuid):  # type: ignore[attr-defined]
        return _Visible(uuid, load)
    obj = load()
    return _Visible(obj.uuid, load, obj)


def _loading(to_json: Callable) -> Callable:
    """to_json for _Visible rows: renders the loaded object."""

    def render(row: _Visible, ctx: out.RenderContext) -> dict:
        return to_json(row.obj, ctx)

    return render


def _loading_prime(prime: Callable | None) -> Callable | None:
    """prime for _Visible rows: primes the loaded objects."""
    if prime is None:
        return None

    def prime_loaded(ctx: out.RenderContext, rows: list[_Visible]) -> None:
        prime(ctx, [row.obj for row in rows])

    return prime_loaded


def _current(obj, to_json, ctx, prime=None) -> dict:
    if prime:
        prime(ctx, [obj])
    return to_json(obj, ctx)


def _is_patch(request: HttpRequest) -> bool:
    return request.method == "PATCH"


def _only_einde_geldigheid(request: HttpRequest) -> bool:
    try:
        body = orjson.loads(request.body or b"{}")
    except orjson.JSONDecodeError:
        return False
    return _is_patch(request) and isinstance(body, dict) and set(body) == {"eindeGeldigheid"}


def _geldigheid_fields(data) -> dict:
    return {
        "datum_begin_geldigheid": data.begin_geldigheid,
        "datum_einde_geldigheid": data.einde_geldigheid,
        "begin_object": data.begin_object,
        "einde_object": data.einde_object,
    }
