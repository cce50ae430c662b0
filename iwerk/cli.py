"""The `iwerk` command for operators: iwerk demo | serve | migrate | create-applicatie | …

Every subcommand other than `serve` is a Django management command; `serve` runs
granian in WSGI mode (never Django's development server).
"""

from __future__ import annotations

import os
import sys


def _serve(argv: list[str]) -> None:
    from iwerk.core.env import env_int, env_str

    host = env_str("IWERK_HOST", "127.0.0.1")
    port = str(env_int("IWERK_PORT", 8000))
    workers = str(env_int("IWERK_WEB_WORKERS", 2))
    # The worker processes share one folder of metric files, emptied at every start, so that a
    # scrape of /metrics sums them all (iwerk.core.metrics).
    import shutil
    from pathlib import Path

    default = Path(__file__).resolve().parent.parent / "var"  # as settings.DATA_DIR
    metrics_dir = Path(env_str("IWERK_DATA_DIR", str(default))) / "metrics"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(metrics_dir))
    _refuse_taken_port(host, int(port))
    # The workers die with the master (iwerk.core.webguard.die_with_master): exec keeps this pid.
    os.environ["IWERK_SERVE_PID"] = str(os.getpid())
    # ASGI mode with the slow-client guard in front of the WSGI application: bodies are received
    # on the event loop, the application runs on IWERK_WEB_THREADS threads (ADR 0033). Behind a
    # proxy that buffers request bodies (nginx does by default) IWERK_WEB_GUARD=uit saves its
    # cost: plain WSGI mode, granian's own blocking threads.
    threads = str(env_int("IWERK_WEB_THREADS", 1))
    if env_str("IWERK_WEB_GUARD", "aan") == "uit":
        mode = ["--interface", "wsgi", "--blocking-threads", threads, "iwerk.wsgi:application"]
    else:
        mode = ["--interface", "asginl", "iwerk.asgi:application"]
    args = [
        sys.executable,
        "-m",
        "granian",
        *mode[:-1],
        "--host",
        host,
        "--port",
        port,
        "--workers",
        workers,
        "--http1-header-read-timeout",
        str(1000 * env_int("IWERK_WEB_HEADER_TIMEOUT", 10)),
        "--no-ws",
        mode[-1],
        *argv,
    ]
    os.execv(args[0], args)  # noqa: S606 - replaces this process with the server


def _refuse_taken_port(host: str, port: int) -> None:
    """Stop when something already listens on the port, e.g. workers of a killed server: granian
    binds with SO_REUSEPORT and would otherwise serve beside them."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no objection
        try:
            probe.bind((host, port))
        except OSError as exc:
            sys.exit(
                f"iwerk serve: poort {port} op {host} is al in gebruik ({exc.strerror}); draait er "
                f"nog een iwerk serve? / port {port} on {host} is already in use."
            )


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwerk.settings")
    if argv and argv[0] == "serve":
        _serve(argv[1:])
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["iwerk", *argv])


if __name__ == "__main__":
    main()
