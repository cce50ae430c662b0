"""Output functions of the Catalogi API: loaded objects in, spec-shaped dicts out.

They never query on their own: the view primes a RenderContext for the whole page,
and the selectors prefetch what is read here (tests pin the query counts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from iwerk.catalogi import selectors
from iwerk.catalogi.models import (
    BesluitType,
    Catalogus,
    Eigenschap,
    InformatieObjectType,
    ResultaatType,
    RolType,
    StatusType,
    ZaakObjectType,
    ZaakType,
    ZaakTypeInformatieObjectType,
)
from iwerk.core.api.references import ApiUrls

PREFIX = "/catalogi/api/v1"


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _n(value: str) -> str | None:
    return value or None


class RenderContext:
    """Per-request rendering state: URL builder, reference date and by-name indexes."""

    def __init__(self, urls: ApiUrls, on: date) -> None:
        self.urls = urls
        self.on = on
        self.names = selectors.NameIndex(on)
        self._zaaktypen_by_catalogus: dict[int, list[dict]] = {}
        self._children: dict[int, selectors.ZaakTypeChildren] = {}
        self._ziots: dict[int, list[dict]] = {}

    def children(self, zaaktype: ZaakType) -> selectors.ZaakTypeChildren:
        if zaaktype.pk not in self._children:
            self.prime_zaaktypen([zaaktype])
        return self._children[zaaktype.pk]

    def url(self, resource: str, uuid) -> str:
        return self.urls.build(PREFIX, resource, uuid)

    # Page-level loading -------------------------------------------------------------
    def prime_zaaktypen(self, rows: Iterable[ZaakType]) -> None:
        rows = list(rows)
        missing = [z.pk for z in rows if z.pk not in self._children]
        if missing:
            self._children.update(selectors.zaaktype_children(missing))
        self.names.prime(
            "besluittypen",
            {(z.catalogus_id, n) for z in rows for n in z.besluittype_omschrijvingen},
        )
        self.names.prime(
            "informatieobjecttypen",
            {
                (z.catalogus_id, n)
                for z in rows
                for n in self._children[z.pk].informatieobjecttype_namen
            },
        )
        self.names.prime(
            "zaaktypen",
            {
                (z.catalogus_id, ident)
                for z in rows
                for ident in [
                    *z.deelzaaktype_identificaties,
                    *(r["zaaktype"] for r in z.gerelateerde_zaaktypen),
                ]
            },
        )

    def prime_besluittypen(self, rows: Iterable[BesluitType]) -> None:
        rows = list(rows)
        self.names.prime(
            "informatieobjecttypen",
            {(b.catalogus_id, n) for b in rows for n in b.informatieobjecttype_omschrijvingen},
        )
        self._load_zaaktype_relations({b.catalogus_id for b in rows})

    def prime_informatieobjecttypen(self, rows: Iterable[InformatieObjectType]) -> None:
        ids = {i.catalogus_id for i in rows}
        self._load_zaaktype_relations(ids)
        missing = ids - set(self._ziots)
        if missing:
            for row in selectors.ziot_index(missing, self.on):
                self._ziots.setdefault(row["zaaktype__catalogus_id"], []).append(row)
            for catalogus_id in missing:
                self._ziots.setdefault(catalogus_id, [])
        self._besluittype_rows(ids)

    def prime_ziots(self, rows: Iterable[ZaakTypeInformatieObjectType]) -> None:
        self.names.prime(
            "informatieobjecttypen",
            {(r.zaaktype.catalogus_id, r.informatieobjecttype_omschrijving) for r in rows},
        )

    def _load_zaaktype_relations(self, ids: set[int]) -> None:
        missing = ids - set(self._zaaktypen_by_catalogus)
        if missing:
            for row in selectors.zaaktype_relations_index(self.on, missing):
                self._zaaktypen_by_catalogus.setdefault(row["catalogus_id"], []).append(row)
            for catalogus_id in missing:
                self._zaaktypen_by_catalogus.setdefault(catalogus_id, [])

    def _besluittype_rows(self, ids: set[int]) -> None:
        if not hasattr(self, "_besluittypen_valid"):
            self._besluittypen_valid: dict[int, list[tuple[str, list[str]]]] = defaultdict(list)
            for b in (
                BesluitType.objects.filter(catalogus_id__in=ids, concept=False)
                .filter(selectors.valid_on(self.on))
                .order_by("pk")
                .values(
                    "catalogus_id", "uuid", "omschrijving", "informatieobjecttype_omschrijvingen"
                )
            ):
                self._besluittypen_valid[b["catalogus_id"]].append(
                    (str(b["uuid"]), b["informatieobjecttype_omschrijvingen"], b["omschrijving"])
                )

    def zaaktypen_with_besluittype(self, catalogus_id: int, omschrijving: str) -> list[dict]:
        return [
            z
            for z in self._zaaktypen_by_catalogus.get(catalogus_id, [])
            if omschrijving in z["besluittype_omschrijvingen"]
        ]

    def zaaktypen_with_iot(self, catalogus_id: int, omschrijving: str) -> list[dict]:
        return [
            z
            for z in self._ziots.get(catalogus_id, [])
            if z["informatieobjecttype_omschrijving"] == omschrijving
        ]

    def besluittypen_with_iot(self, catalogus_id: int, omschrijving: str) -> list[tuple]:
        return [b for b in self._besluittypen_valid.get(catalogus_id, []) if omschrijving in b[1]]


def catalogus_json(c: Catalogus, ctx: RenderContext) -> dict:
    data = {
        "url": ctx.url("catalogussen", c.uuid),
        "domein": c.domein,
        "rsin": c.rsin,
        "contactpersoonBeheerNaam": c.contactpersoon_beheer_naam,
        "contactpersoonBeheerTelefoonnummer": c.contactpersoon_beheer_telefoonnummer,
        "zaaktypen": [ctx.url("zaaktypen", z.uuid) for z in c.zaaktypen.all()],
        "besluittypen": [ctx.url("besluittypen", b.uuid) for b in c.besluittypen.all()],
        "besluittypeOmschrijving": sorted({b.omschrijving for b in c.besluittypen.all()}),
        "informatieobjecttypen": [
            ctx.url("informatieobjecttypen", i.uuid) for i in c.informatieobjecttypen.all()
        ],
        "informatieobjecttypeOmschrijving": sorted(
            {i.omschrijving for i in c.informatieobjecttypen.all()}
        ),
        "naam": c.naam or None,
        "versie": c.versie or None,
        "begindatumVersie": _d(c.begindatum_versie),
    }
    if c.contactpersoon_beheer_emailadres:
        # format: email, not nullable: an unknown address is left out rather than sent as "".
        data["contactpersoonBeheerEmailadres"] = c.contactpersoon_beheer_emailadres
    return data


def _geldigheid(obj, source=None) -> dict:
    source = source or obj
    return {
        "beginGeldigheid": _d(source.datum_begin_geldigheid),
        "eindeGeldigheid": _d(source.datum_einde_geldigheid),
        "beginObject": _d(obj.begin_object),
        "eindeObject": _d(obj.einde_object),
    }


def zaaktype_json(z: ZaakType, ctx: RenderContext) -> dict:
    cid = z.catalogus_id
    children = ctx.children(z)
    iot_names = children.informatieobjecttype_namen
    gerelateerde = []
    for relatie in z.gerelateerde_zaaktypen:
        target = relatie["zaaktype"]
        found = ctx.names.uuids("zaaktypen", cid, target)
        gerelateerde.append(
            {
                "zaaktype": ctx.url("zaaktypen", found[-1]) if found else target,
                "zaaktypeIdentificatie": target,
                "aardRelatie": relatie["aardRelatie"],
                "toelichting": relatie.get("toelichting", ""),
            }
        )
    data = {
        "url": ctx.url("zaaktypen", z.uuid),
        "identificatie": z.identificatie,
        "omschrijving": z.omschrijving,
        "omschrijvingGeneriek": z.omschrijving_generiek,
        "vertrouwelijkheidaanduiding": z.vertrouwelijkheidaanduiding,
        "doel": z.doel,
        "aanleiding": z.aanleiding,
        "toelichting": z.toelichting,
        "indicatieInternOfExtern": z.indicatie_intern_of_extern,
        "handelingInitiator": z.handeling_initiator,
        "onderwerp": z.onderwerp,
        "handelingBehandelaar": z.handeling_behandelaar,
        "doorlooptijd": z.doorlooptijd,
        "servicenorm": _n(z.servicenorm),
        "opschortingEnAanhoudingMogelijk": z.opschorting_en_aanhouding_mogelijk,
        "verlengingMogelijk": z.verlenging_mogelijk,
        "verlengingstermijn": _n(z.verlengingstermijn),
        "trefwoorden": z.trefwoorden,
        "publicatieIndicatie": z.publicatie_indicatie,
        "publicatietekst": z.publicatietekst,
        "verantwoordingsrelatie": z.verantwoordingsrelatie,
        "productenOfDiensten": z.producten_of_diensten,
        "selectielijstProcestype": z.selectielijst_procestype,
        "referentieproces": {"naam": z.referentieproces_naam, "link": z.referentieproces_link},
        "verantwoordelijke": z.verantwoordelijke,
        "zaakobjecttypen": [ctx.url("zaakobjecttypen", u) for u in children.zaakobjecttypen],
        "catalogus": ctx.url("catalogussen", z.catalogus.uuid),
        "statustypen": [ctx.url("statustypen", u) for u in children.statustypen],
        "resultaattypen": [ctx.url("resultaattypen", u) for u, _ in children.resultaattypen],
        # Required by the 1.3.3 ZaakType schema although not listed among its properties.
        "resultaattypeOmschrijving": [name for _, name in children.resultaattypen],
        "eigenschappen": [ctx.url("eigenschappen", u) for u in children.eigenschappen],
        "informatieobjecttypen": [
            ctx.url("informatieobjecttypen", u)
            for name in iot_names
            for u in ctx.names.uuids("informatieobjecttypen", cid, name)
        ],
        "informatieobjecttypeOmschrijving": iot_names,
        "roltypen": [ctx.url("roltypen", u) for u in children.roltypen],
        "besluittypen": [
            ctx.url("besluittypen", u)
            for name in z.besluittype_omschrijvingen
            for u in ctx.names.uuids("besluittypen", cid, name)
        ],
        "besluittypeOmschrijving": z.besluittype_omschrijvingen,
        "deelzaaktypen": [
            ctx.url("zaaktypen", u)
            for ident in z.deelzaaktype_identificaties
            for u in ctx.names.uuids("zaaktypen", cid, ident)
        ],
        "deelzaaktypeIdentificaties": z.deelzaaktype_identificaties,
        "gerelateerdeZaaktypen": gerelateerde,
        "versiedatum": _d(z.versiedatum),
        "concept": z.concept,
    }
    # Optional, not nullable: present only when the zaaktype was copied from another catalogus.
    if z.broncatalogus:
        data["broncatalogus"] = z.broncatalogus
    if z.bronzaaktype:
        data["bronzaaktype"] = z.bronzaaktype
    data.update(_geldigheid(z))
    return data


def informatieobjecttype_json(i: InformatieObjectType, ctx: RenderContext) -> dict:
    zaaktypen = ctx.zaaktypen_with_iot(i.catalogus_id, i.omschrijving)
    besluittypen = ctx.besluittypen_with_iot(i.catalogus_id, i.omschrijving)
    data = {
        "url": ctx.url("informatieobjecttypen", i.uuid),
        "catalogus": ctx.url("catalogussen", i.catalogus.uuid),
        "omschrijving": i.omschrijving,
        "vertrouwelijkheidaanduiding": i.vertrouwelijkheidaanduiding,
        "concept": i.concept,
        "zaaktypen": list(
            dict.fromkeys(ctx.url("zaaktypen", z["zaaktype__uuid"]) for z in zaaktypen)
        ),
        "zaaktypeIdentificaties": list(
            dict.fromkeys(z["zaaktype__identificatie"] for z in zaaktypen)
        ),
        "besluittypen": [ctx.url("besluittypen", b[0]) for b in besluittypen],
        "besluittypeOmschrijving": list(dict.fromkeys(b[2] for b in besluittypen)),
        "informatieobjectcategorie": i.informatieobjectcategorie,
        "trefwoord": i.trefwoord,
    }
    if i.omschrijving_generiek:
        # Optional and not nullable in 1.3.3: leave it out when it was never given.
        data["omschrijvingGeneriek"] = i.omschrijving_generiek
    data.update(_geldigheid(i))
    return data


def besluittype_json(b: BesluitType, ctx: RenderContext) -> dict:
    zaaktypen = ctx.zaaktypen_with_besluittype(b.catalogus_id, b.omschrijving)
    resultaattypen = list(b.resultaattypen.all())
    data = {
        "url": ctx.url("besluittypen", b.uuid),
        "catalogus": ctx.url("catalogussen", b.catalogus.uuid),
        "zaaktypen": [ctx.url("zaaktypen", z["uuid"]) for z in zaaktypen],
        "zaaktypeIdentificaties": list(dict.fromkeys(z["identificatie"] for z in zaaktypen)),
        "omschrijving": b.omschrijving,
        "omschrijvingGeneriek": b.omschrijving_generiek,
        "besluitcategorie": b.besluitcategorie,
        "reactietermijn": _n(b.reactietermijn),
        "publicatieIndicatie": b.publicatie_indicatie,
        "publicatietekst": b.publicatietekst,
        "publicatietermijn": _n(b.publicatietermijn),
        "toelichting": b.toelichting,
        "informatieobjecttypen": [
            ctx.url("informatieobjecttypen", u)
            for name in b.informatieobjecttype_omschrijvingen
            for u in ctx.names.uuids("informatieobjecttypen", b.catalogus_id, name)
        ],
        "informatieobjecttypeOmschrijvingen": b.informatieobjecttype_omschrijvingen,
        "concept": b.concept,
        "resultaattypen": [ctx.url("resultaattypen", r.uuid) for r in resultaattypen],
        "resultaattypenOmschrijving": [r.omschrijving for r in resultaattypen],
        "vastgelegdIn": [],
    }
    data.update(_geldigheid(b))
    return data


def _child_base(obj, ctx: RenderContext, resource: str) -> dict:
    z = obj.zaaktype
    return {
        "url": ctx.url(resource, obj.uuid),
        "zaaktype": ctx.url("zaaktypen", z.uuid),
        "zaaktypeIdentificatie": z.identificatie,
        "catalogus": ctx.url("catalogussen", z.catalogus.uuid),
    }


def statustype_json(s: StatusType, ctx: RenderContext) -> dict:
    data = _child_base(s, ctx, "statustypen")
    data.update(
        {
            "omschrijving": s.omschrijving,
            "omschrijvingGeneriek": s.omschrijving_generiek,
            "statustekst": s.statustekst,
            "volgnummer": s.volgnummer,
            "isEindstatus": s.is_eindstatus,
            "informeren": s.informeren,
            "doorlooptijd": _n(s.doorlooptijd),
            "toelichting": _n(s.toelichting),
            "checklistitemStatustype": s.checklistitem_statustype,
            "eigenschappen": [ctx.url("eigenschappen", e.uuid) for e in s.eigenschappen.all()],
        }
    )
    data.update(_geldigheid(s, s.zaaktype))
    return data


def roltype_json(r: RolType, ctx: RenderContext) -> dict:
    data = _child_base(r, ctx, "roltypen")
    data.update({"omschrijving": r.omschrijving, "omschrijvingGeneriek": r.omschrijving_generiek})
    data.update(_geldigheid(r, r.zaaktype))
    return data


def resultaattype_json(r: ResultaatType, ctx: RenderContext) -> dict:
    data = _child_base(r, ctx, "resultaattypen")
    besluittypen = list(r.besluittypen.all())
    iots = list(r.informatieobjecttypen.all())
    brondatum = None
    if r.brondatum_afleidingswijze:
        brondatum = {
            "afleidingswijze": r.brondatum_afleidingswijze,
            "datumkenmerk": r.brondatum_datumkenmerk,
            "einddatumBekend": r.brondatum_einddatum_bekend,
            "objecttype": r.brondatum_objecttype,
            "registratie": r.brondatum_registratie,
            "procestermijn": _n(r.brondatum_procestermijn),
        }
    data.update(
        {
            "omschrijving": r.omschrijving,
            "resultaattypeomschrijving": r.resultaattypeomschrijving,
            "omschrijvingGeneriek": r.omschrijving_generiek,
            "selectielijstklasse": r.selectielijstklasse,
            "toelichting": r.toelichting,
            "archiefnominatie": r.archiefnominatie,
            "archiefactietermijn": _n(r.archiefactietermijn),
            "brondatumArchiefprocedure": brondatum,
            "procesobjectaard": _n(r.procesobjectaard),
            "indicatieSpecifiek": r.indicatie_specifiek,
            "procestermijn": _n(r.procestermijn),
            "besluittypen": [ctx.url("besluittypen", b.uuid) for b in besluittypen],
            "besluittypeOmschrijving": [b.omschrijving for b in besluittypen],
            "informatieobjecttypen": [ctx.url("informatieobjecttypen", i.uuid) for i in iots],
            "informatieobjecttypeOmschrijving": [i.omschrijving for i in iots],
        }
    )
    data.update(_geldigheid(r, r.zaaktype))
    return data


def eigenschap_json(e: Eigenschap, ctx: RenderContext) -> dict:
    data = _child_base(e, ctx, "eigenschappen")
    data.update(
        {
            "naam": e.naam,
            "definitie": e.definitie,
            "specificatie": {
                "groep": e.specificatie_groep,
                "formaat": e.specificatie_formaat,
                "lengte": e.specificatie_lengte,
                "kardinaliteit": e.specificatie_kardinaliteit,
                "waardenverzameling": e.specificatie_waardenverzameling,
            },
            "toelichting": e.toelichting,
            "statustype": ctx.url("statustypen", e.statustype.uuid) if e.statustype_id else None,
        }
    )
    data.update(_geldigheid(e, e.zaaktype))
    return data


def zaakobjecttype_json(o: ZaakObjectType, ctx: RenderContext) -> dict:
    data = _child_base(o, ctx, "zaakobjecttypen")
    data.update(
        {
            "anderObjecttype": o.ander_objecttype,
            "objecttype": o.objecttype,
            "relatieOmschrijving": o.relatie_omschrijving,
            "resultaattypen": [],
            "resultaattypeOmschrijving": [],
            "statustypen": [],
        }
    )
    data.update(_geldigheid(o, o.zaaktype))
    return data


def ziot_json(r: ZaakTypeInformatieObjectType, ctx: RenderContext) -> dict:
    data = _child_base(r, ctx, "zaaktype-informatieobjecttypen")
    found = ctx.names.uuids(
        "informatieobjecttypen", r.zaaktype.catalogus_id, r.informatieobjecttype_omschrijving
    )
    data.update(
        {
            # Standard text (historiemodel): GET returns the URL of the version valid today;
            # with no published version the stored omschrijving is all there is to show.
            "informatieobjecttype": ctx.url("informatieobjecttypen", found[-1])
            if found
            else r.informatieobjecttype_omschrijving,
            "volgnummer": r.volgnummer,
            "richting": r.richting,
            "statustype": ctx.url("statustypen", r.statustype.uuid) if r.statustype_id else None,
        }
    )
    return data
