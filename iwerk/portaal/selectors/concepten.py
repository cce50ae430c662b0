"""Reads of a draft: the first step with a required answer missing, and the answers per step
as the summary page and the receipt show them."""

from __future__ import annotations

from dataclasses import dataclass

from iwerk.portaal import formulier, stappen
from iwerk.portaal.models import Concept


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


@dataclass
class Samenvatting:
    """The answers per step as the summary page and the receipt show them."""

    stappen: list[tuple[str, int, list[tuple[str, str]]]]
    bijlagen: list[str]


def samenvatting(concept: Concept, bijlagen: dict[str, str]) -> Samenvatting:
    result = []
    for nummer, stap in enumerate(concept.product.formulier["stappen"], start=1):
        regels = []
        for veld in stap["velden"]:
            if not formulier.zichtbaar(veld, concept.gegevens):
                continue
            if veld["type"] == "bijlage":
                regels.append((veld["label"], bijlagen.get(veld["naam"], "—")))
            else:
                regels.append(
                    (veld["label"], stappen.tekst(veld, concept.gegevens.get(veld["naam"])))
                )
        result.append((stap["titel"], nummer, regels))
    return Samenvatting(result, list(bijlagen.values()))
