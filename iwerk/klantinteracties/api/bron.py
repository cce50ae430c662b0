"""One table-driven set of handlers for every resource of the Klantinteracties API 0.9.0.

Each resource declares a `Bron`: its model, how it is rendered, its body and query schemas, its
filters, and the service functions that write it (the rules live there, services/). The handlers
here only authenticate, parse, check the caller's access, call the service and render — as the
handlers of the ZGW APIs do — so the 15 resources behave the same way in everything the API
leaves to the implementation: paging (`page`, `pageSize` up to 500), 404 for what the caller
may not see (another gemeente, above its vertrouwelijkheid), 403 for a missing scope, Problem
JSON for every error, read-only and unknown body properties ignored (ADR 0024, 0052).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from django.db.models import Model, Q, QuerySet
from django.http import HttpResponse

from iwerk.core.api.endpoint import Api, ApiRequest, route
from iwerk.core.api.problems import NotFound, PermissionDenied, ValidationFailed
from iwerk.core.api.references import ApiUrls
from iwerk.core.api.responses import created, detail_response, no_content, paginated_response
from iwerk.core.api.schemas import ApiSchema, QuerySchema, parse_body, parse_query
from iwerk.klantinteracties.api.aanmelden import aanmelden
from iwerk.klantinteracties.models import Scope
from iwerk.klantinteracties.selectors.toegang import Toegangen

PREFIX = "/klantinteracties/api/v1"
API = Api(name="klantinteracties", version="0.9.0", prefix=PREFIX, authenticate=aanmelden)
GENERATIE = "klantinteracties"  # moves with every recorded change (cached counts key on it)
PAGINA = 100  # the API's default page size
MAX_PAGINA = 500  # and its maximum ("default: 100, maximum: 500")


@dataclass(frozen=True)
class Context:
    """What rendering needs of the request: the base of the API's URLs, and who asks (a list of
    related objects shows only those the caller may see; None for the audit trail's snapshots)."""

    urls: ApiUrls
    wie: Toegangen | None = None

    def url(self, collectie: str, uuid: object) -> str:
        return self.urls.build(PREFIX, collectie, uuid)

    def fk(self, collectie: str, obj: Any) -> dict | None:
        """A reference as the API writes it ({"uuid", "url"}); None for no object."""
        if obj is None:
            return None
        uuid = getattr(obj, "uuid", obj)
        return {"uuid": str(uuid), "url": self.url(collectie, uuid)}


HOSTLOOS = Context(ApiUrls(""))  # the audit trail's snapshots: host-less URLs


def context(request: ApiRequest) -> Context:
    return Context(request.urls, getattr(request, "toegangen", None))


def toegangen(request: ApiRequest) -> Toegangen:
    return request.toegangen  # type: ignore[attr-defined, no-any-return]  # set by aanmelden


def _identiek(qs: QuerySet) -> QuerySet:
    return qs


@dataclass(frozen=True)
class Bron:
    """One resource of the API.

    weergave(obj, ctx) -> the JSON of one object (relations loaded by `laden`);
    filter(qs, query, request) -> the list's queryset narrowed by the query's filters;
    aanmaken(toegangen, data, request) / bijwerken(toegangen, obj, data, request) /
    verwijderen(toegangen, obj): the services; they check the scope per gemeente, write, record
    the audit trail (and with it the notification) and return the object;
    uitbreiden(request, rows, data, namen, ctx): fills `_expand` for ?expand=.
    rang: the path to the vertrouwelijkheid_rang of the klantcontact the object belongs to.
    """

    naam: str
    model: type[Model]
    weergave: Callable[[Any, Context], dict]
    query: type[QuerySchema]
    schema: type[ApiSchema] | None = None
    filter: Callable[[QuerySet, Any, ApiRequest], QuerySet] = field(
        default=lambda qs, q, request: qs
    )
    laden: Callable[[QuerySet], QuerySet] = _identiek
    rang: str | None = None
    aanmaken: Callable[[Toegangen, Any, ApiRequest], Model] | None = None
    bijwerken: Callable[[Toegangen, Model, Any, ApiRequest], Model] | None = None
    verwijderen: Callable[[Toegangen, Model], Any] | None = None
    uitbreiden: Callable[[ApiRequest, list, list[dict], frozenset[str], Context], None] | None = (
        None
    )
    detail_query: type[QuerySchema] | None = None
    # The relation that leads to the klantcontact of `rang`, when it may be empty: an object
    # without it has no rank (a digitaal adres a partij gave, not a betrokkene).
    rang_via: str | None = None

    def zichtbaar(self, wie: Toegangen, scope: str = Scope.lezen) -> QuerySet:
        voorwaarde = wie.zichtbaar(self.rang, scope)
        if self.rang_via is not None:
            voorwaarde |= wie.zichtbaar(None, scope) & Q(**{f"{self.rang_via}__isnull": True})
        return self.model._default_manager.filter(voorwaarde)  # type: ignore[attr-defined]


def _eis(wie: Toegangen, scope: str) -> None:
    if not wie.mag(scope):
        raise PermissionDenied(f"Deze applicatie mist de benodigde scope ({scope}).")


def object_van(bron: Bron, request: ApiRequest, uuid: Any, scope: str = Scope.lezen) -> Any:
    """The object, when the caller may see it (else 404: another gemeente's objects and those
    above its vertrouwelijkheid do not exist for it); for a write also the scope in its
    gemeente (else 403)."""
    wie = toegangen(request)
    obj = bron.laden(bron.zichtbaar(wie)).filter(uuid=uuid).first()
    if obj is None:
        raise NotFound("Object niet gevonden.")
    if scope != Scope.lezen and not wie.mag(scope, obj.tenant_id):
        raise PermissionDenied(f"Deze applicatie mist de benodigde scope ({scope}).")
    return obj


