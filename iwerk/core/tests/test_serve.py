"""`iwerk serve` as a process (ADR 0033): its workers die with a SIGKILLed master, and it refuses
a port that something already listens on (such as the workers of a killed server)."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path: Path, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IWERK_", "DATABASE_URL"))}
    return {**env, "IWERK_DEMO": "true", "IWERK_DATA_DIR": str(tmp_path), "IWERK_PORT": str(port),
            "IWERK_WEB_WORKERS": "2", "DJANGO_SETTINGS_MODULE": "iwerk.settings"}  # fmt: skip


def _serve(tmp_path: Path, port: int, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "iwerk.cli", "serve", "--log-level", "warning"],
        env=_env(tmp_path, port), cwd=ROOT, start_new_session=True, **kwargs,
    )  # fmt: skip


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/health")
        return conn.getresponse().status == 200
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie no longer runs; its reaper may be slow in a container


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(p) for p in (task / "children").read_text().split()}
    return found


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_the_workers_die_with_a_killed_master_and_free_the_port(tmp_path):
    port = _free_port()
    server = _serve(tmp_path, port, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        assert _until(lambda: _answers(port), 20), "iwerk serve did not answer on /health"
        workers = _children(server.pid)
        assert len(workers) == 2
        os.kill(server.pid, signal.SIGKILL)  # the master only, as `kill -9 <pid>` does
        server.wait(5)
        assert _until(lambda: not any(_alive(w) for w in workers), 5), "workers outlived the master"
        assert _until(lambda: _port_free(port), 5)
        assert not _answers(port)
    finally:
        for pid in [server.pid, *workers]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        server.wait(5)


def test_serve_refuses_a_port_that_is_taken(tmp_path):
    port = _free_port()
    with socket.socket() as taken:
        # As granian's (orphaned) workers listen: with SO_REUSEPORT, which let a second server
        # bind beside them.
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        taken.bind(("127.0.0.1", port))
        taken.listen()
        server = _serve(tmp_path, port, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _, stderr = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.communicate()
            raise AssertionError("iwerk serve started on a taken port") from None
    assert server.returncode != 0
    assert f"poort {port} op 127.0.0.1 is al in gebruik" in stderr
    assert "already in use" in stderr
