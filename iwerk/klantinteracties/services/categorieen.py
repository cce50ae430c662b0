"""Writes of categorieen and their relations to partijen (experimental in the API 0.9.0).

A categorie-relatie puts one partij in one categorie, both of one gemeente; without a
beginDatum it starts today (the reference implementation's default). Removing a categorie
removes its relaties (the model cascades), each recorded.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from iwerk.core import audit
from iwerk.klantinteracties.models import Categorie, CategorieRelatie, Partij
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import (
    gemeente_voor,
    vastleggen,
    verwijderd,
    verwijzing,
)


@transaction.atomic
def categorie_aanmaken(wie: Toegangen, naam: str, request: HttpRequest | None = None) -> Categorie:
    categorie = Categorie.objects.create(tenant_id=gemeente_voor(wie, request), naam=naam)
    vastleggen(wie, "create", categorie)
    return categorie


@transaction.atomic
def categorie_bijwerken(wie: Toegangen, categorie: Categorie, naam: str) -> Categorie:
    oud = audit.snapshot(categorie)
    categorie.naam = naam
    categorie.save(update_fields=["naam"])
    vastleggen(wie, "update", categorie, oud)
    return categorie


@transaction.atomic
def categorie_verwijderen(wie: Toegangen, categorie: Categorie) -> None:
    for relatie in categorie.relaties.all():
        verwijderd(wie, relatie)
        relatie.delete()
    verwijderd(wie, categorie)
    categorie.delete()


@transaction.atomic
def categorie_relatie_aanmaken(
    wie: Toegangen,
    *,
    partij: UUID | None,
    categorie: UUID | None,
    begin_datum: date | None = None,
    eind_datum: date | None = None,
    request: HttpRequest | None = None,
) -> CategorieRelatie:
    """A partij in a categorie, in their gemeente. Raises ValidationFailed."""
    lid = verwijzing(wie, Partij, partij, "partij")
    groep = verwijzing(wie, Categorie, categorie, "categorie")
    relatie = CategorieRelatie.objects.create(
        tenant_id=gemeente_voor(wie, request, lid, groep),
        partij=lid,
        categorie=groep,
        begin_datum=begin_datum or timezone.localdate(),
        eind_datum=eind_datum,
    )
    vastleggen(wie, "create", relatie)
    return relatie


@transaction.atomic
def categorie_relatie_bijwerken(
    wie: Toegangen,
    relatie: CategorieRelatie,
    *,
    partij: UUID | None,
    categorie: UUID | None,
    begin_datum: date | None,
    eind_datum: date | None,
) -> CategorieRelatie:
    """Change a categorie-relatie; partij and categorie stay within its gemeente."""
    lid = verwijzing(wie, Partij, partij, "partij", gemeente_id=relatie.tenant_id)
    groep = verwijzing(wie, Categorie, categorie, "categorie", gemeente_id=relatie.tenant_id)
    oud = audit.snapshot(relatie)
    relatie.partij, relatie.categorie = lid, groep
    relatie.begin_datum, relatie.eind_datum = begin_datum, eind_datum
    relatie.save()
    vastleggen(wie, "update", relatie, oud)
    return relatie


@transaction.atomic
def categorie_relatie_verwijderen(wie: Toegangen, relatie: CategorieRelatie) -> None:
    verwijderd(wie, relatie)
    relatie.delete()
