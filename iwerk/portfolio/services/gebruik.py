"""Changing how a gemeente uses an application: its levensfase and the end dates."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from iwerk.portfolio.models import Gebruik, Levensfase


def fouten(
    gebruik: Gebruik, *, status: str, einde_gepland: date | None, einde: date | None
) -> dict[str, str]:
    """The Dutch field errors of a change, by field name; empty when the change is valid."""
    result: dict[str, str] = {}
    if status == Levensfase.uit_te_faseren and not einde_gepland:
        result["einde_gepland"] = "Geef aan wanneer de applicatie uitgefaseerd moet zijn."
    sinds = gebruik.sinds
    for veld, waarde in (("einde_gepland", einde_gepland), ("einde", einde)):
        if waarde and sinds and waarde < sinds:
            result.setdefault(
                veld, f"Deze datum ligt vóór het begin van het gebruik ({sinds:%d-%m-%Y})."
            )
    return result


def bijwerken(
    gebruik: Gebruik, *, status: str, einde_gepland: date | None, einde: date | None
) -> Gebruik:
    """Store a new levensfase and end dates; refuses an invalid change with its field errors."""
    errors = fouten(gebruik, status=status, einde_gepland=einde_gepland, einde=einde)
    if errors:
        raise ValidationError(errors)
    gebruik.status, gebruik.einde_gepland, gebruik.einde = status, einde_gepland, einde
    gebruik.save(update_fields=["status", "einde_gepland", "einde"])
    return gebruik
