"""internetaken: the work a klantcontact led to, assigned to actoren.

The API has two ways to assign: the deprecated `toegewezenAanActor` (one actor) and
`toegewezenAanActoren` (a list); both map to the taak's actoren, the single one being the first.
As in the reference implementation a POST or PUT names exactly one of them, a PATCH at most one.
Which one a client sent is read from the body itself: PUT and PATCH are merged with the current
representation before parsing (api/bron.py), which always shows both.
"""

from __future__ import annotations

import re
from typing import Any, Literal
from uuid import UUID

import orjson
from django.db.models import Prefetch, QuerySet
from pydantic import Field

from iwerk.core.api.endpoint import ApiRequest
from iwerk.core.api.schemas import ApiSchema, DateTime, QuerySchema, Text
from iwerk.klantinteracties.api.bron import Bron, Context
from iwerk.klantinteracties.api.bronnen.actoren import Verwijzing
from iwerk.klantinteracties.models import Actor, InterneTaak
from iwerk.klantinteracties.services import internetaken as services
from iwerk.klantinteracties.services.common import fout

Status = Literal["te_verwerken", "verwerkt"]
_UUID_IN_URL = re.compile(r"/([0-9a-fA-F-]{36})/?$")
# The auto-created table between InterneTaak and Actor; its ids keep the order of assignment.
_TOEWIJZING = InterneTaak.actoren.through._meta.db_table


class InterneTaakIn(ApiSchema):
    read_only = frozenset({"uuid", "url", "toegewezenOp"})
    nummer: Text(10) | None = None
    referentienummer: Text(10) | None = None
    gevraagde_handeling: Text(200, required=True)
    aanleidinggevend_klantcontact: Verwijzing
    toegewezen_aan_actor: Verwijzing | None = None
    toegewezen_aan_actoren: list[Verwijzing] | None = None
    toelichting: Text(1000) = ""
    status: Status
    afgehandeld_op: DateTime | None = None


class Lijst(QuerySchema):
    page: int | None = None
    page_size: int | None = Field(default=None, alias="pageSize")
    aanleidinggevend_klantcontact__url: str | None = Field(
        default=None, alias="aanleidinggevendKlantcontact__url"
    )
    aanleidinggevend_klantcontact__uuid: UUID | None = Field(
        default=None, alias="aanleidinggevendKlantcontact__uuid"
    )
    actoren__naam: str | None = Field(default=None, alias="actoren__naam")
    klantcontact__nummer: str | None = Field(default=None, alias="klantcontact__nummer")
    klantcontact__referentienummer: str | None = Field(
        default=None, alias="klantcontact__referentienummer"
    )
    klantcontact__uuid: UUID | None = Field(default=None, alias="klantcontact__uuid")
    nummer: str | None = None
    referentienummer: str | None = None
    status: Status | None = None
    toegewezen_aan_actor__url: str | None = Field(default=None, alias="toegewezenAanActor__url")
    toegewezen_aan_actor__uuid: UUID | None = Field(default=None, alias="toegewezenAanActor__uuid")
    toegewezen_op: DateTime | None = Field(default=None, alias="toegewezenOp")


def uuid_uit_url(url: str) -> UUID | None:
    """The uuid a resource URL ends in (as the reference's URL filters read it), else None."""
    match = _UUID_IN_URL.search(url.split("?")[0])
    if match is None:
        return None
    try:
        return UUID(match.group(1))
    except ValueError:
        return None


def interne_taak_json(obj: InterneTaak, ctx: Context) -> dict[str, Any]:
    """An InterneTaak as the API shows it; reads the actoren `laden` prefetches in order."""
    actoren = list(obj.actoren.all())
    data: dict[str, Any] = {
        "uuid": str(obj.uuid),
        "url": ctx.url("internetaken", obj.uuid),
        "nummer": obj.nummer,
        "referentienummer": obj.referentienummer,
        "gevraagdeHandeling": obj.gevraagde_handeling,
        "aanleidinggevendKlantcontact": ctx.fk("klantcontacten", obj.aanleidinggevend_klantcontact),
        "toegewezenAanActoren": [ctx.fk("actoren", a) for a in actoren],
        "toelichting": obj.toelichting,
        "status": obj.status,
        "toegewezenOp": obj.toegewezen_op.isoformat(),
        "afgehandeldOp": obj.afgehandeld_op.isoformat() if obj.afgehandeld_op else None,
    }
    if actoren:
        # Deprecated, not nullable: absent when the taak has no actor.
        data["toegewezenAanActor"] = ctx.fk("actoren", actoren[0])
    return data


def geordende_actoren() -> QuerySet:
    """Actoren of a taak in the order they were assigned. The prefetch joins the through
    table under its own name (Django selects its columns the same way)."""
    return Actor.objects.extra(order_by=[f"{_TOEWIJZING}.id"])  # noqa: S610 - constant name


def laden(qs: QuerySet) -> QuerySet:
    return qs.select_related("aanleidinggevend_klantcontact").prefetch_related(
        Prefetch("actoren", queryset=geordende_actoren())
    )


