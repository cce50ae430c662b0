"""Setting a status: the first, the next, the last (closing) and reopening (zrc-007, zrc-008)."""

from __future__ import annotations

import functools
import uuid as uuid_module
from datetime import datetime

from django.core.cache import cache
from django.db import connection, connections, router, transaction
from django.db.models import Field, Max, Model
from django.utils import timezone

from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.catalogi.models import StatusType, ZaakType
from iwerk.core import audit, fastsql, gebeurtenissen, generations
from iwerk.core.api.actor import Actor
from iwerk.core.api.bronwaarden import bewaarde_uuid
from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed
from iwerk.zaken import audit as zaak_audit
from iwerk.zaken import selectors
from iwerk.zaken.gebeurtenissen import StatusGezet, ZaakGesloten, ZaakHeropend
from iwerk.zaken.models import Resultaat, Status, Zaak
from iwerk.zaken.services.archiving import derive_archiving
from iwerk.zaken.services.brondatum import brondatum_gegevens
from iwerk.zaken.services.informatieobject import documents_blocking_close
from iwerk.zaken.services.zaak import require

_AFSLUITING = ["einddatum", "archiefnominatie", "archiefactiedatum", "startdatum_bewaartermijn"]


@transaction.atomic
def set_status(
    *,
    actor: Actor,
    zaak: Zaak | uuid_module.UUID,
    statustype: StatusType,
    datum_status_gezet: datetime,
    statustoelichting: str = "",
    gezetdoor: str = "",
    uuid: uuid_module.UUID | None = None,
) -> Status:
    """Record a new status on a zaak (given as the zaak or by its uuid).

    Rules: the statustype belongs to the zaaktype (zrc-016); zaken.aanmaken may only set the
    first status, later ones need zaken.statussen.toevoegen (zrc-008); the eindstatus (highest
    volgnummer) needs a resultaat, sets einddatum (local date) and derives the archiving
    parameters (zrc-007, zrc-021); a closed zaak changes only with zaken.geforceerd-bijwerken,
    reopening it needs zaken.heropenen and clears einddatum and the archiving fields.
    The zaak row is read once, locked, so two concurrent eindstatussen cannot both close it.
    A migration write keeps the source's uuid (ADR 0063; taken: uuid-bestaat).
    Raises ValidationFailed (also for a uuid of no zaak: field zaak, bad-url) or PermissionDenied.
    """
    if timezone.is_naive(datum_status_gezet):
        # An offset-less datumStatusGezet is Dutch local time, as everywhere in the API.
        datum_status_gezet = timezone.make_aware(datum_status_gezet)
    zaak, catalogus_id = _locked(zaak)
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
    is_eind = _is_eindstatus(statustype)
    heropend = zaak.is_closed and not is_eind
    if zaak.is_closed:
        if is_eind:
            require(actor, "zaken.geforceerd-bijwerken", zaaktype, vertrouwelijkheid)
        else:
            require(actor, "zaken.heropenen", zaaktype, vertrouwelijkheid)
    elif not actor.permits(
        "zrc",
        "zaken.statussen.toevoegen",
        type_id=zaak.zaaktype_id,
        catalogus_id=catalogus_id,
        vertrouwelijkheid=vertrouwelijkheid,
    ):
        # zaken.aanmaken alone sets only the first status; whether it is, is asked only here.
        if Status.objects.filter(zaak=zaak).exists():
            require(actor, "zaken.statussen.toevoegen", zaaktype, vertrouwelijkheid)
        if not actor.permits(
            "zrc",
            "zaken.aanmaken",
            type_id=zaak.zaaktype_id,
            catalogus_id=catalogus_id,
            vertrouwelijkheid=vertrouwelijkheid,
        ):
            raise PermissionDenied(
                "Voor de eerste status is zaken.aanmaken of zaken.statussen.toevoegen nodig."
            )

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
        gegevens = brondatum_gegevens(zaak, resultaat.resultaattype)
        zaak.archiefnominatie, zaak.archiefactiedatum, zaak.startdatum_bewaartermijn = (
            derive_archiving(
                resultaat.resultaattype,
                gegevens,
                archiefnominatie=zaak.archiefnominatie,
                archiefactiedatum=zaak.archiefactiedatum,
            )
        )
        zaak.save(update_fields=_AFSLUITING)
    elif heropend:
        if zaak.hoofdzaak_einddatum is not None:  # type: ignore[attr-defined]  # the locked read's
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
        zaak.save(update_fields=_AFSLUITING)
    # A status of an open zaak that stays open changes nothing of the zaak row but its
    # huidige statustype (below): no UPDATE of the fields above.
    status = Status(
        tenant_id=zaak.tenant_id,
        zaak=zaak,
        statustype=statustype,
        datum_status_gezet=datum_status_gezet,
        statustoelichting=statustoelichting,
        gezetdoor=gezetdoor,
    )
    with bewaarde_uuid(status, uuid):
        fastsql.insert(status)  # as Status.objects.create, its INSERT written once
    laatst = _follow(zaak, status)
    audit.record(
        actor=actor,
        actie="create",
        hoofd_object=zaak,
        resource=status,
        nieuw=zaak_audit.new_status(status, laatst=laatst),
    )
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


