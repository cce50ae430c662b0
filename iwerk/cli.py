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
