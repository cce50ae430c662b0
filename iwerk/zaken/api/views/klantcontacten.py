"""Zaken API 1.7.0: klantcontacten, and the zaakcontactmomenten and zaakverzoeken that link a zaak
to another register's object."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.core import external
from iwerk.core.api.endpoint import route
from iwerk.core.api.responses import created, json_response, no_content, paginated_response
from iwerk.core.api.schemas import parse_body, parse_query
from iwerk.core.api.visibility import visible_or_403
from iwerk.zaken import selectors, services
from iwerk.zaken.api import output as out
from iwerk.zaken.api import schemas as s
from iwerk.zaken.api.views.common import API, READ, _filter_zaak, _zaak_by_url, ctx
from iwerk.zaken.models import KlantContact, ZaakContactMoment, ZaakVerzoek


def _visible_children(request: HttpRequest, model):
    return selectors._visible(
        model.objects.all(), request.actor, "zaken.lezen", "zaak__"
    ).select_related("zaak")


def klantcontact_list(request: HttpRequest) -> HttpResponse:
    request.actor.require(READ)
    q = parse_query(request, s.ZaakLinkQuery)
    qs = _filter_zaak(request, _visible_children(request, KlantContact), q).order_by("-pk")
    context = ctx(request)
    return paginated_response(
        request, qs, q.page, lambda rows: [out.klantcontact_json(k, context) for k in rows]
    )


def klantcontact_create(request: HttpRequest) -> HttpResponse:
    data = parse_body(request, s.KlantContactIn)
    obj = services.add_klantcontact(
        actor=request.actor,
        zaak=_zaak_by_url(request, data.zaak, "zaak"),
        datumtijd=data.datumtijd,
        identificatie=data.identificatie,
        kanaal=data.kanaal,
        onderwerp=data.onderwerp,
        toelichting=data.toelichting,
        uuid=data.uuid,
    )
    return created(out.klantcontact_json(obj, ctx(request)))


def klantcontact_read(request: HttpRequest, uuid) -> HttpResponse:
    request.actor.require(READ)
    obj = visible_or_403(_visible_children(request, KlantContact), KlantContact, uuid)
    return json_response(out.klantcontact_json(obj, ctx(request)))


def _link_views(model, schema, field: str, to_json):
    def list_(request: HttpRequest) -> HttpResponse:
        request.actor.require(READ)
        q = parse_query(request, s.ZaakLinkQuery)
        qs = _filter_zaak(request, _visible_children(request, model), q)
        if getattr(q, field):
            qs = qs.filter(**{field: getattr(q, field)})
        context = ctx(request)
        return json_response([to_json(obj, context) for obj in qs.order_by("pk")])

    def create(request: HttpRequest) -> HttpResponse:
        data = parse_body(request, schema)
        external.check_if_allowed(getattr(data, field), field)
        obj = services.add_link(
            actor=request.actor,
            zaak=_zaak_by_url(request, data.zaak, "zaak"),
            model=model,
            url=getattr(data, field),
            uuid=data.uuid,
        )
        return created(to_json(obj, ctx(request)))

    def read(request: HttpRequest, uuid) -> HttpResponse:
        request.actor.require(READ)
        return json_response(
            to_json(visible_or_403(_visible_children(request, model), model, uuid), ctx(request))
        )

    def delete(request: HttpRequest, uuid) -> HttpResponse:
        services.delete_link(
            actor=request.actor, obj=visible_or_403(_visible_children(request, model), model, uuid)
        )
        return no_content()

    return route(API, get=list_, post=create), route(API, get=read, delete=delete)


klantcontact_collection = route(API, get=klantcontact_list, post=klantcontact_create)
klantcontact_detail = route(API, get=klantcontact_read)
zaakcontactmoment_collection, zaakcontactmoment_detail = _link_views(
    ZaakContactMoment, s.ZaakContactMomentIn, "contactmoment", out.zaakcontactmoment_json
)
zaakverzoek_collection, zaakverzoek_detail = _link_views(
    ZaakVerzoek, s.ZaakVerzoekIn, "verzoek", out.zaakverzoek_json
)
