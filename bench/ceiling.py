"""The ceiling of iwerk's own stack (issue 25): the least a server must do to answer iwerk's
busiest ZGW operations over the same database, so that iwerk/ceiling per operation shows what
the framework costs.

Operations, with iwerk's paths, fields and rules:

    GET  /zaken/api/v1/                      the API root: its resource links (a fixed dict)
    GET  /zaken/api/v1/zaken                 list, ?bronorganisatie= &zaaktype= &page=, 100 per page
    POST /zaken/api/v1/zaken/_zoek           search: zaaktype__in, uuid__in, bronorganisatie, zaaktype
    GET  /zaken/api/v1/zaken/{uuid}          read, recording its inzage row (AVG log)
    POST /zaken/api/v1/zaken                 create
    GET  /catalogi/api/v1/zaaktypen          list: ?status= &catalogus= &identificatie= &page=
    GET  /catalogi/api/v1/zaaktypen/{uuid}   read

What a request costs here, and nothing more: a bare WSGI callable (served by granian, like
`iwerk serve`), psycopg 3 (or sqlite3) directly, orjson. Each request reads the generation
counters once (as iwerk does: that is how every process sees a changed autorisatie, catalogue
or register); verifies the JWT with PyJWT (HS256, iat age and leeway) against the client's
secret, cached with its autorisaties per autorisatie generation, and remembers a verified token
for its next request (as iwerk, ADR 0042); filters zaken in SQL on the client's zaaktypen and
maximum vertrouwelijkheidaanduiding (catalogus grants expanded to their zaaktypen) and zaaktypen
on its gemeenten. Zaken lists: the count cached per zaken generation and filter, one page query,
one UNION for the relations (as iwerk). A zaak read: the row, its relations, and an inzage row
committed on its own (on PostgreSQL without waiting for the WAL flush, as iwerk, ADR 0040). A
zaaktype read: a lookup in the representations rendered once per catalogi generation
(bench/ceiling_catalogus.py). A create: its identificatie from a block of numbers the process
claimed (as iwerk, ADR 0041), then on PostgreSQL one statement that inserts the zaak, its audit
record, its notificatie (and a levering per matching abonnement), its search text and Sturing
queue row and moves the zaken generation; on SQLite the same rows one statement each, in one
transaction. Audit and inzage rows carry the writer's seal iwerk's chain verifies (ADR 0032).

Not here: query filters beyond those named, expand, fields, ETag matching, hand-chosen
identificaties, the create rules beyond the zaaktype's (published, valid on startdatum) and the
autorisatie, rate limits, metrics, logging.

Usage: python bench/ceiling.py [--port 8001] [--workers 2] [--threads 1]
DATABASE_URL and IWERK_DATA_DIR as for iwerk. bench/verhouding.py runs it beside `iwerk serve`.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import sys
import threading
import time
import traceback
from datetime import datetime
from http import HTTPStatus
from pathlib import Path
from zoneinfo import ZoneInfo

import jwt
import orjson

HERE = Path(__file__).resolve().parent
for _path in (str(HERE.parent), str(HERE)):  # iwerk's Django-free helpers; the ceiling's modules
    if _path not in sys.path:
        sys.path.insert(0, _path)
from ceiling_base import (  # noqa: E402
    CATALOGI,
    CRS,
    ROOT,
    ZAAK_PATH,
    ZAAKTYPE_PATH,
    ZAKEN,
    Actor,
    Config,
    Db,
    Problem,
    Request,
    build_actor,
)
from ceiling_catalogus import CatalogiApi, Catalogus  # noqa: E402
from ceiling_zaken import ZakenApi  # noqa: E402

from iwerk.core import auditsleutel  # noqa: E402


def _client_id(token: str) -> str:
    """The client_id (or iss) claim of a token, before its signature is checked."""
    try:
        payload = token.split(".")[1]
        claims = orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        client_id = claims.get("client_id") or claims.get("iss")
    except (IndexError, ValueError, AttributeError) as exc:
        raise Problem(401, "not_authenticated", "Het JWT kon niet gelezen worden.") from exc
    if not isinstance(client_id, str) or not client_id:
        raise Problem(401, "not_authenticated", "Het JWT bevat geen client_id (of iss) claim.")
    return client_id


class Ceiling(CatalogiApi, ZakenApi):
    """The WSGI application: one Db per thread, caches shared by the threads of a process."""

    def __init__(self, config: Config, connect) -> None:
        self.config, self.connect = config, connect
        self.sleutels = auditsleutel.lezen(config.audit_sleutels, config.secret_key)
        self.zone = ZoneInfo(config.time_zone)
        self._local = threading.local()
        self._actors: dict[str, tuple[str, Actor] | None] = {}
        self._actors_generation: int | None = None
        self._catalogus: Catalogus | None = None
        self._counts: tuple[int | None, dict] = (None, {})
        self._groups: tuple[int, list] | None = None
        self._tokens: dict[str, tuple[str, str, dict]] = {}
        self._lock = threading.Lock()
        self._blocks: dict[tuple[str, int], list[int]] = {}
        self._roots: dict[str, bytes] = {}
        self._routes = {
            (f"{ZAKEN}/zaken", "GET"): self.zaken_list,
            (f"{ZAKEN}/zaken", "POST"): self.zaak_create,
            (f"{ZAKEN}/zaken/_zoek", "POST"): self.zaken_zoek,
            (f"{CATALOGI}/zaaktypen", "GET"): self.zaaktypen_list,
        }

    def __call__(self, environ: dict, start_response):
        req = Request(environ)
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self.connect()
        try:
            status, headers, body = self.route(db, req)
        except Problem as problem:
            status, body = problem.status, problem.body()
            headers = [("Content-Type", "application/problem+json")]
        except Exception:  # noqa: BLE001 - every answer is Problem JSON
            traceback.print_exc()
            try:
                db.rollback()
            except Exception:  # noqa: BLE001 - a broken connection is replaced below
                self._local.db = None
            status, body = 500, Problem(500, "error", "Er ging iets mis.").body()
            headers = [("Content-Type", "application/problem+json")]
        headers.append(("Content-Length", str(len(body))))
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [body]

    def route(self, db: Db, req: Request) -> tuple[int, list, bytes]:
        path, method = req.path.rstrip("/"), req.method
        if path == ZAKEN and method == "GET":  # as iwerk.core.api.root: no token, no query
            body = self._roots.get(req.base)
            if body is None:
                body = self._roots[req.base] = orjson.dumps(
                    {key: f"{req.base}{ZAKEN}/{name}" for key, name in ROOT}
                )
            return 200, [("Content-Type", "application/json"), ("API-version", "1.7.0")], body
        if path == "/health":
            return 200, [("Content-Type", "application/json")], b'{"status":"ok"}'
        routes = self._routes
        handler = routes.get((path, method))
        key = None
        if handler is None and method == "GET":
            if match := ZAAK_PATH.fullmatch(path):
                handler, key = self.zaak_read, match.group(1).lower()
            elif match := ZAAKTYPE_PATH.fullmatch(path):
                handler, key = self.zaaktype_read, match.group(1).lower()
        if handler is None:
            raise Problem(404, "not_found", f"Geen resource op {req.path}.")
        req.gens = dict(db.rows("SELECT naam, waarde FROM core_generatie"))
        req.actor, req.claims = self.authenticate(db, req)
        status, body = handler(db, req, key) if key else handler(db, req)
        headers = [("Content-Type", "application/json")]
        if path.startswith(ZAKEN):
            headers += [("API-version", "1.7.0"), ("Content-Crs", CRS)]
        else:
            headers.append(("API-version", "1.3.3"))
        if status == 201:
            headers.append(("Location", req.location))
        if key:
            headers.append(("ETag", f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'))
        return status, headers, body

    # --- who is calling ----------------------------------------------------------------------

    def authenticate(self, db: Db, req: Request) -> tuple[Actor, dict]:
        """The calling client: its JWT verified (HS256) with its secret, iat within the expiry.

        A verified token is remembered with the secret it was verified with (as iwerk's
        tokens.verified_tokens, ADR 0042): while the client's secret is unchanged, the next
        request with it skips the decoding; the clock checks run every time.
        """
        scheme, _, token = req.environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Problem(
                401, "not_authenticated", "Geef een JWT mee in de header 'Authorization'."
            )
        remembered = self._tokens.get(token)
        client_id = remembered[0] if remembered else _client_id(token)
        resolved = self.actor(db, req, client_id)
        if resolved is None:
            raise Problem(401, "unknown-client", f"Onbekende client_id '{client_id}'.")
        secret, actor = resolved
        leeway, now = self.config.jwt_leeway, time.time()
        if remembered is not None and remembered[1] == secret:
            claims = remembered[2]
            if "exp" in claims and claims["exp"] < now - leeway:
                raise Problem(401, "jwt-expired", "Het JWT is verlopen.")
            if "nbf" in claims and claims["nbf"] > now + leeway:
                raise Problem(401, "jwt-invalid", "Het JWT is nog niet geldig.")
        else:
            try:
                claims = jwt.decode(
                    token,
                    secret,
                    algorithms=["HS256"],
                    leeway=leeway,
                    options={"require": ["iat"], "verify_iat": False},
                )
            except jwt.PyJWTError as exc:
                raise Problem(401, "jwt-invalid", f"Het JWT is ongeldig: {exc}.") from exc
            if len(self._tokens) >= 1024:
                self._tokens.clear()
            self._tokens[token] = (client_id, secret, claims)
        iat = claims.get("iat")
        if not isinstance(iat, int | float) or isinstance(iat, bool) or iat > now + leeway:
            raise Problem(401, "jwt-invalid", "De claim 'iat' is ongeldig.")
        if now - iat > self.config.jwt_expiry + leeway:
            raise Problem(401, "jwt-expired", "Het JWT is verlopen.")
        return actor, claims

    def actor(self, db: Db, req: Request, client_id: str) -> tuple[str, Actor] | None:
        generation = req.gens.get("autorisaties", 0)
        if generation != self._actors_generation:
            self._actors, self._actors_generation = {}, generation
        if client_id not in self._actors:
            self._actors[client_id] = build_actor(db, self.catalogus(db, req), client_id)
        return self._actors[client_id]

    def catalogus(self, db: Db, req: Request) -> Catalogus:
        generation = req.gens.get("catalogi", 0)
        found = self._catalogus
        if found is None or found.generation != generation:
            found = self._catalogus = Catalogus.load(db, generation)
        return found

    def today(self) -> str:
        return datetime.now(self.zone).date().isoformat()


_app: Ceiling | None = None


def application(environ: dict, start_response):
    """What granian serves: one Ceiling per worker process, built at its first request."""
    global _app
    if _app is None:
        _app = Ceiling(Config.from_env(), Db.from_env)
    return _app(environ, start_response)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="blocking threads per worker")
    args = parser.parse_args()
    command = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--workers",
        str(args.workers),
        "--blocking-threads",
        str(args.threads),
        "--no-ws",
        "--log-level",
        "warning",
        "--working-dir",
        str(HERE),
        "ceiling:application",
    ]
    os.execv(command[0], command)  # noqa: S606 - replaces this process with the server


if __name__ == "__main__":
    main()
