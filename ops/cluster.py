"""A small iwerk cluster on this machine, built from real parts: `iwerk serve` nodes, `iwerk
worker`s, nginx in front, PostgreSQL behind, one shared document folder.

Used by the multi-node fault test (ops/multinode.py), the read-replica test (ops/replica.py)
and the online-migration test (ops/online_migration.py). Every process runs in a session of its own so that a "crash" is a SIGKILL of
the node's whole process group (granian's main process and its workers), as when a machine dies.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import jwt
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CLIENT_ID = "iwerk-demo"
SECRET = "cluster-test-secret-that-is-long-enough-for-hs256"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def token(client_id: str = CLIENT_ID, secret: str = SECRET) -> str:
    claims = {"iss": client_id, "client_id": client_id, "iat": int(time.time())}
    return jwt.encode(claims, secret, "HS256")


def api_headers(client: tuple[str, str] = (CLIENT_ID, SECRET)) -> dict:
    return {
        "Authorization": f"Bearer {token(*client)}",
        "Accept": "application/json",
        "Content-Type": "application/json",
        "Accept-Crs": "EPSG:4326",
        "Content-Crs": "EPSG:4326",
    }


def wait_http(port: int, path: str = "/ready", seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered 200 on 127.0.0.1:{port}{path} within {seconds} s")


class PostgresServer:
    """A PostgreSQL cluster of its own (initdb, pg_ctl, pg_basebackup from the server's bindir),
    on a free port, in a temporary folder: a primary, or a streaming replica of one."""

    def __init__(self, base: Path, name: str) -> None:
        self.dir = base / name
        self.port = free_port()
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,  # noqa: S607
                                check=True).stdout.strip()  # fmt: skip
        self.bin = Path(bindir)
        # The server refuses to run as root: as root, run its tools as the postgres user.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        base.mkdir(parents=True, exist_ok=True)
        if self.as_owner:
            shutil.chown(base, "postgres")

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self.as_owner, str(self.bin / tool), *args],  # noqa: S603
                              capture_output=True, text=True, cwd="/")  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {done.stderr.strip() or done.stdout.strip()}")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def init_primary(self) -> PostgresServer:
        self._run("initdb", "-D", str(self.dir), "-U", "postgres", "-A", "trust", "--no-sync")
        return self

    def init_replica_of(self, primary: PostgresServer) -> PostgresServer:
        """pg_basebackup with -R: standby.signal and primary_conninfo, WAL streamed."""
        self._run("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                  "-D", str(self.dir), "-R", "-X", "stream", "--checkpoint=fast")  # fmt: skip
        return self

    def start(self) -> PostgresServer:
        options = f"-p {self.port} -k {self.dir.parent} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", str(self.dir), "-o", options, "-l", str(self.dir.parent / f"{self.dir.name}.log"),
                  "-w", "start")  # fmt: skip
        return self

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._run("pg_ctl", "-D", str(self.dir), "-m", "fast", "-w", "stop")

    def query(self, sql: str, database: str = "postgres") -> list[tuple]:
        with psycopg.connect(f"{self.url}/{database}", autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []


class Database:
    """A fresh PostgreSQL database on the server of DATABASE_URL (or the local one), dropped after."""

    def __init__(self, server_url: str | None = None, name: str | None = None) -> None:
        base = (
            server_url
            or os.environ.get("DATABASE_URL")
            or "postgres://postgres@127.0.0.1:5432/test"
        )
        self.server = base.rsplit("/", 1)[0]
        self.name = name or f"iwerk_cluster_{os.getpid()}"
        self.url = f"{self.server}/{self.name}"

    def _admin(self, sql: str) -> None:
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    def create(self) -> Database:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.name}"')
        return self

    def drop(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(self.url) as conn:
            return conn.execute(sql, params).fetchall()


@dataclass
class Proc:
    """One process type instance (a web node or a worker) that can be crashed and restarted."""

    name: str
    argv: list[str]
    env: dict
    log: Path
    port: int | None = None
    popen: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> Proc:
        out = self.log.open("ab")
        self.popen = subprocess.Popen(  # noqa: S603 - our own commands
            self.argv, env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        out.close()
        return self

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def crash(self) -> None:
        """SIGKILL the whole process group: no shutdown handler runs, in-flight work is cut."""
        self._signal(signal.SIGKILL)

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM and wait: the graceful stop of a rolling restart."""
        self._signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.crash()

    def _signal(self, sig: int) -> None:
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)
        if sig == signal.SIGKILL:
            self.popen.wait()


