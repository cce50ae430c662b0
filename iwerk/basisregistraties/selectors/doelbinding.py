"""The purpose (Doelbinding) a zaaktype has for a register in a gemeente."""

from __future__ import annotations

from dataclasses import dataclass

from iwerk.basisregistraties.models import Doelbinding


@dataclass(frozen=True)
class Gevonden:
    """The zaaktype's Doelbinding in the gemeente asked for (with its gemeente loaded), or None;
    `elders` names the other gemeenten that have one for the same zaaktype and register."""

    doelbinding: Doelbinding | None
    elders: tuple[str, ...] = ()


def doelbinding_voor(gemeente_id: int, zaaktype_identificatie: str, register: str) -> Gevonden:
    """One query: the rows of every gemeente for this zaaktype and register (at most one each),
    so a purpose that exists only in another gemeente can be told from no purpose at all."""
    rijen = list(
        Doelbinding.objects.filter(zaaktype_identificatie=zaaktype_identificatie, register=register)
        .select_related("gemeente")
        .order_by("gemeente__naam")
    )
    eigen = next((rij for rij in rijen if rij.gemeente_id == gemeente_id), None)
    elders = tuple(rij.gemeente.naam for rij in rijen if rij.gemeente_id != gemeente_id)
    return Gevonden(doelbinding=eigen, elders=elders)
