"""Drafts of the portaal: storing a step with its files, what is still missing, removal.

Files of a draft live in document storage until the request is sent (then they become the
zaak's documents) or the draft is removed; a step is stored whole or not at all.
"""

from __future__ import annotations

import secrets

from django.db import transaction

from iwerk.documenten import content
from iwerk.portaal import formulier, stappen
from iwerk.portaal.models import Concept, ConceptBijlage


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
    transaction.on_commit(lambda: [content.storage().delete(p) for p in weg])


def eerste_onvolledige_stap(concept: Concept) -> int | None:
    """The first step with a required answer missing (conditions may have changed since)."""
    bijlagen = set(concept.bijlagen.values_list("veld", flat=True))
    for nummer, stapdef in enumerate(concept.product.formulier["stappen"], start=1):
        if nummer >= concept.stap:
            return nummer
        for veld in stapdef["velden"]:
            if not veld.get("verplicht") or not formulier.zichtbaar(veld, concept.gegevens):
                continue
            if veld["type"] == "bijlage":
                if veld["naam"] not in bijlagen:
                    return nummer
            elif concept.gegevens.get(veld["naam"]) in (None, ""):
                return nummer
    return None


def verwijderen(concepten) -> tuple[int, int]:
    """Remove drafts and their files: the rows first, so a crash leaves a file, never a row
    pointing at nothing. Used by the citizen's "verwijderen" and by `iwerk portaal_opruimen`."""
    paden = list(ConceptBijlage.objects.filter(concept__in=concepten).values_list("pad", flat=True))
    _, per_model = concepten.delete()
    for pad in paden:
        content.storage().delete(pad)
    return per_model.get("portaal.Concept", 0), len(paden)
