"""Refuse to start in production mode (IWERK_DEBUG and IWERK_DEMO off) with insecure settings.

Called at the end of the settings module: a production process with a weak secret, a wildcard
host, plain-HTTP public address, a switched-off HSTS or no virus scanner (unless switched off on
purpose with `IWERK_CLAMAV=uit`) does not start at all — better than running and leaking. Each
problem is named with the variable that fixes it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from iwerk.core import auditsleutel


def problemen(s: dict) -> list[str]:
    found = []
    if len(s["SECRET_KEY"]) < 50 or "insecure" in s["SECRET_KEY"]:
        found.append("IWERK_SECRET_KEY is te kort (minstens 50 tekens, willekeurig).")
    if "*" in s["ALLOWED_HOSTS"]:
        found.append("IWERK_ALLOWED_HOSTS mag geen '*' bevatten: noem de hostnamen.")
    if not s["IWERK_BASE_URL"].startswith("https://"):
        found.append("IWERK_BASE_URL moet met https:// beginnen (cookies zijn alleen Secure).")
    if s["SECURE_HSTS_SECONDS"] < 86400:
        found.append("IWERK_HSTS_SECONDS moet minstens 86400 zijn.")
    if not (s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]):
        found.append("Sessie- en CSRF-cookies moeten Secure zijn.")
    if s["IWERK_TESTIDP"]:
        found.append("De test-inlogvoorziening staat aan buiten demo-modus.")
    found.extend(_virusscanner(s["IWERK_CLAMAV"]))
    found.extend(auditsleutel.problemen(s["IWERK_AUDIT_SLEUTELS"]))  # ADR 0032
    return found


def _virusscanner(adres: str) -> list[str]:
    """Every upload is scanned in production, unless an operator wrote down that it is not."""
    if adres == "uit":
        return []
    if not adres:
        return [
            "IWERK_CLAMAV is niet ingesteld: geef het adres van clamd "
            "(unix:///run/clamav/clamd.ctl of tcp://clamav:3310), of zet IWERK_CLAMAV=uit "
            "om bewust zonder virusscan te draaien."
        ]
    if urlsplit(adres).scheme not in ("unix", "tcp"):
        return [f"IWERK_CLAMAV moet met unix:// of tcp:// beginnen of 'uit' zijn, niet {adres!r}."]
    return []


def controleer(s: dict) -> None:
    found = problemen(s)
    if found:
        raise ImproperlyConfigured(
            "iwerk start niet in productiemodus met onveilige instellingen:\n- "
            + "\n- ".join(found)
        )
