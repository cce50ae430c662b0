"""Where one API request spends its time: a zaak read, a zaaktype read and a zaak create, profiled
in-process.

Usage: python bench/request_path.py [--requests 2000] [--data-dir DIR] [--label voor] [--write]

A fresh SQLite installation (or --data-dir, reused) with the demo catalogue and a few zaken per
zaaktype. The requests go straight into the WSGI application `iwerk serve` runs (iwerk.wsgi), with a
prepared environ, as the restricted demo client `iwerk-demo-deventer` (grants on Deventer's
catalogus, up to zaakvertrouwelijk); caches are warm (200 requests first). The zaak create posts
the same minimal body every time (a zaak of the read's zaaktype; each create adds a zaak, with its
audit record, search text and outbox rows). Three passes per operation, each of --requests
requests:

1. plain: wall-clock time per request, the median of five rounds (the figure to compare);
2. cProfile: the top functions by cumulative time;
3. timed: the same loop with a timer around each step, which gives each step's own time (time in a
   step minus the time of the steps it calls): middleware, JWT, actor resolution, generation
   lookup, handler, rendering; SQL execute time per step comes from an execute wrapper.

--write stores each operation's report in bench/results/profielen/<operation>-<label>.txt.
--compare only switches cuts off and on in alternating rounds of this process (--cuts: which;
tokens-csp, the default, or zaken-handler) and prints both medians per operation.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-that-is-long-enough-for-hs256"
CLIENT = "iwerk-demo-deventer"
WARMUP = 200
# Steps are timed in CPU time of this process: the figures hold when other processes share the CPU.
CLOCK = time.process_time

# Steps in the order of a request; everything not in a step is "Django's WSGI handler".
STEPS = (
    "Django WSGI handler (request, signals, response)",
    "middleware: MetricsMiddleware",
    "middleware: GenerationsPerRequestMiddleware",
    "middleware: SecurityMiddleware",
    "middleware: CSPMiddleware",
    "middleware: PermissionsPolicyMiddleware",
    "middleware: ApiFastPathMiddleware (URL resolve)",
    "endpoint wrapper (route: URLs, NUL check, headers)",
    "JWT: read client_id and verify (HS256)",
    "actor resolution (resolver, for_user)",
    "generation lookup",
    "handler: parse, selector, queries",
    "handler: inzage write",
    "create: body parsing and validation",
    "create: register_zaak (rules, zaak object, identificatie)",
    "create: zaak INSERT (zaaknummers.insert_zaak)",
    "create: audit record (row, seal, INSERT)",
    "create: outbox (notificaties.services.outbox.on_change)",
    "create: search text (zaken.services.zoektekst.on_change)",
    "create: Sturing queue (sturing.services.wachtrij.zaak_veranderd)",
    "create: generation bump (core.generations.bump)",
    "create: COMMIT",
    "rendering (output, expand, ETag, JSON)",
)


def prepare(data_dir: str | None) -> dict[str, str]:
    env = {
        "IWERK_DEMO": "true",
        "IWERK_DATA_DIR": data_dir or tempfile.mkdtemp(prefix="iwerk-request-path-"),
        "IWERK_DEMO_SECRET": SECRET,
        "IWERK_DEMO_ZAKEN_PER_ZAAKTYPE": "3",
        "IWERK_LOG_LEVEL": "WARNING",
        "IWERK_ALLOWED_HOSTS": "testserver,127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "iwerk.settings",
    }
    full = {**os.environ, **env}
    full.pop("DATABASE_URL", None)  # SQLite: this measures Python, not the database round trip
    if not (Path(env["IWERK_DATA_DIR"]) / "iwerk.sqlite3").exists():
        python = sys.executable
        subprocess.run(
            [python, "-m", "iwerk.cli", "migrate", "-v0"], env=full, check=True, cwd=ROOT
        )
        subprocess.run(
            [python, "-m", "iwerk.cli", "load_demo"],
            env=full,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    os.environ.update(env)
    os.environ.pop("DATABASE_URL", None)
    return env


class Steps:
    """Each step's own time: a stack of running steps; a finished step's time is taken off its
    caller's, so nested steps are never counted twice."""

    def __init__(self) -> None:
        self.own: dict[str, float] = defaultdict(float)
        self.sql: dict[str, float] = defaultdict(float)
        self.stack: list[list] = []

    def run(self, step: str, func, args, kwargs):
        frame = [step, 0.0]
        self.stack.append(frame)
        begin = CLOCK()
        try:
            return func(*args, **kwargs)
        finally:
            elapsed = CLOCK() - begin
            self.stack.pop()
            self.own[step] += elapsed - frame[1]
            if self.stack:
                self.stack[-1][1] += elapsed

    def timed(self, func, step):
        """func, timed as step (a string, or a function of the first argument)."""

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            name = step(args[0]) if callable(step) else step
            return self.run(name, func, args, kwargs)

        return wrapper

    def execute_wrapper(self, execute, sql, params, many, context):
        begin = CLOCK()
        try:
            return execute(sql, params, many, context)
        finally:
            step = self.stack[-1][0] if self.stack else STEPS[0]
            self.sql[step] += CLOCK() - begin

    def reset(self) -> None:
        self.own.clear()
        self.sql.clear()


