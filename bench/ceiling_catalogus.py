"""The catalogue as the ceiling (bench/ceiling.py) holds it: every zaaktype's row and rendered
representation, loaded once per catalogi generation, in plain SQL.

iwerk caches the same representations per catalogi generation (ADR 0010); the ceiling renders
them all at once on the first request of a generation, so a zaaktype read is a dictionary
lookup after the generation check. The fields are those of iwerk.catalogi.api.output.zaaktype_json
(the smoke test iwerk/core/tests/test_bench_ceiling.py compares them).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import orjson
from ceiling_base import CATALOGI, READ_CATALOGI, Db, Problem, Request, dashed, invalid, page_number

_CHILDREN = (
    ("statustypen", "catalogi_statustype", "volgnummer", "''"),
    ("roltypen", "catalogi_roltype", "id", "''"),
    ("eigenschappen", "catalogi_eigenschap", "id", "''"),
    ("zaakobjecttypen", "catalogi_zaakobjecttype", "id", "''"),
    ("resultaattypen", "catalogi_resultaattype", "id", "omschrijving"),
    (
        "ziot",
        "catalogi_zaaktypeinformatieobjecttype",
        "volgnummer",
        "informatieobjecttype_omschrijving",
    ),
)
_NAMES = {
    "zaaktypen": ("catalogi_zaaktype", "identificatie"),
    "informatieobjecttypen": ("catalogi_informatieobjecttype", "omschrijving"),
    "besluittypen": ("catalogi_besluittype", "omschrijving"),
}
ZAAKTYPE_COLUMNS = (
    "id, CAST(uuid AS TEXT), tenant_id, catalogus_id, concept, identificatie, omschrijving, "
    "omschrijving_generiek, vertrouwelijkheidaanduiding, doel, aanleiding, toelichting, "
    "indicatie_intern_of_extern, handeling_initiator, onderwerp, handeling_behandelaar, doorlooptijd, "
    "servicenorm, opschorting_en_aanhouding_mogelijk, verlenging_mogelijk, verlengingstermijn, "
    "CAST(trefwoorden AS TEXT), publicatie_indicatie, publicatietekst, "
    "CAST(verantwoordingsrelatie AS TEXT), CAST(producten_of_diensten AS TEXT), "
    "selectielijst_procestype, referentieproces_naam, referentieproces_link, verantwoordelijke, "
    "CAST(broncatalogus AS TEXT), CAST(bronzaaktype AS TEXT), CAST(versiedatum AS TEXT), "
    "CAST(besluittype_omschrijvingen AS TEXT), CAST(deelzaaktype_identificaties AS TEXT), "
    "CAST(gerelateerde_zaaktypen AS TEXT), CAST(datum_begin_geldigheid AS TEXT), "
    "CAST(datum_einde_geldigheid AS TEXT), CAST(begin_object AS TEXT), CAST(einde_object AS TEXT)"
)


@dataclass(frozen=True)
class ZaakTypeRij:
    """What a zaak operation needs of its zaaktype: visibility, the create rules, URLs."""

    id: int
    uuid: str
    tenant_id: int
    catalogus_id: int
    concept: bool
    vertrouwelijkheidaanduiding: str
    doorlooptijd: str
    servicenorm: str
    begin: str  # datum_begin_geldigheid, ISO text
    einde: str | None

    def valid_on(self, day: str) -> bool:
        return self.begin <= day and (self.einde is None or self.einde >= day)


@dataclass
class Catalogus:
    """All zaaktypen of one catalogi generation, and their representations per (date, base)."""

    generation: int
    rows: list[tuple] = field(default_factory=list)
    by_id: dict[int, ZaakTypeRij] = field(default_factory=dict)
    by_uuid: dict[str, ZaakTypeRij] = field(default_factory=dict)
    per_catalogus: dict[int, list[int]] = field(default_factory=dict)
    catalogus_uuids: dict[int, str] = field(default_factory=dict)
    rendered: dict[tuple[str, str], dict[str, bytes]] = field(default_factory=dict)

    @classmethod
    def load(cls, db, generation: int) -> Catalogus:
        catalogus = cls(generation)
        catalogus.rows = db.rows(f"SELECT {ZAAKTYPE_COLUMNS} FROM catalogi_zaaktype ORDER BY id")
        for r in catalogus.rows:
            rij = ZaakTypeRij(
                r[0], dashed(r[1]), r[2], r[3], bool(r[4]), r[8], r[16], r[17], r[36], r[37]
            )
            catalogus.by_id[rij.id] = rij
            catalogus.by_uuid[rij.uuid] = rij
            catalogus.per_catalogus.setdefault(rij.catalogus_id, []).append(rij.id)
        catalogus.catalogus_uuids = {
            pk: dashed(key)
            for pk, key in db.rows("SELECT id, CAST(uuid AS TEXT) FROM catalogi_catalogus")
        }
        return catalogus

    def representations(self, db, on: date, base: str) -> dict[str, bytes]:
        """uuid -> the zaaktype's JSON, rendered for every zaaktype at the first call."""
        key = (on.isoformat(), base)
        found = self.rendered.get(key)
        if found is None:
            found = self.rendered[key] = _render_all(db, self, on.isoformat(), base)
        return found


