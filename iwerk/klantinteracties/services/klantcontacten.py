"""Writes of klantcontacten, and the vertrouwelijkheid rank every reader is checked against.

The rank (ADR 0052, decision 5): a klantcontact marked `vertrouwelijk` needs at least
"vertrouwelijk"; one about a zaak of its own gemeente (an onderwerpobject with codeObjecttype
"zaak" and the zaak's uuid as objectId) needs at least the zaak's vertrouwelijkheidaanduiding.
It is recomputed here whenever one of those inputs changes (`rang_bijwerken`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from iwerk.core import audit
from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.klantinteracties.models import Klantcontact
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import (
    fout,
    gemeente_voor,
    nummer,
    vastleggen,
    verwijderd,
)
from iwerk.zaken.gebeurtenissen import ZaakGewijzigd
from iwerk.zaken.models import Zaak

ZAAK = "zaak"  # the codeObjecttype of an onderwerpobject that names a zaak …
ZAAK_CODES = frozenset({ZAAK, "zgw-zaak"})  # … and how KISS writes it ("zgw-Zaak"), any case


def noemt_zaak(code_objecttype: str) -> bool:
    return code_objecttype.strip().lower() in ZAAK_CODES


@dataclass(frozen=True)
class KlantcontactGegevens:
    """What a client writes of a klantcontact (the API's names, snake_case)."""

    kanaal: str
    onderwerp: str
    taal: str
    vertrouwelijk: bool
    nummer: str = ""
    referentienummer: str = ""
    inhoud: str = ""
    reactie: str = ""
    indicatie_contact_gelukt: bool | None = None
    hoofd_onderwerp_type: str = ""
    verdere_actie_ondernomen: bool = False
    plaatsgevonden_op: datetime | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def _nummer_vrij(gemeente_id: int, waarde: str, behalve: int | None = None) -> None:
    bezet = Klantcontact.objects.filter(tenant_id=gemeente_id, nummer=waarde)
    if behalve is not None:
        bezet = bezet.exclude(pk=behalve)
    if bezet.exists():
        raise fout("nummer", "unique", "Er bestaat al een klantcontact met dit nummer.")


def zaak_uuid(object_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(object_id)
    except ValueError:
        return None


def zaak_bestaat(gemeente_id: int, object_id: str) -> bool:
    """Whether object_id is the uuid of a zaak of the gemeente."""
    waarde = zaak_uuid(object_id)
    return waarde is not None and Zaak.objects.filter(tenant_id=gemeente_id, uuid=waarde).exists()


def rang_bijwerken(klantcontact: Klantcontact) -> None:
    """Recompute the klantcontact's vertrouwelijkheid_rang from its flag and the zaken its
    onderwerpobjecten name (only those of its own gemeente count: another gemeente's zaak is
    refused when the onderwerpobject is written)."""
    uuids = [
        u
        for u in klantcontact.onderwerpobjecten.filter(zaak_uuid__isnull=False).values_list(
            "zaak_uuid", flat=True
        )
        if u is not None
    ]
    aanduidingen = Zaak.objects.filter(
        tenant_id=klantcontact.tenant_id, uuid__in=uuids
    ).values_list("vertrouwelijkheidaanduiding", flat=True)
    rang = max((VERTROUWELIJKHEID_ORDER.get(a, 0) for a in aanduidingen), default=0)
    if klantcontact.vertrouwelijk:
        rang = max(rang, VERTROUWELIJKHEID_ORDER["vertrouwelijk"])
    if rang != klantcontact.vertrouwelijkheid_rang:
        klantcontact.vertrouwelijkheid_rang = rang
        Klantcontact.objects.filter(pk=klantcontact.pk).update(vertrouwelijkheid_rang=rang)


def _gegevens_zetten(klantcontact: Klantcontact, gegevens: KlantcontactGegevens) -> None:
    for veld in fields(KlantcontactGegevens):
        if veld.name in ("nummer", "plaatsgevonden_op"):
            continue
        setattr(klantcontact, veld.name, getattr(gegevens, veld.name))
    if gegevens.plaatsgevonden_op is not None:
        klantcontact.plaatsgevonden_op = gegevens.plaatsgevonden_op


def nieuw_klantcontact(
    wie: Toegangen, gegevens: KlantcontactGegevens, request: HttpRequest | None = None
) -> Klantcontact:
    """Create without the audit record (maak-klantcontact records it with its parts).

    Rules: `nummer` is given per gemeente when left empty, and is unique in the gemeente when
    given; `plaatsgevondenOp` is now when absent (as the reference's model default)."""
    gemeente_id = gemeente_voor(wie, request)
    if gegevens.nummer:
        _nummer_vrij(gemeente_id, gegevens.nummer)
        waarde = gegevens.nummer
    else:
        waarde = nummer(gemeente_id, "klantcontact", Klantcontact)
    klantcontact = Klantcontact(
        tenant_id=gemeente_id, nummer=waarde, plaatsgevonden_op=timezone.now()
    )
    _gegevens_zetten(klantcontact, gegevens)
    klantcontact.save()
    rang_bijwerken(klantcontact)
    return klantcontact


@transaction.atomic
def klantcontact_aanmaken(
    wie: Toegangen, gegevens: KlantcontactGegevens, request: HttpRequest | None = None
) -> Klantcontact:
    """Record a klantcontact (rules: see nieuw_klantcontact). Raises ValidationFailed."""
    klantcontact = nieuw_klantcontact(wie, gegevens, request)
    vastleggen(wie, "create", klantcontact)
    return klantcontact


@transaction.atomic
def klantcontact_bijwerken(
    wie: Toegangen, klantcontact: Klantcontact, gegevens: KlantcontactGegevens
) -> Klantcontact:
    """Change a klantcontact; a new nummer must be free in its gemeente (an emptied one gets
    the next), and a changed `vertrouwelijk` moves its rank. Raises ValidationFailed."""
    oud = audit.snapshot(klantcontact)
    if gegevens.nummer and gegevens.nummer != klantcontact.nummer:
        _nummer_vrij(klantcontact.tenant_id, gegevens.nummer, klantcontact.pk)
        klantcontact.nummer = gegevens.nummer
    elif not gegevens.nummer:
        klantcontact.nummer = nummer(klantcontact.tenant_id, "klantcontact", Klantcontact)
    _gegevens_zetten(klantcontact, gegevens)
    klantcontact.save()
    rang_bijwerken(klantcontact)
    vastleggen(wie, "update", klantcontact, oud)
    return klantcontact


@transaction.atomic
def klantcontact_verwijderen(wie: Toegangen, klantcontact: Klantcontact) -> None:
    """Remove a klantcontact with everything that is part of it (betrokkenen, onderwerpobjecten,
    bijlagen, actoren bij klantcontact, interne taken: the database cascades them)."""
    verwijderd(wie, klantcontact)
    klantcontact.delete()


def zaak_gewijzigd(gebeurtenis: ZaakGewijzigd) -> None:
    """A zaak's own fields changed (iwerk/verbindingen.py): the contacts about it take its
    vertrouwelijkheidaanduiding again, in the same transaction, so a zaak made geheim hides
    them from every caller below that level at once (ADR 0052)."""
    zaak = Zaak.objects.filter(pk=gebeurtenis.zaak_id).values_list("uuid", "tenant_id").first()
    if zaak is None:
        return
    for klantcontact in Klantcontact.objects.filter(
        tenant_id=zaak[1],
        onderwerpobjecten__zaak_uuid=zaak[0],
    ).distinct():
        rang_bijwerken(klantcontact)
