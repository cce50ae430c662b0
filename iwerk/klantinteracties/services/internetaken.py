"""Writes of interne taken: the work a klantcontact led to (a call-back, a contactverzoek), for
one or more actoren of the same gemeente.

Rules (ADR 0052 and the reference implementation):
- the aanleidinggevend klantcontact is required, visible to the caller (its gemeente and up to
  its vertrouwelijkheid) and decides the taak's gemeente; every actor is of that gemeente;
- without a nummer the taak gets the next one of its gemeente;
- afgehandeldOp belongs to a verwerkte taak: it is set to now when the taak becomes verwerkt
  without one, cleared when it is reopened, and a caller may not give one to a taak that is
  te_verwerken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from iwerk.core import audit
from iwerk.klantinteracties.models import Actor, InterneTaak, Klantcontact, TaakStatus
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import (
    fout,
    gemeente_voor,
    nummer,
    vastleggen,
    verwijderd,
    verwijzing,
)

KLANTCONTACT_RANG = "vertrouwelijkheid_rang"


@dataclass(frozen=True)
class InterneTaakGegevens:
    """An interne taak as a caller describes it.

    actoren: the uuids of the actoren it is assigned to, in order (the first is the API's
    deprecated toegewezenAanActor); None leaves the assignment as it is.
    afgehandeld_op: a moment the caller names; None lets the status decide.
    """

    gevraagde_handeling: str
    aanleidinggevend_klantcontact: UUID
    status: str = TaakStatus.te_verwerken
    actoren: Sequence[UUID] | None = None
    nummer: str = ""
    referentienummer: str = ""
    toelichting: str = ""
    afgehandeld_op: datetime | None = None


def _actoren(wie: Toegangen, uuids: Sequence[UUID], gemeente_id: int, veld: str) -> list[Actor]:
    gezien: dict[UUID, Actor] = {}
    for index, uuid in enumerate(uuids):
        if uuid in gezien:
            continue
        naam = veld if veld.endswith("Actor") else f"{veld}.{index}"
        actor = verwijzing(wie, Actor, uuid, f"{naam}.uuid", gemeente_id=gemeente_id)
        assert actor is not None
        gezien[uuid] = actor
    return list(gezien.values())


def _toewijzen(taak: InterneTaak, actoren: list[Actor]) -> None:
    """Assign in the caller's order: the through rows' ids keep it (RelatedManager.add would
    insert from a set), and the first is the API's toegewezenAanActor."""
    through = InterneTaak.actoren.through
    through.objects.bulk_create([through(internetaak=taak, actor=actor) for actor in actoren])


def _afhandeling(taak: InterneTaak, status: str, gevraagd: datetime | None) -> None:
    if gevraagd is not None and status != TaakStatus.verwerkt:
        raise fout(
            "afgehandeldOp",
            "invalid",
            "De interne taak kan geen afgehandeldOp bevatten als de status niet 'verwerkt' is.",
        )
    taak.status = status
    if status == TaakStatus.verwerkt:
        taak.afgehandeld_op = gevraagd or taak.afgehandeld_op or timezone.now()
    else:
        taak.afgehandeld_op = None


def _zet(
    wie: Toegangen, taak: InterneTaak, g: InterneTaakGegevens, klantcontact: Klantcontact
) -> None:
    taak.aanleidinggevend_klantcontact = klantcontact
    taak.gevraagde_handeling = g.gevraagde_handeling
    taak.referentienummer = g.referentienummer
    taak.toelichting = g.toelichting
    taak.nummer = g.nummer or taak.nummer or nummer(taak.tenant_id, "internetaak", InterneTaak)
    _afhandeling(taak, g.status, g.afgehandeld_op)


@transaction.atomic
def interne_taak_aanmaken(
    wie: Toegangen,
    gegevens: InterneTaakGegevens,
    request: HttpRequest | None = None,
    *,
    actoren_veld: str = "toegewezenAanActoren",
) -> InterneTaak:
    """A new interne taak in the gemeente of its klantcontact. Raises a 400 for a klantcontact
    the caller cannot see, an actor of another gemeente, or afgehandeldOp on an open taak."""
    klantcontact = verwijzing(
        wie,
        Klantcontact,
        gegevens.aanleidinggevend_klantcontact,
        "aanleidinggevendKlantcontact.uuid",
        rang=KLANTCONTACT_RANG,
    )
    assert klantcontact is not None
    taak = InterneTaak(tenant_id=gemeente_voor(wie, request, klantcontact))
    actoren = _actoren(wie, gegevens.actoren or (), taak.tenant_id, actoren_veld)
    _zet(wie, taak, gegevens, klantcontact)
    taak.save()
    _toewijzen(taak, actoren)
    vastleggen(wie, "create", taak)
    return taak


@transaction.atomic
def interne_taak_bijwerken(
    wie: Toegangen,
    taak: InterneTaak,
    gegevens: InterneTaakGegevens,
    *,
    actoren_veld: str = "toegewezenAanActoren",
) -> InterneTaak:
    """Change an interne taak; the same rules as aanmaken, within the taak's gemeente."""
    oud = audit.snapshot(taak)
    klantcontact = verwijzing(
        wie,
        Klantcontact,
        gegevens.aanleidinggevend_klantcontact,
        "aanleidinggevendKlantcontact.uuid",
        rang=KLANTCONTACT_RANG,
        gemeente_id=taak.tenant_id,
    )
    assert klantcontact is not None
    actoren = None
    if gegevens.actoren is not None:
        actoren = _actoren(wie, gegevens.actoren, taak.tenant_id, actoren_veld)
    _zet(wie, taak, gegevens, klantcontact)
    taak.save()
    if actoren is not None:
        taak.actoren.clear()
        _toewijzen(taak, actoren)
    vastleggen(wie, "update", taak, oud)
    return taak


@transaction.atomic
def interne_taak_verwijderen(wie: Toegangen, taak: InterneTaak) -> None:
    verwijderd(wie, taak)
    taak.delete()