def _via_actor(qs: QuerySet, **voorwaarde: Any) -> QuerySet:
    # A subquery, not a join: a taak with two matching actoren is listed once.
    through = InterneTaak.actoren.through.objects.filter(
        **{f"actor__{k}": v for k, v in voorwaarde.items()}
    )
    return qs.filter(pk__in=through.values("internetaak_id"))


def _filter(qs: QuerySet, q: Lijst, request: ApiRequest) -> QuerySet:
    exact = {
        "aanleidinggevend_klantcontact__uuid": q.aanleidinggevend_klantcontact__uuid,
        "nummer": q.nummer,
        "referentienummer": q.referentienummer,
        "status": q.status,
        "toegewezen_op": q.toegewezen_op,
        "aanleidinggevend_klantcontact__nummer": q.klantcontact__nummer,
        "aanleidinggevend_klantcontact__referentienummer": q.klantcontact__referentienummer,
    }
    qs = qs.filter(**{k: v for k, v in exact.items() if v is not None})
    if q.klantcontact__uuid is not None:
        qs = qs.filter(aanleidinggevend_klantcontact__uuid=q.klantcontact__uuid)
    if q.aanleidinggevend_klantcontact__url is not None:
        uuid = uuid_uit_url(q.aanleidinggevend_klantcontact__url)
        qs = qs.filter(aanleidinggevend_klantcontact__uuid=uuid) if uuid else qs.none()
    if q.actoren__naam is not None:
        qs = _via_actor(qs, naam=q.actoren__naam)
    if q.toegewezen_aan_actor__uuid is not None:
        qs = _via_actor(qs, uuid=q.toegewezen_aan_actor__uuid)
    if q.toegewezen_aan_actor__url is not None:
        uuid = uuid_uit_url(q.toegewezen_aan_actor__url)
        qs = _via_actor(qs, uuid=uuid) if uuid else qs.none()
    return qs


def verzonden(request: ApiRequest) -> set[str]:
    """The top-level properties the client's body named (before any merge)."""
    try:
        body = orjson.loads(request.body or b"{}")
    except orjson.JSONDecodeError:
        return set()
    return set(body) if isinstance(body, dict) else set()


def _zelfde_eerste(data: InterneTaakIn) -> bool:
    actoren = data.toegewezen_aan_actoren or []
    enkel = data.toegewezen_aan_actor
    return bool(actoren) and enkel is not None and enkel.uuid == actoren[0].uuid


def _gegevens(data: InterneTaakIn, request: ApiRequest, *, deels: bool) -> tuple[Any, str]:
    namen = verzonden(request)
    enkel, lijst = "toegewezenAanActor" in namen, "toegewezenAanActoren" in namen
    if enkel and lijst and _zelfde_eerste(data):
        enkel = False  # a GET representation sent back: both name the same first actor
    if enkel and lijst:
        raise fout(
            "nonFieldErrors",
            "invalid",
            "toegewezenAanActor en toegewezenAanActoren mogen niet allebei gebruikt worden.",
        )
    if not (enkel or lijst) and not deels:
        raise fout(
            "nonFieldErrors",
            "invalid",
            "Geef toegewezenAanActor of toegewezenAanActoren op (niet allebei).",
        )
    actoren: list[UUID] | None = None
    veld = "toegewezenAanActoren"
    if lijst:
        actoren = [v.uuid for v in data.toegewezen_aan_actoren or []]
    elif enkel:
        veld = "toegewezenAanActor"
        actoren = [data.toegewezen_aan_actor.uuid] if data.toegewezen_aan_actor else []
    gegevens = services.InterneTaakGegevens(
        gevraagde_handeling=data.gevraagde_handeling,
        aanleidinggevend_klantcontact=data.aanleidinggevend_klantcontact.uuid,
        status=data.status,
        actoren=actoren,
        nummer=data.nummer or "",
        referentienummer=data.referentienummer or "",
        toelichting=data.toelichting,
        # Only a moment the client names now; the merged current value is the status's to keep.
        afgehandeld_op=data.afgehandeld_op if "afgehandeldOp" in namen else None,
    )
    return gegevens, veld


def _aanmaken(wie: Any, data: InterneTaakIn, request: ApiRequest) -> InterneTaak:
    gegevens, veld = _gegevens(data, request, deels=False)
    return services.interne_taak_aanmaken(wie, gegevens, request, actoren_veld=veld)


def _bijwerken(wie: Any, obj: InterneTaak, data: InterneTaakIn, request: ApiRequest) -> Any:
    gegevens, veld = _gegevens(data, request, deels=request.method == "PATCH")
    return services.interne_taak_bijwerken(wie, obj, gegevens, actoren_veld=veld)


INTERNE_TAAK = Bron(
    naam="internetaken",
    model=InterneTaak,
    weergave=interne_taak_json,
    query=Lijst,
    schema=InterneTaakIn,
    filter=_filter,
    laden=laden,
    rang="aanleidinggevend_klantcontact__vertrouwelijkheid_rang",
    aanmaken=_aanmaken,
    bijwerken=_bijwerken,
    verwijderen=services.interne_taak_verwijderen,
)

# (bron, resource name in the audit trail and notifications)
BRONNEN = [(INTERNE_TAAK, "internetaak")]
