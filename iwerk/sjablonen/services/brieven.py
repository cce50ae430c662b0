"""A letter from a template: rendered for a zaak, made into a PDF (and a DOCX), stored as a
document of the zaak through the Documenten and Zaken services, and recorded as a Brief.

Everything goes through the register services with the handler's actor, so the scopes and the
vertrouwelijkheid are checked as for any document the handler adds; all of it happens in one
transaction, so a failure leaves no document, no link and no Brief (ADR 0058).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from iwerk.besluiten.models import Besluit
from iwerk.catalogi.models import InformatieObjectType
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.choices import Vertrouwelijkheidaanduiding, vertrouwelijkheid_rank
from iwerk.core.weergave import datum
from iwerk.documenten import content
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.documenten.services import documents as document_services
from iwerk.sjablonen import opmaak
from iwerk.sjablonen.models import Brief, Sjabloon, SjabloonVersie
from iwerk.sjablonen.selectors import sjablonen as selectors
from iwerk.sjablonen.selectors.waarden import (
    Behandelaar,
    aanvragerwaarden,
    adresregels,
    initiator,
    zaakwaarden,
)
from iwerk.sjablonen.services.weergave import Brieftekst, normaliseer, render
from iwerk.zaken.models import Rol, Zaak
from iwerk.zaken.services import add_zaakinformatieobject


@dataclass(frozen=True)
class Voorbeeld:
    """A letter as the handler sees it before saving."""

    sjabloon: Sjabloon
    versie: SjabloonVersie
    brief: Brieftekst
    aanvrager: Rol | None
    vertrouwelijkheidaanduiding: str


def _fail(naam: str, code: str, tekst: str) -> ValidationFailed:
    return ValidationFailed.single(naam, code, tekst)


def controleer_beschikbaar(zaak: Zaak, sjabloon: Sjabloon) -> None:
    """Refuse (Dutch ValidationFailed on "sjabloon") a template that is not the zaak's to use:
    another gemeente's, an inactive one, or one for another zaaktype. Letters and messages."""
    if sjabloon.gemeente_id != zaak.tenant_id or not sjabloon.actief:
        raise _fail("sjabloon", "onbekend", "Dit sjabloon is niet (meer) beschikbaar.")
    if sjabloon.zaaktype_identificatie not in ("", zaak.zaaktype.identificatie):
        raise _fail(
            "sjabloon",
            "ander-zaaktype",
            f"Dit sjabloon is voor zaaktype {sjabloon.zaaktype_identificatie}, niet voor "
            f"{zaak.zaaktype.identificatie}.",
        )


def _controleer_sjabloon(zaak: Zaak, sjabloon: Sjabloon) -> None:
    controleer_beschikbaar(zaak, sjabloon)
    if sjabloon.is_bericht:
        raise _fail(
            "sjabloon",
            "bericht-geen-brief",
            "Dit sjabloon is voor een bericht aan de aanvrager, niet voor een brief.",
        )


def documenttype(zaak: Zaak, sjabloon: Sjabloon) -> InformatieObjectType:
    """The template's informatieobjecttype for this zaak; refused (Dutch) when the zaaktype does
    not allow it."""
    iot = selectors.documenttype_voor_zaak(zaak, sjabloon.informatieobjecttype_omschrijving)
    if iot is None:
        raise _fail(
            "sjabloon",
            "documenttype-niet-toegestaan",
            f"Zaaktype {zaak.zaaktype.omschrijving} staat documenttype "
            f"‘{sjabloon.informatieobjecttype_omschrijving}’ niet toe; vraag functioneel beheer "
            "het sjabloon of het zaaktype aan te passen.",
        )
    return iot


def vertrouwelijkheid(zaak: Zaak, sjabloon: Sjabloon) -> str:
    """The template's vertrouwelijkheidaanduiding, never below the zaak's own: the letter repeats
    the zaak's data, so it is at least as confidential as the zaak."""
    return max(
        (sjabloon.vertrouwelijkheidaanduiding, zaak.vertrouwelijkheidaanduiding),
        key=vertrouwelijkheid_rank,
    )


