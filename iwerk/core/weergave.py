"""Values as people read them: Dutch dates and times, yes/no, counts with the right noun.

Every screen, letter and PDF uses these, so a date never appears as "2026-12-05T14:03:00+01:00"
and a count never as "1 zaak/zaken". The month names are written out here rather than taken
from the active translation: a PDF made by the worker reads the same as one made in a request.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def datum(value: date | datetime | None, leeg: str = "—") -> str:
    """5 december 2026 (a datetime is first put in Europe/Amsterdam)."""
    if value is None:
        return leeg
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def moment(value: datetime | None, leeg: str = "—") -> str:
    """5 december 2026 om 14:03, in Europe/Amsterdam."""
    if value is None:
        return leeg
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{datum(local)} om {local:%H:%M}"


def ja_nee(value: bool | None, leeg: str = "—") -> str:
    if value is None:
        return leeg
    return "Ja" if value else "Nee"


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """1 zaak, 3 zaken, 0 zaken."""
    return f"{n} {enkelvoud if n == 1 else meervoud}"
