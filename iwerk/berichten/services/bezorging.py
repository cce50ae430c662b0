"""Delivering Berichten: claim due ones, send each through its provider, record the outcome.

Exactly once, per (event, channel), in four steps (ADR 0053):
1. the Bericht was stored with the event, under a unique `sleutel`;
2. a worker claims it in a short transaction (a lease, `geclaimd_tot`), and right before it
   calls the provider for *this* message sets `in_verzending`, committed on its own (the
   provider is called outside any transaction); the rest of the batch is not in doubt when
   the worker dies, so an e-mail it never reached is sent later, not parked;
3. the outcome, and on a final one the klantcontact (terugmelding), commit together, clearing
   `in_verzending`;
4. a Bericht claimed again while `in_verzending` is still set lost its worker between 2 and 3:
   the provider is asked by reference (the Bericht's uuid) first; what it has is recorded as
   sent, not sent again. SMTP cannot be asked: such an e-mail is parked for beheer to decide.

Failures: a wrong address is never sent and parked with its reason; a provider that is down
is retried with exponential backoff and parked after IWERK_BERICHTEN_MAX_POGINGEN attempts.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from iwerk.berichten.models import Bericht, Kanaal
from iwerk.berichten.services import providers, terugmelding
from iwerk.berichten.services.providers import BLIJVEND, TIJDELIJK, VERZONDEN, Uitslag

logger = logging.getLogger(__name__)
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"


def _instelling(naam: str, standaard: int) -> int:
    return int(getattr(settings, naam, standaard))


def max_pogingen() -> int:
    return _instelling("IWERK_BERICHTEN_MAX_POGINGEN", 6)


def backoff(pogingen: int) -> timedelta:
    """Exponential: base, 2×base, 4×base … capped at six hours."""
    seconden = _instelling("IWERK_BERICHTEN_BACKOFF", 30) * (2 ** max(pogingen - 1, 0))
    return timedelta(seconds=min(seconden, 6 * 3600))


_TELEFOON = re.compile(r"^\+[1-9]\d{7,14}$")


def telefoonnummer(adres: str) -> str | None:
    """The number as +31612345678, or None when it is no mobile number (sms needs one): Dutch
    numbers must be 06-numbers; others in international form (+ and country code)."""
    kaal = re.sub(r"[\s\-().]", "", adres)
    if kaal.startswith("00"):
        kaal = "+" + kaal[2:]
    elif kaal.startswith("0"):
        kaal = "+31" + kaal[1:]
    if not _TELEFOON.match(kaal):
        return None
    if kaal.startswith("+31") and not re.match(r"^\+316\d{8}$", kaal):
        return None
    return kaal


def adresfout(bericht: Bericht) -> str:
    """Why the address cannot receive this message (Dutch), or "" when it can."""
    if bericht.kanaal == Kanaal.email:
        try:
            validate_email(bericht.adres)
        except ValidationError:
            return f"'{bericht.adres}' is geen geldig e-mailadres; niet verzonden."
    if bericht.kanaal == Kanaal.sms and telefoonnummer(bericht.adres) is None:
        return f"'{bericht.adres}' is geen mobiel telefoonnummer; niet verzonden."
    return ""


def claim(limit: int = 20, worker: str = WORKER_ID) -> list[Bericht]:
    """Take a lease on due Berichten (SKIP LOCKED where the database has it), in a transaction
    of its own; returns them with `_onderbroken` set on those still in_verzending (a worker
    died while sending them). `in_verzending` is set per message in `bezorg`, just before the
    send: a batch's later messages were never in the hands of a worker that dies early."""
    nu = timezone.now()
    with transaction.atomic():
        due = (
            Bericht.objects.filter(status=Bericht.Status.wachtend, volgende_poging__lte=nu)
            .filter(Q(geclaimd_tot__isnull=True) | Q(geclaimd_tot__lte=nu))
            .order_by("volgende_poging", "pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        rijen = list(due.values_list("pk", "in_verzending")[:limit])
        lease = timedelta(seconds=_instelling("IWERK_BERICHTEN_LEASE", 300))
        Bericht.objects.filter(pk__in=[pk for pk, _ in rijen]).update(
            geclaimd_tot=nu + lease, geclaimd_door=worker
        )
    onderbroken = {pk for pk, bezig in rijen if bezig}
    berichten = list(
        Bericht.objects.filter(pk__in=[pk for pk, _ in rijen], geclaimd_door=worker).order_by("pk")
    )
    for bericht in berichten:
        bericht._onderbroken = bericht.pk in onderbroken  # type: ignore[attr-defined]
    return berichten


def bezorg(bericht: Bericht, worker: str = WORKER_ID) -> tuple[str, Uitslag]:
    """Send one claimed Bericht (no transaction open): (provider name, outcome)."""
    provider = providers.provider_voor(bericht.kanaal)
    fout = adresfout(bericht)
    if fout:
        return provider.naam, Uitslag(BLIJVEND, fout=fout)
    if getattr(bericht, "_onderbroken", False) or bericht.pogingen:
        # Sent before and not recorded (a crash), or failed before (perhaps only its answer
        # got lost): the provider says whether it has it.
        try:
            gevonden = provider.zoek(bericht)
        except providers.NietNaTeGaan:
            gevonden = None
            if getattr(bericht, "_onderbroken", False):
                return provider.naam, Uitslag(
                    BLIJVEND,
                    fout="Verzending onderbroken en bij de provider niet na te gaan; "
                    "niet opnieuw verzonden. Controleer en verstuur zo nodig opnieuw.",
                )
        if gevonden is not None:
            return provider.naam, gevonden
    # From here until `vastleggen` the message may be at the provider: a later claim finds it
    # in doubt. No row: the lease went to another worker meanwhile, which sends it.
    if not Bericht.objects.filter(pk=bericht.pk, geclaimd_door=worker).update(in_verzending=True):
        return provider.naam, Uitslag(TIJDELIJK, fout="Claim verlopen; niet verzonden.")
    if bericht.kanaal == Kanaal.sms:
        bericht.adres = telefoonnummer(bericht.adres) or bericht.adres
    return provider.naam, provider.verstuur(bericht)


@transaction.atomic
def vastleggen(bericht: Bericht, provider: str, uitslag: Uitslag, worker: str = WORKER_ID) -> bool:
    """Record the outcome of one attempt and, when final, the klantcontact; False when the
    lease was lost to another worker meanwhile (that one records it)."""
    nu = timezone.now()
    rij = (
        Bericht.objects.select_for_update()
        .filter(pk=bericht.pk, geclaimd_door=worker, status=Bericht.Status.wachtend)
        .first()
    )
    if rij is None:
        return False
    rij.pogingen += 1
    rij.provider = provider
    rij.geclaimd_tot, rij.geclaimd_door, rij.in_verzending = None, "", False
    if uitslag.status == VERZONDEN:
        rij.status, rij.verzonden_op = Bericht.Status.verzonden, nu
        rij.provider_referentie, rij.laatste_fout = uitslag.referentie[:100], ""
    else:
        rij.laatste_fout = uitslag.fout[:500]
        if uitslag.status == BLIJVEND or rij.pogingen >= max_pogingen():
            rij.status = Bericht.Status.geparkeerd
        else:
            rij.volgende_poging = nu + backoff(rij.pogingen)
    if rij.status != Bericht.Status.wachtend:
        klantcontact = terugmelding.bericht_vastgelegd(
            gemeente_id=rij.tenant_id,
            kanaal=rij.kanaal,
            onderwerp=rij.onderwerp or rij.tekst[:200],
            inhoud=rij.tekst if not rij.laatste_fout else f"{rij.tekst}\n\n{rij.laatste_fout}",
            gelukt=rij.status == Bericht.Status.verzonden,
            zaak_uuid=rij.zaak_uuid,
            partij_uuid=rij.partij_uuid,
            plaatsgevonden_op=nu,
            vertrouwelijkheid_rang=rij.vertrouwelijkheid_rang,
        )
        rij.klantcontact_uuid = klantcontact.uuid
    rij.save()
    return True


def run_once(limit: int = 20) -> int:
    """Claim and deliver one batch; the number attempted. Each outcome commits on its own, so
    a crash loses at most the record of the message in hand (recovered by step 4 above)."""
    batch = claim(limit)
    for bericht in batch:
        try:
            provider, uitslag = bezorg(bericht)
        except Exception as e:  # a provider bug must not stop the batch; retried with backoff
            logger.exception("bericht %s: versturen mislukt", bericht.pk)
            provider, uitslag = "", Uitslag(TIJDELIJK, fout=f"Interne fout ({type(e).__name__}).")
        vastleggen(bericht, provider, uitslag)
    return len(batch)


def run_due() -> int:
    """The worker's periodic job (apps.py): deliver until nothing is due, in batches."""
    totaal = 0
    while (gedaan := run_once()) > 0:
        totaal += gedaan
        if totaal >= 500:  # leave the worker loop time for its other jobs
            break
    return totaal


def opnieuw(bericht_ids: Iterable[int]) -> int:
    """Beheer sends parked Berichten again from now (an address corrected, a provider back)."""
    return (
        Bericht.objects.filter(pk__in=list(bericht_ids), status=Bericht.Status.geparkeerd)
        .exclude(kanaal=Kanaal.mijn_zaken)
        .update(
            status=Bericht.Status.wachtend,
            pogingen=0,
            volgende_poging=timezone.now(),
            geclaimd_tot=None,
            geclaimd_door="",
            in_verzending=False,
        )
    )
