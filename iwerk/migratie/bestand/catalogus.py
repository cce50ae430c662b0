"""What the checks read from iwerk, in bulk: the gemeente's catalogue and the zaken and documents
that already hold an identificatie of the file.

A fixed number of queries however long the file is (the dry run of a file of 1,000 zaken costs
what one of ten costs: iwerk/migratie/tests/test_bestand_controle.py pins it). Only the target
gemeente's catalogue is read, so a zaaktype of another gemeente is unknown here.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from iwerk.catalogi.models import (
    InformatieObjectType,
    ResultaatType,
    RolType,
    StatusType,
    ZaakType,
    ZaakTypeInformatieObjectType,
)
from iwerk.core.models import AuditTrail, Gemeente
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.migratie.actor import NAAM
from iwerk.zaken.models import Zaak

# How the import names itself in the audit trail (the migrating actor's toelichting): a zaak
# created with it is one this import wrote, so a second run skips it instead of refusing it.
TOELICHTING = "Bestandsimport"
_BLOK = 5000  # identificaties per query: one query for any realistic file, bounded for huge ones


@dataclass
class Catalogusindex:
    """The gemeente's catalogue, by the names the file uses (case-insensitive)."""

    zaaktypen: dict[str, list[ZaakType]] = field(default_factory=dict)  # identificatie
    statustypen: dict[int, list[StatusType]] = field(default_factory=dict)  # by volgnummer
    roltypen: dict[int, list[RolType]] = field(default_factory=dict)
    resultaattypen: dict[int, list[ResultaatType]] = field(default_factory=dict)
    # (catalogus pk, omschrijving) -> every version of that informatieobjecttype
    informatieobjecttypen: dict[tuple[int, str], list[InformatieObjectType]] = field(
        default_factory=dict
    )
    # zaaktype pk -> the omschrijvingen of its informatieobjecttypen (ZaakTypeInformatieObjectType)
    documenttypen: dict[int, dict[str, str]] = field(default_factory=dict)


def laad_catalogus(gemeente: Gemeente) -> Catalogusindex:
    """Every type of the gemeente's catalogi that a row can name: six queries."""
    index = Catalogusindex()
    zaaktypen = list(ZaakType.objects.filter(tenant=gemeente).order_by("datum_begin_geldigheid"))
    for zaaktype in zaaktypen:
        index.zaaktypen.setdefault(zaaktype.identificatie.casefold(), []).append(zaaktype)
    pks = [z.pk for z in zaaktypen]
    for model, doel in (
        (StatusType, index.statustypen),
        (RolType, index.roltypen),
        (ResultaatType, index.resultaattypen),
    ):
        groepen: dict[int, list] = defaultdict(list)
        for obj in model.objects.filter(tenant=gemeente, zaaktype_id__in=pks).order_by("pk"):
            groepen[obj.zaaktype_id].append(obj)
        doel.update(groepen)
    for zaaktype_id, lijst in index.statustypen.items():
        index.statustypen[zaaktype_id] = sorted(lijst, key=lambda s: s.volgnummer)
    for iot in InformatieObjectType.objects.filter(tenant=gemeente).order_by(
        "datum_begin_geldigheid"
    ):
        index.informatieobjecttypen.setdefault(
            (iot.catalogus_id, iot.omschrijving.casefold()), []
        ).append(iot)
    for zaaktype_id, omschrijving in ZaakTypeInformatieObjectType.objects.filter(
        tenant=gemeente, zaaktype_id__in=pks
    ).values_list("zaaktype_id", "informatieobjecttype_omschrijving"):
        index.documenttypen.setdefault(zaaktype_id, {})[omschrijving.casefold()] = omschrijving
    return index


@dataclass(frozen=True)
class Bestaand:
    """A zaak already in iwerk under an identificatie the file uses."""

    pk: int
    tenant_id: int
    hoofdzaak_id: int | None
    zaaktype: str  # its zaaktype's identificatie
    uit_bestand: bool  # created by this import (an earlier run)


def bestaande_zaken(gemeente: Gemeente, identificaties: set[str]) -> dict[str, Bestaand]:
    """The zaken with these identificaties of the gemeente's bronorganisatie (the register's
    uniqueness key), and whether an earlier run of this import created them."""
    rijen: list[tuple[int, uuid.UUID, str, int, int | None, str]] = []
    lijst = sorted(i for i in identificaties if i)
    for begin in range(0, len(lijst), _BLOK):
        rijen += Zaak.objects.filter(
            bronorganisatie=gemeente.rsin, identificatie__in=lijst[begin : begin + _BLOK]
        ).values_list(
            "pk", "uuid", "identificatie", "tenant_id", "hoofdzaak_id", "zaaktype__identificatie"
        )
    uit_bestand: set[uuid.UUID] = set()
    uuids = [r[1] for r in rijen]
    for begin in range(0, len(uuids), _BLOK):
        uit_bestand.update(
            AuditTrail.objects.filter(
                hoofd_object_uuid__in=uuids[begin : begin + _BLOK],
                resource="zaak",
                actie="create",
                gebruikers_id=NAAM,  # the migrating actor (migratie.actor)
                toelichting__startswith=TOELICHTING,
            ).values_list("hoofd_object_uuid", flat=True)
        )
    return {
        identificatie: Bestaand(pk, tenant_id, hoofdzaak_id, zaaktype, key in uit_bestand)
        for pk, key, identificatie, tenant_id, hoofdzaak_id, zaaktype in rijen
    }


def bestaande_documenten(gemeente: Gemeente, identificaties: set[str]) -> set[str]:
    """The document identificaties of the gemeente's bronorganisatie already in iwerk."""
    gevonden: set[str] = set()
    lijst = sorted(i for i in identificaties if i)
    for begin in range(0, len(lijst), _BLOK):
        gevonden.update(
            EnkelvoudigInformatieObject.objects.filter(
                bronorganisatie=gemeente.rsin, identificatie__in=lijst[begin : begin + _BLOK]
            ).values_list("identificatie", flat=True)
        )
    return gevonden