def _render_all(db, catalogus: Catalogus, on: str, base: str) -> dict[str, bytes]:
    children: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    parts = [
        f"SELECT '{kind}', zaaktype_id, CAST(uuid AS TEXT), {name}, {order}, id FROM {table}"
        for kind, table, order, name in _CHILDREN
    ]
    for kind, owner, key, name, _, _ in sorted(
        db.rows(" UNION ALL ".join(parts)), key=lambda r: (r[0], r[1], r[4], r[5])
    ):
        values = children[owner][kind]
        if kind == "ziot":
            if name not in values:
                values.append(name)
        elif kind == "resultaattypen":
            values.append((dashed(key), name))
        else:
            values.append(dashed(key))
    names: dict[tuple[str, int, str], list[str]] = defaultdict(list)
    for kind, (table, column) in _NAMES.items():
        for catalogus_id, name, key in db.rows(
            f"SELECT catalogus_id, {column}, CAST(uuid AS TEXT) FROM {table} "
            "WHERE NOT concept AND datum_begin_geldigheid <= %s AND (datum_einde_geldigheid IS NULL "
            "OR datum_einde_geldigheid >= %s) ORDER BY id",
            (on, on),
        ):
            names[(kind, catalogus_id, name)].append(dashed(key))

    def url(resource: str, key: str) -> str:
        return f"{base}{CATALOGI}/{resource}/{key}"

    rendered = {}
    for r in catalogus.rows:
        rendered[dashed(r[1])] = orjson.dumps(_zaaktype(r, children[r[0]], names, catalogus, url))
    return rendered


_EMPTY = (None, "null", "{}", "[]", '""')


def _n(value: str) -> str | None:
    return value or None


def _zaaktype(r: tuple, children: dict, names: dict, catalogus: Catalogus, url) -> dict:
    cid = r[3]
    besluittype_namen = orjson.loads(r[33])
    deelzaaktype_identificaties = orjson.loads(r[34])
    iot_names = children["ziot"]
    gerelateerde = []
    for relatie in orjson.loads(r[35]):
        target = relatie["zaaktype"]
        found = names[("zaaktypen", cid, target)]
        gerelateerde.append(
            {
                "zaaktype": url("zaaktypen", found[-1]) if found else target,
                "zaaktypeIdentificatie": target,
                "aardRelatie": relatie["aardRelatie"],
                "toelichting": relatie.get("toelichting", ""),
            }
        )
    data = {
        "url": url("zaaktypen", dashed(r[1])),
        "identificatie": r[5],
        "omschrijving": r[6],
        "omschrijvingGeneriek": r[7],
        "vertrouwelijkheidaanduiding": r[8],
        "doel": r[9],
        "aanleiding": r[10],
        "toelichting": r[11],
        "indicatieInternOfExtern": r[12],
        "handelingInitiator": r[13],
        "onderwerp": r[14],
        "handelingBehandelaar": r[15],
        "doorlooptijd": r[16],
        "servicenorm": _n(r[17]),
        "opschortingEnAanhoudingMogelijk": bool(r[18]),
        "verlengingMogelijk": bool(r[19]),
        "verlengingstermijn": _n(r[20]),
        "trefwoorden": orjson.Fragment(r[21]),
        "publicatieIndicatie": bool(r[22]),
        "publicatietekst": r[23],
        "verantwoordingsrelatie": orjson.Fragment(r[24]),
        "productenOfDiensten": orjson.Fragment(r[25]),
        "selectielijstProcestype": r[26],
        "referentieproces": {"naam": r[27], "link": r[28]},
        "verantwoordelijke": r[29],
        "zaakobjecttypen": [url("zaakobjecttypen", u) for u in children["zaakobjecttypen"]],
        "catalogus": url("catalogussen", catalogus.catalogus_uuids[cid]),
        "statustypen": [url("statustypen", u) for u in children["statustypen"]],
        "resultaattypen": [url("resultaattypen", u) for u, _ in children["resultaattypen"]],
        "resultaattypeOmschrijving": [name for _, name in children["resultaattypen"]],
        "eigenschappen": [url("eigenschappen", u) for u in children["eigenschappen"]],
        "informatieobjecttypen": [
            url("informatieobjecttypen", u)
            for name in iot_names
            for u in names[("informatieobjecttypen", cid, name)]
        ],
        "informatieobjecttypeOmschrijving": iot_names,
        "roltypen": [url("roltypen", u) for u in children["roltypen"]],
        "besluittypen": [
            url("besluittypen", u)
            for name in besluittype_namen
            for u in names[("besluittypen", cid, name)]
        ],
        "besluittypeOmschrijving": besluittype_namen,
        "deelzaaktypen": [
            url("zaaktypen", u)
            for ident in deelzaaktype_identificaties
            for u in names[("zaaktypen", cid, ident)]
        ],
        "deelzaaktypeIdentificaties": deelzaaktype_identificaties,
        "gerelateerdeZaaktypen": gerelateerde,
        "versiedatum": r[32],
        "concept": bool(r[4]),
    }
    # Optional, not nullable: present only when the zaaktype was copied from another catalogus.
    if r[30] not in _EMPTY:
        data["broncatalogus"] = orjson.Fragment(r[30])
    if r[31] not in _EMPTY:
        data["bronzaaktype"] = orjson.Fragment(r[31])
    data.update(
        {
            "beginGeldigheid": r[36],
            "eindeGeldigheid": r[37],
            "beginObject": r[38],
            "eindeObject": r[39],
        }
    )
    return data