def buiten_bereik(
    actor: Actor, zaak: Zaak, sjabloon: Sjabloon, iot: InformatieObjectType | None = None
) -> str:
    """Why the actor cannot store this template's letter for zaak, in Dutch; "" when they can.
    The letter's vertrouwelijkheid (the template's, at least the zaak's) must be within the
    documents the actor may create: beheer can set a template above every handler's reach.

    A message to the aanvrager (soort email, ADR 0062) is no document: it becomes an extern
    notitie of the zaak, so its reach is the zaak's own (zaken.bijwerken on the zaaktype up to
    the zaak's vertrouwelijkheid); the template's vertrouwelijkheidaanduiding plays no part."""
    if sjabloon.is_bericht:
        if actor.permits(
            "zrc",
            "zaken.bijwerken",
            type_id=zaak.zaaktype_id,
            catalogus_id=zaak.zaaktype.catalogus_id,
            vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
        ):
            return ""
        return (
            f"Een bericht uit sjabloon ‘{sjabloon.naam}’ komt als notitie bij de zaak; u mag deze "
            "zaak niet bijwerken."
        )
    iot = iot or documenttype(zaak, sjabloon)
    niveau = vertrouwelijkheid(zaak, sjabloon)
    kan = functools.partial(
        actor.permits, "drc", "documenten.aanmaken", type_id=iot.pk, catalogus_id=iot.catalogus_id
    )
    if kan(vertrouwelijkheid=niveau) or not kan():
        return ""  # within reach, or no documents at all: the register refuses that itself
    label = dict(Vertrouwelijkheidaanduiding.choices)[niveau].lower()
    return (
        f"Een brief uit sjabloon ‘{sjabloon.naam}’ wordt {label}; zulke documenten mag u niet "
        "maken. Vraag functioneel beheer het sjabloon aan te passen, of een collega die tot dat "
        "niveau werkt."
    )


def voorbeeld(
    *,
    zaak: Zaak,
    sjabloon: Sjabloon,
    behandelaar: Behandelaar,
    besluit: Besluit | None = None,
    vandaag: date | None = None,
) -> Voorbeeld:
    """The letter the current version of sjabloon makes for zaak (nothing is stored).

    Rules: the template is a letter's (not a message's), active, of the zaak's gemeente and for
    its zaaktype (or all); its documenttype is allowed by the zaaktype; the besluit, when given,
    is one of this zaak; every group of fields the text uses has values (services.weergave).
    Raises ValidationFailed.
    """
    _controleer_sjabloon(zaak, sjabloon)
    versie = selectors.huidige_versie(sjabloon)
    if versie is None:
        raise _fail("sjabloon", "geen-tekst", "Dit sjabloon heeft nog geen tekst.")
    documenttype(zaak, sjabloon)
    if besluit is not None and besluit.zaak_id != zaak.pk:
        raise _fail("besluit", "ander-besluit", "Kies een besluit van deze zaak.")
    aanvrager = initiator(zaak)
    waarden = zaakwaarden(
        zaak,
        behandelaar=behandelaar,
        besluit=besluit,
        vandaag=vandaag or timezone.localdate(),
        aanvrager=aanvrager,
    )
    brief = render(onderwerp=versie.onderwerp, tekst=versie.tekst, waarden=waarden)
    return Voorbeeld(sjabloon, versie, brief, aanvrager, vertrouwelijkheid(zaak, sjabloon))


def opmaak_voor(
    zaak: Zaak, brief: Brieftekst, aanvrager: Rol | None, dag: date
) -> opmaak.Briefopmaak:
    """The letter's page: the gemeente's letterhead, the aanvrager's address, date and zaaknummer."""
    gemeente = zaak.tenant
    adres: list[str] = []
    if aanvrager is not None:
        adres = [aanvragerwaarden(aanvrager)["naam"], *adresregels(aanvrager)]
    return opmaak.Briefopmaak(
        afzender=f"Gemeente {gemeente.naam}",
        huiskleur=gemeente.primaire_kleur,
        adres=adres,
        kenmerken=[("Datum", datum(dag)), ("Ons kenmerk", zaak.identificatie)],
        onderwerp=brief.onderwerp,
        alineas=brief.alineas,
    )


def _document(
    *,
    actor: Actor,
    zaak: Zaak,
    iot: InformatieObjectType,
    gegevens: dict,
    inhoud: bytes,
    opgeslagen: list[str],
) -> EnkelvoudigInformatieObject:
    document, _ = document_services.create_document(
        actor=actor,
        invoer=document_services.Invoer(
            informatieobjecttype=iot, gegevens=gegevens, inhoud=inhoud, bestandsomvang=len(inhoud)
        ),
    )
    if document.huidige_versie is not None:
        opgeslagen.append(document.huidige_versie.inhoud)
    add_zaakinformatieobject(actor=actor, zaak=zaak, document=document)
    return document


