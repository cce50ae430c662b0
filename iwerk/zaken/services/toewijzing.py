"""Assigning a zaak to a medewerker: the behandelaar rol, replaced as one change."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from iwerk.catalogi.models import RolType
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.zaken.models import Rol, Zaak
from iwerk.zaken.services.rol import add_rol, delete_rol


@dataclass(frozen=True)
class Medewerker:
    identificatie: str  # the werkplek user name; at most 24 characters (ZGW medewerker)
    achternaam: str
    voorletters: str = ""
    voorvoegsel_achternaam: str = ""


@transaction.atomic
def assign(*, actor: Actor, zaak: Zaak, medewerker: Medewerker, toelichting: str = "") -> Rol:
    """Make medewerker the (only) behandelaar of zaak; earlier behandelaars are removed.

    Uses the roltype with omschrijvingGeneriek 'behandelaar' of the zaaktype; a zaaktype
    without one cannot be assigned. Every step goes through add_rol/delete_rol, so the audit
    trail and the notifications are those of the API. Assigning to the current behandelaar
    changes nothing.
    """
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
