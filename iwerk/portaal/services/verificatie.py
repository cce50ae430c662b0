"""Proving that an e-mail address added in Mijn gegevens is the citizen's (ADR 0055).

On adding, a 6-digit code is mailed to the address (services/mail.verificatiecode, after the
commit). The code holds for GELDIG and MAX_POGINGEN wrong tries; a new one can be asked for
after OPNIEUW_NA and replaces the old. Only an HMAC of the code (keyed with SECRET_KEY and the
address's uuid) is stored: a copy of the database does not give the codes away, and a million
guesses offline need the key. Each try is counted before the code is compared, in a statement
of its own, so parallel guesses cannot exceed the limit and a wrong try stays counted.

The right code makes the address verified and standaard in the Klantinteracties register
(portaalcontact.adres_geverifieerd); only then does the berichten service write to it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from iwerk.core.models import Gemeente
from iwerk.klantinteracties.models import DigitaalAdres, Partij
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services import portaalcontact
from iwerk.portaal.models import AdresVerificatie
from iwerk.portaal.services import mail

GELDIG = timedelta(minutes=15)
MAX_POGINGEN = 5
OPNIEUW_NA = timedelta(minutes=1)
# Codes mailed per partij per clock hour, whatever the address: removing and adding an address
# again must not turn the portaal into a mail cannon (found by the outside test).
PER_UUR = 5


class CodeFout(Exception):
    """Why the code was not accepted or not sent, in Dutch for the citizen."""


def _hash(adres: DigitaalAdres, code: str) -> str:
    return salted_hmac("iwerk.portaal.verificatie", f"{adres.uuid}:{code}").hexdigest()


def code_sturen(gemeente: Gemeente, adres: DigitaalAdres) -> None:
    """A new code for adres (the earlier one no longer holds), mailed after the commit.
    Raises CodeFout when the previous code went less than OPNIEUW_NA ago."""
    nu = timezone.now()
    sleutel = f"iwerk:portaal-codes:{adres.verstrekt_door_partij_id}:{nu:%Y%m%d%H}"
    cache.add(sleutel, 0, 3600)
    if cache.incr(sleutel) > PER_UUR:
        raise CodeFout(
            f"U heeft dit uur al {PER_UUR} codes gevraagd. Probeer het over een uur opnieuw."
        )
    with transaction.atomic():
        vorige = AdresVerificatie.objects.select_for_update().filter(adres_uuid=adres.uuid).first()
        if vorige is not None and nu - vorige.verstuurd_op < OPNIEUW_NA:
            raise CodeFout(
                "U heeft net een code gekregen. Wacht een minuut voordat u een nieuwe vraagt."
            )
        code = f"{secrets.randbelow(10**6):06d}"
        AdresVerificatie.objects.update_or_create(
            adres_uuid=adres.uuid,
            defaults={
                "tenant": gemeente,
                "code_hash": _hash(adres, code),
                "verstuurd_op": nu,
                "geldig_tot": nu + GELDIG,
                "pogingen": 0,
            },
        )
        aan, minuten = adres.adres, int(GELDIG.total_seconds() // 60)
        transaction.on_commit(lambda: mail.verificatiecode(gemeente, aan, code, minuten))


def bevestigen(wie: Toegangen, partij: Partij, adres: DigitaalAdres, code: str) -> None:
    """Check the code the citizen typed; the right one verifies the address. Raises CodeFout:
    no code asked for, expired, too many tries, or wrong (saying how many tries are left)."""
    rij = AdresVerificatie.objects.filter(adres_uuid=adres.uuid).first()
    if rij is None:
        raise CodeFout("Vraag eerst een code aan.")
    if rij.geldig_tot <= timezone.now():
        raise CodeFout("De code is verlopen. Vraag een nieuwe code aan.")
    geteld = AdresVerificatie.objects.filter(pk=rij.pk, pogingen__lt=MAX_POGINGEN).update(
        pogingen=F("pogingen") + 1
    )
    if not geteld:
        raise CodeFout("U heeft te vaak een verkeerde code ingevuld. Vraag een nieuwe code aan.")
    if not constant_time_compare(rij.code_hash, _hash(adres, code.strip())):
        over = MAX_POGINGEN - rij.pogingen - 1
        if over <= 0:
            raise CodeFout("De code klopt niet. Vraag een nieuwe code aan.")
        raise CodeFout(f"De code klopt niet. U kunt het nog {over} keer proberen.")
    with transaction.atomic():
        portaalcontact.adres_geverifieerd(wie, partij, adres)
        rij.delete()


@transaction.atomic
def adres_verwijderen(wie: Toegangen, partij: Partij, adres: DigitaalAdres) -> None:
    """Remove the address from the register, and its code with it."""
    portaalcontact.adres_verwijderen(wie, partij, adres)
    AdresVerificatie.objects.filter(adres_uuid=adres.uuid).delete()
