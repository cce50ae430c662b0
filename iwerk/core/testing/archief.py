"""Builders for archiefbeheer tests: closed zaken whose archiefactiedatum has come, with what a
destruction list or a transfer takes along (documents, besluiten), built through the register
services like every other test zaak (iwerk.core.testing.zaken)."""

from __future__ import annotations

from datetime import date

from iwerk.besluiten.models import Besluit
from iwerk.besluiten.services import BesluitGegevens, register_besluit
from iwerk.catalogi.models import BesluitType, ZaakType
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.zaken.models import Zaak, ZaakInformatieObject

VERLEDEN = date(2020, 1, 1)


def zaaktype_met_besluit(cat, identificatie: str = "KAP", **extra) -> ZaakType:
    """A published zaaktype whose zaken can get a besluit (besluittype "Toekenning")."""
    from iwerk.core.testing.catalogus import gepubliceerd_zaaktype

    return gepubliceerd_zaaktype(cat, identificatie, besluittypen=("Toekenning",), **extra)


def besluit(zaak: Zaak) -> Besluit:
    """A besluit of the zaak, of its zaaktype's first besluittype."""
    besluittype = BesluitType.objects.filter(
        catalogus_id=zaak.zaaktype.catalogus_id,
        omschrijving__in=zaak.zaaktype.besluittype_omschrijvingen,
    ).first()
    if besluittype is None:
        raise ValueError("het zaaktype heeft geen besluittype: gebruik zaaktype_met_besluit")
    return register_besluit(
        actor=zaakbouwer.ALLES,
        besluittype=besluittype,
        zaak=zaak,
        gegevens=BesluitGegevens(
            verantwoordelijke_organisatie=zaak.bronorganisatie,
            datum=zaak.startdatum,
            ingangsdatum=zaak.startdatum,
        ),
    )


def afgesloten_zaak(
    zaaktype: ZaakType,
    *,
    archiefnominatie: str = "vernietigen",
    archiefactiedatum: date = VERLEDEN,
    documenten: int = 1,
    met_besluit: bool = False,
    omschrijving: str = "Kapvergunning voor een eik",
    vertrouwelijkheid: str = "",
) -> Zaak:
    """A zaak closed with its first resultaattype, with `documenten` documents (each its own
    content) and optionally a besluit, whose archive fields are then set to the given nominatie
    and a date in the past (closing derives them from the resultaattype: P10Y from today)."""
    zaak = zaakbouwer.zaak(zaaktype, omschrijving=omschrijving, vertrouwelijkheid=vertrouwelijkheid)
    for n in range(1, documenten + 1):
        zaakbouwer.zaakdocument(
            zaak,
            titel=f"Document {n} van {zaak.identificatie}",
            inhoud=f"%PDF-1.4\n{zaak.identificatie}-{n}\n%%EOF\n".encode(),
        )
    if met_besluit:
        besluit(zaak)
    resultaat = zaaktype.resultaattypen.order_by("pk").first()
    assert resultaat is not None
    zaakbouwer.afsluiten(zaak, resultaat.omschrijving)
    # Test set-up only: the archive fields a zaak closed years ago would have.
    Zaak.objects.filter(pk=zaak.pk).update(
        archiefnominatie=archiefnominatie, archiefactiedatum=archiefactiedatum
    )
    zaak.refresh_from_db()
    return zaak


def deel_document(van: Zaak, met: Zaak) -> ZaakInformatieObject:
    """Relate the first document of `van` to `met` as well (a document two zaken share)."""
    from iwerk.zaken.services import add_zaakinformatieobject

    zio = ZaakInformatieObject.objects.filter(zaak=van).select_related("informatieobject").first()
    assert zio is not None
    return add_zaakinformatieobject(actor=zaakbouwer.ALLES, zaak=met, document=zio.informatieobject)
