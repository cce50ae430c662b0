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
    args = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        port,
        "--workers",
        workers,
        "--blocking-threads",
        str(env_int("IWERK_WEB_THREADS", 1)),
        "--no-ws",
        "iwerk.wsgi:application",
        *argv,
    ]
    os.execv(args[0], args)  # noqa: S606 - replaces this process with the server


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
