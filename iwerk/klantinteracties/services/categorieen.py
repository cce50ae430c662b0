"""Writes of categorieen and their relations to partijen."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from iwerk.core import audit
from iwerk.klantinteracties.models import Categorie
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import gemeente_voor, vastleggen, verwijderd


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
    verwijderd(wie, categorie)
    categorie.delete()