def instrument(steps: Steps) -> None:
    """Put a timer around every step of the request path (module attributes, looked up at call
    time by their callers)."""
    from django.db import connection
    from django.utils.deprecation import MiddlewareMixin

    from iwerk.autorisaties import selectors as autorisaties_selectors
    from iwerk.catalogi.api.views import zaaktypen
    from iwerk.core import audit, gebeurtenissen, generations, inzage, metrics
    from iwerk.core import middleware as core_middleware
    from iwerk.core.api import endpoint, tokens
    from iwerk.zaken import services as zaken_services
    from iwerk.zaken.api import output as zaken_output
    from iwerk.zaken.api.views import zaken
    from iwerk.zaken.services import zaaknummers

    def middleware_step(instance) -> str:
        name = type(instance).__name__
        return f"middleware: {name}" + (" (URL resolve)" if name == "ApiFastPathMiddleware" else "")

    for cls in (
        metrics.MetricsMiddleware,
        core_middleware.GenerationsPerRequestMiddleware,
        core_middleware.PermissionsPolicyMiddleware,
        core_middleware.ApiFastPathMiddleware,
        MiddlewareMixin,  # SecurityMiddleware, CSPMiddleware
    ):
        cls.__call__ = steps.timed(cls.__call__, middleware_step)

    handlers_done: set[int] = set()
    original_resolve = core_middleware.resolve

    def resolve(path):
        match = original_resolve(path)
        view = match.func
        if hasattr(view, "handlers") and id(view.handlers) not in handlers_done:
            handlers_done.add(id(view.handlers))
            for method, handler in view.handlers.items():
                view.handlers[method] = steps.timed(handler, "handler: parse, selector, queries")
        match.func = steps.timed(view, "endpoint wrapper (route: URLs, NUL check, headers)")
        return match

    core_middleware.resolve = resolve

    jwt_step = "JWT: read client_id and verify (HS256)"
    for name in ("client_id_of", "verify", "verified"):
        if hasattr(tokens, name):
            setattr(tokens, name, steps.timed(getattr(tokens, name), jwt_step))
    actor_step = "actor resolution (resolver, for_user)"
    endpoint.authenticate = steps.timed(endpoint.authenticate, actor_step)
    autorisaties_selectors.resolve_actor = steps.timed(
        autorisaties_selectors.resolve_actor, actor_step
    )
    endpoint._actor_resolver.cache_clear()
    generations.current = steps.timed(generations.current, "generation lookup")
    inzage.door_actor = steps.timed(inzage.door_actor, "handler: inzage write")

    zaken.parse_body = steps.timed(zaken.parse_body, "create: body parsing and validation")
    zaken_services.register_zaak = steps.timed(
        zaken_services.register_zaak, "create: register_zaak (rules, zaak object, identificatie)"
    )
    zaaknummers.insert_zaak = steps.timed(
        zaaknummers.insert_zaak, "create: zaak INSERT (zaaknummers.insert_zaak)"
    )
    audit.record = steps.timed(audit.record, "create: audit record (row, seal, INSERT)")
    generations.bump = steps.timed(
        generations.bump, "create: generation bump (core.generations.bump)"
    )
    # The consumers of each event, as iwerk/verbindingen.py registered them.
    for consumers in gebeurtenissen._CONSUMENTEN.values():
        for index, consumer in enumerate(consumers):
            name = f"{consumer.__module__.removeprefix('iwerk.')}.{consumer.__qualname__}"
            step = next((s for s in STEPS if f"({name})" in s), None)
            if step is not None:
                consumers[index] = steps.timed(consumer, step)
    connection.commit = steps.timed(connection.commit, "create: COMMIT")

    render = "rendering (output, expand, ETag, JSON)"
    zaken_output.zaak_json = steps.timed(zaken_output.zaak_json, render)
    for name in ("_expanded", "detail_response", "with_crs", "_render_zaak", "created"):
        if hasattr(zaken, name):
            setattr(zaken, name, steps.timed(getattr(zaken, name), render))
    zaaktypen._detail = steps.timed(zaaktypen._detail, render)


