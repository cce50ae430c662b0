"""Betrokkenen of a zaak (rollen): who asked, who handles, who decides."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db import connection, transaction

from iwerk.catalogi.models import RolType
from iwerk.core import audit, gebeurtenissen
from iwerk.core.api.actor import Actor
from iwerk.core.api.bronwaarden import bewaarde_uuid, herschrijf_datums
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.zaken.gebeurtenissen import RolGewijzigd
from iwerk.zaken.models import Rol, Zaak
from iwerk.zaken.services.common import delete_part, lock_for_change


@transaction.atomic
def add_rol(
    *,
    actor: Actor,
    zaak: Zaak,
    roltype: RolType,
    betrokkene_type: str,
    betrokkene: str = "",
    betrokkene_identificatie: dict | None = None,
    roltoelichting: str = "",
    indicatie_machtiging: str = "",
    afwijkende_naam_betrokkene: str = "",
    contactpersoon_rol: dict | None = None,
    uuid: UUID | None = None,
    registratiedatum: datetime | None = None,
) -> Rol:
    """Add a betrokkene; the roltype belongs to the zaaktype (zrc-019), a closed zaak needs the forced scope.

    The identifying numbers (BSN, KvK, medewerker) are copied into indexed columns so that
    "my cases" in the portaal and search in the werkplek never scan JSON. A migration write
    keeps the source's uuid (taken: uuid-bestaat) and registratiedatum (ADR 0063).
    """
    zaak = lock_for_change(actor, zaak.pk)
    if roltype.zaaktype_id != zaak.zaaktype_id:
        raise ValidationFailed(
            [
                InvalidParam(
                    "roltype",
                    "zaaktype-mismatch",
                    "Het roltype hoort niet bij het zaaktype van de zaak.",
                )
            ]
        )
    if not betrokkene and not betrokkene_identificatie:
        raise ValidationFailed(
            [
                InvalidParam(
                    "nonFieldErrors",
                    "invalid-betrokkene",
                    "Geef een betrokkene (URL) of een betrokkeneIdentificatie op.",
                )
            ]
        )
    ident = betrokkene_identificatie or {}
    rol = Rol(
        tenant_id=zaak.tenant_id,
        zaak=zaak,
        roltype=roltype,
        betrokkene_type=betrokkene_type,
        betrokkene=betrokkene,
        betrokkene_identificatie=betrokkene_identificatie,
        roltoelichting=roltoelichting,
        indicatie_machtiging=indicatie_machtiging,
        afwijkende_naam_betrokkene=afwijkende_naam_betrokkene,
        contactpersoon_rol=contactpersoon_rol,
        bsn=ident.get("inpBsn", "") if betrokkene_type == "natuurlijk_persoon" else "",
        kvk_nummer=ident.get("kvkNummer", "") if betrokkene_type == "vestiging" else "",
        medewerker_identificatie=ident.get("identificatie", "")
        if betrokkene_type == "medewerker"
        else "",
    )
    with bewaarde_uuid(rol, uuid):
        rol.save(force_insert=True)
    herschrijf_datums(rol, registratiedatum=registratiedatum)
    audit.record(
        actor=actor, actie="create", hoofd_object=zaak, resource=rol, nieuw=audit.snapshot(rol)
    )
    if roltype.omschrijving_generiek == "behandelaar":
        refresh_behandelaar([zaak.pk])
    gebeurtenissen.publiceer(RolGewijzigd(zaak.pk, "create"))  # see iwerk/verbindingen.py
    return rol


@transaction.atomic
def delete_rol(*, actor: Actor, rol: Rol) -> None:
    delete_part(actor=actor, obj=rol, zaak_id=rol.zaak_id)
    if rol.roltype.omschrijving_generiek == "behandelaar":
        refresh_behandelaar([rol.zaak_id])
    gebeurtenissen.publiceer(RolGewijzigd(rol.zaak_id, "destroy"))  # see iwerk/verbindingen.py


# Zaak.behandelaar = the medewerker of the most recent behandelaar rol, "" without one.
REFRESH_BEHANDELAAR_SQL = """
UPDATE zaken_zaak SET behandelaar = COALESCE((
    SELECT r.medewerker_identificatie FROM zaken_rol r
    JOIN catalogi_roltype t ON t.id = r.roltype_id
    WHERE r.zaak_id = zaken_zaak.id AND r.betrokkene_type = 'medewerker'
      AND t.omschrijving_generiek = 'behandelaar'
    ORDER BY r.registratiedatum DESC, r.id DESC LIMIT 1
), '')
"""


# The same, set-based, for every zaak with a behandelaar rol at once (bulk loads, the migration):
# one pass over the rollen instead of a subquery per zaak.
REFRESH_ALL_SQL = """
UPDATE zaken_zaak SET behandelaar = latest.medewerker FROM (
    SELECT r.zaak_id, r.medewerker_identificatie AS medewerker,
           ROW_NUMBER() OVER (PARTITION BY r.zaak_id ORDER BY r.registratiedatum DESC, r.id DESC) AS n
    FROM zaken_rol r JOIN catalogi_roltype t ON t.id = r.roltype_id
    WHERE r.betrokkene_type = 'medewerker' AND t.omschrijving_generiek = 'behandelaar'
) latest
WHERE latest.zaak_id = zaken_zaak.id AND latest.n = 1
"""


def refresh_behandelaar(zaak_ids: list[int] | None = None) -> None:
    """Recompute Zaak.behandelaar from the rollen: for these zaken, or (bulk loads) for every
    zaak that has a behandelaar rol."""
    with connection.cursor() as cursor:
        if zaak_ids is None:
            cursor.execute(REFRESH_ALL_SQL)
            return
        ids = list(zaak_ids)
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                REFRESH_BEHANDELAAR_SQL + f" WHERE id IN ({placeholders})",  # noqa: S608 - placeholders only
                chunk,
            )
