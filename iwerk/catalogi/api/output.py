"""Output functions of the Catalogi API: loaded objects in, spec-shaped dicts out.

They never query on their own: the view primes a RenderContext for the whole page,
and the selectors prefetch what is read here (tests pin the query counts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.core.cache import cache

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
from iwerk.core import generations
from iwerk.core.api.references import ApiUrls

PREFIX = "/catalogi/api/v1"
CACHE_SECONDS = 3600


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
        self._generation: int | None = None
        self._besluittypen_valid: dict[int, list[tuple[str, list[str], str]]] = {}
        # m2m and reverse relations loaded by the prime_* methods: key -> owner pk -> values
        self.related: dict[str, dict[int, list]] = defaultdict(dict)
        self._ziots: dict[int, list[dict]] = {}

    def children(self, zaaktype: ZaakType) -> selectors.ZaakTypeChildren:
        if zaaktype.pk not in self._children:
            self.prime_zaaktypen([zaaktype])
        return self._children[zaaktype.pk]

    def render_many(self, resource: str, rows: list, to_json, prime=None) -> list[dict]:
        """Representations of rows, from the cache where this generation rendered them before.

        Keys hold everything a representation depends on: the catalogi generation, the
        reference date, the host and the object. Only misses are primed and rendered.
        """
        if not rows:
            return []
        if self._generation is None:
            self._generation = generations.current("catalogi")
        prefix = f"iwerk:ztc:{self._generation}:{self.on.isoformat()}:{self.urls.base}:{resource}:"
        keys = [prefix + str(row.uuid) for row in rows]
        found = cache.get_many(keys)
        misses = [(key, row) for key, row in zip(keys, rows, strict=True) if key not in found]
        if misses:
            if prime:
                prime(self, [row for _, row in misses])
            fresh = {key: to_json(row, self) for key, row in misses}
            cache.set_many(fresh, CACHE_SECONDS)
            found.update(fresh)
        return [found[key] for key in keys]

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
        self.related["besluittype.resultaattypen"].update(
            selectors.related_values(
                ResultaatType.besluittypen.through,
                "besluittype",
                [b.pk for b in rows],
                "resultaattype",
                "omschrijving",
            )
        )
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

    def prime_statustypen(self, rows: Iterable[StatusType]) -> None:
        self.related["statustype.eigenschappen"].update(
            selectors.eigenschappen_per_statustype([r.pk for r in rows])
        )

    def prime_resultaattypen(self, rows: Iterable[ResultaatType]) -> None:
        ids = [r.pk for r in rows]
        through = ResultaatType.besluittypen.through
        self.related["resultaattype.besluittypen"].update(
            selectors.related_values(through, "resultaattype", ids, "besluittype", "omschrijving")
        )
        through = ResultaatType.informatieobjecttypen.through
        self.related["resultaattype.informatieobjecttypen"].update(
            selectors.related_values(
                through, "resultaattype", ids, "informatieobjecttype", "omschrijving"
            )
        )

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
        missing = ids - set(self._besluittypen_valid)
        if not missing:
            return
        for catalogus_id in missing:
            self._besluittypen_valid[catalogus_id] = []
        for b in (
            BesluitType.objects.filter(catalogus_id__in=missing, concept=False)
            .filter(selectors.valid_on(self.on))
            .order_by("pk")
            .values("catalogus_id", "uuid", "omschrijving", "informatieobjecttype_omschrijvingen")
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
    resultaattypen = ctx.related["besluittype.resultaattypen"].get(b.pk, [])
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
        "resultaattypen": [ctx.url("resultaattypen", uuid) for uuid, _ in resultaattypen],
        "resultaattypenOmschrijving": [name for _, name in resultaattypen],
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
            "eigenschappen": [
                ctx.url("eigenschappen", uuid)
                for uuid in ctx.related["statustype.eigenschappen"].get(s.pk, [])
            ],
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
    besluittypen = ctx.related["resultaattype.besluittypen"].get(r.pk, [])
    iots = ctx.related["resultaattype.informatieobjecttypen"].get(r.pk, [])
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
            "besluittypen": [ctx.url("besluittypen", uuid) for uuid, _ in besluittypen],
            "besluittypeOmschrijving": [name for _, name in besluittypen],
            "informatieobjecttypen": [ctx.url("informatieobjecttypen", uuid) for uuid, _ in iots],
            "informatieobjecttypeOmschrijving": [name for _, name in iots],
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
