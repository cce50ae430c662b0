"""Notificaties API 1.0.1: kanalen, abonnementen and POST /notificaties (into the outbox)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from iwerk.core.api.endpoint import Api, route
from iwerk.core.api.problems import NotFound, PermissionDenied
from iwerk.core.api.responses import created, detail_response, json_response, no_content
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.notificaties import services
from iwerk.notificaties.api import schemas as s
from iwerk.notificaties.models import Abonnement, Kanaal
from iwerk.notificaties.services import outbox, publicatie

API = Api(name="notificaties", version="1.0.1", prefix="/notificaties/api/v1")
CONSUME = ("nrc", "notificaties.consumeren")
PUBLISH = ("nrc", "notificaties.publiceren")


def kanaal_json(request, kanaal: Kanaal) -> dict:
    return {
        "url": request.urls.build(API.prefix, "kanaal", kanaal.uuid),
        "naam": kanaal.naam,
        "documentatieLink": kanaal.documentatie_link,
        "filters": kanaal.filters,
    }


# The subscriber's own secret is not shown back; the spec requires the field.
AUTH_MASK = "********"


def abonnement_json(request, abonnement: Abonnement) -> dict:
    return {
        "url": request.urls.build(API.prefix, "abonnement", abonnement.uuid),
        "callbackUrl": abonnement.callback_url,
        "auth": AUTH_MASK,
        "kanalen": [
            {"naam": group.kanaal.naam, "filters": group.filters}
            for group in abonnement.kanalen.all()
        ],
    }


def kanaal_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(CONSUME, PUBLISH)
    q = parse_query(request, s.KanaalQuery)
    qs = Kanaal.objects.all()
    if q.naam:
        qs = qs.filter(naam=q.naam)
    return json_response([kanaal_json(request, k) for k in qs])


def kanaal_create(request: HttpRequest) -> HttpResponse:
    request.actor.require(PUBLISH)
    data = parse_body(request, s.KanaalIn)
    kanaal = services.create_kanaal(
        naam=data.naam, documentatie_link=data.documentatie_link or "", filters=list(data.filters)
    )
    return created(kanaal_json(request, kanaal))


def kanaal_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(CONSUME, PUBLISH)
    kanaal = Kanaal.objects.filter(uuid=uuid).first()
    if kanaal is None:
        raise NotFound("Dit kanaal bestaat niet.")
    return detail_response(request, kanaal_json(request, kanaal))


def _abonnementen(request):
    qs = Abonnement.objects.prefetch_related("kanalen__kanaal").order_by("pk")
    # A client manages its own abonnementen; the shared organisation's tools see all of them.
    return (
        qs
        if request.actor.heeft_alle_autorisaties
        else qs.filter(client_id=request.actor.client_id)
    )


def _abonnement(request, uuid) -> Abonnement:
    found = _abonnementen(request).filter(uuid=uuid).first()
    if found is None:
        if Abonnement.objects.filter(uuid=uuid).exists():
            raise PermissionDenied("Dit abonnement is van een andere applicatie.")
        raise NotFound("Dit abonnement bestaat niet.")
    return found


def abonnement_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(CONSUME, PUBLISH)
    return json_response([abonnement_json(request, a) for a in _abonnementen(request)])


def _save(request, data: s.AbonnementIn, abonnement: Abonnement | None = None) -> Abonnement:
    return services.save_abonnement(
        callback_url=data.callback_url,
        auth=data.auth,
        kanalen=[(group.naam, dict(group.filters)) for group in data.kanalen],
        client_id=request.actor.client_id,
        abonnement=abonnement,
    )


def abonnement_create(request: HttpRequest) -> HttpResponse:
    request.actor.require(CONSUME)
    abonnement = _save(request, parse_body(request, s.AbonnementIn))
    return created(abonnement_json(request, _abonnement(request, abonnement.uuid)))


def abonnement_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(CONSUME, PUBLISH)
    return detail_response(request, abonnement_json(request, _abonnement(request, uuid)))


def abonnement_update(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(CONSUME)
    abonnement = _abonnement(request, uuid)
    current = {**abonnement_json(request, abonnement), "auth": abonnement.auth}
    data = parse_body(request, s.AbonnementIn, current=current, partial=request.method == "PATCH")
    if data.auth == AUTH_MASK:  # the representation PUT back as GET returned it: keep the secret
        data = data.model_copy(update={"auth": abonnement.auth})
    _save(request, data, abonnement)
    return json_response(abonnement_json(request, _abonnement(request, uuid)))


def abonnement_delete(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(CONSUME)
    services.delete_abonnement(_abonnement(request, uuid))
    return no_content()


def notificatie_create(request: HttpRequest) -> HttpResponse:
    """An external publisher's message: checked, stored in the outbox, answered 200 with itself (G1)."""
    request.actor.require(PUBLISH)
    data = parse_body(request, s.MessageIn)
    services.check_kenmerken(
        data.kanaal,
        data.kenmerken,
        naam_field="kanaal",
        field="kenmerken",
        code="kenmerken-inconsistent",
    )
    # Only about what the publisher may see, and heard only by who may read it (ADR 0028).
    bestemming = publicatie.check(
        request,
        hoofd_object=data.hoofd_object,
        resource_url=data.resource_url,
        actie=data.actie,
        kenmerken=dict(data.kenmerken),
    )
    with transaction.atomic():
        outbox.publish(
            kanaal=data.kanaal,
            hoofd_object=data.hoofd_object,
            resource=data.resource,
            resource_url=data.resource_url,
            actie=data.actie,
            kenmerken=dict(data.kenmerken),
            aanmaakdatum=data.aanmaakdatum,
            tenant_id=bestemming.tenant_id,
            lezers=bestemming.lezers,
            gemeenten=bestemming.gemeenten,
        )
    return json_response(data.model_dump(by_alias=True, mode="json"))


kanaal_collection = route(API, get=kanaal_list, post=kanaal_create)
kanaal_detail = route(API, get=kanaal_read)
abonnement_collection = route(API, get=abonnement_list, post=abonnement_create)
abonnement_detail = route(
    API,
    get=abonnement_read,
    put=abonnement_update,
    patch=abonnement_update,
    delete=abonnement_delete,
)
notificaties = route(API, post=notificatie_create)
