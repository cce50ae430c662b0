"""The Zaken API of the ceiling (bench/ceiling.py): zaken list and _zoek, zaak read with its
inzage row, zaak create with what iwerk writes with it. A mixin of the Ceiling application, whose
caches (catalogue, actors, counts, number blocks) it uses."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import orjson
from ceiling_base import (
    AUDIT,
    CATALOGI,
    INSERT_ZAAK,
    NOTIFICATIE,
    RANK,
    RELATIONS,
    VERTROUWELIJKHEID,
    Z_COLUMNS,
    Z_FROM,
    ZAAKTYPE_PATH,
    ZAKEN,
    Db,
    Problem,
    Request,
    check_crs,
    dashed,
    filters_match,
    insert_sql,
    invalid,
    new_zaak_json,
    page_number,
    zaak_json,
    zegel,
)
from ceiling_catalogus import ZaakTypeRij

from iwerk.core import durations

BLOK = 20  # zaaknummers a process claims at once (iwerk.zaken.services.zaaknummers.BLOK)


@dataclass(frozen=True)
class _Rows:
    """The parameters of the rows a create writes."""

    zaak: tuple
    notificatie: tuple
    abonnementen: list[int]  # a levering for each
    hoofd_object: str
    now: datetime
    tekst: str
    trail: tuple


def _audit(req: Request, zaaktype: ZaakTypeRij, v: dict, now: datetime, path: str) -> dict:
    """The audit record of the create, field by field (the writer's seal covers them all)."""
    claims, actor = req.claims, req.actor
    return {
        "tenant_id": zaaktype.tenant_id,
        "uuid": str(uuidlib.uuid4()),
        "bron": "zrc",
        "hoofd_object_uuid": v["uuid"],
        "hoofd_object": path,
        "resource": "zaak",
        "resource_url": path,
        "resource_weergave": v["identificatie"][:200],
        "actie": "create",
        "actie_weergave": "Object aangemaakt",
        "resultaat": 201,
        "applicatie_id": actor.client_id[:100],
        "applicatie_weergave": actor.label[:200],
        "gebruikers_id": str(claims.get("user_id") or "")[:255],
        "gebruikers_weergave": str(claims.get("user_representation") or "")[:255],
        "toelichting": req.environ.get("HTTP_X_AUDIT_TOELICHTING", ""),
        "aanmaakdatum": now.isoformat(),
        "oud": None,
        "nieuw": new_zaak_json("", v, zaaktype),
    }


def _in_one_statement(db: Db, rows: _Rows) -> bool:
    """PostgreSQL: every row in one statement (its own transaction), or none of them."""
    leveringen = ""
    if rows.abonnementen:
        values = ", ".join(["(%s)"] * len(rows.abonnementen))
        leveringen = (
            "l AS (INSERT INTO notificaties_levering (notificatie_id, abonnement_id, "
            "ontvanger, hoofd_object, status, pogingen, volgende_poging, laatste_fout, "
            "geclaimd_door) SELECT n.id, v.a, 'abonnement:' || CAST(v.a AS TEXT), %s, "
            f"'wachtend', 0, %s, '', '' FROM n, (VALUES {values}) AS v(a)), "
        )
    found = db.rows(
        f"WITH z AS ({INSERT_ZAAK} RETURNING id), "
        "g AS (INSERT INTO core_generatie (naam, waarde) SELECT 'zaken', 1 FROM z "
        "ON CONFLICT (naam) DO UPDATE SET waarde = core_generatie.waarde + 1), "
        f"n AS ({insert_sql(NOTIFICATIE, within=True)} RETURNING id), {leveringen}"
        "t AS (INSERT INTO zaken_zaakzoektekst (zaak_id, tekst) SELECT id, %s FROM z), "
        f"a AS ({insert_sql(AUDIT, within=True)}), "
        "b AS (INSERT INTO sturing_bijwerking (zaak_id) SELECT id FROM z) SELECT id FROM z",
        [
            *rows.zaak,
            *rows.notificatie,
            *([rows.hoofd_object, rows.now, *rows.abonnementen] if rows.abonnementen else []),
            rows.tekst,
            *rows.trail,
        ],
    )
    return bool(found)


def _one_by_one(db: Db, rows: _Rows) -> bool:
    """SQLite: the same rows a statement each, in the caller's transaction."""
    found = db.rows(f"{INSERT_ZAAK} RETURNING id", rows.zaak)
    if not found:
        return False
    db.run(
        "INSERT INTO core_generatie (naam, waarde) VALUES ('zaken', 1) "
        "ON CONFLICT (naam) DO UPDATE SET waarde = waarde + 1"
    )
    notificatie_id = db.rows(
        f"{insert_sql(NOTIFICATIE, within=False)} RETURNING id", rows.notificatie
    )[0][0]
    for abonnement in rows.abonnementen:
        db.run(
            "INSERT INTO notificaties_levering (notificatie_id, abonnement_id, ontvanger, "
            "hoofd_object, status, pogingen, volgende_poging, laatste_fout, geclaimd_door) "
            "VALUES (%s, %s, %s, %s, 'wachtend', 0, %s, '', '')",
            (notificatie_id, abonnement, f"abonnement:{abonnement}", rows.hoofd_object,
             db.ts(rows.now)),
        )  # fmt: skip
    db.run(
        "INSERT INTO zaken_zaakzoektekst (zaak_id, tekst) VALUES (%s, %s)",
        (found[0][0], rows.tekst),
    )
    db.run(insert_sql(AUDIT, within=False), rows.trail)
    db.run("INSERT INTO sturing_bijwerking (zaak_id) VALUES (%s)", (found[0][0],))
    return True


class ZakenApi:
    # --- zaken ---------------------------------------------------------------------------------

    def visible(self, db: Db, req: Request, scope: str) -> tuple[list[str], list]:
        """WHERE clauses for the zaken the caller may see with scope: per zaaktype, up to the
        highest vertrouwelijkheidaanduiding granted (ZGW A5/A6), as iwerk's visible_q."""
        catalogus = self.catalogus(db, req)
        key = ("sql", scope, catalogus.generation)
        found = req.actor._types.get(key)
        if found is None:
            types = req.actor.zaaktypen(scope, catalogus)
            groups: dict[int, list[int]] = {}
            for pk, rank in (types or {}).items():
                groups.setdefault(rank, []).append(pk)
            parts, params = [], []
            for rank, ids in sorted(groups.items()):
                clause, values = db.any_("z.zaaktype_id", sorted(ids))
                if rank < len(RANK) - 1:  # no maximum, or the highest: no condition
                    other, more = db.any_(
                        "z.vertrouwelijkheidaanduiding", list(VERTROUWELIJKHEID[: rank + 1])
                    )
                    clause, values = f"{clause} AND {other}", values + more
                parts.append(f"({clause})")
                params += values
            if types is None:
                found = ([], [])
            else:
                found = ([f"({' OR '.join(parts)})"] if parts else ["1 = 0"], params)
            req.actor._types[key] = found
        return list(found[0]), list(found[1])

    def zaaktype_key(self, req: Request, url: object, name: str) -> str:
        """The uuid in a zaaktype URL of this installation; 400 otherwise (iwerk's resolve_uuid)."""
        parts = urlsplit(url if isinstance(url, str) else "")
        if parts.netloc != req.host and parts.netloc not in self.config.api_hosts:
            raise invalid(
                name, "bad-url", "De URL verwijst niet naar een register van deze installatie."
            )
        match = ZAAKTYPE_PATH.fullmatch(parts.path.rstrip("/"))
        if not match:
            raise invalid(name, "invalid-resource", "De URL verwijst niet naar een zaaktype.")
        return match.group(1).lower()

    def zaken_list(self, db: Db, req: Request) -> tuple[int, bytes]:
        check_crs(req, body=False)
        req.actor.require(("zrc", "zaken.lezen"))
        params = req.params()
        if unknown := set(params) - {"bronorganisatie", "zaaktype", "page"}:
            raise invalid(
                sorted(unknown)[0], "unknown-parameters", "Niet ondersteund door het plafond."
            )
        clauses, args = self.visible(db, req, "zaken.lezen")
        if "bronorganisatie" in params:
            clauses.append("z.bronorganisatie = %s")
            args.append(params["bronorganisatie"])
        if "zaaktype" in params:
            rij = self.catalogus(db, req).by_uuid.get(
                self.zaaktype_key(req, params["zaaktype"], "zaaktype")
            )
            clauses.append("z.zaaktype_id = %s")
            args.append(rij.id if rij else 0)
        return self.zaken_page(db, req, clauses, args, page_number(params.get("page")))

    def zaken_zoek(self, db: Db, req: Request) -> tuple[int, bytes]:
        check_crs(req, body=True)
        req.actor.require(("zrc", "zaken.lezen"))
        page = page_number(req.params().get("page"))
        clauses, args = self.visible(db, req, "zaken.lezen")
        catalogus = self.catalogus(db, req)
        for name, value in req.body().items():
            if name == "bronorganisatie":
                clauses.append("z.bronorganisatie = %s")
                args.append(value)
            elif name == "zaaktype":
                rij = catalogus.by_uuid.get(self.zaaktype_key(req, value, name))
                clauses.append("z.zaaktype_id = %s")
                args.append(rij.id if rij else 0)
            elif name in ("zaaktype__in", "uuid__in") and isinstance(value, list):
                if name == "zaaktype__in" and not value:
                    continue  # as iwerk: an empty list filters nothing
                if name == "zaaktype__in":
                    found = [
                        catalogus.by_uuid.get(self.zaaktype_key(req, url, name)) for url in value
                    ]
                    clause, values = db.any_("z.zaaktype_id", [r.id for r in found if r] or [0])
                else:
                    try:
                        keys = [db.u(str(uuidlib.UUID(str(key)))) for key in value]
                    except ValueError as exc:
                        raise invalid(name, "invalid", "Geen geldige UUID.") from exc
                    clause, values = db.any_("z.uuid", keys) if keys else ("1 = 0", [])
                clauses.append(clause)
                args += values
            else:
                raise invalid(name, "unsupported", "Niet ondersteund door het plafond.")
        return self.zaken_page(db, req, clauses, args, page)

    def zaken_page(
        self, db: Db, req: Request, clauses: list, args: list, page: int
    ) -> tuple[int, bytes]:
        """{count, next, previous, results} as iwerk's paginated_response, newest first."""
        size = self.config.page_size
        where = " AND ".join(clauses) or "1 = 1"
        count = self.count(db, req, where, args)
        offset = (page - 1) * size
        if offset and offset >= count:
            raise Problem(404, "not_found", "Ongeldige pagina: deze pagina bevat geen resultaten.")
        if offset >= 1000:  # keys first, as iwerk's deep pages
            keys = db.rows(
                f"SELECT z.id FROM zaken_zaak z WHERE {where} ORDER BY z.id DESC LIMIT %s OFFSET %s",
                [*args, size, offset],
            )
            clause, values = db.any_("z.id", [k for (k,) in keys] or [0])
            rows = db.rows(
                f"SELECT {Z_COLUMNS} FROM {Z_FROM} WHERE {clause} ORDER BY z.id DESC", values
            )
        else:
            rows = db.rows(
                f"SELECT {Z_COLUMNS} FROM {Z_FROM} WHERE {where} ORDER BY z.id DESC LIMIT %s OFFSET %s",
                [*args, size, offset],
            )
        rel = self.relations(db, [r[0] for r in rows])
        catalogus = self.catalogus(db, req)
        return 200, orjson.dumps(
            {
                "count": count,
                "next": req.link(page + 1) if offset + size < count else None,
                "previous": req.link(page - 1) if page > 1 else None,
                "results": [zaak_json(r, rel, req.base, catalogus) for r in rows],
            }
        )

    def count(self, db: Db, req: Request, where: str, args: list) -> int:
        """COUNT(*) of a filter, cached until the zaken generation moves (as iwerk's cached_count)."""
        generation = req.gens.get("zaken", 0)
        if self._counts[0] != generation or len(self._counts[1]) > 10_000:
            self._counts = (generation, {})
        key = (where, tuple(tuple(a) if isinstance(a, list) else a for a in args))
        found = self._counts[1].get(key)
        if found is None:
            found = db.rows(f"SELECT COUNT(*) FROM zaken_zaak z WHERE {where}", args)[0][0]
            self._counts[1][key] = found
        return found

    def relations(self, db: Db, ids: list[int]) -> dict[str, dict[int, list[str]]]:
        """uuids of what a zaak lists (deelzaken, rollen, …, resultaat, latest status) in one
        UNION ALL, as iwerk's selectors.zaak_relations."""
        result: dict[str, dict[int, list[str]]] = {}
        if not ids:
            return result
        parts, params = [], []
        for name, table, column in RELATIONS:
            clause, values = db.any_(column, ids)
            parts.append(
                f"SELECT '{name}', {column}, CAST(uuid AS TEXT), id FROM {table} WHERE {clause}"
            )
            params += values
        clause, values = db.any_("zaak_id", ids)
        parts.append(
            "SELECT 'status', zaak_id, CAST(uuid AS TEXT), id FROM (SELECT zaak_id, uuid, id, "
            "ROW_NUMBER() OVER (PARTITION BY zaak_id ORDER BY datum_status_gezet DESC, id DESC) AS n "
            f"FROM zaken_status WHERE {clause}) latest WHERE n = 1"
        )
        params += values
        for name, owner, key, _ in sorted(
            db.rows(" UNION ALL ".join(parts), params), key=lambda r: (r[0], r[1], r[3])
        ):
            result.setdefault(name, {}).setdefault(owner, []).append(dashed(key))
        return result

    def zaak_read(self, db: Db, req: Request, key: str) -> tuple[int, bytes]:
        check_crs(req, body=False)
        req.actor.require(("zrc", "zaken.lezen"))
        if req.query:
            raise invalid("query", "unsupported", "Niet ondersteund door het plafond.")
        clauses, args = self.visible(db, req, "zaken.lezen")
        rows = db.rows(
            f"SELECT {Z_COLUMNS} FROM {Z_FROM} WHERE {' AND '.join(['z.uuid = %s', *clauses])}",
            [db.u(key), *args],
        )
        if not rows:
            if db.rows("SELECT 1 FROM zaken_zaak WHERE uuid = %s", (db.u(key),)):
                raise Problem(
                    403, "permission_denied", "Deze applicatie heeft geen toegang tot dit object."
                )
            raise Problem(404, "not_found", "Het object bestaat niet.")
        r = rows[0]
        body = orjson.dumps(
            zaak_json(r, self.relations(db, [r[0]]), req.base, self.catalogus(db, req))
        )
        self.inzage(db, req, r)
        return 200, body

    def inzage(self, db: Db, req: Request, r: tuple) -> None:
        """Who read which zaak (iwerk.core.inzage): one sealed row, committed on its own."""
        now = datetime.now(UTC)
        row = {
            "tenant_id": r[36],
            "uuid": str(uuidlib.uuid4()),
            "wanneer": now.isoformat(),
            "kanaal": "api",
            "gebruikers_id": str(req.claims.get("user_id") or "")[:255],
            "gebruikers_weergave": str(req.claims.get("user_representation") or "")[:255],
            "applicatie_id": req.actor.client_id[:100],
            "soort": "zaak",
            "object_uuid": dashed(r[1]),
            "zaak_uuid": dashed(r[1]),
            "omschrijving": r[2][:300],
            "vertrouwelijkheidaanduiding": r[15],
            "bsn": "",
        }
        # On PostgreSQL committed as iwerk.core.inzage commits an API read's row (ADR 0040):
        # acknowledged by the server without waiting for the disk flush of its WAL.
        db.run(
            "INSERT INTO core_inzage (tenant_id, uuid, wanneer, kanaal, gebruikers_id, "
            "gebruikers_weergave, applicatie_id, soort, object_uuid, zaak_uuid, omschrijving, "
            "vertrouwelijkheidaanduiding, bsn, zegel) VALUES "
            "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            + ("" if db.sqlite else " RETURNING set_config('synchronous_commit', 'off', true)"),
            (
                row["tenant_id"],
                db.u(row["uuid"]),
                db.ts(now),
                "api",
                row["gebruikers_id"],
                row["gebruikers_weergave"],
                row["applicatie_id"],
                "zaak",
                db.u(row["object_uuid"]),
                db.u(row["zaak_uuid"]),
                row["omschrijving"],
                row["vertrouwelijkheidaanduiding"],
                "",
                zegel(self.sleutels, "inzage", row),
            ),
        )

    # --- zaak create -------------------------------------------------------------------------------

    def zaak_create(self, db: Db, req: Request) -> tuple[int, bytes]:
        check_crs(req, body=True)
        req.actor.require(("zrc", "zaken.aanmaken"))
        zaaktype, v = self.new_zaak(db, req, req.body())
        jaar = int(v["registratiedatum"][:4])
        for _ in range(1000):  # a number taken by hand is skipped, as iwerk does
            nummer = self.zaaknummer(db, v["bronorganisatie"], jaar)
            v["identificatie"] = f"ZAAK-{jaar}-{nummer:010d}"
            db.begin()
            if self.insert_zaak(db, req, zaaktype, v):
                db.commit()
                break
            db.rollback()
        else:
            raise Problem(500, "error", "Geen vrij zaaknummer gevonden.")
        req.location = f"{req.base}{ZAKEN}/zaken/{v['uuid']}"
        return 201, orjson.dumps(new_zaak_json(req.base, v, zaaktype))

    def new_zaak(self, db: Db, req: Request, data: dict) -> tuple[ZaakTypeRij, dict]:
        """The zaaktype and the values of a new zaak, after the checks the ceiling makes: the
        required fields, the zaaktype (published, valid on the startdatum), the autorisatie for
        it and the vertrouwelijkheidaanduiding, which defaults to the zaaktype's."""
        for name in ("bronorganisatie", "verantwoordelijkeOrganisatie", "zaaktype", "startdatum"):
            if not isinstance(data.get(name), str) or not data[name]:
                raise invalid(name, "required", "Dit veld is vereist.")
        for name in ("bronorganisatie", "verantwoordelijkeOrganisatie"):
            if len(data[name]) != 9 or not data[name].isdigit():
                raise invalid(name, "invalid", "Een RSIN bestaat uit 9 cijfers.")
        try:
            startdatum = date.fromisoformat(data["startdatum"])
        except ValueError as exc:
            raise invalid("startdatum", "invalid", "Geen geldige datum.") from exc
        catalogus = self.catalogus(db, req)
        zaaktype = catalogus.by_uuid.get(self.zaaktype_key(req, data["zaaktype"], "zaaktype"))
        if zaaktype is None:
            raise invalid("zaaktype", "bad-url", "De URL verwijst niet naar een bestaand object.")
        vertrouwelijkheid = (
            data.get("vertrouwelijkheidaanduiding") or zaaktype.vertrouwelijkheidaanduiding
        )
        if vertrouwelijkheid not in RANK:
            raise invalid("vertrouwelijkheidaanduiding", "invalid_choice", "Ongeldige keuze.")
        types = req.actor.zaaktypen("zaken.aanmaken", catalogus)
        if types is not None and types.get(zaaktype.id, -1) < RANK[vertrouwelijkheid]:
            raise Problem(
                403, "permission_denied", "Deze applicatie mist zaken.aanmaken voor dit zaaktype."
            )
        if zaaktype.concept:
            raise invalid("zaaktype", "not-published", "Het zaaktype is nog niet gepubliceerd.")
        if not zaaktype.valid_on(startdatum.isoformat()):
            raise invalid(
                "zaaktype", "zaaktype-niet-geldig", "Het zaaktype is niet geldig op de startdatum."
            )
        omschrijving, toelichting = (
            str(data.get("omschrijving") or ""),
            str(data.get("toelichting") or ""),
        )
        if len(omschrijving) > 80 or len(toelichting) > 1000:
            raise invalid("omschrijving", "max_length", "Te lang.")
        v = {
            "uuid": str(uuidlib.uuid4()),
            "bronorganisatie": data["bronorganisatie"],
            "verantwoordelijke_organisatie": data["verantwoordelijkeOrganisatie"],
            "omschrijving": omschrijving,
            "toelichting": toelichting,
            "registratiedatum": self.today(),
            "startdatum": startdatum.isoformat(),
            "einddatum_gepland": durations.add(startdatum, zaaktype.servicenorm).isoformat()
            if zaaktype.servicenorm
            else None,
            "uiterlijke_einddatum_afdoening": durations.add(
                startdatum, zaaktype.doorlooptijd
            ).isoformat(),
            "vertrouwelijkheidaanduiding": vertrouwelijkheid,
        }
        return zaaktype, v

    def zaaknummer(self, db: Db, bronorganisatie: str, jaar: int) -> int:
        """The next number of the series from this process's block; a new block of BLOK numbers
        claimed in a statement of its own when it is used up (as iwerk's zaaknummers, ADR 0041:
        unique, not gap-free, blocks of processes interleave)."""
        series = (bronorganisatie, jaar)
        with self._lock:
            block = self._blocks.get(series)
            if block and block[0] <= block[1]:
                block[0] += 1
                return block[0] - 1
        last = db.rows(
            "INSERT INTO zaken_zaakidentificatiereeks (bronorganisatie, jaar, laatste) "
            "VALUES (%s, %s, %s) ON CONFLICT (bronorganisatie, jaar) "
            "DO UPDATE SET laatste = zaken_zaakidentificatiereeks.laatste + %s RETURNING laatste",
            (bronorganisatie, jaar, BLOK, BLOK),
        )[0][0]
        with self._lock:
            self._blocks[series] = [last - BLOK + 2, last]
        return last - BLOK + 1

    def insert_zaak(self, db: Db, req: Request, zaaktype: ZaakTypeRij, v: dict) -> bool:
        """The zaak and what iwerk writes with it: the zaken generation, its notificatie (and a
        levering per matching abonnement), its search text, its audit record, its Sturing queue
        row. False when the identificatie was taken (by hand) and nothing was written."""
        now, path, base = datetime.now(UTC), f"{ZAKEN}/zaken/{v['uuid']}", self.config.base_url
        audit = _audit(req, zaaktype, v, now, path)
        kenmerken = {
            "bronorganisatie": v["bronorganisatie"],
            "zaaktype": f"{base}{CATALOGI}/zaaktypen/{zaaktype.uuid}",
            "vertrouwelijkheidaanduiding": v["vertrouwelijkheidaanduiding"],
        }
        rows = _Rows(
            zaak=(
                zaaktype.tenant_id, db.u(v["uuid"]), v["identificatie"], v["bronorganisatie"],
                v["omschrijving"], v["toelichting"], zaaktype.id, v["registratiedatum"],
                v["verantwoordelijke_organisatie"], v["startdatum"], v["einddatum_gepland"],
                v["uiterlijke_einddatum_afdoening"], v["vertrouwelijkheidaanduiding"],
            ),
            notificatie=(
                db.u(str(uuidlib.uuid4())), base + path, base + path, db.ts(now),
                orjson.dumps(kenmerken).decode(), zaaktype.tenant_id,
            ),
            abonnementen=[
                abonnement
                for (abonnement, client_id), filters in self.filtergroepen(db, req)
                if filters_match(filters, kenmerken)
                and self.may_read(db, req, client_id, zaaktype, v["vertrouwelijkheidaanduiding"])
            ],
            hoofd_object=base + path,
            now=now,
            tekst=" ".join(w for w in (v["identificatie"], v["omschrijving"], v["toelichting"]) if w),
            trail=(
                zaaktype.tenant_id, db.u(audit["uuid"]), db.u(v["uuid"]), path, path,
                audit["resource_weergave"], audit["applicatie_id"], audit["applicatie_weergave"],
                audit["gebruikers_id"], audit["gebruikers_weergave"], audit["toelichting"],
                db.ts(now), orjson.dumps(audit["nieuw"]).decode(),
                zegel(self.sleutels, "audittrail", audit),
            ),
        )  # fmt: skip
        return _one_by_one(db, rows) if db.sqlite else _in_one_statement(db, rows)

    def filtergroepen(self, db: Db, req: Request) -> list[tuple[tuple[int, str], dict]]:
        """((abonnement id, its client id), filters) of kanaal zaken, per abonnementen generation."""
        generation = req.gens.get("abonnementen", 0)
        if self._groups is None or self._groups[0] != generation:
            rows = db.rows(
                "SELECT ak.abonnement_id, a.client_id, CAST(ak.filters AS TEXT) "
                "FROM notificaties_abonnementkanaal ak JOIN notificaties_kanaal k ON k.id = ak.kanaal_id "
                "JOIN notificaties_abonnement a ON a.id = ak.abonnement_id WHERE k.naam = 'zaken' "
                "ORDER BY ak.id"
            )
            self._groups = (generation, [((pk, client), orjson.loads(f)) for pk, client, f in rows])
        return self._groups[1]

    def may_read(
        self, db: Db, req: Request, client_id: str, zaaktype: ZaakTypeRij, vertrouwelijkheid: str
    ) -> bool:
        """Whether a subscriber may read the zaak (rules H3), as iwerk's outbox.may_read."""
        if not client_id:
            return True
        resolved = self.actor(db, req, client_id)
        if resolved is None:
            return False
        types = resolved[1].zaaktypen("zaken.lezen", self.catalogus(db, req))
        return types is None or types.get(zaaktype.id, -1) >= RANK[vertrouwelijkheid]