class CatalogiApi:
    """GET /catalogi/api/v1/zaaktypen and /zaaktypen/{uuid}, mixed into the Ceiling."""

    def zaaktypen_list(self, db: Db, req: Request) -> tuple[int, bytes]:
        req.actor.require(*READ_CATALOGI)
        params = req.params()
        if unknown := set(params) - {"status", "catalogus", "identificatie", "page"}:
            raise invalid(
                sorted(unknown)[0], "unknown-parameters", "Niet ondersteund door het plafond."
            )
        catalogus = self.catalogus(db, req)
        clauses, args = [], []
        if req.actor.tenant_ids is not None:
            clause, values = db.any_("tenant_id", sorted(req.actor.tenant_ids) or [0])
            clauses.append(clause)
            args += values
        status = params.get("status", "definitief")
        if status not in ("definitief", "concept", "alles"):
            raise invalid("status", "invalid_choice", "Ongeldige keuze.")
        if status != "alles":
            clauses.append("NOT concept" if status == "definitief" else "concept")
        if "identificatie" in params:
            clauses.append("identificatie = %s")
            args.append(params["identificatie"])
        if "catalogus" in params:
            match = re.fullmatch(
                rf".*{CATALOGI}/catalogussen/([0-9a-f-]{{36}})", params["catalogus"]
            )
            ids = [
                pk
                for pk, key in catalogus.catalogus_uuids.items()
                if match and key == match.group(1)
            ]
            clauses.append("catalogus_id = %s")
            args.append(ids[0] if ids else 0)
        page, size = page_number(params.get("page")), self.config.page_size
        offset, where = (page - 1) * size, " AND ".join(clauses) or "1 = 1"
        rows = db.rows(
            f"SELECT CAST(uuid AS TEXT), COUNT(*) OVER () FROM catalogi_zaaktype WHERE {where} "
            "ORDER BY id LIMIT %s OFFSET %s",
            [*args, size, offset],
        )
        count = rows[0][1] if rows else 0
        if offset and not rows:
            raise Problem(404, "not_found", "Ongeldige pagina: deze pagina bevat geen resultaten.")
        found = catalogus.representations(db, date.fromisoformat(self.today()), req.base)
        return 200, orjson.dumps(
            {
                "count": count,
                "next": req.link(page + 1) if offset + size < count else None,
                "previous": req.link(page - 1) if page > 1 else None,
                "results": [orjson.Fragment(found[dashed(key)]) for key, _ in rows],
            }
        )

    def zaaktype_read(self, db: Db, req: Request, key: str) -> tuple[int, bytes]:
        req.actor.require(*READ_CATALOGI)
        if req.query:
            raise invalid("query", "unsupported", "Niet ondersteund door het plafond.")
        catalogus = self.catalogus(db, req)
        rij = catalogus.by_uuid.get(key)
        if rij is None:
            raise Problem(404, "not_found", "Het object bestaat niet.")
        if req.actor.tenant_ids is not None and rij.tenant_id not in req.actor.tenant_ids:
            raise Problem(
                403, "permission_denied", "Deze applicatie heeft geen toegang tot dit object."
            )
        return 200, catalogus.representations(db, date.fromisoformat(self.today()), req.base)[key]