def maak_brief(
    *,
    actor: Actor,
    zaak: Zaak,
    sjabloon: Sjabloon,
    versie_id: int,
    behandelaar: Behandelaar,
    besluit: Besluit | None = None,
    tekst: str | None = None,
) -> Brief:
    """Make the letter and store it as a document (PDF; and DOCX when the template asks) of zaak.

    versie_id is the version the handler previewed: when the template has a newer one by now,
    the letter is refused (they look again). tekst is the handler's edited text, allowed only
    when the template is bewerkbaar; None keeps the rendered text. The documents get the
    template's informatieobjecttype and vertrouwelijkheid (at least the zaak's), bronorganisatie
    the gemeente's RSIN, auteur the handler; the register services check the actor's scopes.
    Raises ValidationFailed or PermissionDenied; nothing is kept then.
    """
    opgeslagen: list[str] = []
    try:
        return _maak(
            actor=actor,
            zaak=zaak,
            sjabloon=sjabloon,
            versie_id=versie_id,
            behandelaar=behandelaar,
            besluit=besluit,
            tekst=tekst,
            opgeslagen=opgeslagen,
        )
    except BaseException:
        # The rows are rolled back; the content stored for them has no row left pointing at it.
        content.discard(*opgeslagen)
        raise


@transaction.atomic
def _maak(
    *,
    actor: Actor,
    zaak: Zaak,
    sjabloon: Sjabloon,
    versie_id: int,
    behandelaar: Behandelaar,
    besluit: Besluit | None,
    tekst: str | None,
    opgeslagen: list[str],
) -> Brief:
    vandaag = timezone.localdate()
    gezien = voorbeeld(
        zaak=zaak, sjabloon=sjabloon, behandelaar=behandelaar, besluit=besluit, vandaag=vandaag
    )
    if gezien.versie.pk != versie_id:
        raise _fail(
            "sjabloon",
            "nieuwe-versie",
            "Het sjabloon is intussen gewijzigd; bekijk de brief opnieuw voordat u hem opslaat.",
        )
    brief = gezien.brief
    aangepast = False
    if tekst is not None and normaliseer(tekst) != brief.tekst:
        if not sjabloon.bewerkbaar:
            raise _fail(
                "tekst", "niet-bewerkbaar", "De tekst van deze brief mag niet worden aangepast."
            )
        if not normaliseer(tekst):
            raise _fail("tekst", "required", "De brief heeft geen tekst.")
        brief = Brieftekst(onderwerp=brief.onderwerp, tekst=normaliseer(tekst))
        aangepast = True
    pagina = opmaak_voor(zaak, brief, gezien.aanvrager, vandaag)
    iot = documenttype(zaak, sjabloon)
    if reden := buiten_bereik(actor, zaak, sjabloon, iot):
        raise _fail("sjabloon", "boven-bereik", reden)
    naam = f"{slugify(sjabloon.naam) or 'brief'}-{zaak.identificatie}"
    gegevens = {
        "bronorganisatie": zaak.tenant.rsin,
        "titel": brief.onderwerp[:200],
        "auteur": behandelaar.naam[:200],
        "creatiedatum": vandaag.isoformat(),
        "taal": "dut",
        "status": "definitief",
        "vertrouwelijkheidaanduiding": gezien.vertrouwelijkheidaanduiding,
        # Written by the gemeente itself: no third-party rights (zrc B11 needs it known).
        "indicatieGebruiksrecht": False,
    }
    pdf = _document(
        actor=actor,
        zaak=zaak,
        iot=iot,
        gegevens={**gegevens, "bestandsnaam": f"{naam}.pdf", "formaat": "application/pdf"},
        inhoud=opmaak.als_pdf(pagina),
        opgeslagen=opgeslagen,
    )
    docx = None
    if sjabloon.ook_docx:
        docx = _document(
            actor=actor,
            zaak=zaak,
            iot=iot,
            gegevens={
                **gegevens,
                "titel": f"{brief.onderwerp[:190]} (Word)",
                "status": "in_bewerking",
                "bestandsnaam": f"{naam}.docx",
                "formaat": opmaak.DOCX,
            },
            inhoud=opmaak.als_docx(pagina),
            opgeslagen=opgeslagen,
        )
    return Brief.objects.create(
        zaak=zaak,
        versie=gezien.versie,
        informatieobject_uuid=pdf.uuid,
        docx_uuid=docx.uuid if docx else None,
        tekst_aangepast=aangepast,
        aangemaakt_door=behandelaar.gebruikersnaam,
    )
