"""Shared helpers of the Zaken API endpoints: the API, its read scope, rendering context, expansion,
and the references (zaak, catalogue type) and filters every resource uses."""

from __future__ import annotations

from django.http import HttpRequest

from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.core.api import expand as expander
from iwerk.core.api.endpoint import Api
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.api.references import resolve_uuid
from iwerk.zaken import selectors
from iwerk.zaken.api import output as out
from iwerk.zaken.models import Status, Zaak

API = Api(
    name="zaken",
    version="1.7.0",
    prefix=out.PREFIX,
    component="zrc",
    migreren="zaken.migreren",
)
READ = ("zrc", "zaken.lezen")


def _expanded(request: HttpRequest, data: dict, resource: str, q) -> dict:
    return _expanded_list(request, [data], resource, q)[0]


def _expanded_list(request: HttpRequest, rows: list[dict], resource: str, q) -> list[dict]:
    return expander.expand_rows(request, rows, out.PREFIX, resource, q.expand)


def ctx(
    request: HttpRequest, zaken: list[Zaak] | None = None, statussen: list[Status] | None = None
):
    context = out.ZakenContext(request.urls)
    if zaken:
        context.relations = selectors.zaak_relations([z.pk for z in zaken])
    if statussen:
        context.latest_status_ids = selectors.latest_status_ids({st.zaak_id for st in statussen})
        context.status_zios = selectors.zios_per_status([st.pk for st in statussen])
    return context


def _catalogi_type(request, model, resource: str, url: str, field: str):
    key = resolve_uuid(request, url, prefix="/catalogi/api/v1", resource=resource, field=field)
    obj = catalogi_selectors.type_by_uuid(model, key)
    if obj is None:
        raise ValidationFailed.single(
            field, "bad-url", "De URL verwijst niet naar een bestaand object."
        )
    return obj


def _zaak_by_url(request, url: str, field: str) -> Zaak:
    key = resolve_uuid(request, url, prefix=out.PREFIX, resource="zaken", field=field)
    zaak = Zaak.objects.select_related("zaaktype").filter(uuid=key).first()
    if zaak is None:
        raise ValidationFailed.single(
            field, "bad-url", "De URL verwijst niet naar een bestaande zaak."
        )
    return zaak


def _filter_type(request: HttpRequest, qs, url: str | None, resource: str, field: str):
    """Filter on a catalogue type given by URL (statustype, resultaattype, roltype, …)."""
    if not url:
        return qs
    key = resolve_uuid(request, url, prefix="/catalogi/api/v1", resource=resource, field=field)
    return qs.filter(**{f"{field}__uuid": key})


def _filter_zaak(request: HttpRequest, qs, q):
    if q.zaak:
        qs = qs.filter(
            zaak__uuid=resolve_uuid(
                request, q.zaak, prefix=out.PREFIX, resource="zaken", field="zaak"
            )
        )
    return qs
