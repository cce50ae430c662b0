"""Referentielijsten API 0.6.0 (read-only, public), served from the shipped Selectielijst data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from iwerk.core.api.endpoint import Api, route
from iwerk.core.api.problems import NotFound, ValidationFailed
from iwerk.core.api.responses import json_response, paginated_response
from iwerk.core.api.schemas import QuerySchema, parse_query
from iwerk.referentielijsten import selectors as s

API = Api(name="referentielijsten", version="0.6.0", prefix=s.LOCAL_PREFIX, authenticated=False)


class _ListSequence(list):
    """A list that pagination can count and slice like a queryset."""

    def count(self) -> int:  # type: ignore[override]
        return len(self)


def _url(request: HttpRequest, resource: str, uuid: str) -> str:
    return request.urls.build(API.prefix, resource, uuid)


def procestype_json(request: HttpRequest, p: s.Procestype) -> dict:
    return {
        "url": _url(request, "procestypen", p.uuid),
        "nummer": p.nummer,
        "jaar": p.jaar,
        "naam": p.naam,
        "omschrijving": p.omschrijving,
        "toelichting": p.toelichting,
        "procesobject": p.procesobject,
    }


_PROCESTERMIJN_WEERGAVE = {
    "nihil": "Nihil",
    "bestaansduur_procesobject": "De bestaans- of geldigheidsduur van het procesobject.",
    "ingeschatte_bestaansduur_procesobject": "De ingeschatte maximale bestaans- of geldigheidsduur van het procesobject.",
    "vast_te_leggen_datum": "De tijdens het proces vast te leggen datum waarop de geldigheid van het procesobject komt te vervallen.",
    "samengevoegd_met_bewaartermijn": "De procestermijn is samengevoegd met de bewaartermijn.",
    "": "",
}


def resultaat_json(request: HttpRequest, r: s.Resultaat) -> dict:
    procestype = s.procestype_by_pk()[r.procestype_pk]
    data = {
        "url": _url(request, "resultaten", r.uuid),
        "procesType": _url(request, "procestypen", procestype.uuid),
        "nummer": r.nummer,
        "volledigNummer": s.volledig_nummer(r),
        "generiek": r.generiek_pk is None,
        "specifiek": r.generiek_pk is not None,
        "naam": r.naam,
        "omschrijving": r.omschrijving,
        "herkomst": r.herkomst,
        "waardering": r.waardering,
        "procestermijn": r.procestermijn,
        "procestermijnWeergave": _PROCESTERMIJN_WEERGAVE.get(r.procestermijn, r.procestermijn),
        "bewaartermijn": r.bewaartermijn,
        "toelichting": r.toelichting,
        "procestermijnOpmerking": r.procestermijn_opmerking,
    }
    for key, value in r.taakgebieden.items():
        camel = key.split("_")[0] + "".join(part.capitalize() for part in key.split("_")[1:])
        data[camel] = value
    return data


def omschrijving_json(request: HttpRequest, o: s.ResultaattypeOmschrijving) -> dict:
    return {
        "url": _url(request, "resultaattypeomschrijvingen", o.uuid),
        "omschrijving": o.omschrijving,
        "definitie": o.definitie,
        "opmerking": o.opmerking,
    }


def kanaal_json(request: HttpRequest, k: s.Communicatiekanaal) -> dict:
    return {
        "url": _url(request, "communicatiekanalen", k.uuid),
        "naam": k.naam,
        "omschrijving": k.omschrijving,
    }


class ProcestypeQuery(QuerySchema):
    jaar: int | None = None


class PageQuery(QuerySchema):
    page: int | None = None


class ResultaatQuery(QuerySchema):
    proces_type: str | None = None
    page: int | None = None

    model_config = QuerySchema.model_config | {"alias_generator": None}


def _detail(resource: str, render):
    def handler(request: HttpRequest, uuid) -> HttpResponse:
        found = s.get_local(resource, str(uuid))
        if found is None:
            raise NotFound("Niet gevonden.")
        return json_response(render(request, found))

    return handler


def procestype_list(request: HttpRequest) -> HttpResponse:
    query = parse_query(request, ProcestypeQuery)
    rows = [p for p in s.procestypen() if query.jaar is None or p.jaar == query.jaar]
    return json_response([procestype_json(request, p) for p in rows])


def resultaat_list(request: HttpRequest) -> HttpResponse:
    query = parse_query(request, ResultaatQuery)
    rows = list(s.resultaten())
    if query.proces_type:
        try:
            wanted = s.procestype_uuid(query.proces_type, own_hosts={request.get_host()})
        except s.ReferentieNotFound as exc:
            raise ValidationFailed.single("proces_type", "invalid", "Onbekend procestype.") from exc
        rows = [r for r in rows if s.procestype_by_pk()[r.procestype_pk].uuid == wanted]
    return paginated_response(
        request,
        _ListSequence(rows),
        query.page,
        lambda page: [resultaat_json(request, r) for r in page],
    )


def omschrijving_list(request: HttpRequest) -> HttpResponse:
    parse_query(request, QuerySchema)
    return json_response([omschrijving_json(request, o) for o in s.resultaattypeomschrijvingen()])


def kanaal_list(request: HttpRequest) -> HttpResponse:
    query = parse_query(request, PageQuery)
    return paginated_response(
        request,
        _ListSequence(s.communicatiekanalen()),
        query.page,
        lambda page: [kanaal_json(request, k) for k in page],
    )


procestype_collection = route(API, get=procestype_list)
procestype_detail = route(API, get=_detail("procestypen", procestype_json))
resultaat_collection = route(API, get=resultaat_list)
resultaat_detail = route(API, get=_detail("resultaten", resultaat_json))
omschrijving_collection = route(API, get=omschrijving_list)
omschrijving_detail = route(API, get=_detail("resultaattypeomschrijvingen", omschrijving_json))
kanaal_collection = route(API, get=kanaal_list)
kanaal_detail = route(API, get=_detail("communicatiekanalen", kanaal_json))
