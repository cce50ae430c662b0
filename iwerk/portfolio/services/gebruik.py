"""Changing how a gemeente uses an application: its levensfase, the end dates, and the migration
that brought its data into iwerk (ADR 0065)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from iwerk.migratie.models import Migratie
from iwerk.portfolio.models import Gebruik, Levensfase
from iwerk.portfolio.selectors import uitfasering


def nog_niet_schoon(oordeel: uitfasering.Oordeel) -> str:
    """Why an application linked to this migratie cannot be phased out yet (a fragment)."""
    return f"de migratie naar iwerk is nog niet schoon: {'; '.join(oordeel.redenen)}."


def fouten(
    gebruik: Gebruik,
    *,
    status: str,
    einde_gepland: date | None,
    einde: date | None,
    migratie: Migratie | None,
) -> dict[str, str]:
    """The Dutch field errors of a change, by field name; empty when the change is valid.

    Rules: a phase-out needs a planned end; no end before the start; the migratie is one into
    this Gebruik's own gemeente (tenant isolation, whatever a form offered); marking it
    uitgefaseerd while linked to a migratie — or linking one to a Gebruik that is — needs the
    migratie's verdict "kan uit" (selectors.uitfasering), and an einde on or after the day its
    clean run ended (checked too when only the einde of an uitgefaseerd row changes).
    Unlinking (migratie None) is always allowed.
    """
    result: dict[str, str] = {}
    if status == Levensfase.uit_te_faseren and not einde_gepland:
        result["einde_gepland"] = "Geef aan wanneer de applicatie uitgefaseerd moet zijn."
    sinds = gebruik.sinds
    for veld, waarde in (("einde_gepland", einde_gepland), ("einde", einde)):
        if waarde and sinds and waarde < sinds:
            result.setdefault(
                veld, f"Deze datum ligt vóór het begin van het gebruik ({sinds:%d-%m-%Y})."
            )
    if migratie is None:
        return result
    if migratie.tenant_id != gebruik.gemeente_id:
        result["migratie"] = "Deze migratie hoort bij een andere gemeente."
        return result
    nieuw = gebruik.status != Levensfase.uitgefaseerd or gebruik.migratie_id != migratie.pk
    if status == Levensfase.uitgefaseerd and (nieuw or einde != gebruik.einde):
        oordeel = uitfasering.oordeel_voor(migratie, einde_gepland)
        if nieuw and not oordeel.kan_uit:
            result["status"] = capfirst(nog_niet_schoon(oordeel))
        elif einde and oordeel.schoon_op and einde < oordeel.schoon_op:
            result.setdefault(
                "einde",
                f"De migratie naar iwerk is pas op {oordeel.schoon_op:%d-%m-%Y} schoon "
                "afgerond; het werkelijke einde kan niet eerder liggen.",
            )
    return result


def bijwerken(
    gebruik: Gebruik,
    *,
    status: str,
    einde_gepland: date | None,
    einde: date | None,
    migratie: Migratie | None,
) -> Gebruik:
    """Store a new levensfase, end dates and migratie; refuses an invalid change with its field
    errors (see fouten). Raises ValidationError."""
    errors = fouten(
        gebruik, status=status, einde_gepland=einde_gepland, einde=einde, migratie=migratie
    )
    if errors:
        raise ValidationError(errors)
    gebruik.status, gebruik.einde_gepland, gebruik.einde = status, einde_gepland, einde
    gebruik.migratie = migratie
    gebruik.save(update_fields=["status", "einde_gepland", "einde", "migratie"])
    return gebruik
