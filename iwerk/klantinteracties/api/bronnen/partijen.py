"""partijen: the persons, organisations and contact persons the gemeente deals with.

Polymorphic by `soortPartij`: `partijIdentificatie` is a Persoon, an Organisatie or a
Contactpersoon (the API's oneOf), checked against the schema of its soort. `expand` embeds the
partij's digitale adressen, betrokkenen (and their klantcontacten) and categorie-relaties as
their own resources render them, each kind in one query for the whole page, within what the
caller may see (ADR 0052: betrokkenen of a klantcontact above its vertrouwelijkheid do not exist
for it).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from pydantic import Field, StringConstraints

from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.core.api.schemas import ApiSchema, QuerySchema, Text, validate
from iwerk.klantinteracties.api.bron import Bron, Context, toegangen
from iwerk.klantinteracties.api.bronnen.categorieen import (
    Lijst,
    Verwijzing,
    categorie_relatie_json,
    uuid_uit_url,
)
from iwerk.klantinteracties.api.bronnen.gedeeld import adres_json, contactnaam_groep
from iwerk.klantinteracties.api.bronnen.partij_identificatoren import (
    IdentificatorIn,
    identificator_json,
)
from iwerk.klantinteracties.models import (
    Betrokkene,
    CategorieRelatie,
    DigitaalAdres,
    Partij,
    PartijIdentificator,
    Rekeningnummer,
    SoortPartij,
    Vertegenwoordiging,
)
from iwerk.klantinteracties.services import partijen as services
from iwerk.klantinteracties.services.partijen import PartijGegevens

Uitbreiding = Literal[
    "betrokkenen", "betrokkenen.hadKlantcontact", "categorieRelaties", "digitaleAdressen"
]


def _patroon(regex: str, max_length: int) -> Any:
    """Empty, or matching the API's pattern (a blank optional field is not checked)."""
    return Annotated[str, StringConstraints(pattern=f"^(?:{regex})?$", max_length=max_length)]


class AdresIn(ApiSchema):
    nummeraanduiding_id: _patroon("[0-9]{16}", 16) = ""
    straatnaam: Text(255) = ""
    huisnummer: Annotated[int, Field(ge=1, le=99999)] | None = None
    huisnummertoevoeging: Text(20) = ""
    postcode: _patroon("[1-9][0-9]{3} [A-Z]{2}", 7) = ""
    stad: Text(255) = ""
    adresregel1: Text(80) = ""
    adresregel2: Text(80) = ""
    adresregel3: Text(80) = ""
    land: _patroon("[A-Za-z]{2}", 2) = ""


class ContactnaamIn(ApiSchema):
    voorletters: Text(10) = ""
    voornaam: Text(200) = ""
    voorvoegsel_achternaam: Text(10) = ""
    achternaam: Text(200) = ""


class PersoonIn(ApiSchema):
    read_only = frozenset({"volledigeNaam"})
    contactnaam: ContactnaamIn | None = None


class OrganisatieIn(ApiSchema):
    naam: Text(200) = ""


class ContactpersoonIn(ApiSchema):
    read_only = frozenset({"volledigeNaam"})
    uuid: UUID | None = None
    werkte_voor_partij: Verwijzing | None = None
    contactnaam: ContactnaamIn | None = None


IDENTIFICATIE: dict[str, type[ApiSchema]] = {
    SoortPartij.persoon: PersoonIn,
    SoortPartij.organisatie: OrganisatieIn,
    SoortPartij.contactpersoon: ContactpersoonIn,
}


