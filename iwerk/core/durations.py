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
    return relativedelta(**parts)


def add(day: date, value: str) -> date:
    """day + duration; calendar-aware (P1M from 31 January is 28/29 February)."""
    return day + parse(value)
