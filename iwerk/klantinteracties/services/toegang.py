"""Giving applicaties access to a gemeente's Klantinteracties register, and their API tokens."""

from __future__ import annotations

import secrets

from django.db import transaction

from iwerk.autorisaties.models import Applicatie
from iwerk.core.models import Gemeente
from iwerk.klantinteracties.models import SCOPES, Toegang, Token
from iwerk.klantinteracties.selectors.toegang import sleutel_hash


@transaction.atomic
def toegang_geven(
    applicatie: Applicatie,
    gemeente: Gemeente,
    *,
    scopes: list[str] | None = None,
    max_vertrouwelijkheidaanduiding: str = "openbaar",
) -> Toegang:
    """The applicatie's Toegang to the gemeente (made or changed)."""
    onbekend = set(scopes or []) - set(SCOPES)
    if onbekend:
        raise ValueError(f"Onbekende scope(s): {', '.join(sorted(onbekend))}")
    toegang, _ = Toegang.objects.update_or_create(
        applicatie=applicatie,
        gemeente=gemeente,
        defaults={
            "scopes": list(scopes if scopes is not None else SCOPES),
            "max_vertrouwelijkheidaanduiding": max_vertrouwelijkheidaanduiding,
        },
    )
    return toegang


@transaction.atomic
def token_uitgeven(toegang: Toegang, omschrijving: str = "") -> str:
    """A new API token of the Toegang. The key is returned once; only its hash is kept."""
    sleutel = secrets.token_hex(20)  # 40 hexadecimal characters, as the reference's tokens
    Token.objects.create(
        toegang=toegang, sleutel_hash=sleutel_hash(sleutel), omschrijving=omschrijving
    )
    return sleutel


@transaction.atomic
def token_intrekken(token: Token) -> None:
    token.actief = False
    token.save(update_fields=["actief"])
