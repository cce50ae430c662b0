"""klantcontacten: every contact between the gemeente and a klant, on any channel.

A caller sees a klantcontact when it has a Toegang to its gemeente up to the klantcontact's
vertrouwelijkheid rank (services.klantcontacten). Its relations (onderwerpobjecten, actoren,
bijlagen, betrokkenen, interne taken) are read-only lists here, written through their own
resources; `expand` embeds them, each kind in one query for the whole page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.db.models import Prefetch, Q, QuerySet
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from iwerk.core.api.schemas import ApiSchema, DateTime, QuerySchema, Text
from iwerk.klantinteracties.api.bron import Bron, Context
from iwerk.klantinteracties.api.bronnen.actoren import actor_json
from iwerk.klantinteracties.api.bronnen.betrokkenen import betrokkene_json
from iwerk.klantinteracties.api.bronnen.betrokkenen import laden as betrokkenen_laden
from iwerk.klantinteracties.api.bronnen.bijlagen import bijlage_json
from iwerk.klantinteracties.api.bronnen.digitaleadressen import digitaal_adres_json
from iwerk.klantinteracties.api.bronnen.digitaleadressen import laden as digitale_adressen
from iwerk.klantinteracties.api.bronnen.gedeeld import uuid_uit
from iwerk.klantinteracties.api.bronnen.internetaken import interne_taak_json
from iwerk.klantinteracties.api.bronnen.internetaken import laden as interne_taken
from iwerk.klantinteracties.api.bronnen.onderwerpobjecten import onderwerpobject_json
from iwerk.klantinteracties.api.bronnen.partijen import laden as partijen
from iwerk.klantinteracties.api.bronnen.partijen import partij_json
from iwerk.klantinteracties.models import (
    ActorKlantcontact,
    Betrokkene,
    Bijlage,
    DigitaalAdres,
    InterneTaak,
    Klantcontact,
    Onderwerpobject,
    Partij,
    PartijIdentificator,
)
from iwerk.klantinteracties.services import klantcontacten as services

UITKLAPBAAR = Literal[
    "gingOverOnderwerpobjecten",
    "hadBetrokkenen",
    "hadBetrokkenen.digitaleAdressen",
    "hadBetrokkenen.wasPartij",
    "leiddeTotInterneTaken",
    "omvatteBijlagen",
]


def _url_of_leeg(waarde: str) -> str:
    if waarde and not waarde.startswith(("http://", "https://")):
        raise PydanticCustomError("invalid", "Voer een geldige URL in.")
    return waarde


class KlantcontactIn(ApiSchema):
    read_only = frozenset(
        {
            "uuid",
            "url",
            "gingOverOnderwerpobjecten",
            "hadBetrokkenActoren",
            "omvatteBijlagen",
            "hadBetrokkenen",
            "leiddeTotInterneTaken",
            "_expand",
        }
    )
    nummer: Text(10) | None = None
    referentienummer: Text(10) | None = None
    kanaal: Text(50, required=True)
    onderwerp: Text(200, required=True)
    inhoud: Text(1000) = ""
    reactie: Text(4000) = ""
    indicatie_contact_gelukt: bool | None = None
    hoofd_onderwerp_type: Annotated[Text(200), AfterValidator(_url_of_leeg)] = ""
    verdere_actie_ondernomen: bool = False
    taal: Text(3, required=True)
    vertrouwelijk: bool
    plaatsgevonden_op: DateTime | None = None
    metadata: dict[str, Text(255)] = Field(default_factory=dict)


class Detail(QuerySchema):
    multi = frozenset({"expand"})
    expand: list[UITKLAPBAAR] | None = None


def _f(alias: str) -> Any:
    return Field(default=None, alias=alias)


class Lijst(Detail):
    page: int | None = None
    page_size: int | None = Field(default=None, alias="pageSize")
    adres_icontains: str | None = _f("hadBetrokkene__digitaaladres__adres__icontains")
    betrokkene_url: str | None = _f("hadBetrokkene__url")
    betrokkene_uuid: str | None = _f("hadBetrokkene__uuid")
    was_partij: bool | None = _f("hadBetrokkene__wasPartij")
    pid_code_objecttype: str | None = _f(
        "hadBetrokkene__wasPartij__partijIdentificator__codeObjecttype"
    )
    pid_code_register: str | None = _f(
        "hadBetrokkene__wasPartij__partijIdentificator__codeRegister"
    )
    pid_code_soort_object_id: str | None = _f(
        "hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId"
    )
    pid_object_id: str | None = _f("hadBetrokkene__wasPartij__partijIdentificator__objectId")
    partij_url: str | None = _f("hadBetrokkene__wasPartij__url")
    partij_uuid: str | None = _f("hadBetrokkene__wasPartij__uuid")
    indicatie_contact_gelukt: bool | None = None
    inhoud: str | None = None
    kanaal: str | None = None
    leidde_tot_interne_taken: bool | None = _f("leiddeTotInterneTaken")
    nummer: str | None = None
    onderwerp: str | None = None
    ow_code_objecttype: str | None = _f(
        "onderwerpobject__onderwerpobjectidentificatorCodeObjecttype"
    )
    ow_code_register: str | None = _f("onderwerpobject__onderwerpobjectidentificatorCodeRegister")
    ow_code_soort_object_id: str | None = _f(
        "onderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId"
    )
    ow_object_id: str | None = _f("onderwerpobject__onderwerpobjectidentificatorObjectId")
    ow_url: str | None = _f("onderwerpobject__url")
    ow_uuid: str | None = _f("onderwerpobject__uuid")
    plaatsgevonden_op: DateTime | None = None
    reactie: str | None = None
    referentienummer: str | None = None
    vertrouwelijk: bool | None = None
    was_code_objecttype: str | None = _f(
        "wasOnderwerpobject__onderwerpobjectidentificatorCodeObjecttype"
    )
    was_code_register: str | None = _f(
        "wasOnderwerpobject__onderwerpobjectidentificatorCodeRegister"
    )
    was_code_soort_object_id: str | None = _f(
        "wasOnderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId"
    )
    was_object_id: str | None = _f("wasOnderwerpobject__onderwerpobjectidentificatorObjectId")
    was_url: str | None = _f("wasOnderwerpobject__url")
    was_uuid: str | None = _f("wasOnderwerpobject__uuid")


def klantcontact_json(obj: Klantcontact, ctx: Context) -> dict[str, Any]:
    data = {
        "uuid": str(obj.uuid),
        "url": ctx.url("klantcontacten", obj.uuid),
        "gingOverOnderwerpobjecten": [
            ctx.fk("onderwerpobjecten", o.uuid) for o in obj.onderwerpobjecten.all()
        ],
        "hadBetrokkenActoren": [actor_json(ak.actor, ctx) for ak in obj.actor_klantcontacten.all()],
        "omvatteBijlagen": [ctx.fk("bijlagen", b.uuid) for b in obj.bijlagen.all()],
        "hadBetrokkenen": [ctx.fk("betrokkenen", b.uuid) for b in obj.betrokkenen.all()],
        "leiddeTotInterneTaken": [ctx.fk("internetaken", t.uuid) for t in obj.interne_taken.all()],
        "nummer": obj.nummer,
        "referentienummer": obj.referentienummer,
        "kanaal": obj.kanaal,
        "onderwerp": obj.onderwerp,
        "inhoud": obj.inhoud,
        "reactie": obj.reactie,
        "indicatieContactGelukt": obj.indicatie_contact_gelukt,
        "verdereActieOndernomen": obj.verdere_actie_ondernomen,
        "taal": obj.taal,
        "vertrouwelijk": obj.vertrouwelijk,
        "plaatsgevondenOp": obj.plaatsgevonden_op.isoformat(),
        "metadata": obj.metadata,
    }
    if obj.hoofd_onderwerp_type:  # absent when empty: the API's format allows no ""
        data["hoofdOnderwerpType"] = obj.hoofd_onderwerp_type
    return data


_RELATIE: dict[type, str] = {
    Onderwerpobject: "onderwerpobjecten",
    Bijlage: "bijlagen",
    Betrokkene: "betrokkenen",
    InterneTaak: "interne_taken",
}


def _sleutels(model: type, fk: str, pad: str) -> Prefetch:
    """A relation list of only uuids, in the order they were made."""
    return Prefetch(
        pad + _RELATIE[model],
        queryset=model._default_manager.order_by("pk").only("pk", "uuid", fk),  # type: ignore[attr-defined]
    )


def relaties(pad: str = "", interne_taken: QuerySet | None = None) -> list[Prefetch]:
    """What klantcontact_json reads besides the row, as prefetches along `pad` (the relation to
    the klantcontacten and "__"; "" from Klantcontact itself). `interne_taken`: their queryset
    when the caller renders them in full as well (else only their uuids are loaded)."""
    taken = (
        _sleutels(InterneTaak, "aanleidinggevend_klantcontact_id", pad)
        if interne_taken is None
        else Prefetch(f"{pad}interne_taken", queryset=interne_taken.order_by("pk"))
    )
    return [
        _sleutels(Onderwerpobject, "klantcontact_id", pad),
        Prefetch(
            f"{pad}actor_klantcontacten",
            queryset=ActorKlantcontact.objects.select_related("actor").order_by("pk"),
        ),
        _sleutels(Bijlage, "was_bijlage_van_klantcontact_id", pad),
        _sleutels(Betrokkene, "had_klantcontact_id", pad),
        taken,
    ]


def laden(qs: QuerySet) -> QuerySet:
    return qs.prefetch_related(*relaties())


def _via(qs: QuerySet, model: type, fk: str, **voorwaarden: Any) -> QuerySet:
    """Klantcontacten with a related row that matches (a subquery: no duplicates)."""
    rijen = model._default_manager.filter(**voorwaarden)  # type: ignore[attr-defined]
    return qs.filter(pk__in=rijen.values(fk))


def _uuid_via(qs: QuerySet, model: type, fk: str, veld: str, waarde: str | None) -> QuerySet:
    if waarde is None:
        return qs
    gevonden = uuid_uit(waarde)
    return _via(qs, model, fk, **{veld: gevonden}) if gevonden else qs.none()


def filteren(qs: QuerySet, q: Lijst, request: Any) -> QuerySet:
    eigen = {
        "indicatie_contact_gelukt": q.indicatie_contact_gelukt,
        "inhoud__icontains": q.inhoud,
        "kanaal": q.kanaal,
        "nummer": q.nummer,
        "onderwerp__icontains": q.onderwerp,
        "plaatsgevonden_op": q.plaatsgevonden_op,
        "reactie__icontains": q.reactie,
        "referentienummer": q.referentienummer,
        "vertrouwelijk": q.vertrouwelijk,
    }
    qs = qs.filter(**{k: v for k, v in eigen.items() if v is not None})
    kc = "had_klantcontact_id"
    if q.adres_icontains is not None:
        adressen = DigitaalAdres.objects.filter(adres__icontains=q.adres_icontains)
        qs = _via(qs, Betrokkene, kc, pk__in=adressen.values("verstrekt_door_betrokkene_id"))
    qs = _uuid_via(qs, Betrokkene, kc, "uuid", q.betrokkene_url)
    qs = _uuid_via(qs, Betrokkene, kc, "uuid", q.betrokkene_uuid)
    qs = _uuid_via(qs, Betrokkene, kc, "was_partij__uuid", q.partij_url)
    qs = _uuid_via(qs, Betrokkene, kc, "was_partij__uuid", q.partij_uuid)
    if q.was_partij is True:
        qs = _via(qs, Betrokkene, kc, was_partij__isnull=False)
    elif q.was_partij is False:
        # As the reference's join reads it: a betrokkene that was no partij, or none at all.
        zonder = Betrokkene.objects.filter(was_partij__isnull=True).values(kc)
        qs = qs.filter(Q(pk__in=zonder) | ~Q(pk__in=Betrokkene.objects.values(kc)))
    for veld, waarde in (
        ("code_objecttype", q.pid_code_objecttype),
        ("code_register", q.pid_code_register),
        ("code_soort_object_id", q.pid_code_soort_object_id),
        ("object_id", q.pid_object_id),
    ):
        if waarde is not None:
            pids = PartijIdentificator.objects.filter(**{veld: waarde})
            qs = _via(qs, Betrokkene, kc, was_partij_id__in=pids.values("identificeerde_partij_id"))
    if q.leidde_tot_interne_taken is not None:
        taken = Q(pk__in=InterneTaak.objects.values("aanleidinggevend_klantcontact_id"))
        qs = qs.filter(taken if q.leidde_tot_interne_taken else ~taken)
    for fk, prefix in (("klantcontact_id", "ow"), ("was_klantcontact_id", "was")):
        for veld in ("code_objecttype", "code_register", "code_soort_object_id", "object_id"):
            waarde = getattr(q, f"{prefix}_{veld}")
            if waarde is not None:
                qs = _via(qs, Onderwerpobject, fk, **{veld: waarde})
        qs = _uuid_via(qs, Onderwerpobject, fk, "uuid", getattr(q, f"{prefix}_url"))
        qs = _uuid_via(qs, Onderwerpobject, fk, "uuid", getattr(q, f"{prefix}_uuid"))
    return qs


def _per_klantcontact(
    rijen: QuerySet, fk: str, weergave: Callable[[Any, Context], dict], ctx: Context
) -> dict[int, list[dict]]:
    gegroepeerd: dict[int, list[dict]] = defaultdict(list)
    for rij in rijen.order_by("pk"):
        gegroepeerd[getattr(rij, fk)].append(weergave(rij, ctx))
    return gegroepeerd


def _betrokkenen(ids: list[int], namen: frozenset[str], ctx: Context) -> dict[int, list[dict]]:
    """hadBetrokkenen, with their own `_expand` when hadBetrokkenen.… asks for it."""
    rijen = list(
        betrokkenen_laden(Betrokkene.objects.filter(had_klantcontact_id__in=ids)).order_by("pk")
    )
    adressen: dict[int, list[dict]] = defaultdict(list)
    if "hadBetrokkenen.digitaleAdressen" in namen:
        for adres in digitale_adressen(
            DigitaalAdres.objects.filter(verstrekt_door_betrokkene__in=[r.pk for r in rijen])
        ).order_by("pk"):
            adressen[adres.verstrekt_door_betrokkene_id].append(digitaal_adres_json(adres, ctx))
    gevonden: dict[int, dict] = {}
    if "hadBetrokkenen.wasPartij" in namen:
        partij_ids = {r.was_partij_id for r in rijen if r.was_partij_id}
        gevonden = {
            p.pk: partij_json(p, ctx) for p in partijen(Partij.objects.filter(pk__in=partij_ids))
        }
    gegroepeerd: dict[int, list[dict]] = defaultdict(list)
    for rij in rijen:
        item = betrokkene_json(rij, ctx)
        uitgeklapt: dict[str, Any] = {}
        if "hadBetrokkenen.digitaleAdressen" in namen:
            uitgeklapt["digitaleAdressen"] = adressen[rij.pk]
        if "hadBetrokkenen.wasPartij" in namen:
            uitgeklapt["wasPartij"] = gevonden.get(rij.was_partij_id) if rij.was_partij_id else None
        if uitgeklapt:
            item["_expand"] = uitgeklapt
        gegroepeerd[rij.had_klantcontact_id].append(item)
    return gegroepeerd


def uitbreiden(
    request: Any, rows: list, data: list[dict], namen: frozenset[str], ctx: Context
) -> None:
    """`expand`: each kind of relation in one query for the page (two for betrokkenen with
    their digitale adressen or partijen). Everything embedded belongs to a klantcontact the
    caller sees (same gemeente and rank), or is of its gemeente (actoren, partijen)."""
    ids = [r.pk for r in rows]
    delen: dict[str, dict[int, list[dict]]] = {}
    if "gingOverOnderwerpobjecten" in namen:
        delen["gingOverOnderwerpobjecten"] = _per_klantcontact(
            Onderwerpobject.objects.filter(klantcontact_id__in=ids).select_related(
                "klantcontact", "was_klantcontact"
            ),
            "klantcontact_id",
            onderwerpobject_json,
            ctx,
        )
    if "omvatteBijlagen" in namen:
        delen["omvatteBijlagen"] = _per_klantcontact(
            Bijlage.objects.filter(was_bijlage_van_klantcontact_id__in=ids).select_related(
                "was_bijlage_van_klantcontact"
            ),
            "was_bijlage_van_klantcontact_id",
            bijlage_json,
            ctx,
        )
    if "leiddeTotInterneTaken" in namen:
        delen["leiddeTotInterneTaken"] = _per_klantcontact(
            interne_taken(InterneTaak.objects.filter(aanleidinggevend_klantcontact_id__in=ids)),
            "aanleidinggevend_klantcontact_id",
            interne_taak_json,
            ctx,
        )
    if any(n == "hadBetrokkenen" or n.startswith("hadBetrokkenen.") for n in namen):
        delen["hadBetrokkenen"] = _betrokkenen(ids, namen, ctx)
    for row, item in zip(rows, data, strict=True):
        item["_expand"] = {naam: per[row.pk] for naam, per in delen.items()}


def gegevens(data: KlantcontactIn) -> services.KlantcontactGegevens:
    return services.KlantcontactGegevens(
        kanaal=data.kanaal,
        onderwerp=data.onderwerp,
        taal=data.taal,
        vertrouwelijk=data.vertrouwelijk,
        nummer=data.nummer or "",
        referentienummer=data.referentienummer or "",
        inhoud=data.inhoud,
        reactie=data.reactie,
        indicatie_contact_gelukt=data.indicatie_contact_gelukt,
        hoofd_onderwerp_type=data.hoofd_onderwerp_type,
        verdere_actie_ondernomen=data.verdere_actie_ondernomen,
        plaatsgevonden_op=data.plaatsgevonden_op,
        metadata=dict(data.metadata),
    )


KLANTCONTACT = Bron(
    naam="klantcontacten",
    model=Klantcontact,
    weergave=klantcontact_json,
    query=Lijst,
    schema=KlantcontactIn,
    filter=filteren,
    laden=laden,
    rang="vertrouwelijkheid_rang",
    aanmaken=lambda wie, data, request: services.klantcontact_aanmaken(
        wie, gegevens(data), request
    ),
    bijwerken=lambda wie, obj, data, request: services.klantcontact_bijwerken(
        wie, obj, gegevens(data)
    ),
    verwijderen=services.klantcontact_verwijderen,
    uitbreiden=uitbreiden,
    detail_query=Detail,
)

BRONNEN = [(KLANTCONTACT, "klantcontact")]