class PartijIn(ApiSchema):
    read_only = frozenset({"uuid", "url", "betrokkenen", "categorieRelaties", "vertegenwoordigden"})
    nummer: Text(10) | None = None
    interne_notitie: Text(1000) = ""
    digitale_adressen: list[Verwijzing] | None = None
    voorkeurs_digitaal_adres: Verwijzing | None = None
    rekeningnummers: list[Verwijzing] | None = None
    voorkeurs_rekeningnummer: Verwijzing | None = None
    partij_identificatoren: list[IdentificatorIn] | None = None
    soort_partij: Literal["persoon", "organisatie", "contactpersoon"]
    indicatie_geheimhouding: bool | None = None
    voorkeurstaal: Text(3) = ""
    indicatie_actief: bool
    bezoekadres: AdresIn | None = None
    correspondentieadres: AdresIn | None = None
    # Checked against the schema of soortPartij (IDENTIFICATIE) by gegevens().
    partij_identificatie: dict[str, Any] | None = None


def _identificatie(data: PartijIn) -> Any:
    schema = IDENTIFICATIE[data.soort_partij]
    try:
        return validate(schema, data.partij_identificatie or {})
    except ValidationFailed as exc:
        raise ValidationFailed(
            [InvalidParam(f"partijIdentificatie.{p.name}", p.code, p.reason) for p in exc.params]
        ) from exc


def _uuids(lijst: list[Verwijzing] | None) -> list[UUID] | None:
    return None if lijst is None else [v.uuid for v in lijst]


def gegevens(data: PartijIn) -> PartijGegevens:
    """The service's input from a parsed body (a PUT, or a PATCH merged into the partij)."""
    identificatie = _identificatie(data)
    contactnaam = getattr(identificatie, "contactnaam", None)
    werkte_voor = getattr(identificatie, "werkte_voor_partij", None)
    return PartijGegevens(
        soort_partij=data.soort_partij,
        indicatie_actief=data.indicatie_actief,
        nummer=data.nummer,
        interne_notitie=data.interne_notitie,
        indicatie_geheimhouding=data.indicatie_geheimhouding,
        voorkeurstaal=data.voorkeurstaal,
        bezoekadres=data.bezoekadres.model_dump() if data.bezoekadres else None,
        correspondentieadres=data.correspondentieadres.model_dump()
        if data.correspondentieadres
        else None,
        naam=getattr(identificatie, "naam", ""),
        contactnaam=contactnaam.model_dump() if contactnaam else None,
        contactpersoon_uuid=getattr(identificatie, "uuid", None),
        werkte_voor_partij=werkte_voor.uuid if werkte_voor else None,
        digitale_adressen=_uuids(data.digitale_adressen),
        rekeningnummers=_uuids(data.rekeningnummers),
        voorkeurs_digitaal_adres=data.voorkeurs_digitaal_adres.uuid
        if data.voorkeurs_digitaal_adres
        else None,
        voorkeurs_rekeningnummer=data.voorkeurs_rekeningnummer.uuid
        if data.voorkeurs_rekeningnummer
        else None,
        partij_identificatoren=None
        if data.partij_identificatoren is None
        else [item.gegevens() for item in data.partij_identificatoren],
    )


class PartijDetail(QuerySchema):
    multi: ClassVar[frozenset[str]] = frozenset({"expand"})
    expand: list[Uitbreiding] | None = None


def _q(naam: str) -> Any:
    return Field(default=None, alias=naam)


class PartijLijst(Lijst):
    multi: ClassVar[frozenset[str]] = frozenset({"expand"})
    expand: list[Uitbreiding] | None = None
    bezoekadres_adresregel1: str | None = None
    bezoekadres_adresregel2: str | None = None
    bezoekadres_adresregel3: str | None = None
    bezoekadres_land: str | None = None
    bezoekadres_nummeraanduiding_id: str | None = None
    correspondentieadres_adresregel1: str | None = None
    correspondentieadres_adresregel2: str | None = None
    correspondentieadres_adresregel3: str | None = None
    correspondentieadres_land: str | None = None
    correspondentieadres_nummeraanduiding_id: str | None = None
    categorie_naam: str | None = _q("categorierelatie__categorie__naam")
    indicatie_actief: bool | None = None
    indicatie_geheimhouding: bool | None = None
    nummer: str | None = None
    soort_partij: Literal["contactpersoon", "organisatie", "persoon"] | None = None
    pid_code_objecttype: str | None = _q("partijIdentificator__codeObjecttype")
    pid_code_register: str | None = _q("partijIdentificator__codeRegister")
    pid_code_soort_object_id: str | None = _q("partijIdentificator__codeSoortObjectId")
    pid_object_id: str | None = _q("partijIdentificator__objectId")
    sub_code_objecttype: str | None = _q("subIdentificatorVan__codeObjecttype")
    sub_code_register: str | None = _q("subIdentificatorVan__codeRegister")
    sub_code_soort_object_id: str | None = _q("subIdentificatorVan__codeSoortObjectId")
    sub_object_id: str | None = _q("subIdentificatorVan__objectId")
    vertegenwoordigde_partij_url: str | None = _q("vertegenwoordigdePartij__url")
    vertegenwoordigde_partij_uuid: UUID | None = _q("vertegenwoordigdePartij__uuid")


