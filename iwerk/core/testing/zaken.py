"""Builders for zaken and documents in tests, through the register services.

Built the way the werkplek and portaal build them (register_aanvraag, assign, set_status,
create_document, add_zaakinformatieobject), so derived columns (behandelaar, huidige status,
search text), the audit trail and the domain events are those of real use. The zaaktype comes
from `catalogus.gepubliceerd_zaaktype`. Documents need a per-test storage: request the
`document_storage` fixture (root conftest; `werkplek_settings` and `demo` include it).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from iwerk.catalogi.models import InformatieObjectType, ZaakType
from iwerk.core.api.actor import Actor
from iwerk.documenten import services as document_services
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.zaken.models import Status, Zaak, ZaakInformatieObject
from iwerk.zaken.services import add_zaakinformatieobject, set_status
from iwerk.zaken.services.aanvraag import Initiator, persoon, register_aanvraag
from iwerk.zaken.services.afhandeling import close_zaak
from iwerk.zaken.services.toewijzing import Medewerker, assign
from iwerk.zaken.services.zaak import ZaakGegevens

ALLES = Actor(
    client_id="test", applicatie_uuid=None, applicatie_label="test", heeft_alle_autorisaties=True
)

_bsn = iter(range(10**6))


def bsn() -> str:
    """A fresh BSN that passes the elfproef (999990000 + n, stepped to the next valid one)."""
    while True:
        candidate = f"{999_000_000 + next(_bsn) * 7:09d}"
        digits = [int(c) for c in candidate]
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - digits[8]) % 11 == 0:
            return candidate


def aanvrager(
    *,
    bsn_nummer: str = "",
    voornamen: str = "Suzanne",
    geslachtsnaam: str = "Moulin",
    straat: str = "Brink",
    huisnummer: int = 12,
    postcode: str = "7411 BS",
    woonplaats: str = "Deventer",
) -> Initiator:
    """A natural person as initiator, with an address as the BRP gives it."""
    return Initiator(
        betrokkene_type="natuurlijk_persoon",
        identificatie=persoon(
            bsn=bsn_nummer or bsn(),
            geslachtsnaam=geslachtsnaam,
            voornamen=voornamen,
            straat=straat,
            huisnummer=huisnummer,
            postcode=postcode,
            woonplaats=woonplaats,
        ),
    )


def zaak(
    zaaktype: ZaakType,
    *,
    omschrijving: str = "Kapvergunning voor een eik",
    startdatum: date | None = None,
    initiator: Initiator | None = None,
    behandelaar=None,
    vertrouwelijkheid: str = "",
    kanaal: str = "balie",
    uiterlijke_einddatum_afdoening: date | None = None,
    einddatum_gepland: date | None = None,
) -> Zaak:
    """A zaak as the intake registers it: initiator (a person unless given), first status and
    klantcontact; assigned when behandelaar (a user) is given."""
    startdatum = startdatum or timezone.localdate()
    gemeente = zaaktype.tenant
    result = register_aanvraag(
        actor=ALLES,
        zaaktype=zaaktype,
        gegevens=ZaakGegevens(
            bronorganisatie=gemeente.rsin,
            verantwoordelijke_organisatie=gemeente.rsin,
            startdatum=startdatum,
            omschrijving=omschrijving,
            vertrouwelijkheidaanduiding=vertrouwelijkheid,
            uiterlijke_einddatum_afdoening=uiterlijke_einddatum_afdoening,
            einddatum_gepland=einddatum_gepland,
        ),
        initiator=initiator if initiator is not None else aanvrager(),
        kanaal=kanaal,
        ontvangen=_ontvangen(startdatum),
    )
    if behandelaar is not None:
        toewijzen(result, behandelaar)
    result.refresh_from_db()
    return result


def _ontvangen(startdatum: date) -> datetime:
    """09:00 on the startdatum, but never later than now: a status a test sets "now" must come
    after the first one, also when the tests run between midnight and nine."""
    ontvangen = timezone.make_aware(datetime.combine(startdatum, time(9)))
    nu = timezone.now()
    if ontvangen > nu:
        middernacht = timezone.make_aware(datetime.combine(startdatum, time(0)))
        ontvangen = max(middernacht, nu - timedelta(seconds=1))
    return ontvangen


def toewijzen(zaak: Zaak, user) -> None:
    """Make the user (an account) the behandelaar of the zaak."""
    assign(
        actor=ALLES,
        zaak=zaak,
        medewerker=Medewerker(user.username, user.last_name, f"{user.first_name[:1]}."),
    )


def status(zaak: Zaak, omschrijving: str, *, gezet: datetime | None = None) -> Status:
    """Set the zaak's statustype of that omschrijving (the last one closes: add a resultaat first)."""
    return set_status(
        actor=ALLES,
        zaak=zaak,
        statustype=zaak.zaaktype.statustypen.get(omschrijving=omschrijving),
        datum_status_gezet=gezet or timezone.now(),
    )


def afsluiten(zaak: Zaak, resultaat: str = "Verleend") -> Zaak:
    """Close the zaak with the resultaattype of that omschrijving (resultaat and eindstatus)."""
    close_zaak(
        actor=ALLES,
        zaak=zaak,
        resultaattype=zaak.zaaktype.resultaattypen.get(omschrijving=resultaat),
    )
    zaak.refresh_from_db()
    return zaak


def document(
    gemeente,
    informatieobjecttype: InformatieObjectType,
    *,
    titel: str = "Aanvraag",
    inhoud: bytes = b"%PDF-1.4\n%%EOF\n",
    bestandsnaam: str = "aanvraag.pdf",
    formaat: str = "application/pdf",
    vertrouwelijkheid: str = "",
    status: str = "definitief",
) -> EnkelvoudigInformatieObject:
    """A document of the gemeente, version 1, with its content stored."""
    gegevens = {
        "bronorganisatie": gemeente.rsin,
        "titel": titel,
        "auteur": "Team Vergunningen",
        "creatiedatum": timezone.localdate().isoformat(),
        "taal": "dut",
        "status": status,
        "bestandsnaam": bestandsnaam,
        "formaat": formaat,
        "indicatieGebruiksrecht": False,
    }
    if vertrouwelijkheid:
        gegevens["vertrouwelijkheidaanduiding"] = vertrouwelijkheid
    created, _ = document_services.create_document(
        actor=ALLES,
        invoer=document_services.Invoer(
            informatieobjecttype=informatieobjecttype,
            gegevens=gegevens,
            inhoud=inhoud,
            bestandsomvang=len(inhoud),
        ),
    )
    return created


def zaakdocument(zaak: Zaak, omschrijving: str = "Aanvraag", **kwargs) -> ZaakInformatieObject:
    """A document of the zaaktype's informatieobjecttype of that omschrijving, related to the zaak."""
    iot = InformatieObjectType.objects.get(
        catalogus_id=zaak.zaaktype.catalogus_id, omschrijving=omschrijving
    )
    return add_zaakinformatieobject(
        actor=ALLES, zaak=zaak, document=document(zaak.tenant, iot, **kwargs)
    )
