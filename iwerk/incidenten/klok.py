"""The 72-hour clock of a (possible) datalek, and its escalations to the FG and CISO.

The clock runs from the discovery (AVG art. 33(1)), also for a report still in draft, and stops
for a gemeente once it reported to the AP or decided, with reasons, not to. Escalations go out at
IWERK_DATALEK_ESCALATIES hours after discovery (default 24, 48, 60), once per gemeente and moment
— a unique row is the proof, so several workers never send one twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from iwerk.incidenten.models import MELDTERMIJN, Escalatie, Incident, IncidentGemeente, Logregel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stand:
    """Where the clock is, in words and as a state for styling."""

    uiterste: datetime
    resterend: timedelta
    toestand: str  # loopt, let_op, urgent, verstreken, gestopt
    tekst: str

    @property
    def seconden(self) -> int:
        return int(self.resterend.total_seconds())


def _duur(delta: timedelta) -> str:
    minuten = int(abs(delta.total_seconds()) // 60)
    uren, minuten = divmod(minuten, 60)
    if uren >= 1:
        return f"{uren} uur en {minuten} min"
    return f"{minuten} min"


def loopt(incident: Incident, betrokken: list[IncidentGemeente]) -> bool:
    """Whether the clock still matters: a (possible) datalek not yet reported or waived by all."""
    if incident.datalek is False or not (incident.persoonsgegevens or incident.datalek):
        return False
    if incident.status == "afgesloten":
        return False
    return not betrokken or any(
        b.ap_melden is not False and b.ap_gemeld_op is None and b.ap_ingetrokken_op is None
        for b in betrokken
    )


def stand(
    incident: Incident, betrokken: list[IncidentGemeente], nu: datetime | None = None
) -> Stand:
    nu = nu or timezone.now()
    uiterste = incident.ontdekt_op + MELDTERMIJN
    resterend = uiterste - nu
    if not loopt(incident, betrokken):
        return Stand(uiterste, resterend, "gestopt", "Meldtermijn niet (meer) van toepassing")
    if resterend.total_seconds() <= 0:
        return Stand(
            uiterste, resterend, "verstreken", f"Meldtermijn {_duur(resterend)} geleden verstreken"
        )
    toestand = (
        "urgent"
        if resterend <= timedelta(hours=12)
        else "let_op"
        if resterend <= timedelta(hours=24)
        else "loopt"
    )
    return Stand(uiterste, resterend, toestand, f"Nog {_duur(resterend)} om te melden")


def momenten() -> list[int]:
    return sorted(settings.IWERK_DATALEK_ESCALATIES)


def escaleren(nu: datetime | None = None) -> int:
    """Send every escalation that is due and not sent yet; returns how many were sent."""
    from iwerk.incidenten import ontvangers

    nu = nu or timezone.now()
    uren = momenten()
    if not uren:
        return 0
    # Only incidents whose first moment has passed in the last week can be due; indexed.
    kandidaten = (
        IncidentGemeente.objects.filter(
            incident__ontdekt_op__lte=nu - timedelta(hours=uren[0]),
            incident__ontdekt_op__gte=nu - timedelta(days=7),
            ap_gemeld_op__isnull=True,
            ap_ingetrokken_op__isnull=True,
        )
        .exclude(ap_melden=False)
        .exclude(incident__status="afgesloten")
        .exclude(incident__datalek=False)
        .filter(Q(incident__persoonsgegevens=True) | Q(incident__datalek=True))
        .select_related("incident", "gemeente")
    )
    verstuurd = 0
    for betrokken in kandidaten:
        incident = betrokken.incident
        verstreken = nu - incident.ontdekt_op
        for uur in uren:
            if verstreken < timedelta(hours=uur):
                break
            if Escalatie.objects.filter(
                incident=incident, gemeente=betrokken.gemeente, uur=uur
            ).exists():
                continue
            aan = ontvangers.fg_en_ciso(betrokken.gemeente_id)
            try:
                with transaction.atomic():
                    Escalatie.objects.create(
                        incident=incident,
                        gemeente=betrokken.gemeente,
                        uur=uur,
                        verstuurd_op=nu,
                        ontvangers=[u.email for u in aan],
                    )
                    Logregel.objects.create(
                        incident=incident,
                        op=nu,
                        wie="iwerk",
                        wat=f"Escalatie {uur} uur na ontdekking aan FG en CISO van {betrokken.gemeente.naam}",
                        gegevens={"ontvangers": [u.username for u in aan]},
                    )
            except IntegrityError:
                continue  # another worker sent this one
            verstuurd += 1
            _mail(incident, betrokken.gemeente, uur, [u.email for u in aan if u.email])
    return verstuurd


def _mail(incident: Incident, gemeente, uur: int, adressen: list[str]) -> None:
    if not adressen:
        logger.warning(
            "escalation %s for %s: no FG/CISO with an e-mail address", incident.nummer, gemeente
        )
        return
    rest = MELDTERMIJN - timedelta(hours=uur)
    try:
        send_mail(
            f"[{incident.nummer}] Meldtermijn datalek: nog {int(rest.total_seconds() // 3600)} uur",
            (
                f"Het incident {incident.nummer} '{incident.titel}' is {uur} uur geleden ontdekt "
                f"({timezone.localtime(incident.ontdekt_op):%d-%m-%Y %H:%M}) en raakt gemeente "
                f"{gemeente.naam}. Er is nog niet gemeld bij de Autoriteit Persoonsgegevens en "
                "ook niet besloten om niet te melden.\n\n"
                f"Uiterste meldmoment: {timezone.localtime(incident.uiterste_meldmoment):%d-%m-%Y %H:%M}.\n"
                f"{settings.IWERK_BASE_URL}/werkplek/incidenten/{incident.uuid}/\n"
            ),
            settings.DEFAULT_FROM_EMAIL,
            adressen,
        )
    except Exception:  # the escalation row and the werkplek signal stand; mail is logged
        logger.exception("escalation mail for %s failed", incident.nummer)
