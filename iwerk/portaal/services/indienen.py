"""Sending a request: the draft becomes a zaak with its initiator, eigenschappen and documents.

All of it happens in one transaction through the same services as the APIs and the werkplek:
a failure anywhere leaves the draft as it was (to be sent again), never half a zaak. The draft
row is locked first, so a double submit waits for the first and then finds it sent.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from iwerk.catalogi.models import Catalogus, InformatieObjectType
from iwerk.core import durations
from iwerk.core.api.actor import Actor, Grant
from iwerk.core.models import Gemeente
from iwerk.documenten import content
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.documenten.services import documents as document_services
from iwerk.portaal import formulier, locatie, pdf, stappen
from iwerk.portaal.identiteit import Identiteit
from iwerk.portaal.models import AangeleverdDocument, Concept, ConceptBijlage, Product
from iwerk.portaal.selectors.concepten import samenvatting
from iwerk.portaal.services import mail, rollen
from iwerk.referentielijsten import selectors as referentielijsten
from iwerk.zaken.models import Zaak
from iwerk.zaken.services import ZaakGegevens, add_zaakinformatieobject, save_zaakobject
from iwerk.zaken.services.aanvraag import register_aanvraag

logger = logging.getLogger(__name__)

SCOPES = {
    "zrc": frozenset({"zaken.lezen", "zaken.aanmaken", "zaken.bijwerken"}),
    "drc": frozenset({"documenten.lezen", "documenten.aanmaken"}),
    "brc": frozenset({"besluiten.lezen"}),
}


class NietVerzonden(Exception):
    """The request cannot be sent as it is (the product or its zaaktype changed)."""


def actor(gemeente_id: int, identiteit: Identiteit | None) -> Actor:
    """The portaal acting for one citizen or business in one gemeente's catalogi only."""
    catalogus_ids = Catalogus.objects.filter(tenant_id=gemeente_id).values_list("pk", flat=True)
    grants = tuple(
        Grant(component=component, scopes=scopes, catalogus_id=catalogus_id)
        for catalogus_id in catalogus_ids
        for component, scopes in SCOPES.items()
    )
    return Actor(
        client_id="iwerk-portaal",
        applicatie_uuid=None,
        applicatie_label="iwerk portaal",
        heeft_alle_autorisaties=False,
        grants=grants,
        catalogi_tenant_ids=frozenset({gemeente_id}),
        # The same "digid:<bsn>" / "eherkenning:<kvk>" as the register lookups' x-gebruiker.
        user_id=identiteit.gebruiker_id if identiteit else "anoniem",
        user_representation=(identiteit.naam or identiteit.gebruiker_weergave)
        if identiteit
        else "Anonieme melder",
    )


def _afzender(identiteit: Identiteit | None, concept: Concept) -> str:
    """Who sent it, as the receipt says: a shortened number, and for whom when a gemachtigde."""
    if identiteit is None:
        return concept.emailadres or "Anoniem"

    def kort(nummer: str) -> str:
        return f"{nummer[:2]}…{nummer[-2:]}"

    tekst = f"{identiteit.naam or identiteit.gebruiker_weergave} ({identiteit.soort} {kort(identiteit.nummer)})"
    if identiteit.handelt_namens:
        tekst += f", namens BSN {kort(identiteit.vertegenwoordigde)}"
    return tekst


def _punt(concept: Concept) -> dict | None:
    for veld in formulier.velden(concept.product.formulier):
        punt = concept.gegevens.get(f"{veld['naam']}_punt") if veld["type"] == "locatie" else None
        if punt:
            return {"type": "Point", "coordinates": punt}
    return None


def _adressen(wie: Actor, zaak: Zaak, concept: Concept) -> None:
    """Every BAG address the request names becomes a zaakobject of objectType "adres" with the
    BAG identification (ObjectAdres) and the BAG resource as its object. An address the BAG
    could not check is not one: it stays in the answers, marked as not checked."""
    for veld in formulier.velden(concept.product.formulier):
        if veld["type"] not in locatie.SOORTEN or not formulier.zichtbaar(veld, concept.gegevens):
            continue
        adres = locatie.bag_adres(concept.gegevens, veld)
        if adres is None or not adres.nummeraanduiding_id:
            continue
        save_zaakobject(
            actor=wie,
            zaak=zaak,
            zaakobjecttype=None,
            fields={
                "object": locatie.object_url(concept.tenant_id, adres),
                "object_type": "adres",
                "relatieomschrijving": veld["label"][:80],
                "object_identificatie": locatie.objectidentificatie(adres),
            },
        )


def document_aanleveren(
    actor: Actor,
    iot: InformatieObjectType,
    gemeente: Gemeente,
    zaak: Zaak,
    *,
    titel: str,
    naam: str,
    formaat: str,
    data: bytes,
    auteur: str,
) -> EnkelvoudigInformatieObject:
    document, _ = document_services.create_document(
        actor=actor,
        invoer=document_services.Invoer(
            informatieobjecttype=iot,
            gegevens={
                "bronorganisatie": gemeente.rsin,
                "titel": titel[:200],
                "auteur": auteur[:200] or "Aanvrager",
                "creatiedatum": timezone.localdate().isoformat(),
                "ontvangstdatum": timezone.localdate().isoformat(),
                "taal": "dut",
                "status": "definitief",
                "bestandsnaam": naam[:255],
                "formaat": formaat,
                "indicatieGebruiksrecht": False,
            },
            inhoud=data,
            bestandsomvang=len(data),
        ),
    )
    add_zaakinformatieobject(actor=actor, zaak=zaak, document=document)
    AangeleverdDocument.objects.create(tenant=gemeente, zaak=zaak, document=document)
    return document