def _locked(zaak: Zaak | uuid_module.UUID) -> tuple[Zaak, int]:
    """The zaak row, read once and locked, with its zaaktype and that zaaktype's catalogus pk.

    The zaaktype comes from the caller's zaak or from the catalogue cache (the notification's
    kenmerken and readers name it); a uuid of no zaak is a bad zaak URL.
    """
    found = selectors.zaak_by_uuid(zaak.uuid if isinstance(zaak, Zaak) else zaak, lock=True)
    if found is None:
        raise ValidationFailed.single(
            "zaak", "bad-url", "De URL verwijst niet naar een bestaande zaak."
        )
    locked, catalogus_id = found
    if isinstance(zaak, Zaak) and Zaak.zaaktype.is_cached(zaak):
        locked.zaaktype = zaak.zaaktype
    else:
        zaaktype = catalogi_selectors.type_by_uuid(ZaakType, locked.zaaktype_uuid)  # type: ignore[attr-defined]
        locked.zaaktype = zaaktype or ZaakType.objects.get(pk=locked.zaaktype_id)
    return locked, catalogus_id


def _is_eindstatus(statustype: StatusType) -> bool:
    """StatusType.is_eindstatus (the zaaktype's highest volgnummer, zrc-007), with that highest
    volgnummer from the cache of this catalogi generation within a request (as
    catalogi.selectors.type_by_uuid: every change of a statustype moves the generation)."""
    if not generations.in_request() or generations.bumped_here("catalogi"):
        return statustype.is_eindstatus
    key = f"iwerk:ztc-eindvolgnummer:{generations.current('catalogi')}:{statustype.zaaktype_id}"
    highest = cache.get(key)
    if highest is None:
        highest = StatusType.objects.filter(zaaktype_id=statustype.zaaktype_id).aggregate(
            m=Max("volgnummer")
        )["m"]
        cache.set(key, highest, timeout=3600)
    return statustype.volgnummer == highest


def _follow(zaak: Zaak, status: Status) -> bool:
    """Zaak.huidige_statustype follows a new status that is the zaak's most recent (latest
    datumStatusGezet, then highest id: the order of indicatieLaatstGezetteStatus), in one UPDATE
    that also answers whether it is. An earlier datumStatusGezet than the latest leaves it."""
    alias = router.db_for_write(Zaak)
    db = connections[alias]
    when = _DATUM.get_db_prep_value(status.datum_status_gezet, db)
    with db.cursor() as cursor:
        cursor.execute(
            _follow_sql(db.vendor), [status.statustype_id, zaak.pk, zaak.pk, when, when, status.pk]
        )
        followed = cursor.rowcount == 1
    if followed:
        zaak.huidige_statustype_id = status.statustype_id
    return followed


_DATUM = Status._meta.get_field("datum_status_gezet")


@functools.cache
def _follow_sql(vendor: str) -> str:
    """The UPDATE of _follow, written once per database (names from the models' metadata)."""
    q = connection.ops.quote_name

    def column(model: type[Model], name: str) -> str:
        field = model._meta.get_field(name)
        assert isinstance(field, Field)
        return q(str(field.column))

    zaak, status = q(Zaak._meta.db_table), q(Status._meta.db_table)
    huidige, zaak_pk = column(Zaak, "huidige_statustype"), column(Zaak, "id")
    zaak_id, datum, status_pk = column(Status, "zaak"), q(str(_DATUM.column)), column(Status, "id")
    return (
        f"UPDATE {zaak} SET {huidige} = %s WHERE {zaak_pk} = %s AND NOT EXISTS ("  # noqa: S608 - names from model metadata, values are parameters
        f"SELECT 1 FROM {status} WHERE {zaak_id} = %s "
        f"AND ({datum} > %s OR ({datum} = %s AND {status_pk} > %s)))"
    )


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