_GELIJK = (
    "bezoekadres_adresregel1",
    "bezoekadres_adresregel2",
    "bezoekadres_adresregel3",
    "bezoekadres_land",
    "bezoekadres_nummeraanduiding_id",
    "correspondentieadres_adresregel1",
    "correspondentieadres_adresregel2",
    "correspondentieadres_adresregel3",
    "correspondentieadres_land",
    "correspondentieadres_nummeraanduiding_id",
    "indicatie_actief",
    "indicatie_geheimhouding",
    "nummer",
    "soort_partij",
)
_IDENTIFICATOR = {
    "pid_code_objecttype": "code_objecttype",
    "pid_code_register": "code_register",
    "pid_code_soort_object_id": "code_soort_object_id",
    "pid_object_id": "object_id",
    "sub_code_objecttype": "sub_identificator_van__code_objecttype",
    "sub_code_register": "sub_identificator_van__code_register",
    "sub_code_soort_object_id": "sub_identificator_van__code_soort_object_id",
    "sub_object_id": "sub_identificator_van__object_id",
}


def _filter(qs: QuerySet, q: PartijLijst, request: Any) -> QuerySet:
    qs = qs.filter(**{v: getattr(q, v) for v in _GELIJK if getattr(q, v) is not None})
    # partijIdentificator__ and subIdentificatorVan__ describe one identificator of the partij
    # (its documented use: a vestiging under its rechtspersoon).
    identificator = {
        veld: getattr(q, param) for param, veld in _IDENTIFICATOR.items() if getattr(q, param)
    }
    if identificator:
        qs = qs.filter(
            Exists(
                PartijIdentificator.objects.filter(
                    identificeerde_partij=OuterRef("pk"), **identificator
                )
            )
        )
    if q.categorie_naam:
        namen = [n for n in q.categorie_naam.split(",") if n]
        qs = qs.filter(
            Exists(
                CategorieRelatie.objects.filter(partij=OuterRef("pk"), categorie__naam__in=namen)
            )
        )
    # vertegenwoordigdePartij__: the partijen the named partij represents (the reference's
    # "vertegenwoordigde__vertegenwoordigende_partij__uuid").
    vertegenwoordiger: list[Any] = []
    if q.vertegenwoordigde_partij_uuid is not None:
        vertegenwoordiger.append(q.vertegenwoordigde_partij_uuid)
    if q.vertegenwoordigde_partij_url is not None:
        vertegenwoordiger.append(uuid_uit_url(q.vertegenwoordigde_partij_url, "partijen"))
    for uuid in vertegenwoordiger:
        if uuid is None:
            return qs.none()
        qs = qs.filter(
            Exists(
                Vertegenwoordiging.objects.filter(
                    vertegenwoordigde_partij=OuterRef("pk"), vertegenwoordigende_partij__uuid=uuid
                )
            )
        )
    return qs