def indienen(concept_id: int, identiteit: Identiteit | None) -> Concept:
    """Send the draft; returns it, sent. Sending a sent draft again returns it unchanged."""
    with transaction.atomic():
        concept = (
            Concept.objects.select_for_update(of=("self",))
            .select_related("product", "tenant")
            .get(pk=concept_id)
        )
        if concept.status == Concept.Status.ingediend:
            return concept
        product, gemeente = concept.product, concept.tenant
        zaaktype = product.zaaktype()
        iot = Product.inkomend_documenttype(zaaktype) if zaaktype else None
        if zaaktype is None or iot is None:
            raise NietVerzonden("Dit product kan op dit moment niet worden aangevraagd.")
        try:
            rollen.controleren(identiteit, concept, zaaktype)
        except rollen.BuitenMachtiging as exc:
            raise NietVerzonden("Uw machtiging geldt niet voor deze dienst.") from exc
        except rollen.GeenRolType as exc:
            raise NietVerzonden("Deze aanvraag kan niet voor iemand anders worden gedaan.") from exc
        wie = actor(gemeente.pk, identiteit)
        nu = timezone.now()
        bijlagen = list(concept.bijlagen.order_by("pk"))
        eigenschappen = {
            veld["eigenschap"]: stappen.eigenschap_waarde(veld, concept.gegevens[veld["naam"]])
            for veld in formulier.velden(product.formulier)
            if veld.get("eigenschap")
            and formulier.zichtbaar(veld, concept.gegevens)
            and concept.gegevens.get(veld["naam"]) not in (None, "")
        }
        zaak = register_aanvraag(
            actor=wie,
            zaaktype=zaaktype,
            gegevens=ZaakGegevens(
                bronorganisatie=gemeente.rsin,
                verantwoordelijke_organisatie=gemeente.rsin,
                startdatum=timezone.localdate(),
                omschrijving=product.naam[:80],
                toelichting=f"Aangevraagd via het portaal van gemeente {gemeente.naam}.",
                communicatiekanaal=referentielijsten.communicatiekanaal_url("internet"),
                zaakgeometrie=_punt(concept),
            ),
            initiator=rollen.initiator(identiteit, concept),
            kanaal="internet",
            toelichting_contact=f"Online aanvraag '{product.naam}'",
            eigenschappen=eigenschappen,
            ontvangen=nu,
        )
        _adressen(wie, zaak, concept)
        rollen.belanghebbenden(wie, zaak, identiteit, concept)
        afzender = _afzender(identiteit, concept)
        overzicht = samenvatting(concept, {b.veld: b.bestandsnaam for b in bijlagen})
        bewijs = pdf.ontvangstbewijs(
            gemeente=gemeente,
            product_naam=product.naam,
            zaaknummer=zaak.identificatie,
            ingediend_op=nu,
            afzender=afzender,
            antwoorden=overzicht.stappen,
            bijlagen=overzicht.bijlagen,
            doorlooptijd=durations.beschrijf(zaaktype.doorlooptijd),
            zaak=zaak,  # the gemeente's ontvangstbevestiging template, when it has one
        )
        auteur = (identiteit.naam or identiteit.gebruiker_weergave) if identiteit else "Aanvrager"
        formulier_document = document_aanleveren(
            wie,
            iot,
            gemeente,
            zaak,
            titel=f"Aanvraag {product.naam}",
            naam=f"aanvraag-{zaak.identificatie}.pdf",
            formaat="application/pdf",
            data=bewijs,
            auteur=auteur,
        )
        for bijlage in bijlagen:
            with content.storage().open(bijlage.pad, "rb") as handle:
                data = handle.read()
            document_aanleveren(
                wie,
                iot,
                gemeente,
                zaak,
                titel=f"Bijlage: {bijlage.bestandsnaam}",
                naam=bijlage.bestandsnaam,
                formaat=bijlage.formaat,
                data=data,
                auteur=auteur,
            )
        concept.status = Concept.Status.ingediend
        concept.zaak = zaak
        concept.ingediend_op = nu
        concept.ontvangstbewijs = formulier_document.uuid
        concept.save(
            update_fields=["status", "zaak", "ingediend_op", "ontvangstbewijs", "gewijzigd"]
        )
        paden = [b.pad for b in bijlagen]
        ConceptBijlage.objects.filter(concept=concept).delete()
        transaction.on_commit(lambda: _na_indienen(concept.pk, paden))
    return concept


def _na_indienen(concept_id: int, paden: list[str]) -> None:
    """After the commit: the confirmation mail, and the draft's files are no longer needed."""
    for pad in paden:
        try:
            content.storage().delete(pad)
        except OSError:
            logger.warning("concept file %s not removed", pad)
    concept = Concept.objects.select_related("product", "tenant", "zaak").get(pk=concept_id)
    mail.bevestiging(concept)
