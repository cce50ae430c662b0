"""The parts of the ceiling (bench/ceiling.py) that are not the request path: its settings, the
database connection, Problem JSON, the calling client, and the zaak's JSON shapes."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

import orjson

from iwerk.core import auditsleutel

if TYPE_CHECKING:
    from ceiling_catalogus import Catalogus, ZaakTypeRij

HERE = Path(__file__).resolve().parent
ZAKEN, CATALOGI, CRS = "/zaken/api/v1", "/catalogi/api/v1", "EPSG:4326"
VERTROUWELIJKHEID = (
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
)
RANK = {value: rank for rank, value in enumerate(VERTROUWELIJKHEID)}
BETALING = {
    "nvt": "Er is geen sprake van te betalen, met de zaak gemoeide, kosten.",
    "nog_niet": "De met de zaak gemoeide kosten zijn (nog) niet betaald.",
    "gedeeltelijk": "De met de zaak gemoeide kosten zijn gedeeltelijk betaald.",
    "geheel": "De met de zaak gemoeide kosten zijn geheel betaald.",
}
# The API root as iwerk.core.api.root answers it (ADR 0043): collection -> its URL, camelCase keys.
ROOT = (
    ("zaken", "zaken"),
    ("zaaknummerReserveren", "zaaknummer_reserveren"),
    ("statussen", "statussen"),
    ("rollen", "rollen"),
    ("klantcontacten", "klantcontacten"),
    ("zaakcontactmomenten", "zaakcontactmomenten"),
    ("zaakverzoeken", "zaakverzoeken"),
    ("zaakobjecten", "zaakobjecten"),
    ("zaaknotities", "zaaknotities"),
    ("zaakinformatieobjecten", "zaakinformatieobjecten"),
    ("resultaten", "resultaten"),
)
READ_CATALOGI = (
    ("ztc", "catalogi.lezen"),
    ("zrc", "zaken.lezen"),
    ("drc", "documenten.lezen"),
    ("brc", "besluiten.lezen"),
)
UUID_RE = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
ZAAK_PATH = re.compile(rf"{ZAKEN}/zaken/({UUID_RE})")
ZAAKTYPE_PATH = re.compile(rf"{CATALOGI}/zaaktypen/({UUID_RE})")
TYPE_URL = re.compile(
    rf"/catalogi/api/v1/(zaaktypen|informatieobjecttypen|besluittypen)/({UUID_RE})/?$"
)
TYPE_TABLE = {
    "informatieobjecttypen": "catalogi_informatieobjecttype",
    "besluittypen": "catalogi_besluittype",
}
RELATIONS = (
    ("deelzaken", "zaken_zaak", "hoofdzaak_id"),
    ("rollen", "zaken_rol", "zaak_id"),
    ("eigenschappen", "zaken_zaakeigenschap", "zaak_id"),
    ("zaakobjecten", "zaken_zaakobject", "zaak_id"),
    ("zaakinformatieobjecten", "zaken_zaakinformatieobject", "zaak_id"),
    ("resultaat", "zaken_resultaat", "zaak_id"),
)
Z_COLUMNS = (
    "z.id, CAST(z.uuid AS TEXT), z.identificatie, z.bronorganisatie, z.omschrijving, z.toelichting, "
    "z.zaaktype_id, CAST(z.registratiedatum AS TEXT), z.verantwoordelijke_organisatie, "
    "CAST(z.startdatum AS TEXT), CAST(z.einddatum AS TEXT), CAST(z.einddatum_gepland AS TEXT), "
    "CAST(z.uiterlijke_einddatum_afdoening AS TEXT), CAST(z.publicatiedatum AS TEXT), "
    "CAST(z.producten_of_diensten AS TEXT), z.vertrouwelijkheidaanduiding, z.betalingsindicatie, "
    "z.laatste_betaaldatum, CAST(z.zaakgeometrie AS TEXT), z.verlenging_reden, z.verlenging_duur, "
    "z.opschorting_indicatie, z.opschorting_reden, z.opschorting_eerdere_opschorting, "
    "CAST(h.uuid AS TEXT), CAST(z.relevante_andere_zaken AS TEXT), CAST(z.kenmerken AS TEXT), "
    "z.archiefnominatie, z.archiefstatus, CAST(z.archiefactiedatum AS TEXT), "
    "z.opdrachtgevende_organisatie, z.processobjectaard, CAST(z.startdatum_bewaartermijn AS TEXT), "
    "CAST(z.processobject AS TEXT), z.communicatiekanaal, z.selectielijstklasse, z.tenant_id"
)
Z_FROM = "zaken_zaak z LEFT JOIN zaken_zaak h ON h.id = z.hoofdzaak_id"


def dashed(value: str | None) -> str | None:
    """uuid text as the API shows it: SQLite stores 32 hex digits, PostgreSQL shows dashes."""
    if value is None or len(value) == 36:
        return value
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


def _secret(name: str) -> str:
    path = os.environ.get(f"{name}_FILE")
    return Path(path).read_text().strip() if path else os.environ.get(name, "")


@dataclass(frozen=True)
class Config:
    """The settings of iwerk the ceiling needs, read from the same environment variables."""

    secret_key: str = "iwerk-insecure-development-key-never-use-in-production"  # noqa: S105
    audit_sleutels: str = ""
    jwt_expiry: int = 3600
    jwt_leeway: int = 300
    page_size: int = 100
    base_url: str = "http://127.0.0.1:8000"  # IWERK_BASE_URL: notifications name objects by it
    time_zone: str = "Europe/Amsterdam"
    api_hosts: tuple[str, ...] = ()

    @classmethod
    def from_env(cls) -> Config:
        env = os.environ.get
        port = env("IWERK_PORT", "8000")
        return cls(
            secret_key=_secret("IWERK_SECRET_KEY") or cls.secret_key,
            audit_sleutels=_secret("IWERK_AUDIT_SLEUTELS"),
            jwt_expiry=int(env("IWERK_JWT_EXPIRY", "3600")),
            jwt_leeway=int(env("IWERK_JWT_LEEWAY", "300")),
            page_size=int(env("IWERK_PAGE_SIZE", "100")),
            base_url=(env("IWERK_BASE_URL") or f"http://127.0.0.1:{port}").rstrip("/"),
            api_hosts=tuple(h for h in env("IWERK_API_HOSTS", "").split(",") if h),
        )


class Db:
    """One connection, PostgreSQL (psycopg) or SQLite, behind the few calls the ceiling makes.

    SQL is written with %s; uuids go in as uuid.UUID (PostgreSQL) or 32 hex digits (SQLite,
    as Django stores them); `owns` is False for a connection lent by Django (the smoke test),
    whose transaction is the test's.
    """

    def __init__(self, conn, *, sqlite: bool, owns: bool = True) -> None:
        self.conn, self.sqlite, self.owns = conn, sqlite, owns
        self.cursor = conn.cursor()
        self._texts: dict[str, str] = {}

    @classmethod
    def from_env(cls) -> Db:
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            import psycopg

            conn = psycopg.connect(url, autocommit=True)  # a statement is its own transaction
            conn.execute("SET TIME ZONE 'UTC'")
            return cls(conn, sqlite=False)
        data = Path(os.environ.get("IWERK_DATA_DIR", HERE.parent / "var"))
        path = (
            url.removeprefix("sqlite:///") if url.startswith("sqlite") else data / "iwerk.sqlite3"
        )
        conn = sqlite3.connect(path, isolation_level=None, timeout=20, check_same_thread=False)
        conn.executescript(
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        )
        return cls(conn, sqlite=True)

    def _sql(self, text: str) -> str:
        if not self.sqlite:
            return text
        found = self._texts.get(text)
        if found is None:
            found = self._texts[text] = text.replace("%s", "?")
        return found

    def rows(self, text: str, params=()) -> list:
        self.cursor.execute(self._sql(text), params)
        return self.cursor.fetchall()

    def run(self, text: str, params=()) -> None:
        self.cursor.execute(self._sql(text), params)

    def begin(self) -> None:
        if self.owns and self.sqlite:  # PostgreSQL writes are single statements (autocommit)
            self.cursor.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        if self.owns and self.sqlite:
            self.cursor.execute("COMMIT")

    def rollback(self) -> None:
        if self.owns and self.sqlite and self.conn.in_transaction:
            self.cursor.execute("ROLLBACK")

    def u(self, key: str):
        return key.replace("-", "") if self.sqlite else uuidlib.UUID(key)

    def ts(self, when: datetime):
        # SQLite: Django's text form, naive UTC.
        return when.replace(tzinfo=None).isoformat(" ") if self.sqlite else when

    def any_(self, column: str, values: list) -> tuple[str, list]:
        """`column IN values` as one parameter (an array) on PostgreSQL, so the text repeats."""
        if self.sqlite:
            return f"{column} IN ({', '.join(['?'] * len(values))})", list(values)
        return f"{column} = ANY(%s)", [list(values)]


class Problem(Exception):
    def __init__(self, status: int, code: str, detail: str, invalid: list | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.invalid = status, code, detail, invalid

    def body(self) -> bytes:
        data = {
            "type": f"https://iwerk.nl/ref/fouten/{self.code}/",
            "code": self.code,
            "title": HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": self.detail,
            "instance": f"urn:uuid:{uuidlib.uuid4()}",
        }
        if self.invalid is not None:
            data["invalidParams"] = self.invalid
        return orjson.dumps(data)


def invalid(name: str, code: str, reason: str) -> Problem:
    return Problem(400, "invalid", reason, [{"name": name, "code": code, "reason": reason}])


@dataclass
class Actor:
    """An API client with its grants: (component, scopes, zaaktype id, catalogus id, max rank)."""

    client_id: str
    label: str = ""
    alle: bool = False
    grants: list[tuple] = field(default_factory=list)
    tenant_ids: frozenset[int] | None = frozenset()
    _types: dict = field(default_factory=dict)

    def has_scope(self, component: str, scope: str) -> bool:
        return self.alle or any(g[0] == component and scope in g[1] for g in self.grants)

    def require(self, *pairs: tuple[str, str]) -> None:
        if not any(self.has_scope(c, s) for c, s in pairs):
            raise Problem(403, "permission_denied", "Deze applicatie mist de benodigde scope.")

    def zaaktypen(self, scope: str, catalogus: Catalogus) -> dict[int, int] | None:
        """zaaktype id -> highest vertrouwelijkheid rank granted for scope; None: everything."""
        if self.alle:
            return None
        key = (scope, catalogus.generation)
        found = self._types.get(key)
        if found is None:
            found = {}
            for component, scopes, type_id, catalogus_id, rank in self.grants:
                if component != "zrc" or scope not in scopes:
                    continue
                ids = [type_id] if type_id else catalogus.per_catalogus.get(catalogus_id, [])
                for pk in ids:
                    found[pk] = max(found.get(pk, -1), rank)
            self._types[key] = found
        return found


def zegel(sleutels, model: str, data: dict) -> str:
    """The writer's seal of iwerk.core.auditketen.schrijfzegel, over the row's own fields."""
    inhoud = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return f"{sleutels.huidig}:{auditsleutel.mac(sleutels.alle[sleutels.huidig], model + chr(31) + inhoud)}"


def fragment(text: str | None):
    return None if text is None else orjson.Fragment(text)


def moment(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def zaak_json(r: tuple, rel: dict, base: str, catalogus: Catalogus) -> dict:
    """A loaded zaak row (Z_COLUMNS) as iwerk.zaken.api.output.zaak_json shows it."""
    pk, url = r[0], f"{base}{ZAKEN}/zaken/{dashed(r[1])}"
    zaken = f"{base}{ZAKEN}/"

    def many(name: str, resource: str) -> list[str]:
        return [f"{zaken}{resource}/{key}" for key in rel.get(name, {}).get(pk, ())]

    def one(name: str, resource: str) -> str | None:
        found = rel.get(name, {}).get(pk)
        return f"{zaken}{resource}/{found[0]}" if found else None

    data = {
        "url": url,
        "uuid": dashed(r[1]),
        "identificatie": r[2],
        "bronorganisatie": r[3],
        "omschrijving": r[4],
        "toelichting": r[5],
        "zaaktype": f"{base}{CATALOGI}/zaaktypen/{catalogus.by_id[r[6]].uuid}",
        "registratiedatum": r[7],
        "verantwoordelijkeOrganisatie": r[8],
        "startdatum": r[9],
        "einddatum": r[10],
        "einddatumGepland": r[11],
        "uiterlijkeEinddatumAfdoening": r[12],
        "publicatiedatum": r[13],
        "productenOfDiensten": fragment(r[14]),
        "vertrouwelijkheidaanduiding": r[15],
        "betalingsindicatie": r[16],
        "betalingsindicatieWeergave": BETALING.get(r[16], ""),
        "laatsteBetaaldatum": moment(r[17]),
        "zaakgeometrie": fragment(r[18]),
        "verlenging": {"reden": r[19], "duur": r[20]} if r[20] else None,
        "opschorting": {
            "indicatie": bool(r[21]),
            "reden": r[22],
            "eerdereOpschorting": bool(r[23]),
        },
        "hoofdzaak": f"{zaken}zaken/{dashed(r[24])}" if r[24] else None,
        "deelzaken": many("deelzaken", "zaken"),
        "relevanteAndereZaken": fragment(r[25]),
        "eigenschappen": [
            f"{url}/zaakeigenschappen/{k}" for k in rel.get("eigenschappen", {}).get(pk, ())
        ],
        "rollen": many("rollen", "rollen"),
        "status": one("status", "statussen"),
        "zaakinformatieobjecten": many("zaakinformatieobjecten", "zaakinformatieobjecten"),
        "zaakobjecten": many("zaakobjecten", "zaakobjecten"),
        "kenmerken": fragment(r[26]),
        "archiefnominatie": r[27] or None,
        "archiefstatus": r[28],
        "archiefactiedatum": r[29],
        "resultaat": one("resultaat", "resultaten"),
        "opdrachtgevendeOrganisatie": r[30],
        "processobjectaard": r[31] or None,
        "startdatumBewaartermijn": r[32],
        "processobject": fragment(r[33]),
    }
    if r[34]:
        data["communicatiekanaal"] = r[34]
    if r[35]:
        data["selectielijstklasse"] = r[35]
    return data


def new_zaak_json(base: str, v: dict, zaaktype: ZaakTypeRij) -> dict:
    """The representation of a zaak inserted just now: nothing points at it yet."""
    url = f"{base}{ZAKEN}/zaken/{v['uuid']}"
    return {
        "url": url,
        "uuid": v["uuid"],
        "identificatie": v["identificatie"],
        "bronorganisatie": v["bronorganisatie"],
        "omschrijving": v["omschrijving"],
        "toelichting": v["toelichting"],
        "zaaktype": f"{base}{CATALOGI}/zaaktypen/{zaaktype.uuid}",
        "registratiedatum": v["registratiedatum"],
        "verantwoordelijkeOrganisatie": v["verantwoordelijke_organisatie"],
        "startdatum": v["startdatum"],
        "einddatum": None,
        "einddatumGepland": v["einddatum_gepland"],
        "uiterlijkeEinddatumAfdoening": v["uiterlijke_einddatum_afdoening"],
        "publicatiedatum": None,
        "productenOfDiensten": [],
        "vertrouwelijkheidaanduiding": v["vertrouwelijkheidaanduiding"],
        "betalingsindicatie": "",
        "betalingsindicatieWeergave": "",
        "laatsteBetaaldatum": None,
        "zaakgeometrie": None,
        "verlenging": None,
        "opschorting": {"indicatie": False, "reden": "", "eerdereOpschorting": False},
        "hoofdzaak": None,
        "deelzaken": [],
        "relevanteAndereZaken": [],
        "eigenschappen": [],
        "rollen": [],
        "status": None,
        "zaakinformatieobjecten": [],
        "zaakobjecten": [],
        "kenmerken": [],
        "archiefnominatie": None,
        "archiefstatus": "nog_te_archiveren",
        "archiefactiedatum": None,
        "resultaat": None,
        "opdrachtgevendeOrganisatie": "",
        "processobjectaard": None,
        "startdatumBewaartermijn": None,
        "processobject": None,
    }


class Request:
    __slots__ = (
        "environ",
        "method",
        "path",
        "query",
        "base",
        "host",
        "gens",
        "actor",
        "claims",
        "location",
    )

    def __init__(self, environ: dict) -> None:
        self.environ = environ
        self.method = environ["REQUEST_METHOD"]
        self.path = environ.get("PATH_INFO", "")
        self.query = environ.get("QUERY_STRING", "")
        self.host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        self.base = f"{environ.get('wsgi.url_scheme', 'http')}://{self.host}"

    def params(self) -> dict[str, str]:
        return dict(parse_qsl(self.query, keep_blank_values=True))

    def body(self):
        length = int(self.environ.get("CONTENT_LENGTH") or 0)
        try:
            data = orjson.loads(self.environ["wsgi.input"].read(length) if length else b"{}")
        except orjson.JSONDecodeError as exc:
            raise Problem(400, "parse_error", "De body is geen geldige JSON.") from exc
        if not isinstance(data, dict):
            raise Problem(400, "parse_error", "De body moet een JSON-object zijn.")
        return data

    def link(self, page: int) -> str:
        params = self.params()
        params["page"] = str(page)
        return f"{self.base}{self.path}?{urlencode(sorted(params.items()))}"


def page_number(value: str | None) -> int:
    if value is None:
        return 1
    if not value.isdigit():
        raise invalid("page", "invalid", "Een geheel getal is vereist.")
    if int(value) < 1:
        raise Problem(404, "not_found", "Ongeldige pagina.")
    return int(value)


def check_crs(req: Request, *, body: bool) -> None:
    accept = req.environ.get("HTTP_ACCEPT_CRS")
    if accept is None:
        raise Problem(412, "precondition_failed", "De header 'Accept-Crs' ontbreekt.")
    if accept != CRS:
        raise Problem(
            406, "crs_not_acceptable", f"Alleen '{CRS}' wordt ondersteund in 'Accept-Crs'."
        )
    if body:
        content = req.environ.get("HTTP_CONTENT_CRS")
        if content is None:
            raise Problem(412, "precondition_failed", "De header 'Content-Crs' ontbreekt.")
        if content != CRS:
            raise Problem(
                415, "crs_not_supported", f"Alleen '{CRS}' wordt ondersteund in 'Content-Crs'."
            )


def build_actor(db: Db, catalogus: Catalogus, client_id: str) -> tuple[str, Actor] | None:
    """(secret, Actor) from the autorisaties tables, as autorisaties.selectors._build_actor."""
    secret = db.rows("SELECT secret FROM autorisaties_jwtsecret WHERE client_id = %s", (client_id,))
    if not secret:
        return None
    app = db.rows(
        "SELECT a.id, CAST(a.uuid AS TEXT), a.label, a.heeft_alle_autorisaties, a.alle_gemeenten "
        "FROM autorisaties_applicatieclient c JOIN autorisaties_applicatie a "
        "ON a.id = c.applicatie_id WHERE c.client_id = %s",
        (client_id,),
    )
    if not app:
        return secret[0][0], Actor(client_id)
    pk, key, label, alle, alle_gemeenten = app[0]
    tenants = {
        r[0]
        for r in db.rows(
            "SELECT gemeente_id FROM autorisaties_applicatie_gemeenten WHERE applicatie_id = %s "
            "UNION SELECT id FROM core_gemeente WHERE aangemaakt_door_applicatie = %s",
            (pk, db.u(dashed(key))),
        )
    }
    grants = []
    for component, scopes, zt, iot, bt, maximum in db.rows(
        "SELECT component, CAST(scopes AS TEXT), zaaktype, informatieobjecttype, besluittype, "
        "max_vertrouwelijkheidaanduiding FROM autorisaties_autorisatie WHERE applicatie_id = %s "
        "ORDER BY id",
        (pk,),
    ):
        url = {"zrc": zt, "drc": iot, "brc": bt}.get(component) or ""
        match, type_id = TYPE_URL.search(url), None
        if match and match.group(1) == "zaaktypen":
            rij = catalogus.by_uuid.get(match.group(2).lower())
            if rij is not None:
                type_id = rij.id
                tenants.add(rij.tenant_id)
        elif match:
            tenants.update(
                r[0]
                for r in db.rows(
                    f"SELECT tenant_id FROM {TYPE_TABLE[match.group(1)]} WHERE uuid = %s",
                    (db.u(match.group(2).lower()),),
                )
            )
        rank = RANK[maximum] if maximum else len(RANK) - 1
        grants.append((component, frozenset(orjson.loads(scopes)), type_id, None, rank))
    for component, scopes, catalogus_id, maximum, tenant_id in db.rows(
        "SELECT ca.component, CAST(ca.scopes AS TEXT), ca.catalogus_id, "
        "ca.max_vertrouwelijkheidaanduiding, c.tenant_id FROM autorisaties_catalogusautorisatie ca "
        "JOIN catalogi_catalogus c ON c.id = ca.catalogus_id WHERE ca.applicatie_id = %s ORDER BY ca.id",
        (pk,),
    ):
        tenants.add(tenant_id)
        rank = RANK[maximum] if maximum else len(RANK) - 1
        grants.append((component, frozenset(orjson.loads(scopes)), None, catalogus_id, rank))
    everywhere = bool(alle) or bool(alle_gemeenten)
    actor = Actor(client_id, label, bool(alle), grants, None if everywhere else frozenset(tenants))
    return secret[0][0], actor


INSERT_ZAAK = (
    "INSERT INTO zaken_zaak (tenant_id, uuid, identificatie, bronorganisatie, omschrijving, "
    "toelichting, zaaktype_id, registratiedatum, verantwoordelijke_organisatie, startdatum, "
    "einddatum_gepland, uiterlijke_einddatum_afdoening, vertrouwelijkheidaanduiding, "
    "communicatiekanaal, producten_of_diensten, betalingsindicatie, verlenging_reden, verlenging_duur, "
    "opschorting_indicatie, opschorting_reden, opschorting_eerdere_opschorting, opgeschorte_dagen, "
    "behandelaar, selectielijstklasse, relevante_andere_zaken, kenmerken, archiefnominatie, "
    "archiefstatus, opdrachtgevende_organisatie, processobjectaard) VALUES (%s, %s, %s, %s, %s, %s, "
    "%s, %s, %s, %s, %s, %s, %s, '', '[]', '', '', '', FALSE, '', FALSE, 0, '', '', '[]', '[]', '', "
    "'nog_te_archiveren', '', '') ON CONFLICT (bronorganisatie, identificatie) DO NOTHING"
)
# The values of a notificatie and an audit record: VALUES (…) on their own (SQLite), or SELECT …
# FROM z inside the one statement (PostgreSQL), where {j} casts the JSON parameter.
NOTIFICATIE = (
    "INSERT INTO notificaties_notificatie (uuid, kanaal, hoofd_object, resource, resource_url, "
    "actie, aanmaakdatum, kenmerken, tenant_id)",
    "%s, 'zaken', %s, 'zaak', %s, 'create', %s, {j}, %s",
)
AUDIT = (
    "INSERT INTO core_audittrail (tenant_id, uuid, bron, hoofd_object_uuid, hoofd_object, resource, "
    "resource_url, resource_weergave, actie, actie_weergave, resultaat, applicatie_id, "
    "applicatie_weergave, gebruikers_id, gebruikers_weergave, toelichting, aanmaakdatum, oud, nieuw, "
    "zegel)",
    "%s, %s, 'zrc', %s, %s, 'zaak', %s, %s, 'create', 'Object aangemaakt', 201, %s, %s, %s, %s, %s, "
    "%s, NULL, {j}, %s",
)


def insert_sql(statement: tuple[str, str], *, within: bool) -> str:
    into, values = statement
    if within:
        return f"{into} SELECT {values.format(j='CAST(%s AS jsonb)')} FROM z"
    return f"{into} VALUES ({values.format(j='%s')})"


def filters_match(filters: dict, kenmerken: dict) -> bool:
    """notificaties.models.filters_match: every filter present in the message equals it, or is "*"."""
    return all(
        value == "*" or key not in kenmerken or str(kenmerken[key]) == str(value)
        for key, value in filters.items()
    )
