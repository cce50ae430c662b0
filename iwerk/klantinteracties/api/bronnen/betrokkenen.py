"""betrokkenen: who took part in a klantcontact, as they were then (possibly a known partij).

A betrokkene is part of its klantcontact: a caller sees it only when it sees the klantcontact
(its gemeente, and its vertrouwelijkheid rank up to the caller's maximum)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from pydantic import Field

from iwerk.core.api.schemas import ApiSchema, QuerySchema, Text
from iwerk.klantinteracties.api.bron import Bron, Context
from iwerk.klantinteracties.api.bronnen.digitaleadressen import digitaal_adres_json
from iwerk.klantinteracties.api.bronnen.digitaleadressen import laden as digitale_adressen
from iwerk.klantinteracties.api.bronnen.gedeeld import (
    Adres,
    Contactnaam,
    Verwijzing,
    adres_json,
    contactnaam_json,
    uuid_uit,
)
from iwerk.klantinteracties.models import Betrokkene, DigitaalAdres, PartijIdentificator
from iwerk.klantinteracties.services import klantcontactdelen as services

RANG = "had_klantcontact__vertrouwelijkheid_rang"


class BetrokkeneIn(ApiSchema):
    read_only = frozenset({"uuid", "url", "digitaleAdressen", "volledigeNaam", "_expand"})
    was_partij: Verwijzing | None = None
    had_klantcontact: Verwijzing
    bezoekadres: Adres | None = None
    correspondentieadres: Adres | None = None
    contactnaam: Contactnaam | None = None
    rol: Literal["vertegenwoordiger", "klant"]
    organisatienaam: Text(200) = ""
    initiator: bool


class Detail(QuerySchema):
    multi = frozenset({"expand"})
    expand: list[Literal["digitaleAdressen"]] | None = None


class Lijst(Detail):
    page: int | None = None
    page_size: int | None = Field(default=None, alias="pageSize")
    contactnaam_achternaam: str | None = None
    contactnaam_voorletters: str | None = None
    contactnaam_voornaam: str | None = None
    contactnaam_voorvoegsel_achternaam: str | None = None
    had_klantcontact__nummer: str | None = Field(default=None, alias="hadKlantcontact__nummer")
    had_klantcontact__referentienummer: str | None = Field(
        default=None, alias="hadKlantcontact__referentienummer"
    )
    had_klantcontact__url: str | None = Field(default=None, alias="hadKlantcontact__url")
    had_klantcontact__uuid: str | None = Field(default=None, alias="hadKlantcontact__uuid")
    organisatienaam: str | None = None
    adres: str | None = Field(default=None, alias="verstrektedigitaalAdres__adres")
    adres_url: str | None = Field(default=None, alias="verstrektedigitaalAdres__url")
    adres_uuid: str | None = Field(default=None, alias="verstrektedigitaalAdres__uuid")
    partij_nummer: str | None = Field(default=None, alias="wasPartij__nummer")
    code_objecttype: str | None = Field(
        default=None, alias="wasPartij__partijIdentificator__codeObjecttype"
    )
    code_register: str | None = Field(
        default=None, alias="wasPartij__partijIdentificator__codeRegister"
    )
    code_soort_object_id: str | None = Field(
        default=None, alias="wasPartij__partijIdentificator__codeSoortObjectId"
    )
    object_id: str | None = Field(default=None, alias="wasPartij__partijIdentificator__objectId")
    partij_url: str | None = Field(default=None, alias="wasPartij__url")
    partij_uuid: str | None = Field(default=None, alias="wasPartij__uuid")


def betrokkene_json(obj: Betrokkene, ctx: Context) -> dict[str, Any]:
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("betrokkenen", obj.uuid),
        "wasPartij": ctx.fk("partijen", obj.was_partij_id and obj.was_partij),
        "hadKlantcontact": ctx.fk("klantcontacten", obj.had_klantcontact.uuid),
        "digitaleAdressen": [
            ctx.fk("digitaleadressen", d.uuid) for d in obj.digitale_adressen.all()
        ],
        "bezoekadres": adres_json(obj, "bezoekadres"),
        "correspondentieadres": adres_json(obj, "correspondentieadres"),
        "contactnaam": contactnaam_json(obj),
        "volledigeNaam": obj.volledige_naam,
        "rol": obj.rol,
        "organisatienaam": obj.organisatienaam,
        "initiator": obj.initiator,
    }


def _adressen(pad: str = "") -> Prefetch:
    """The betrokkenen's digitale adressen, only what their references need."""
    return Prefetch(
        f"{pad}digitale_adressen",
        queryset=DigitaalAdres.objects.order_by("pk").only(
            "pk", "uuid", "verstrekt_door_betrokkene_id"
        ),
    )


def laden(qs: QuerySet) -> QuerySet:
    return qs.select_related("had_klantcontact", "was_partij").prefetch_related(_adressen())


