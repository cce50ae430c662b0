"""Who handles a zaak: the behandelaar rol (replaced as one change) and the team whose queue holds
it (Zaak.team; null is the gemeente's intake queue). ADR 0059."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from iwerk.catalogi.models import RolType
from iwerk.core import gebeurtenissen
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.core.choices import Vertrouwelijkheidaanduiding, vertrouwelijkheid_rank
from iwerk.medewerkers import selectors as medewerkers
from iwerk.medewerkers.models import Team
from iwerk.zaken.gebeurtenissen import ZaakTeamGewijzigd
from iwerk.zaken.models import Rol, Zaak
from iwerk.zaken.services.common import lock_for_change
from iwerk.zaken.services.rol import add_rol, delete_rol


@dataclass(frozen=True)
class Medewerker:
    identificatie: str  # the werkplek user name; at most 24 characters (ZGW medewerker)
    achternaam: str
    voorletters: str = ""
    voorvoegsel_achternaam: str = ""


def _niveau(aanduiding: str) -> str:
    return Vertrouwelijkheidaanduiding(aanduiding).label.lower()


def waarom_niet_toewijsbaar(zaak: Zaak, username: str) -> str:
    """Why the user may not be given the zaak, in Dutch; "" when they may.

    They may when a role that handles zaken (BEHANDELROLLEN) in the zaak's gemeente reaches the
    zaak's vertrouwelijkheidaanduiding: otherwise the zaak they were given would be a 404 to them.
    One query.
    """
    niveau = medewerkers.behandelniveau(zaak.tenant_id, username)
    if niveau is None:
        return (
            "Deze medewerker behandelt geen zaken in de gemeente van deze zaak en kan de zaak "
            "niet openen; kies iemand met een behandelrol in deze gemeente."
        )
    if vertrouwelijkheid_rank(niveau) < vertrouwelijkheid_rank(zaak.vertrouwelijkheidaanduiding):
        return (
            f"Deze zaak is {_niveau(zaak.vertrouwelijkheidaanduiding)}; deze medewerker mag zaken "
            f"tot en met {_niveau(niveau)} zien en kan de zaak niet openen."
        )
    return ""


@transaction.atomic
def assign(*, actor: Actor, zaak: Zaak, medewerker: Medewerker, toelichting: str = "") -> Rol:
    """Make medewerker the (only) behandelaar of zaak; earlier behandelaars are removed.

    Rules: medewerker may see the zaak (waarom_niet_toewijsbaar: a handling role in its gemeente
    up to its vertrouwelijkheid); the zaaktype has a roltype with omschrijvingGeneriek
    'behandelaar'. Every step goes through add_rol/delete_rol, so the audit trail and the
    notifications are those of the API. Assigning to the current behandelaar changes nothing.
    Raises ValidationFailed (field "medewerker" or "roltype") or PermissionDenied.
    """
    reden = waarom_niet_toewijsbaar(zaak, medewerker.identificatie)
    if reden:
        raise ValidationFailed([InvalidParam("medewerker", "geen-toegang", reden)])
    roltype = (
        RolType.objects.filter(zaaktype_id=zaak.zaaktype_id, omschrijving_generiek="behandelaar")
        .order_by("pk")
        .first()
    )
    if roltype is None:
        raise ValidationFailed(
            [
                InvalidParam(
                    "roltype",
                    "no-behandelaar",
                    "Het zaaktype kent geen roltype 'behandelaar'; toewijzen kan niet.",
                )
            ]
        )
    current = list(Rol.objects.filter(zaak=zaak, roltype__omschrijving_generiek="behandelaar"))
    if len(current) == 1 and current[0].medewerker_identificatie == medewerker.identificatie:
        return current[0]
    for rol in current:
        delete_rol(actor=actor, rol=rol)
    return add_rol(
        actor=actor,
        zaak=zaak,
        roltype=roltype,
        betrokkene_type="medewerker",
        roltoelichting=toelichting or "Behandelaar",
        betrokkene_identificatie={
            "identificatie": medewerker.identificatie,
            "achternaam": medewerker.achternaam,
            "voorletters": medewerker.voorletters,
            "voorvoegselAchternaam": medewerker.voorvoegsel_achternaam,
        },
    )


@transaction.atomic
def release(*, actor: Actor, zaak: Zaak) -> int:
    """Remove every behandelaar of zaak (through delete_rol); returns how many were removed."""
    current = list(Rol.objects.filter(zaak=zaak, roltype__omschrijving_generiek="behandelaar"))
    for rol in current:
        delete_rol(actor=actor, rol=rol)
    return len(current)


@transaction.atomic
def team_toewijzen(*, actor: Actor, zaak: Zaak, team: Team | None) -> Zaak:
    """Put the zaak in team's queue; None is the gemeente's intake queue.

    Rules: the actor may change the zaak (zaken.bijwerken up to its vertrouwelijkheid); the team
    belongs to the zaak's gemeente. Publishes ZaakTeamGewijzigd when the team changes (not a
    ZGW attribute: no audit entry or notification of its own). Returns the zaak as changed.
    Raises ValidationFailed (field "team") or PermissionDenied.
    """
    zaak = lock_for_change(actor, zaak.pk)
    if team is not None and team.gemeente_id != zaak.tenant_id:
        raise ValidationFailed(
            [InvalidParam("team", "andere-gemeente", "Het team hoort bij een andere gemeente.")]
        )
    nieuw = team.pk if team is not None else None
    vorig = zaak.team_id
    if nieuw == vorig:
        return zaak
    Zaak.objects.filter(pk=zaak.pk).update(team=nieuw)
    zaak.team_id = nieuw
    gebeurtenissen.publiceer(ZaakTeamGewijzigd(zaak.pk, nieuw, vorig))  # iwerk/verbindingen.py
    return zaak
