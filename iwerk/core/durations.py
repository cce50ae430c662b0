"""ISO 8601 durations (P8W, P1Y6M, P3D) as used by the ZGW catalogue, applied to dates."""

from __future__ import annotations

import re
from datetime import date

from dateutil.relativedelta import relativedelta

_DURATION = re.compile(
    r"^P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)(?:\.\d+)?S)?)?$"
)


def parse(value: str) -> relativedelta:
    """The duration as a relativedelta; ValueError for anything that is not ISO 8601."""
    match = _DURATION.match(value or "")
    if not match:
        raise ValueError(f"Geen geldige ISO 8601-duur: {value!r}")
    parts = {key: int(number) for key, number in match.groupdict().items() if number}
    return relativedelta(
        years=parts.get("years", 0),
        months=parts.get("months", 0),
        weeks=parts.get("weeks", 0),
        days=parts.get("days", 0),
        hours=parts.get("hours", 0),
        minutes=parts.get("minutes", 0),
        seconds=parts.get("seconds", 0),
    )


def add(day: date, value: str) -> date:
    """day + duration; calendar-aware (P1M from 31 January is 28/29 February)."""
    return day + parse(value)


_EENHEDEN = (
    ("years", "jaar", "jaar"),
    ("months", "maand", "maanden"),
    ("days", "dag", "dagen"),
    ("hours", "uur", "uur"),
    ("minutes", "minuut", "minuten"),
)


def beschrijf(value: str) -> str:
    """The duration in Dutch words for citizens: P8W → "8 weken", P1Y6M → "1 jaar en 6 maanden"."""
    try:
        delta = parse(value)
    except ValueError:
        return ""
    parts = []
    for attribute, een, meer in _EENHEDEN:
        amount = getattr(delta, attribute)
        if attribute == "days" and amount and amount % 7 == 0:
            weeks = amount // 7
            parts.append(f"{weeks} {'week' if weeks == 1 else 'weken'}")
        elif amount:
            parts.append(f"{amount} {een if amount == 1 else meer}")
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