def _expand(query: Any) -> frozenset[str]:
    waarde = getattr(query, "expand", None)
    if not waarde:
        return frozenset()
    delen = waarde if isinstance(waarde, list | tuple) else str(waarde).split(",")
    return frozenset(d.strip() for d in delen if d.strip())


def _render(bron: Bron, request: ApiRequest, rows: Sequence[Any], namen: frozenset[str]) -> list:
    ctx = context(request)
    data = [bron.weergave(row, ctx) for row in rows]
    if namen and bron.uitbreiden is not None:
        bron.uitbreiden(request, list(rows), data, namen, ctx)
    return data


def _opnieuw(bron: Bron, request: ApiRequest, obj: Any) -> dict:
    """The object as the API shows it after a write (read again with its relations)."""
    vers = bron.laden(bron.model._default_manager.filter(pk=obj.pk)).get()  # type: ignore[attr-defined]
    return bron.weergave(vers, context(request))


def _filters_controleren(request: ApiRequest) -> None:
    """A filter on a uuid must be a uuid, one on a url a URL (400, as the reference answers),
    whichever resource declares it: not an empty list for what can never match."""
    for naam, waarde in request.GET.items():
        if naam == "uuid" or naam.endswith("__uuid"):
            try:
                UUID(waarde)
            except ValueError:
                raise ValidationFailed.single(naam, "invalid", "Geen geldige UUID.") from None
        elif naam.endswith("__url"):
            delen = urlsplit(waarde)
            if delen.scheme not in ("http", "https") or not delen.netloc:
                raise ValidationFailed.single(naam, "invalid", "Voer een geldige URL in.")


def lijst(bron: Bron) -> Callable[[ApiRequest], HttpResponse]:
    def handler(request: ApiRequest) -> HttpResponse:
        wie = toegangen(request)
        _eis(wie, Scope.lezen)
        _filters_controleren(request)
        q = parse_query(request, bron.query)
        grootte = getattr(q, "page_size", None) or PAGINA
        if grootte < 1 or grootte > MAX_PAGINA:
            raise ValidationFailed.single(
                "pageSize", "invalid", f"Kies een paginagrootte van 1 tot en met {MAX_PAGINA}."
            )
        qs = bron.filter(bron.zichtbaar(wie), q, request)
        namen = _expand(q)
        return paginated_response(
            request,
            qs.order_by("-pk"),
            getattr(q, "page", None),
            lambda rows: _render(bron, request, rows, namen),
            count_generation=GENERATIE,
            page_size=grootte,
            load=bron.laden,
        )

    return handler


def lees(bron: Bron) -> Callable[..., HttpResponse]:
    def handler(request: ApiRequest, uuid: Any) -> HttpResponse:
        _eis(toegangen(request), Scope.lezen)
        q = parse_query(request, bron.detail_query) if bron.detail_query else None
        obj = object_van(bron, request, uuid)
        return detail_response(request, _render(bron, request, [obj], _expand(q))[0])

    return handler


def maak(bron: Bron) -> Callable[[ApiRequest], HttpResponse]:
    assert bron.schema is not None and bron.aanmaken is not None

    def handler(request: ApiRequest) -> HttpResponse:
        wie = toegangen(request)
        _eis(wie, Scope.bijwerken)
        data = parse_body(request, bron.schema)  # type: ignore[arg-type]
        obj = bron.aanmaken(wie, data, request)  # type: ignore[misc]
        return created(_opnieuw(bron, request, obj))

    return handler


def werk_bij(bron: Bron, *, deels: bool) -> Callable[..., HttpResponse]:
    assert bron.schema is not None and bron.bijwerken is not None

    def handler(request: ApiRequest, uuid: Any) -> HttpResponse:
        wie = toegangen(request)
        _eis(wie, Scope.bijwerken)
        obj = object_van(bron, request, uuid, Scope.bijwerken)
        if not deels:
            # PUT asks every required field; what it leaves out stays as it is (the API's
            # description, and the reference implementation's behaviour): checked alone, then
            # merged like a PATCH.
            parse_body(request, bron.schema)  # type: ignore[arg-type]
        huidig = bron.weergave(obj, context(request))
        data = parse_body(request, bron.schema, current=huidig, partial=True)  # type: ignore[arg-type]
        obj = bron.bijwerken(wie, obj, data, request)  # type: ignore[misc]
        return detail_response(request, _opnieuw(bron, request, obj))

    return handler


def verwijder(bron: Bron) -> Callable[..., HttpResponse]:
    assert bron.verwijderen is not None

    def handler(request: ApiRequest, uuid: Any) -> HttpResponse:
        wie = toegangen(request)
        _eis(wie, Scope.bijwerken)
        obj = object_van(bron, request, uuid, Scope.bijwerken)
        bron.verwijderen(wie, obj)  # type: ignore[misc]
        return no_content()

    return handler


def routes(bron: Bron) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The collection view and the detail view of a resource, for urls.py."""
    collectie: dict[str, Callable[..., Any]] = {"get": lijst(bron)}
    detail: dict[str, Callable[..., Any]] = {"get": lees(bron)}
    if bron.aanmaken is not None:
        collectie["post"] = maak(bron)
    if bron.bijwerken is not None:
        detail["put"] = werk_bij(bron, deels=False)
        detail["patch"] = werk_bij(bron, deels=True)
    if bron.verwijderen is not None:
        detail["delete"] = verwijder(bron)
    return route(API, **collectie), route(API, **detail)