def laden(qs: QuerySet) -> QuerySet:
    """Everything partij_json reads, in one query per relation for the whole page."""
    return qs.select_related(
        "werkte_voor_partij", "voorkeurs_digitaal_adres", "voorkeurs_rekeningnummer"
    ).prefetch_related(
        Prefetch(
            "identificatoren",
            PartijIdentificator.objects.select_related("sub_identificator_van").order_by("pk"),
        ),
        Prefetch("digitale_adressen", DigitaalAdres.objects.order_by("pk")),
        Prefetch("rekeningnummers", Rekeningnummer.objects.order_by("pk")),
        Prefetch(
            "betrokkenen",
            Betrokkene.objects.select_related("had_klantcontact")
            .only("uuid", "was_partij_id", "had_klantcontact__vertrouwelijkheid_rang")
            .order_by("pk"),
        ),
        Prefetch(
            "categorie_relaties",
            CategorieRelatie.objects.select_related("categorie").order_by("pk"),
        ),
        Prefetch(
            "vertegenwoordigingen",
            Vertegenwoordiging.objects.select_related("vertegenwoordigde_partij").order_by("pk"),
        ),
    )


def _partij_identificatie(obj: Partij, ctx: Context) -> dict[str, Any]:
    if obj.soort_partij == SoortPartij.organisatie:
        return {"naam": obj.naam}
    identificatie: dict[str, Any] = {
        "contactnaam": contactnaam_groep(obj),
        "volledigeNaam": obj.volledige_naam,
    }
    if obj.soort_partij == SoortPartij.contactpersoon:
        werkte_voor = obj.werkte_voor_partij
        identificatie = {
            "uuid": str(obj.contactpersoon_uuid) if obj.contactpersoon_uuid else None,
            "werkteVoorPartij": ctx.fk("partijen", werkte_voor.uuid if werkte_voor else None),
            **identificatie,
        }
        if identificatie["uuid"] is None:
            del identificatie["uuid"]
    return identificatie


def partij_json(obj: Partij, ctx: Context) -> dict[str, Any]:
    """Reads only what `laden` loads. Betrokkenen of a klantcontact above the caller's
    vertrouwelijkheid are left out (they do not exist for it, ADR 0052)."""
    grens = ctx.wie.max_rang(obj.tenant_id) if ctx.wie is not None else None
    adres = obj.voorkeurs_digitaal_adres
    rekening = obj.voorkeurs_rekeningnummer
    return {
        "uuid": str(obj.uuid),
        "url": ctx.url("partijen", obj.uuid),
        "nummer": obj.nummer,
        "interneNotitie": obj.interne_notitie,
        "betrokkenen": [
            ctx.fk("betrokkenen", b.uuid)
            for b in obj.betrokkenen.all()
            if grens is None or b.had_klantcontact.vertrouwelijkheid_rang <= grens
        ],
        "categorieRelaties": [
            {
                **ctx.fk("categorie-relaties", r.uuid),  # type: ignore[dict-item]
                "categorieNaam": r.categorie.naam if r.categorie else None,
                "beginDatum": r.begin_datum.isoformat() if r.begin_datum else None,
                "eindDatum": r.eind_datum.isoformat() if r.eind_datum else None,
            }
            for r in obj.categorie_relaties.all()
        ],
        "digitaleAdressen": [
            ctx.fk("digitaleadressen", a.uuid) for a in obj.digitale_adressen.all()
        ],
        "voorkeursDigitaalAdres": ctx.fk("digitaleadressen", adres.uuid if adres else None),
        "vertegenwoordigden": [
            ctx.fk("partijen", v.vertegenwoordigde_partij.uuid)
            for v in obj.vertegenwoordigingen.all()
        ],
        "rekeningnummers": [ctx.fk("rekeningnummers", r.uuid) for r in obj.rekeningnummers.all()],
        "voorkeursRekeningnummer": ctx.fk("rekeningnummers", rekening.uuid if rekening else None),
        "partijIdentificatoren": [
            identificator_json(i, ctx, obj.uuid) for i in obj.identificatoren.all()
        ],
        "soortPartij": obj.soort_partij,
        "indicatieGeheimhouding": obj.indicatie_geheimhouding,
        "voorkeurstaal": obj.voorkeurstaal,
        "indicatieActief": obj.indicatie_actief,
        "bezoekadres": adres_json(obj, "bezoekadres"),
        "correspondentieadres": adres_json(obj, "correspondentieadres"),
        "partijIdentificatie": _partij_identificatie(obj, ctx),
    }


