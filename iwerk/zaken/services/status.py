"""Setting a status: the first, the next, the last (closing) and reopening (zrc-007, zrc-008)."""

from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from iwerk.catalogi.models import StatusType
from iwerk.core import audit, gebeurtenissen
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed
from iwerk.zaken.gebeurtenissen import StatusGezet, ZaakGesloten, ZaakHeropend
from iwerk.zaken.models import Resultaat, Status, Zaak
from iwerk.zaken.services.archiving import BrondatumGegevens, besluitdatums, derive_archiving
from iwerk.zaken.services.informatieobject import documents_blocking_close
from iwerk.zaken.services.zaak import require


@transaction.atomic
def set_status(
    *,
    actor: Actor,
    zaak: Zaak,
    statustype: StatusType,
    datum_status_gezet: datetime,
    statustoelichting: str = "",
    gezetdoor: str = "",
) -> Status:
    """Record a new status on a zaak.

    Rules: the statustype belongs to the zaaktype (zrc-016); zaken.aanmaken may only set the
    first status, later ones need zaken.statussen.toevoegen (zrc-008); the eindstatus (highest
    volgnummer) needs a resultaat, sets einddatum (local date) and derives the archiving
    parameters (zrc-007, zrc-021); a closed zaak changes only with zaken.geforceerd-bijwerken,
    reopening it needs zaken.heropenen and clears einddatum and the archiving fields.
    The zaak row is locked, so two concurrent eindstatussen cannot both close it.
    Raises ValidationFailed or PermissionDenied.
    """
    if timezone.is_naive(datum_status_gezet):
        # An offset-less datumStatusGezet is Dutch local time, as everywhere in the API.
        datum_status_gezet = timezone.make_aware(datum_status_gezet)
    zaak = (
        Zaak.objects.select_for_update(of=("self",))
        .select_related("zaaktype", "hoofdzaak")
        .get(pk=zaak.pk)
    )
    if statustype.zaaktype_id != zaak.zaaktype_id:
        raise ValidationFailed(
            [
                InvalidParam(
                    "statustype",
                    "zaaktype-mismatch",
                    "Het statustype hoort niet bij het zaaktype van de zaak.",
                )
            ]
        )
    zaaktype, vertrouwelijkheid = zaak.zaaktype, zaak.vertrouwelijkheidaanduiding
    is_eind = statustype.is_eindstatus
    heropend = zaak.is_closed and not is_eind
    if zaak.is_closed:
        if is_eind:
            require(actor, "zaken.geforceerd-bijwerken", zaaktype, vertrouwelijkheid)
        else:
            require(actor, "zaken.heropenen", zaaktype, vertrouwelijkheid)
    elif not Status.objects.filter(zaak=zaak).exists():
        if not (
            actor.permits(
                "zrc",
                "zaken.aanmaken",
                type_id=zaaktype.pk,
                catalogus_id=zaaktype.catalogus_id,
                vertrouwelijkheid=vertrouwelijkheid,
            )
            or actor.permits(
                "zrc",
                "zaken.statussen.toevoegen",
                type_id=zaaktype.pk,
                catalogus_id=zaaktype.catalogus_id,
                vertrouwelijkheid=vertrouwelijkheid,
            )
        ):
            raise PermissionDenied(
                "Voor de eerste status is zaken.aanmaken of zaken.statussen.toevoegen nodig."
            )
    else:
        require(actor, "zaken.statussen.toevoegen", zaaktype, vertrouwelijkheid)

    if is_eind:
        resultaat = Resultaat.objects.select_related("resultaattype").filter(zaak=zaak).first()
        if resultaat is None:
            raise ValidationFailed(
                [
                    InvalidParam(
                        "nonFieldErrors",
                        "resultaat-does-not-exist",
                        "Een zaak kan pas worden afgesloten als er een resultaat is.",
                    )
                ]
            )
        if blocking := documents_blocking_close(zaak):
            raise ValidationFailed(blocking)
        if Zaak.objects.filter(hoofdzaak=zaak, einddatum__isnull=True).exists():
            raise ValidationFailed(
                [
                    InvalidParam(
                        "nonFieldErrors",
                        "deelzaken-not-closed",
                        "Sluit eerst alle deelzaken af voordat de hoofdzaak wordt afgesloten.",
                    )
                ]
            )
        zaak.einddatum = timezone.localtime(datum_status_gezet).date()
        # The Besluiten register, above this one, answers through archiving.besluitdatums.
        ingangsdatums, vervaldatums = besluitdatums(zaak.pk)
        gegevens = BrondatumGegevens(
            einddatum=zaak.einddatum,
            hoofdzaak_einddatum=zaak.hoofdzaak.einddatum if zaak.hoofdzaak else None,
            besluit_ingangsdatums=ingangsdatums,
            besluit_vervaldatums=vervaldatums,
        )
        zaak.archiefnominatie, zaak.archiefactiedatum, zaak.startdatum_bewaartermijn = (
            derive_archiving(
                resultaat.resultaattype,
                gegevens,
                archiefnominatie=zaak.archiefnominatie,
                archiefactiedatum=zaak.archiefactiedatum,
            )
        )
    elif zaak.is_closed:
        if zaak.hoofdzaak is not None and zaak.hoofdzaak.einddatum is not None:
            raise ValidationFailed(
                [
                    InvalidParam(
                        "nonFieldErrors",
                        "hoofdzaak-closed",
                        "Een deelzaak van een afgesloten hoofdzaak kan niet heropend worden.",
                    )
                ]
            )
        # Heropenen (zrc-008): the zaak is open again and its archiving is undetermined.
        zaak.einddatum = None
        zaak.archiefnominatie = ""
        zaak.archiefactiedatum = None
        zaak.startdatum_bewaartermijn = None
    zaak.save(
        update_fields=[
            "einddatum",
            "archiefnominatie",
            "archiefactiedatum",
            "startdatum_bewaartermijn",
        ]
    )
    status = Status.objects.create(
        tenant_id=zaak.tenant_id,
        zaak=zaak,
        statustype=statustype,
        datum_status_gezet=datum_status_gezet,
        statustoelichting=statustoelichting,
        gezetdoor=gezetdoor,
    )
    audit.record(
        actor=actor,
        actie="create",
        hoofd_object=zaak,
        resource=status,
        nieuw=audit.snapshot(status),
    )
    refresh_huidige_status([zaak.pk])
    # Every consequence of this status, inside this transaction. The consumers of each event are
    # listed in iwerk/verbindingen.py:
    # - audit.record above: the audit trail and a core.audit.Change, which becomes the
    #   Notificatie "zaken / status / create" in the outbox (notificaties.services.outbox.on_change) and
    #   refreshes the zaak's search text (zaken.services.zoektekst.on_change);
    # - ZaakGesloten (eindstatus), ZaakHeropend (a status after it) or StatusGezet: the Sturing
    #   queue (sturing.services.wachtrij.zaak_veranderd: a Bijwerking, so the figures follow) and
    #   the citizen's status mail after the commit (portaal.services.mail.status_gezet).
    wat = (zaak.pk, status.pk, statustype.omschrijving, statustoelichting)
    if is_eind:
        gebeurtenissen.publiceer(ZaakGesloten(*wat, einddatum=zaak.einddatum))
    elif heropend:
        gebeurtenissen.publiceer(ZaakHeropend(*wat))
    else:
        gebeurtenissen.publiceer(StatusGezet(*wat))
    return status