class Cluster:
    """N web nodes and M workers on one database and one document folder, nginx in front."""

    def __init__(self, database_url: str, nodes: int = 3, workers: int = 2, extra_env=None):
        self.dir = Path(tempfile.mkdtemp(prefix="iwerk-cluster-"))
        self.database_url = database_url
        self.documenten = self.dir / "documenten"  # on a real cluster: S3 or a shared volume
        self.documenten.mkdir()
        self.base_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("IWERK_")},
            # The production profile (docs/configuration.md), not the demo mode.
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "iwerk.settings",
            "IWERK_SECRET_KEY": secrets.token_urlsafe(48),
            "IWERK_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "IWERK_BASE_URL": "https://iwerk.example.nl",
            "IWERK_BEHIND_PROXY": "true",
            "IWERK_DOCUMENT_ROOT": str(self.documenten),
            "IWERK_LOG_FORMAT": "json",
            "IWERK_LOG_LEVEL": "WARNING",
            "IWERK_WEB_WORKERS": "1",
            "IWERK_CLAMAV": "uit",  # no clamd here; production refuses to start without this
            "IWERK_AUDIT_SLEUTELS": f"ops:{secrets.token_urlsafe(32)}",  # ADR 0032
            **(extra_env or {}),
        }
        self.nodes = [self._node(i) for i in range(nodes)]
        self.workers = [
            Proc(
                f"worker{i}",
                [PYTHON, "-m", "iwerk.cli", "worker"],
                self.env_for(f"worker{i}"),
                self.dir / f"worker{i}.log",
            )  # fmt: skip
            for i in range(workers)
        ]
        self.port = free_port()
        self.nginx: subprocess.Popen | None = None

    def env_for(self, name: str, **extra) -> dict:
        data = self.dir / name
        data.mkdir(exist_ok=True)
        return {**self.base_env, "IWERK_DATA_DIR": str(data), **extra}

    def _node(self, i: int) -> Proc:
        port = free_port()
        return Proc(f"web{i}", [PYTHON, "-m", "iwerk.cli", "serve", "--log-level", "warning"],
                    self.env_for(f"web{i}", IWERK_PORT=str(port)), self.dir / f"web{i}.log", port)  # fmt: skip

    def manage(self, *argv: str, demo: bool = False) -> str:
        env = {**self.env_for("manage"), **({"IWERK_DEMO": "true"} if demo else {})}
        done = subprocess.run(  # noqa: S603
            [PYTHON, "-m", "iwerk.cli", *argv], env=env, cwd=ROOT, check=True,
            capture_output=True, text=True,
        )  # fmt: skip
        return done.stdout

    def prepare(self) -> None:
        """Schema and the demo catalogue (three gemeenten), the API client with a known secret."""
        self.manage("migrate", "-v0")
        env = {**self.env_for("manage"), "IWERK_DEMO": "true", "IWERK_DEMO_SECRET": SECRET,
               "IWERK_DEMO_ZAKEN_PER_ZAAKTYPE": "0"}  # fmt: skip
        subprocess.run([PYTHON, "-m", "iwerk.cli", "load_demo"], env=env, cwd=ROOT, check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)  # fmt: skip

    def start(self) -> None:
        for proc in [*self.nodes, *self.workers]:
            proc.start()
        for node in self.nodes:
            wait_http(node.port)
        self._start_nginx()
        wait_http(self.port)

    def _start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError("nginx (Debian package nginx) is needed for the cluster tests")
        prefix = self.dir / "nginx"
        prefix.mkdir()
        servers = "\n".join(
            f"    server 127.0.0.1:{n.port} max_fails=1 fail_timeout=2s;" for n in self.nodes
        )
        conf = NGINX_CONF.format(prefix=prefix, port=self.port, servers=servers)
        (prefix / "nginx.conf").write_text(conf)
        self.nginx = subprocess.Popen(  # noqa: S603
            [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=(prefix / "stderr.log").open("wb"),
            start_new_session=True,
        )  # fmt: skip

    def stop(self) -> None:
        for proc in [*self.nodes, *self.workers]:
            if proc.alive():
                proc.stop(timeout=10)
        if self.nginx and self.nginx.poll() is None:
            self.nginx.terminate()
            self.nginx.wait(10)

    def request(self, method: str, path: str, body=None, port: int | None = None, timeout=30,
                client: tuple[str, str] = (CLIENT_ID, SECRET)):  # fmt: skip
        """One API call through nginx (or straight to a port): (status, parsed body or None)."""
        conn = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=timeout)
        try:
            payload = json.dumps(body) if body is not None else None
            conn.request(method, path, body=payload, headers=api_headers(client))
            response = conn.getresponse()
            raw = response.read()
            try:
                return response.status, json.loads(raw) if raw else None
            except ValueError:
                return response.status, None
        finally:
            conn.close()


# One worker process: the test drives a few hundred requests per second at most. POSTs that
# reached a node are never replayed to another (nginx's default for non-idempotent methods): a
# node that dies mid-request may have committed, and a replay would create a second zaak.
NGINX_CONF = """
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  client_max_body_size 64m;
  upstream iwerk {{
{servers}
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://iwerk;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""