def environ_for(path: str, token: str, body: bytes | None = None) -> dict:
    environ = {
        "REQUEST_METHOD": "GET" if body is None else "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "HTTP_ACCEPT": "application/json",
        "HTTP_ACCEPT_CRS": "EPSG:4326",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if body is not None:
        environ.update(
            {
                "CONTENT_TYPE": "application/json",
                "CONTENT_LENGTH": str(len(body)),
                "HTTP_CONTENT_CRS": "EPSG:4326",
            }
        )
    return environ


def requester(application, environ: dict, body: bytes = b""):
    statuses: list[str] = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def one() -> bytes:
        env = dict(environ)
        env["wsgi.input"] = io.BytesIO(body)
        response = application(env, start_response)
        try:
            return b"".join(response)
        finally:
            response.close()

    one.statuses = statuses  # type: ignore[attr-defined]
    return one


def measure(one, requests: int) -> tuple[float, float]:
    """Median µs per request of five rounds: CPU time of this process, and wall clock."""
    per_round = max(1, requests // 5)
    cpu, wall = [], []
    for _ in range(5):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        for _ in range(per_round):
            one()
        cpu.append((time.process_time() - begin_cpu) / per_round * 1e6)
        wall.append((time.perf_counter() - begin) / per_round * 1e6)
    return statistics.median(cpu), statistics.median(wall)


def switch_tokens_csp(on: bool) -> None:
    """The cuts of issue 25.4 off (as before them) or on, in this process: the token cache
    (iwerk.core.api.tokens) and the prepared Content-Security-Policy (iwerk.core.contentpolicy)."""
    import csp.middleware

    from iwerk.core import contentpolicy
    from iwerk.core.api import tokens

    tokens.verified_tokens.clear()
    tokens.verified_tokens.size = tokens.CACHE_SIZE if on else 0
    contentpolicy.CSPMiddleware.process_response = (  # type: ignore[method-assign]
        ORIGINAL["csp"] if on else csp.middleware.CSPMiddleware.process_response
    )


def switch_zaken_handler(on: bool) -> None:
    """The cuts in the zaken handler off (as before them) or on: the zaak of a read, update or
    delete in one query written once (selectors.zaak_or_403, against the ORM query with the
    visibility filter), the relations' SQL written once per number of zaken, and on create the
    audit record's and the search text's INSERT written once (against objects.create)."""
    from iwerk.core import audit
    from iwerk.core.api.visibility import visible_or_403
    from iwerk.zaken import selectors
    from iwerk.zaken.models import Zaak, ZaakZoektekst
    from iwerk.zaken.services import zoektekst

    def zaak_or_403(actor, uuid, scope="zaken.lezen"):
        return visible_or_403(selectors.zaken(actor, scope), Zaak, uuid)

    def relations_sql(vendor, count):
        ORIGINAL["relations_sql"].cache_clear()
        return ORIGINAL["relations_sql"](vendor, count)

    selectors.zaak_or_403 = ORIGINAL["zaak_or_403"] if on else zaak_or_403
    selectors._relations_sql = ORIGINAL["relations_sql"] if on else relations_sql
    audit._insert = ORIGINAL["audit_insert"] if on else lambda entry: entry.save(force_insert=True)
    zoektekst._insert = (
        ORIGINAL["zoektekst_insert"]
        if on
        else lambda zaak, tekst: ZaakZoektekst.objects.create(zaak=zaak, tekst=tekst)
    )


CUTS = {"tokens-csp": switch_tokens_csp, "zaken-handler": switch_zaken_handler}
ORIGINAL: dict = {}


def switch_cuts(on: bool, cuts: tuple[str, ...]) -> None:
    for name in cuts:
        CUTS[name](on)


def compare(
    ones: dict, requests: int, pairs: int = 10, cuts: tuple[str, ...] = ("tokens-csp",)
) -> dict[str, tuple[float, float]]:
    """Median CPU µs per request with the cuts off and on, rounds alternating in one process
    (processes of the same code differ by up to ±20% on this machine; rounds in one do not)."""
    from iwerk.core import audit, contentpolicy
    from iwerk.zaken import selectors
    from iwerk.zaken.services import zoektekst

    ORIGINAL.update(
        csp=contentpolicy.CSPMiddleware.process_response,
        zaak_or_403=selectors.zaak_or_403,
        relations_sql=selectors._relations_sql,
        audit_insert=audit._insert,
        zoektekst_insert=zoektekst._insert,
    )
    per_round = max(1, requests // pairs)
    result = {}
    for name, one in ones.items():
        rounds: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(pairs):
            for on in (False, True):
                switch_cuts(on, cuts)
                for _ in range(20):
                    one()
                begin = time.process_time()
                for _ in range(per_round):
                    one()
                rounds[on].append((time.process_time() - begin) / per_round * 1e6)
        result[name] = (statistics.median(rounds[False]), statistics.median(rounds[True]))
    switch_cuts(True, cuts)
    return result


def targets() -> dict[str, tuple[str, bytes | None]]:
    """Per operation: its path, and its body for a POST."""
    from iwerk.catalogi.models import ZaakType
    from iwerk.core.choices import vertrouwelijkheden_up_to
    from iwerk.core.models import Gemeente
    from iwerk.zaken.models import Zaak

    deventer = Gemeente.objects.get(slug="deventer")
    zaak = (
        Zaak.objects.filter(tenant=deventer, zaaktype__concept=False)
        .filter(vertrouwelijkheidaanduiding__in=vertrouwelijkheden_up_to("zaakvertrouwelijk"))
        .order_by("pk")
        .first()
    )
    zaaktype = ZaakType.objects.filter(tenant=deventer, concept=False).order_by("pk").first()
    assert zaak is not None and zaaktype is not None, "the demo has no zaak of Deventer"
    create = {
        "bronorganisatie": zaak.bronorganisatie,
        "verantwoordelijkeOrganisatie": zaak.bronorganisatie,
        "zaaktype": f"http://127.0.0.1:8000/catalogi/api/v1/zaaktypen/{zaak.zaaktype.uuid}",
        "startdatum": datetime.now(UTC).date().isoformat(),
        "omschrijving": "Benchmark: nieuwe aanvraag",
    }
    return {
        "zaak-read": (f"/zaken/api/v1/zaken/{zaak.uuid}", None),
        "zaaktype-read": (f"/catalogi/api/v1/zaaktypen/{zaaktype.uuid}", None),
        "zaak-create": ("/zaken/api/v1/zaken", json.dumps(create).encode()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--data-dir")
    parser.add_argument("--label", default="meting")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--operations", help="comma-separated: zaak-read, zaaktype-read, zaak-create (default all)"
    )
    parser.add_argument(
        "--plain-only", action="store_true", help="only pass 1 (to alternate two trees quickly)"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="only the cuts off and on, alternating in this process (needs them in the tree)",
    )
    parser.add_argument(
        "--cuts",
        default="tokens-csp",
        help=f"with --compare, comma-separated: {', '.join(CUTS)} (default tokens-csp)",
    )
    args = parser.parse_args()

    prepare(args.data_dir)
    sys.path.insert(0, str(ROOT))
    import jwt

    from iwerk.wsgi import application  # as in a granian worker (also freezes start-up objects)

    token = jwt.encode(
        {"iss": CLIENT, "client_id": CLIENT, "iat": int(time.time())}, SECRET, "HS256"
    )
    operations = targets()
    if args.operations:
        operations = {name: operations[name] for name in args.operations.split(",")}
    ones = {
        name: requester(application, environ_for(path, token, body), body or b"")
        for name, (path, body) in operations.items()
    }
    for name, one in ones.items():
        for _ in range(WARMUP):
            one()
        expected = "201 Created" if operations[name][1] is not None else "200 OK"
        assert set(one.statuses) == {expected}, one.statuses[-1]

    if args.compare:
        cuts = tuple(args.cuts.split(","))
        pairs = max(2, args.requests // 200)
        for name, (off, on) in compare(ones, args.requests, pairs, cuts).items():
            assert len(set(ones[name].statuses)) == 1, set(ones[name].statuses)  # all as expected
            print(
                f"{name}: cuts off {off:.0f} µs CPU, on {on:.0f} µs CPU per request ({on - off:+.0f})"
            )
        return
    plain = {name: measure(one, args.requests) for name, one in ones.items()}
    if args.plain_only:
        for name, (cpu, wall) in plain.items():
            print(f"{name}: {cpu:.0f} µs CPU, {wall:.0f} µs wall per request")
        return

    profiles = {}
    for name, one in ones.items():
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            one()
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats("cumulative").print_stats(args.top)
        profiles[name] = out.getvalue().strip()

    from django.db import connection

    steps = Steps()
    instrument(steps)
    connection.execute_wrappers.append(steps.execute_wrapper)
    breakdown = {}
    for name, one in ones.items():
        for _ in range(WARMUP):
            one()
        steps.reset()
        begin = CLOCK()
        for _ in range(args.requests):
            steps.run(STEPS[0], one, (), {})
        total = (CLOCK() - begin) / args.requests * 1e6
        own = {step: steps.own.get(step, 0.0) / args.requests * 1e6 for step in STEPS}
        sql = {step: steps.sql.get(step, 0.0) / args.requests * 1e6 for step in STEPS}
        breakdown[name] = (total, own, sql)
    connection.execute_wrappers.remove(steps.execute_wrapper)

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    for name, (path, body) in operations.items():
        total, own, sql = breakdown[name]
        shown = f"POST {path}" if body is not None else f"GET {path.rsplit('/', 1)[0]}/{{uuid}}"
        lines = [
            f"# {name} ({args.label}): {shown}",
            "",
            f"{machine}, SQLite, in-process WSGI, client {CLIENT}, warm caches; {when}.",
            f"Command: python bench/request_path.py --requests {args.requests} --label {args.label}",
            "",
            f"No instrumentation: {plain[name][0]:.0f} µs CPU per request"
            f" (wall clock {plain[name][1]:.0f} µs; medians of 5 rounds).",
            f"With step timers: {total:.0f} µs CPU per request. Own CPU time per step (µs per request):",
            "",
            f"{'step':<58} {'own µs':>8} {'of it SQL':>10}",
        ]
        for step in STEPS:
            if own[step] >= 0.5:
                lines.append(f"{step:<58} {own[step]:>8.0f} {sql[step]:>10.0f}")
        lines += ["", "cProfile, top functions by cumulative time:", "", profiles[name], ""]
        report = "\n".join(lines)
        print(report)
        if args.write:
            target = ROOT / "bench" / "results" / "profielen" / f"{name}-{args.label}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