def _bron(naam: str) -> Bron:
    """Another resource of the API, to embed its objects as it renders them itself."""
    from iwerk.klantinteracties.api.bronnen import alle

    for bron, _resource in alle():
        if bron.naam == naam:
            return bron
    raise LookupError(naam)


def _gegroepeerd(bron: Bron, wie: Any, veld: str, pks: list[int], ctx: Context) -> dict:
    """The objects of bron whose veld is one of pks, visible to the caller, rendered by bron,
    per pk: one query (and bron's own loading) for the whole page."""
    per: dict[int, list] = defaultdict(list)
    for obj in bron.laden(bron.zichtbaar(wie).filter(**{f"{veld}__in": pks})).order_by("pk"):
        per[getattr(obj, f"{veld}_id")].append((obj, bron.weergave(obj, ctx)))
    return per


def uitbreiden(
    request: Any, rows: list, data: list[dict], namen: frozenset[str], ctx: Context
) -> None:
    """Fill `_expand` (ExpandPartij) for ?expand=: digitaleAdressen, betrokkenen (with
    hadKlantcontact under each betrokkene's own `_expand`), categorieRelaties."""
    wie = toegangen(request)
    pks = [row.pk for row in rows]
    expand: list[dict] = [{} for _ in rows]
    if "digitaleAdressen" in namen:
        adressen = _gegroepeerd(_bron("digitaleadressen"), wie, "verstrekt_door_partij", pks, ctx)
        for row, e in zip(rows, expand, strict=True):
            e["digitaleAdressen"] = [json for _obj, json in adressen[row.pk]]
    if namen & {"betrokkenen", "betrokkenen.hadKlantcontact"}:
        betrokkenen = _gegroepeerd(_bron("betrokkenen"), wie, "was_partij", pks, ctx)
        if "betrokkenen.hadKlantcontact" in namen:
            _klantcontacten(wie, [p for lijst in betrokkenen.values() for p in lijst], ctx)
        for row, e in zip(rows, expand, strict=True):
            e["betrokkenen"] = [json for _obj, json in betrokkenen[row.pk]]
    if "categorieRelaties" in namen:
        for row, e in zip(rows, expand, strict=True):
            e["categorieRelaties"] = [
                categorie_relatie_json(r, ctx) for r in row.categorie_relaties.all()
            ]
    for d, e in zip(data, expand, strict=True):
        d["_expand"] = e


def _klantcontacten(wie: Any, betrokkenen: list[tuple[Any, dict]], ctx: Context) -> None:
    bron = _bron("klantcontacten")
    ids = {obj.had_klantcontact_id for obj, _json in betrokkenen}
    gevonden = {
        k.pk: bron.weergave(k, ctx) for k in bron.laden(bron.zichtbaar(wie).filter(pk__in=ids))
    }
    for obj, json in betrokkenen:
        json["_expand"] = {"hadKlantcontact": gevonden.get(obj.had_klantcontact_id)}


PARTIJ = Bron(
    naam="partijen",
    model=Partij,
    weergave=partij_json,
    query=PartijLijst,
    detail_query=PartijDetail,
    schema=PartijIn,
    filter=_filter,
    laden=laden,
    uitbreiden=uitbreiden,
    aanmaken=lambda wie, data, request: services.partij_aanmaken(wie, gegevens(data), request),
    bijwerken=lambda wie, obj, data, request: services.partij_bijwerken(wie, obj, gegevens(data)),
    verwijderen=services.partij_verwijderen,
)

BRONNEN = [(PARTIJ, "partij")]
