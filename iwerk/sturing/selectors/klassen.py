"""Deadline classes of open zaken on a day: one definition for the Openstand aggregate (Python)
and for the drill-down list behind each number (database conditions), tested to agree."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q

from iwerk.zaken.selectors.termijnen import signaal_dagen

TOEKOMSTIG = "toekomstig"  # startdatum after today: not yet work in progress
OPGESCHORT = "opgeschort"
OVER_90 = "over_90"
OVER_31_90 = "over_31_90"
OVER_8_30 = "over_8_30"
OVER_1_7 = "over_1_7"
SERVICENORM = "servicenorm_overschreden"
NADERT = "nadert"
OP_SCHEMA = "op_schema"

# Days past the wettelijke termijn per age bucket (inclusive), as in municipal practice.
LEEFTIJDSKLASSEN = ((OVER_1_7, 1, 7), (OVER_8_30, 8, 30), (OVER_31_90, 31, 90), (OVER_90, 91, None))
OVERSCHREDEN = tuple(k for k, _, _ in LEEFTIJDSKLASSEN)

LABELS = {
    OP_SCHEMA: "Op schema",
    NADERT: "Nadert termijn",
    SERVICENORM: "Servicenorm overschreden",
    OVER_1_7: "1–7 dagen over termijn",
    OVER_8_30: "8–30 dagen over termijn",
    OVER_31_90: "31–90 dagen over termijn",
    OVER_90: "Meer dan 90 dagen over termijn",
    OPGESCHORT: "Opgeschort",
    TOEKOMSTIG: "Start in de toekomst",
}
WERKVOORRAAD = (OP_SCHEMA, NADERT, SERVICENORM, *OVERSCHREDEN, OPGESCHORT)


def klasse(
    *,
    startdatum: date,
    opgeschort_sinds: date | None,
    servicenorm_datum: date | None,
    wettelijke_datum: date | None,
    vandaag: date,
) -> str:
    if startdatum > vandaag:
        return TOEKOMSTIG
    if opgeschort_sinds:
        return OPGESCHORT
    if wettelijke_datum and wettelijke_datum < vandaag:
        over = (vandaag - wettelijke_datum).days
        for naam, van, tot in LEEFTIJDSKLASSEN:
            if over >= van and (tot is None or over <= tot):
                return naam
    if servicenorm_datum and servicenorm_datum < vandaag:
        return SERVICENORM
    horizon = vandaag + timedelta(days=signaal_dagen())
    if (wettelijke_datum and wettelijke_datum <= horizon) or (
        servicenorm_datum and servicenorm_datum <= horizon
    ):
        return NADERT
    return OP_SCHEMA


def klasse_q(naam: str, vandaag: date) -> Q:
    """The open Zaakfeiten in one class, as conditions on indexed columns."""
    open_ = Q(einddatum__isnull=True)
    if naam == TOEKOMSTIG:
        return open_ & Q(startdatum__gt=vandaag)
    gestart = open_ & Q(startdatum__lte=vandaag)
    if naam == OPGESCHORT:
        return gestart & Q(opgeschort_sinds__isnull=False)
    lopend = gestart & Q(opgeschort_sinds__isnull=True)
    for klassenaam, van, tot in LEEFTIJDSKLASSEN:
        if naam == klassenaam:
            q = lopend & Q(wettelijke_datum__lte=vandaag - timedelta(days=van))
            if tot is not None:
                q &= Q(wettelijke_datum__gte=vandaag - timedelta(days=tot))
            return q
    niet_over = lopend & ~Q(wettelijke_datum__lt=vandaag)
    if naam == SERVICENORM:
        return niet_over & Q(servicenorm_datum__lt=vandaag)
    horizon = vandaag + timedelta(days=signaal_dagen())
    binnen_norm = niet_over & ~Q(servicenorm_datum__lt=vandaag)
    nadert = Q(wettelijke_datum__lte=horizon) | Q(servicenorm_datum__lte=horizon)
    if naam == NADERT:
        return binnen_norm & nadert
    if naam == OP_SCHEMA:
        return binnen_norm & ~nadert
    raise ValueError(f"Onbekende klasse: {naam}")
