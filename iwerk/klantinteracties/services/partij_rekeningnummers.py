"""Writes of rekeningnummers and vertegenwoordigingen: what a partij has beside its identity.

Rules:
- an IBAN passes the ISO 13616 check (letters as numbers, the rearranged number mod 97 is 1);
  a BIC (ISO 9362) has 8 or 11 characters and no spaces;
- a rekeningnummer that leaves its partij (or is removed) stops being that partij's
  voorkeursRekeningnummer, so the voorkeur is always one of the partij's own;
- a vertegenwoordiging links two partijen of one gemeente, not a partij to itself, and each pair
  once (the reference's unique_together and clean()).
"""

from __future__ import annotations

import re
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest

from iwerk.core import audit
from iwerk.klantinteracties.models import Partij, Rekeningnummer, Vertegenwoordiging
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import (
    fout,
    gemeente_voor,
    vastleggen,
    verwijderd,
    verwijzing,
)

_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$")


def iban_geldig(iban: str) -> bool:
    """ISO 13616: the first four characters moved to the end, letters read as 10..35, the
    number mod 97 is 1."""
    kaal = iban.upper()
    if not _IBAN.match(kaal):
        return False
    cijfers = "".join(str(int(c, 36)) for c in kaal[4:] + kaal[:4])
    return int(cijfers) % 97 == 1


def _controleer(iban: str, bic: str) -> None:
    if not iban_geldig(iban):
        raise fout("iban", "invalid", "Dit is geen geldig IBAN (het controlegetal klopt niet).")
    if bic and (len(bic) not in (8, 11) or any(c.isspace() for c in bic)):
        raise fout("bic", "invalid", "Een BIC bestaat uit 8 of 11 tekens, zonder spaties.")


def _voorkeur_vervalt(
    wie: Toegangen, rekeningnummer: Rekeningnummer, partij_id: int | None
) -> None:
    """The partij no longer has this rekeningnummer: neither as its voorkeur (recorded)."""
    partijen = Partij.objects.filter(voorkeurs_rekeningnummer=rekeningnummer)
    if partij_id is not None:
        partijen = partijen.exclude(pk=partij_id)
    for partij in partijen:
        oud = audit.snapshot(partij)
        partij.voorkeurs_rekeningnummer = None
        partij.save(update_fields=["voorkeurs_rekeningnummer"])
        vastleggen(wie, "update", partij, oud)


@transaction.atomic
def rekeningnummer_aanmaken(
    wie: Toegangen,
    *,
    iban: str,
    bic: str = "",
    partij: UUID | None = None,
    request: HttpRequest | None = None,
) -> Rekeningnummer:
    """A new rekeningnummer, in the gemeente of its partij. Raises ValidationFailed."""
    eigenaar = verwijzing(wie, Partij, partij, "partij")
    _controleer(iban, bic)
    obj = Rekeningnummer.objects.create(
        tenant_id=gemeente_voor(wie, request, eigenaar), partij=eigenaar, iban=iban, bic=bic
    )
    vastleggen(wie, "create", obj)
    return obj


@transaction.atomic
def rekeningnummer_bijwerken(
    wie: Toegangen, obj: Rekeningnummer, *, iban: str, bic: str = "", partij: UUID | None = None
) -> Rekeningnummer:
    """Change a rekeningnummer; its partij stays within its gemeente. Raises ValidationFailed."""
    eigenaar = verwijzing(wie, Partij, partij, "partij", gemeente_id=obj.tenant_id)
    _controleer(iban, bic)
    oud = audit.snapshot(obj)
    obj.partij, obj.iban, obj.bic = eigenaar, iban, bic
    obj.save()
    _voorkeur_vervalt(wie, obj, eigenaar.pk if eigenaar is not None else None)
    vastleggen(wie, "update", obj, oud)
    return obj


@transaction.atomic
def rekeningnummer_verwijderen(wie: Toegangen, obj: Rekeningnummer) -> None:
    _voorkeur_vervalt(wie, obj, None)
    verwijderd(wie, obj)
    obj.delete()


def _partijen(
    wie: Toegangen, vertegenwoordigende: UUID, vertegenwoordigde: UUID, gemeente_id: int | None
) -> tuple[Partij, Partij]:
    door = verwijzing(
        wie, Partij, vertegenwoordigende, "vertegenwoordigendePartij", gemeente_id=gemeente_id
    )
    voor = verwijzing(
        wie, Partij, vertegenwoordigde, "vertegenwoordigdePartij", gemeente_id=gemeente_id
    )
    assert door is not None and voor is not None  # both required by the schema
    if door.pk == voor.pk:
        raise fout(
            "vertegenwoordigdePartij", "invalid", "Een partij kan niet zichzelf vertegenwoordigen."
        )
    return door, voor


def _uniek(door: Partij, voor: Partij, obj: Vertegenwoordiging | None) -> None:
    dubbel = Vertegenwoordiging.objects.filter(
        vertegenwoordigende_partij=door, vertegenwoordigde_partij=voor
    )
    if obj is not None:
        dubbel = dubbel.exclude(pk=obj.pk)
    if dubbel.exists():
        raise fout(
            "nonFieldErrors",
            "unique",
            "Deze partij vertegenwoordigt die andere partij al (de combinatie moet uniek zijn).",
        )


@transaction.atomic
def vertegenwoordiging_aanmaken(
    wie: Toegangen,
    *,
    vertegenwoordigende: UUID,
    vertegenwoordigde: UUID,
    request: HttpRequest | None = None,
) -> Vertegenwoordiging:
    """One partij acts for another, both of one gemeente. Raises ValidationFailed."""
    door, voor = _partijen(wie, vertegenwoordigende, vertegenwoordigde, None)
    gemeente_id = gemeente_voor(wie, request, door, voor)
    _uniek(door, voor, None)
    obj = Vertegenwoordiging.objects.create(
        tenant_id=gemeente_id, vertegenwoordigende_partij=door, vertegenwoordigde_partij=voor
    )
    vastleggen(wie, "create", obj)
    return obj


@transaction.atomic
def vertegenwoordiging_bijwerken(
    wie: Toegangen, obj: Vertegenwoordiging, *, vertegenwoordigende: UUID, vertegenwoordigde: UUID
) -> Vertegenwoordiging:
    door, voor = _partijen(wie, vertegenwoordigende, vertegenwoordigde, obj.tenant_id)
    _uniek(door, voor, obj)
    oud = audit.snapshot(obj)
    obj.vertegenwoordigende_partij, obj.vertegenwoordigde_partij = door, voor
    obj.save()
    vastleggen(wie, "update", obj, oud)
    return obj


@transaction.atomic
def vertegenwoordiging_verwijderen(wie: Toegangen, obj: Vertegenwoordiging) -> None:
    verwijderd(wie, obj)
    obj.delete()
