"""Scanning uploads with ClamAV (clamd), when IWERK_CLAMAV points at a daemon.

Production refuses to start without one unless IWERK_CLAMAV=uit says so (core.productie, ADR 0031);
the demo runs without one and says so on its start page.

The INSTREAM command of clamd's own protocol, over a Unix socket or TCP: the content goes to
the daemon in chunks and the answer is "stream: OK" or "stream: <signature> FOUND". Written here
in a few lines because the Python clamd clients are unmaintained (last releases 2014–2017).
Fail closed: when a daemon is configured but does not answer, the upload is refused — nothing
unscanned gets in.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from django.conf import settings

CHUNK = 64 * 1024


class ScanNietBeschikbaar(Exception):
    """The configured virus scanner did not answer."""


UIT = "uit"  # IWERK_CLAMAV=uit: an operator chose to run without scanning (ADR 0031)
PING_TIMEOUT = 1.0


def aan() -> bool:
    return settings.IWERK_CLAMAV not in ("", UIT)


def toestand() -> str:
    """For /ready: "ok" (clamd answers PING), "unreachable" (configured, no answer) or "off"."""
    if not aan():
        return "off"
    try:
        with _verbinden(timeout=PING_TIMEOUT) as sock:
            sock.sendall(b"zPING\0")
            answer = sock.recv(64)
    except (OSError, ScanNietBeschikbaar):
        return "unreachable"
    return "ok" if answer.rstrip(b"\0").strip() == b"PONG" else "unreachable"


def _verbinden(timeout: float | None = None) -> socket.socket:
    target = urlsplit(settings.IWERK_CLAMAV)
    timeout = timeout or settings.IWERK_CLAMAV_TIMEOUT
    try:
        if target.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(target.path)
        else:
            sock = socket.create_connection((target.hostname, target.port or 3310), timeout=timeout)
            sock.settimeout(timeout)
    except OSError as error:
        raise ScanNietBeschikbaar(str(error)) from error
    return sock


def scan(chunks: Iterable[bytes]) -> str | None:
    """The name of the malware found, or None when clean (or when no scanner is configured)."""
    if not aan():
        return None
    try:
        with _verbinden() as sock:
            sock.sendall(b"zINSTREAM\0")
            for chunk in chunks:
                for start in range(0, len(chunk), CHUNK):
                    part = chunk[start : start + CHUNK]
                    sock.sendall(struct.pack("!L", len(part)) + part)
            sock.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                data = sock.recv(4096)
                if not data:
                    break
                answer += data
    except OSError as error:
        raise ScanNietBeschikbaar(str(error)) from error
    reply = answer.rstrip(b"\0").decode(errors="replace").strip()
    if reply.endswith("OK"):
        return None
    if reply.endswith("FOUND"):
        return reply.removeprefix("stream:").removesuffix("FOUND").strip()
    raise ScanNietBeschikbaar(reply or "geen antwoord van clamd")


def scan_bestand(path: str) -> str | None:
    def chunks() -> Iterator[bytes]:
        with open(path, "rb") as handle:
            while block := handle.read(CHUNK):
                yield block

    return scan(chunks())
