"""digitaleadressen: e-mail addresses, phone numbers and other digital addresses of partijen and
betrokkenen, with ?expand= of the betrokkene that gave one, its klantcontact and that contact's
interne taken (ExpandDigitaalAdres: each expanded object carries its own `_expand`), each shown
as its own resource shows it.

An expanded betrokkene is shown only when its klantcontact is within the caller's
vertrouwelijkheid (ADR 0052): otherwise `verstrektDoorBetrokkene` in `_expand` is null.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

from django.db.models import QuerySet, prefetch_related_objects
from pydantic import Field, StringConstraints

from iwerk.core.api.endpoint import ApiRequest
from iwerk.core.api.schemas import ApiSchema, QuerySchema, Text
from iwerk.klantinteracties.api.bron import Bron, Context, toegangen
from iwerk.klantinteracties.api.bronnen.actoren import Verwijzing
from iwerk.klantinteracties.api.bronnen.internetaken import uuid_uit_url
from iwerk.klantinteracties.models import (
    DigitaalAdres,
    InterneTaak,
    Klantcontact,
    PartijIdentificator,
)
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services import digitaleadressen as services
from iwerk.klantinteracties.services.digitaleadressen import AMSTERDAM

Soort = Literal["email", "telefoonnummer", "overig"]
Referentie = Annotated[str, StringConstraints(max_length=50, pattern=r"^[-a-zA-Z0-9_]*$")]
EXPAND = Literal[
    "verstrektDoorBetrokkene",
    "verstrektDoorBetrokkene.hadKlantcontact",
    "verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken",
]


class DigitaalAdresIn(ApiSchema):
    read_only = frozenset({"uuid", "url"})
    verstrekt_door_betrokkene: Verwijzing | None = None
    verstrekt_door_partij: Verwijzing | None = None
    adres: Text(80, required=True)
    soort_digitaal_adres: Soort
    is_standaard_adres: bool = False
    omschrijving: Text(40) = ""
    referentie: Referentie = ""
    verificatie_datum: date | None = None


def _f(alias: str) -> Any:
    return Field(default=None, alias=alias)


class Detail(QuerySchema):
    multi = frozenset({"expand"})
    expand: list[EXPAND] | None = None


class Lijst(Detail):
    page: int | None = None
    page_size: int | None = _f("pageSize")
    adres: str | None = None
    adres__icontains: str | None = _f("adres__icontains")
    is_geverifieerd: bool | None = None
    is_standaard_adres: bool | None = None
    omschrijving: str | None = None
    referentie: str | None = None
    soort_digitaal_adres: Soort | None = None
    verificatie_datum: date | None = _f("verificatieDatum")
    verificatie_datum__gt: date | None = _f("verificatieDatum__gt")
    verificatie_datum__gte: date | None = _f("verificatieDatum__gte")
    verificatie_datum__lt: date | None = _f("verificatieDatum__lt")
    verificatie_datum__lte: date | None = _f("verificatieDatum__lte")
    betrokkene__rol: Literal["klant", "vertegenwoordiger"] | None = _f(
        "verstrektDoorBetrokkene__rol"
    )
    betrokkene__url: str | None = _f("verstrektDoorBetrokkene__url")
    betrokkene__uuid: UUID | None = _f("verstrektDoorBetrokkene__uuid")
    pid__code_objecttype: str | None = _f(
        "verstrektDoorPartij__partijIdentificator__codeObjecttype"
    )
    pid__code_register: str | None = _f("verstrektDoorPartij__partijIdentificator__codeRegister")
    pid__code_soort_object_id: str | None = _f(
        "verstrektDoorPartij__partijIdentificator__codeSoortObjectId"
    )
    pid__object_id: str | None = _f("verstrektDoorPartij__partijIdentificator__objectId")
    partij__soort_partij: Literal["contactpersoon", "organisatie", "persoon"] | None = _f(
        "verstrektDoorPartij__soortPartij"
    )
    partij__url: str | None = _f("verstrektDoorPartij__url")
    partij__uuid: UUID | None = _f("verstrektDoorPartij__uuid")


def digitaal_adres_json(obj: DigitaalAdres, ctx: Context) -> dict[str, Any]:
    data: dict[str, Any]
    verificatie = obj.verificatie_datum
    data = {
        "uuid": str(obj.uuid),
        "url": ctx.url("digitaleadressen", obj.uuid),
        "verstrektDoorBetrokkene": ctx.fk("betrokkenen", obj.verstrekt_door_betrokkene),
        "verstrektDoorPartij": ctx.fk("partijen", obj.verstrekt_door_partij),
        "adres": obj.adres,
        "soortDigitaalAdres": obj.soort_digitaal_adres,
        "isStandaardAdres": obj.is_standaard_adres,
        "omschrijving": obj.omschrijving,
        "verificatieDatum": (
            verificatie.astimezone(AMSTERDAM).date().isoformat() if verificatie else None
        ),
    }
    if obj.referentie:  # absent when empty: the API's pattern for it allows no empty string
        data["referentie"] = obj.referentie
    return data


def laden(qs: QuerySet) -> QuerySet:
    return qs.select_related("verstrekt_door_betrokkene", "verstrekt_door_partij")


# --- the expanded objects: as their own resources render them --------------------------------


def _uitbreiden(
    request: ApiRequest, rows: list, data: list[dict], namen: frozenset[str], ctx: Context
) -> None:
    """Fill `_expand` with what ?expand= asks, rendered by the betrokkenen, klantcontacten and
    internetaken resources, each relation loaded once for the whole page."""
    # Here, not at the top: those modules render digitale adressen with this module's functions.
    from iwerk.klantinteracties.api.bronnen import betrokkenen, internetaken, klantcontacten

    wie = toegangen(request)
    contact = "verstrektDoorBetrokkene.hadKlantcontact"
    taken = f"{contact}.leiddeTotInterneTaken"
    paden = betrokkenen.relaties("verstrekt_door_betrokkene__")
    if contact in namen or taken in namen:
        volledig = internetaken.laden(InterneTaak.objects.all()) if taken in namen else None
        paden += klantcontacten.relaties(
            "verstrekt_door_betrokkene__had_klantcontact__", interne_taken=volledig
        )
    prefetch_related_objects(rows, *paden)
    for row, item in zip(rows, data, strict=True):
        betrokkene = row.verstrekt_door_betrokkene
        if betrokkene is None or not _zichtbaar(wie, betrokkene.had_klantcontact):
            item["_expand"] = {"verstrektDoorBetrokkene": None}
            continue
        b = betrokkenen.betrokkene_json(betrokkene, ctx)
        if contact in namen or taken in namen:
            k = klantcontacten.klantcontact_json(betrokkene.had_klantcontact, ctx)
            if taken in namen:
                k["_expand"] = {
                    "leiddeTotInterneTaken": [
                        internetaken.interne_taak_json(t, ctx)
                        for t in betrokkene.had_klantcontact.interne_taken.all()
                    ]
                }
            b["_expand"] = {"hadKlantcontact": k}
        item["_expand"] = {"verstrektDoorBetrokkene": b}


def _zichtbaar(wie: Toegangen, klantcontact: Klantcontact) -> bool:
    return klantcontact.vertrouwelijkheid_rang <= wie.max_rang(klantcontact.tenant_id)


# --- filters ---------------------------------------------------------------------------------


def _dag(d: date) -> datetime:
    """The start of day d in NL; for 1 January of year 1 (whose start in NL lies before year 1
    in UTC, where the database keeps it) the first moment there is."""
    if d == date.min:
        return datetime.min.replace(tzinfo=UTC)
    return datetime.combine(d, time.min, tzinfo=AMSTERDAM)


def _daarna(d: date) -> datetime | None:
    """The start of the day after d in NL; None after 31 December 9999, the last day there is."""
    return None if d == date.max else _dag(d + timedelta(1))


def _filter(qs: QuerySet, q: Lijst, request: ApiRequest) -> QuerySet:
    exact = {
        "adres": q.adres,
        "adres__icontains": q.adres__icontains,
        "is_standaard_adres": q.is_standaard_adres,
        "omschrijving__icontains": q.omschrijving,
        "referentie": q.referentie,
        "soort_digitaal_adres": q.soort_digitaal_adres,
        "verstrekt_door_betrokkene__rol": q.betrokkene__rol,
        "verstrekt_door_betrokkene__uuid": q.betrokkene__uuid,
        "verstrekt_door_partij__soort_partij": q.partij__soort_partij,
        "verstrekt_door_partij__uuid": q.partij__uuid,
    }
    qs = qs.filter(**{k: v for k, v in exact.items() if v is not None})
    if q.is_geverifieerd is not None:
        qs = qs.filter(verificatie_datum__isnull=not q.is_geverifieerd)
    # verificatieDatum is a date: a day is [its start, the next day's start) in NL.
    if q.verificatie_datum is not None:
        qs = qs.filter(verificatie_datum__gte=_dag(q.verificatie_datum))
        if (einde := _daarna(q.verificatie_datum)) is not None:
            qs = qs.filter(verificatie_datum__lt=einde)
    if q.verificatie_datum__gt is not None:
        begin = _daarna(q.verificatie_datum__gt)
        qs = qs.filter(verificatie_datum__gte=begin) if begin else qs.none()
    if q.verificatie_datum__gte is not None:
        qs = qs.filter(verificatie_datum__gte=_dag(q.verificatie_datum__gte))
    if q.verificatie_datum__lt is not None:
        qs = qs.filter(verificatie_datum__lt=_dag(q.verificatie_datum__lt))
    if q.verificatie_datum__lte is not None and (einde := _daarna(q.verificatie_datum__lte)):
        qs = qs.filter(verificatie_datum__lt=einde)
    for url, veld in (
        (q.betrokkene__url, "verstrekt_door_betrokkene__uuid"),
        (q.partij__url, "verstrekt_door_partij__uuid"),
    ):
        if url is not None:
            uuid = uuid_uit_url(url)
            qs = qs.filter(**{veld: uuid}) if uuid else qs.none()
    identificator = {
        "code_objecttype": q.pid__code_objecttype,
        "code_register": q.pid__code_register,
        "code_soort_object_id": q.pid__code_soort_object_id,
        "object_id": q.pid__object_id,
    }
    for veld, waarde in identificator.items():
        if waarde is not None:
            # A subquery: a partij with two matching identificatoren lists its adres once.
            partijen = PartijIdentificator.objects.filter(**{veld: waarde})
            qs = qs.filter(verstrekt_door_partij__in=partijen.values("identificeerde_partij_id"))
    return qs


def _gegevens(data: DigitaalAdresIn) -> services.DigitaalAdresGegevens:
    partij, betrokkene = data.verstrekt_door_partij, data.verstrekt_door_betrokkene
    return services.DigitaalAdresGegevens(
        adres=data.adres,
        soort_digitaal_adres=data.soort_digitaal_adres,
        verstrekt_door_partij=partij.uuid if partij else None,
        verstrekt_door_betrokkene=betrokkene.uuid if betrokkene else None,
        is_standaard_adres=data.is_standaard_adres,
        omschrijving=data.omschrijving,
        referentie=data.referentie,
        verificatie_datum=data.verificatie_datum,
    )


DIGITAAL_ADRES = Bron(
    naam="digitaleadressen",
    model=DigitaalAdres,
    weergave=digitaal_adres_json,
    query=Lijst,
    detail_query=Detail,
    schema=DigitaalAdresIn,
    filter=_filter,
    laden=laden,
    uitbreiden=_uitbreiden,
    # An address a betrokkene gave belongs to that klantcontact: hidden with it (ADR 0052).
    rang="verstrekt_door_betrokkene__had_klantcontact__vertrouwelijkheid_rang",
    rang_via="verstrekt_door_betrokkene",
    aanmaken=lambda wie, data, request: services.digitaal_adres_aanmaken(
        wie, _gegevens(data), request
    ),
    bijwerken=lambda wie, obj, data, request: services.digitaal_adres_bijwerken(
        wie, obj, _gegevens(data)
    ),
    verwijderen=services.digitaal_adres_verwijderen,
)

# (bron, resource name in the audit trail and notifications)
BRONNEN = [(DIGITAAL_ADRES, "digitaaladres")]
