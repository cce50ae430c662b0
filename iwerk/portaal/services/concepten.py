"""Drafts of the portaal: opening one, storing a step with its files, removal. What is still missing, and the
summary of the answers, are `selectors.concepten`.

Files of a draft live in document storage until the request is sent (then they become the
zaak's documents) or the draft is removed; a step is stored whole or not at all.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet

from iwerk.core.models import Gemeente
from iwerk.documenten import content
from iwerk.portaal import formulier, stappen
from iwerk.portaal.models import Concept, ConceptBijlage, Product


def openen(
    tenant: Gemeente,
    product: Product,
    eigenaar: dict[str, str],
    vooraf: Callable[[], dict[str, object]],
) -> Concept:
    """The open draft of this owner for this product, or a new one with the answers ``vooraf()``
    fills in beforehand (asked only for a new draft).

    ``eigenaar`` is who owns it: ``{"middel": ..., "eigenaar": ...}`` for a signed-in citizen or
    company, ``{"sessie": ...}`` for an anonymous session.
    """
    concept = (
        Concept.objects.filter(tenant=tenant, product=product, status="concept", **eigenaar)
        .order_by("-gewijzigd")
        .first()
    )
    if concept is None:
        concept = Concept.objects.create(
            tenant=tenant, product=product, gegevens=vooraf(), **eigenaar
        )
    return concept


def stap_bewaren(concept: Concept, form: stappen.StapForm, nummer: int) -> None:
    """Store a valid step: answers in the draft, files in document storage (old ones removed)."""
    nieuwe, weg = [], []
    try:
        with transaction.atomic():
            concept = Concept.objects.select_for_update().get(pk=concept.pk)
            concept.gegevens = {**concept.gegevens, **form.gegevens()}
            concept.stap = max(concept.stap, nummer + 1)
            email_velden = [
                v["naam"]
                for v in formulier.velden(concept.product.formulier)
                if v["type"] == "email"
            ]
            concept.emailadres = next(
                (concept.gegevens[n] for n in email_velden if concept.gegevens.get(n)), ""
            )
            bestaand = {b.veld: b for b in ConceptBijlage.objects.filter(concept=concept)}
            for veld in form.stap["velden"]:
                naam = veld["naam"]
                upload = form.cleaned_data.get(naam) if veld["type"] == "bijlage" else None
                oud = bestaand.get(naam)
                if veld["type"] == "bijlage" and not formulier.zichtbaar(veld, concept.gegevens):
                    if oud:  # the condition no longer holds: the file is not part of the request
                        weg.append(oud.pad)
                        oud.delete()
                    continue
                if not upload:
                    continue
                soort = stappen.formaat(upload)
                pad = content.storage().save(
                    f"portaal/{concept.uuid}/{naam}-{secrets.token_hex(8)}", upload
                )
                nieuwe.append(pad)
                if oud:
                    weg.append(oud.pad)
                    oud.delete()
                ConceptBijlage.objects.create(
                    concept=concept,
                    veld=naam,
                    bestandsnaam=upload.name[:255],
                    formaat=soort,
                    grootte=upload.size,
                    pad=pad,
                )
            concept.save()
    except BaseException:
        for pad in nieuwe:  # the step was not stored: neither are its files
            content.storage().delete(pad)
        raise

    def oude_bestanden_weg() -> None:
        for pad in weg:
            content.storage().delete(pad)

    transaction.on_commit(oude_bestanden_weg)


def verwijderen(concepten: QuerySet[Concept]) -> tuple[int, int]:
    """Remove drafts and their files: the rows first, so a crash leaves a file, never a row
    pointing at nothing. Used by the citizen's "verwijderen" and by `iwerk portaal_opruimen`."""
    paden = list(ConceptBijlage.objects.filter(concept__in=concepten).values_list("pad", flat=True))
    _, per_model = concepten.delete()
    for pad in paden:
        content.storage().delete(pad)
    return per_model.get("portaal.Concept", 0), len(paden)
