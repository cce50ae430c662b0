"""Signals by e-mail, per the staff member's own choice (``Instelling.email``; ADR 0057).

A periodic job (``signaleringen-mailen``, apps.py) sends:
- to who chose *direct*: one mail per person per run with their signals not mailed yet;
- to who chose *dagelijks* (the default, also without an Instelling row): once a day, from 07:00
  local time, a digest of their unread signals since the start of yesterday not mailed yet. The
  ``Samenvatting`` row of the person and day is the proof: its unique key makes it once, also
  with several workers;
- to who chose *nooit*: nothing.

A mail names the zaak and what happened (the signal's text, never content) with a link into the
werkplek. A mail that fails is logged; nothing of it is recorded, so the next run tries again.
Signals of a zaak the person may no longer see (their role changed) are never mailed.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.signaleringen.models import Instelling, Mailvoorkeur, Samenvatting, Signalering
from iwerk.signaleringen.services.bezorgen import LEESROLLEN

logger = logging.getLogger(__name__)

SAMENVATTING_VANAF = time(7)
# Direct mail covers a day: a signal older than that (someone switched to direct) is left to
# the werkplek, not mailed late.
_DIRECT_TERUG = timedelta(days=1)


def mailen(nu: datetime | None = None) -> int:
    """The periodic job: direct mails, and from 07:00 the daily digests. Returns mails sent."""
    nu = nu or timezone.now()
    verstuurd = direct_mailen(nu)
    if timezone.localtime(nu).time() >= SAMENVATTING_VANAF:
        verstuurd += samenvattingen_mailen(nu)
    return verstuurd


def direct_mailen(nu: datetime) -> int:
    """One mail per person who chose direct, listing their signals not mailed yet."""
    direct = Instelling.objects.filter(email=Mailvoorkeur.direct).values("gebruiker_id")
    ontvangers = (
        Signalering.objects.filter(
            gemaild_op__isnull=True,
            aangemaakt_op__gte=nu - _DIRECT_TERUG,
            gebruiker_id__in=direct,
        )
        .exclude(gebruiker__email="")
        .values_list("gebruiker_id", "gebruiker__email", "gebruiker__first_name")
        .distinct()
    )
    verstuurd = 0
    for gebruiker_id, adres, voornaam in list(ontvangers):
        try:
            with transaction.atomic():
                # The person's setting row, locked: a second worker skips them this run.
                if not (
                    Instelling.objects.select_for_update(skip_locked=True)
                    .filter(gebruiker_id=gebruiker_id, email=Mailvoorkeur.direct)
                    .exists()
                ):
                    continue
                signalen = Signalering.objects.filter(
                    gebruiker_id=gebruiker_id,
                    gemaild_op__isnull=True,
                    aangemaakt_op__gte=nu - _DIRECT_TERUG,
                )
                if _versturen(gebruiker_id, adres, voornaam, signalen, nu, samenvatting=False):
                    verstuurd += 1
        except Exception:
            logger.exception("signaleringen: direct mail to user %s failed", gebruiker_id)
    return verstuurd


def samenvattingen_mailen(nu: datetime) -> int:
    """The daily digest, once per person and day, for who did not choose direct or nooit."""
    vandaag = timezone.localdate(nu)
    sinds = timezone.make_aware(datetime.combine(vandaag - timedelta(days=1), time.min))
    anders = Instelling.objects.exclude(email=Mailvoorkeur.dagelijks).values("gebruiker_id")
    al_gehad = Samenvatting.objects.filter(datum=vandaag).values("gebruiker_id")
    ontvangers = (
        Signalering.objects.filter(
            gemaild_op__isnull=True, gelezen_op__isnull=True, aangemaakt_op__gte=sinds
        )
        .exclude(gebruiker_id__in=anders)
        .exclude(gebruiker_id__in=al_gehad)
        .exclude(gebruiker__email="")
        .values_list("gebruiker_id", "gebruiker__email", "gebruiker__first_name")
        .distinct()
    )
    verstuurd = 0
    for gebruiker_id, adres, voornaam in list(ontvangers):
        try:
            with transaction.atomic():
                # The proof of today's digest, first: a second worker stops here (IntegrityError).
                samenvatting = Samenvatting.objects.create(
                    gebruiker_id=gebruiker_id, datum=vandaag, verstuurd_op=nu
                )
                signalen = Signalering.objects.filter(
                    gebruiker_id=gebruiker_id,
                    gemaild_op__isnull=True,
                    gelezen_op__isnull=True,
                    aangemaakt_op__gte=sinds,
                )
                aantal = _versturen(gebruiker_id, adres, voornaam, signalen, nu, samenvatting=True)
                samenvatting.aantal = aantal
                samenvatting.save(update_fields=["aantal"])
            if aantal:
                verstuurd += 1
        except IntegrityError:
            continue  # another worker sent today's digest
        except Exception:
            logger.exception("signaleringen: daily digest to user %s failed", gebruiker_id)
    return verstuurd


def _zichtbaar(gebruiker_id: int, signalen: list[Signalering]) -> list[Signalering]:
    """The signals whose zaak the person may still see: a role that reads zaken in its gemeente
    up to its vertrouwelijkheid. One query."""
    rang: dict[int, int] = defaultdict(lambda: -1)
    for gemeente_id, rol, maximum in Roltoewijzing.objects.filter(
        gebruiker_id=gebruiker_id, gebruiker__is_active=True
    ).values_list("gemeente_id", "rol", "max_vertrouwelijkheidaanduiding"):
        if rol in LEESROLLEN:
            rang[gemeente_id] = max(rang[gemeente_id], VERTROUWELIJKHEID_ORDER.get(maximum, -1))
    hoogste = max(VERTROUWELIJKHEID_ORDER.values())
    return [
        s
        for s in signalen
        if s.zaak is None
        or rang[s.gemeente_id]
        >= VERTROUWELIJKHEID_ORDER.get(s.zaak.vertrouwelijkheidaanduiding, hoogste)
    ]


def _versturen(
    gebruiker_id: int,
    adres: str,
    voornaam: str,
    signalen: QuerySet[Signalering],
    nu: datetime,
    *,
    samenvatting: bool,
) -> int:
    """Mail the signals (a queryset of one person's), mark them mailed; returns how many were in
    the mail. Raises what send_mail raises (the caller's transaction then keeps nothing)."""
    rijen = list(
        signalen.select_related("gemeente", "zaak")
        .only(
            "tekst",
            "url",
            "aangemaakt_op",
            "gemeente_id",
            "gemeente__naam",
            "zaak_id",
            "zaak__vertrouwelijkheidaanduiding",
        )
        .order_by("aangemaakt_op", "pk")
    )
    te_mailen = _zichtbaar(gebruiker_id, rijen)
    if te_mailen:
        send_mail(
            _onderwerp(len(te_mailen), samenvatting, nu),
            _tekst(voornaam, te_mailen, samenvatting),
            settings.DEFAULT_FROM_EMAIL,
            [adres],
        )
    # Also those not mailed because the zaak is out of sight: they are done with, not retried.
    Signalering.objects.filter(pk__in=[s.pk for s in rijen]).update(gemaild_op=nu)
    return len(te_mailen)


def _onderwerp(aantal: int, samenvatting: bool, nu: datetime) -> str:
    if samenvatting:
        return f"iwerk: uw signaleringen van {timezone.localdate(nu):%d-%m-%Y} ({aantal})"
    return "iwerk: nieuwe signalering" if aantal == 1 else f"iwerk: {aantal} nieuwe signaleringen"


def _tekst(voornaam: str, signalen: list[Signalering], samenvatting: bool) -> str:
    basis = settings.IWERK_BASE_URL.rstrip("/")
    gemeenten = {s.gemeente_id for s in signalen}
    regels = []
    for s in signalen:
        waar = f"[{s.gemeente.naam}] " if len(gemeenten) > 1 else ""
        moment = timezone.localtime(s.aangemaakt_op)
        regels.append(f"- {moment:%d-%m %H:%M} {waar}{s.tekst}")
        if s.url:
            regels.append(f"  {basis}{s.url}")
    inleiding = (
        "Dit zijn uw ongelezen signaleringen in de werkplek van de afgelopen dag:"
        if samenvatting
        else "Er is nieuw werk of nieuws voor u in de werkplek:"
    )
    aanhef = f"Beste {voornaam}," if voornaam else "Beste collega,"
    return (
        f"{aanhef}\n\n{inleiding}\n\n"
        + "\n".join(regels)
        + f"\n\nAlle signaleringen: {basis}/werkplek/signaleringen/\n"
        f"Wanneer u deze e-mail krijgt, stelt u zelf in: "
        f"{basis}/werkplek/signaleringen/instellingen/\n"
    )
