"""Deadlines of a zaak: the servicenorm and the wettelijke termijn, as the werkplek signals them.

The two dates are stored on the zaak (einddatumGepland, uiterlijkeEinddatumAfdoening) and kept
current by the zaak service: a verlenging moves both by its duur, an opschorting moves both by
the days it lasted when it ends (services.zaak.update_zaak). While a zaak is opgeschort the
clock stands still, so it is never "overschreden" then. Stored dates make every deadline filter
an indexed range condition, also on a million zaken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q

from iwerk.zaken.models import Zaak

OP_SCHEMA = "op_schema"
NADERT = "nadert"
SERVICENORM_OVERSCHREDEN = "servicenorm_overschreden"
OVERSCHREDEN = "overschreden"
OPGESCHORT = "opgeschort"
AFGEROND = "afgerond"

LABELS = {
    OP_SCHEMA: "Op schema",
    NADERT: "Nadert termijn",
    SERVICENORM_OVERSCHREDEN: "Servicenorm overschreden",
    OVERSCHREDEN: "Termijn overschreden",
    OPGESCHORT: "Opgeschort",
    AFGEROND: "Afgerond",
}


def signaal_dagen() -> int:
    return settings.IWERK_TERMIJN_SIGNAAL_DAGEN


@dataclass(frozen=True)
class Termijn:
    staat: str
    servicenorm: date | None
    wettelijk: date | None
    dagen_over: int | None  # days until the first coming deadline; negative when passed

    @property
    def label(self) -> str:
        return LABELS[self.staat]


def _shifted(day: date | None, by: int) -> date | None:
    return day + timedelta(days=by) if day and by else day


def termijn(zaak: Zaak, today: date) -> Termijn:
    """The deadline state of one zaak on a day."""
    stilstand = (
        (today - zaak.opgeschort_sinds).days
        if zaak.opschorting_indicatie and zaak.opgeschort_sinds
        else 0
    )
    servicenorm = _shifted(zaak.einddatum_gepland, stilstand)
    wettelijk = _shifted(zaak.uiterlijke_einddatum_afdoening, stilstand)
    coming = [d for d in (servicenorm, wettelijk) if d]
    dagen = (min(coming) - today).days if coming else None
    if zaak.einddatum:
        staat = AFGEROND
    elif zaak.opschorting_indicatie:
        staat = OPGESCHORT
    elif wettelijk and wettelijk < today:
        staat = OVERSCHREDEN
    elif servicenorm and servicenorm < today:
        staat = SERVICENORM_OVERSCHREDEN
    elif dagen is not None and dagen <= signaal_dagen():
        staat = NADERT
    else:
        staat = OP_SCHEMA
    return Termijn(staat, servicenorm, wettelijk, dagen)


def staat_q(staat: str, today: date) -> Q:
    """The open zaken in one deadline state, as conditions on indexed date columns."""
    open_ = Q(einddatum__isnull=True)
    running = open_ & Q(opschorting_indicatie=False)
    horizon = today + timedelta(days=signaal_dagen())
    if staat == OPGESCHORT:
        return open_ & Q(opschorting_indicatie=True)
    if staat == OVERSCHREDEN:
        return running & Q(uiterlijke_einddatum_afdoening__lt=today)
    if staat == SERVICENORM_OVERSCHREDEN:
        return (
            running & Q(einddatum_gepland__lt=today) & ~Q(uiterlijke_einddatum_afdoening__lt=today)
        )
    if staat == NADERT:
        return (
            running
            & ~Q(uiterlijke_einddatum_afdoening__lt=today)
            & ~Q(einddatum_gepland__lt=today)
            & (Q(uiterlijke_einddatum_afdoening__lte=horizon) | Q(einddatum_gepland__lte=horizon))
        )
    raise ValueError(f"Onbekende termijnstaat: {staat}")
