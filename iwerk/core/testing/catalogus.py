"""Builders for catalogue data in tests (services where rules matter, rows where they don't)."""

from __future__ import annotations

from datetime import date

from iwerk.catalogi.demo import ZAAKTYPEN, _load_zaaktype
from iwerk.catalogi.models import (
    BesluitType,
    Catalogus,
    InformatieObjectType,
    ResultaatType,
    RolType,
    StatusType,
    ZaakType,
    ZaakTypeInformatieObjectType,
)
from iwerk.core.models import Gemeente

# Selectielijst 2020: procestype 1 "Instellen en inrichten organisatie" and one of its resultaten.
PROCESTYPE_UUID = "e1b73b12-b2f6-4c4e-8929-94f84dd2a57d"
REF = "http://testserver/referentielijsten/api/v1"


def gemeente(naam: str = "Deventer", slug: str = "deventer", rsin: str = "001902763") -> Gemeente:
    return Gemeente.objects.get_or_create(slug=slug, defaults={"naam": naam, "rsin": rsin})[0]


def catalogus(tenant: Gemeente, domein: str = "ZAKEN") -> Catalogus:
    return Catalogus.objects.create(
        tenant=tenant,
        domein=domein,
        rsin=tenant.rsin,
        contactpersoon_beheer_naam="Functioneel beheer",
        naam=f"Catalogus {tenant.naam}",
    )


def zaaktype(
    cat: Catalogus,
    *,
    identificatie: str = "ZT-1",
    concept: bool = False,
    begin: date = date(2024, 1, 1),
    einde: date | None = None,
    vertrouwelijkheid: str = "zaakvertrouwelijk",
    **extra,
) -> ZaakType:
    fields = {
        "tenant": cat.tenant,
        "catalogus": cat,
        "concept": concept,
        "identificatie": identificatie,
        "omschrijving": extra.pop("omschrijving", f"Zaaktype {identificatie}"),
        "vertrouwelijkheidaanduiding": vertrouwelijkheid,
        "doel": "Doel",
        "aanleiding": "Aanleiding",
        "indicatie_intern_of_extern": "extern",
        "handeling_initiator": "Aanvragen",
        "onderwerp": "Onderwerp",
        "handeling_behandelaar": "Behandelen",
        "doorlooptijd": "P8W",
        "referentieproces_naam": "Proces",
        "verantwoordelijke": "Team Sociaal Domein",
        "versiedatum": begin,
        "datum_begin_geldigheid": begin,
        "datum_einde_geldigheid": einde,
    }
    fields.update(extra)
    return ZaakType.objects.create(**fields)


def complete_zaaktype(cat: Catalogus, **kwargs) -> ZaakType:
    """A concept zaaktype with what publishing needs: two statustypen, a resultaattype and a roltype."""
    zt = zaaktype(cat, concept=True, **kwargs)
    StatusType.objects.create(
        tenant=cat.tenant, zaaktype=zt, omschrijving="Ontvangen", volgnummer=1
    )
    StatusType.objects.create(
        tenant=cat.tenant, zaaktype=zt, omschrijving="Afgehandeld", volgnummer=2
    )
    RolType.objects.create(
        tenant=cat.tenant, zaaktype=zt, omschrijving="Aanvrager", omschrijving_generiek="initiator"
    )
    ResultaatType.objects.create(
        tenant=cat.tenant,
        zaaktype=zt,
        omschrijving="Toegekend",
        resultaattypeomschrijving=f"{REF}/resultaattypeomschrijvingen/fb65d251-1518-4185-865f-b8bdcfad07b1",
        selectielijstklasse=f"{REF}/resultaten/6711baff-798b-4c7f-9133-8ad02c8b7c6f",
        archiefnominatie="vernietigen",
        archiefactietermijn="P10Y",
    )
    return zt


def informatieobjecttype(
    cat: Catalogus,
    omschrijving: str = "Aanvraag",
    *,
    concept: bool = False,
    begin: date = date(2024, 1, 1),
) -> InformatieObjectType:
    return InformatieObjectType.objects.create(
        tenant=cat.tenant,
        catalogus=cat,
        omschrijving=omschrijving,
        vertrouwelijkheidaanduiding="zaakvertrouwelijk",
        informatieobjectcategorie="Aanvraag",
        concept=concept,
        datum_begin_geldigheid=begin,
    )