def relaties(pad: str) -> list[Any]:
    """What betrokkene_json reads, as prefetch lookups for betrokkenen reached along `pad`
    (the relation to them and "__"), where `laden`'s joins cannot reach."""
    return [f"{pad}had_klantcontact", f"{pad}was_partij", _adressen(pad)]


def _uuid_filter(qs: QuerySet, veld: str, waarde: str | None) -> QuerySet:
    """`…__uuid` and `…__url`: an unreadable uuid matches nothing."""
    if waarde is None:
        return qs
    gevonden = uuid_uit(waarde)
    return qs.filter(**{veld: gevonden}) if gevonden is not None else qs.none()


def filteren(qs: QuerySet, q: Lijst, request: Any) -> QuerySet:
    exact = {
        "contactnaam_achternaam": q.contactnaam_achternaam,
        "contactnaam_voorletters": q.contactnaam_voorletters,
        "contactnaam_voornaam": q.contactnaam_voornaam,
        "contactnaam_voorvoegsel_achternaam": q.contactnaam_voorvoegsel_achternaam,
        "had_klantcontact__nummer": q.had_klantcontact__nummer,
        "had_klantcontact__referentienummer": q.had_klantcontact__referentienummer,
        "organisatienaam": q.organisatienaam,
        "was_partij__nummer": q.partij_nummer,
    }
    qs = qs.filter(**{k: v for k, v in exact.items() if v is not None})
    for veld, waarde in (
        ("had_klantcontact__uuid", q.had_klantcontact__url),
        ("had_klantcontact__uuid", q.had_klantcontact__uuid),
        ("was_partij__uuid", q.partij_url),
        ("was_partij__uuid", q.partij_uuid),
    ):
        qs = _uuid_filter(qs, veld, waarde)
    adressen = DigitaalAdres.objects.all()
    if q.adres is not None:
        qs = qs.filter(pk__in=adressen.filter(adres=q.adres).values("verstrekt_door_betrokkene_id"))
    for waarde in (q.adres_url, q.adres_uuid):
        if waarde is not None:
            gevonden = uuid_uit(waarde)
            qs = (
                qs.filter(
                    pk__in=adressen.filter(uuid=gevonden).values("verstrekt_door_betrokkene_id")
                )
                if gevonden
                else qs.none()
            )
    identificator = {
        "code_objecttype": q.code_objecttype,
        "code_register": q.code_register,
        "code_soort_object_id": q.code_soort_object_id,
        "object_id": q.object_id,
    }
    for veld, waarde in identificator.items():
        if waarde is not None:
            partijen = PartijIdentificator.objects.filter(**{veld: waarde})
            qs = qs.filter(was_partij_id__in=partijen.values("identificeerde_partij_id"))
    return qs


def uitbreiden(
    request: Any, rows: list, data: list[dict], namen: frozenset[str], ctx: Context
) -> None:
    """expand=digitaleAdressen: the full digitale adressen, in one query for the page."""
    per_betrokkene: dict[int, list[dict]] = defaultdict(list)
    if "digitaleAdressen" in namen:
        adressen = digitale_adressen(
            DigitaalAdres.objects.filter(verstrekt_door_betrokkene_id__in=[r.pk for r in rows])
        ).order_by("pk")
        for adres in adressen:
            per_betrokkene[adres.verstrekt_door_betrokkene_id].append(
                digitaal_adres_json(adres, ctx)
            )
    for row, item in zip(rows, data, strict=True):
        item["_expand"] = {"digitaleAdressen": per_betrokkene[row.pk]}


def gegevens(data: BetrokkeneIn) -> services.BetrokkeneGegevens:
    return services.BetrokkeneGegevens(
        had_klantcontact=data.had_klantcontact,
        was_partij=data.was_partij,
        rol=data.rol,
        initiator=data.initiator,
        organisatienaam=data.organisatienaam,
        bezoekadres=data.bezoekadres.model_dump() if data.bezoekadres else None,
        correspondentieadres=data.correspondentieadres.model_dump()
        if data.correspondentieadres
        else None,
        contactnaam=data.contactnaam.model_dump() if data.contactnaam else {},
    )


BETROKKENE = Bron(
    naam="betrokkenen",
    model=Betrokkene,
    weergave=betrokkene_json,
    query=Lijst,
    schema=BetrokkeneIn,
    filter=filteren,
    laden=laden,
    rang=RANG,
    aanmaken=lambda wie, data, request: services.betrokkene_aanmaken(wie, gegevens(data), request),
    bijwerken=lambda wie, obj, data, request: services.betrokkene_bijwerken(
        wie, obj, gegevens(data)
    ),
    verwijderen=services.betrokkene_verwijderen,
    uitbreiden=uitbreiden,
    detail_query=Detail,
)

BRONNEN = [(BETROKKENE, "betrokkene")]
