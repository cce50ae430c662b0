"""The escalations of the 72-hour clock to the FG and CISO of each gemeente a datalek concerns.

Escalations go out at IWERK_DATALEK_ESCALATIES hours after discovery (default 24, 48, 60), once
per gemeente and moment — a unique row is the proof, so several workers never send one twice —
for every gemeente whose clock runs (`selectors.klok`: the same rule as the clock on the pages).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from iwerk.core.models import Gemeente
from iwerk.incidenten.models import MELDTERMIJN, Escalatie, Incident, IncidentGemeente, Logregel
from iwerk.incidenten.selectors import klok, ontvangers

logger = logging.getLogger(__name__)


def momenten() -> list[int]:
    return sorted(settings.IWERK_DATALEK_ESCALATIES)


def escaleren(nu: datetime | None = None) -> int:
    """Send every escalation that is due and not sent yet; returns how many were sent."""
    nu = nu or timezone.now()
    uren = momenten()
    if not uren:
        return 0
    # Only incidents whose first moment has passed in the last week can be due; indexed.
    kandidaten = IncidentGemeente.objects.filter(
        klok.loopt_q(per_gemeente=True),
        incident__ontdekt_op__lte=nu - timedelta(hours=uren[0]),
        incident__ontdekt_op__gte=nu - timedelta(days=7),
    ).select_related("incident", "gemeente")
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


def _mail(incident: Incident, gemeente: Gemeente, uur: int, adressen: list[str]) -> None:
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