def besluittype(
    cat: Catalogus,
    omschrijving: str = "Toekenning",
    *,
    concept: bool = False,
    begin: date = date(2024, 1, 1),
    iots: list[str] | None = None,
) -> BesluitType:
    return BesluitType.objects.create(
        tenant=cat.tenant,
        catalogus=cat,
        omschrijving=omschrijving,
        concept=concept,
        datum_begin_geldigheid=begin,
        publicatie_indicatie=False,
        informatieobjecttype_omschrijvingen=iots or [],
    )


def ziot(zt: ZaakType, omschrijving: str, volgnummer: int = 1) -> ZaakTypeInformatieObjectType:
    return ZaakTypeInformatieObjectType.objects.create(
        tenant=zt.tenant,
        zaaktype=zt,
        informatieobjecttype_omschrijving=omschrijving,
        volgnummer=volgnummer,
        richting="inkomend",
    )


def gepubliceerd_zaaktype(
    cat: Catalogus,
    identificatie: str = "KAP",
    *,
    statussen: tuple[str, ...] = ("Ontvangen", "In behandeling", "Afgehandeld"),
    resultaten: tuple[str, ...] = ("Verleend", "Geweigerd"),
    documenttypen: tuple[str, ...] = ("Aanvraag", "Beschikking"),
    besluittypen: tuple[str, ...] = (),
    **extra,
) -> ZaakType:
    """A published zaaktype that zaken can be handled with end to end: statustypen in order,
    resultaattypen, the roltypen initiator and behandelaar, and its informatieobjecttypen and
    besluittypen (made in the catalogus when missing)."""
    extra.setdefault("omschrijving", f"Zaaktype {identificatie}")
    for omschrijving in besluittypen:
        if not cat.besluittypen.filter(omschrijving=omschrijving).exists():
            besluittype(cat, omschrijving, iots=list(documenttypen))
    zt = zaaktype(
        cat, identificatie=identificatie, besluittype_omschrijvingen=list(besluittypen), **extra
    )
    for volgnummer, omschrijving in enumerate(statussen, start=1):
        StatusType.objects.create(
            tenant=cat.tenant, zaaktype=zt, omschrijving=omschrijving, volgnummer=volgnummer
        )
    for omschrijving, generiek in (("Aanvrager", "initiator"), ("Behandelaar", "behandelaar")):
        RolType.objects.create(
            tenant=cat.tenant,
            zaaktype=zt,
            omschrijving=omschrijving,
            omschrijving_generiek=generiek,
        )
    for omschrijving in resultaten:
        ResultaatType.objects.create(
            tenant=cat.tenant,
            zaaktype=zt,
            omschrijving=omschrijving,
            resultaattypeomschrijving=f"{REF}/resultaattypeomschrijvingen/fb65d251-1518-4185-865f-b8bdcfad07b1",
            selectielijstklasse=f"{REF}/resultaten/6711baff-798b-4c7f-9133-8ad02c8b7c6f",
            archiefnominatie="vernietigen",
            archiefactietermijn="P10Y",
        )
    for volgnummer, omschrijving in enumerate(documenttypen, start=1):
        if not cat.informatieobjecttypen.filter(omschrijving=omschrijving).exists():
            informatieobjecttype(cat, omschrijving)
        ziot(zt, omschrijving, volgnummer)
    return zt


def demo_zaaktype(cat: Catalogus, identificatie: str) -> ZaakType:
    """The demo catalogue's zaaktype `identificatie` (e.g. "WMO-MAATWERK") in cat, as the demo
    loads it: published, with its statustypen, resultaattypen, roltypen, eigenschappen, document
    types and besluittypen, through the catalogi services. For tests that need a demo zaaktype
    (a portaal product's form, a demo name or status) without the whole demo catalogue."""
    spec = next(s for s in ZAAKTYPEN if s.identificatie == identificatie)
    return _load_zaaktype(cat, spec, "http://testserver", {"testserver"})