# Zaak.huidige_statustype = statustype of the most recent status (datumStatusGezet, then id).
_LATEST = """
    SELECT s.zaak_id, s.statustype_id,
           ROW_NUMBER() OVER (PARTITION BY s.zaak_id ORDER BY s.datum_status_gezet DESC, s.id DESC) AS n
    FROM zaken_status s
"""
# Fixed SQL; {where} only ever receives a list of placeholders.
REFRESH_HUIDIGE_STATUS_SQL = (
    "UPDATE zaken_zaak SET huidige_statustype_id = latest.statustype_id FROM ("  # noqa: S608
    + _LATEST
    + "{where}) latest WHERE latest.zaak_id = zaken_zaak.id AND latest.n = 1"
)


def refresh_huidige_status(zaak_ids: list[int] | None = None) -> None:
    """Recompute Zaak.huidige_statustype for these zaken, or (bulk loads) for all, set-based."""
    with connection.cursor() as cursor:
        if zaak_ids is None:
            cursor.execute(REFRESH_HUIDIGE_STATUS_SQL.format(where=""))
            return
        ids = list(zaak_ids)
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            where = " WHERE s.zaak_id IN (" + ", ".join(["%s"] * len(chunk)) + ")"
            cursor.execute(REFRESH_HUIDIGE_STATUS_SQL.format(where=where), chunk)
