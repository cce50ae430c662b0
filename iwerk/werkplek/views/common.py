"""What the werkplek's zaak actions share beyond the staff forms (iwerk.medewerkers.formulieren)."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import User
from django.http import HttpRequest

from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.zaken.services.toewijzing import Medewerker


def werkplek(request: HttpRequest) -> Werkplekcontext:
    """The staff context werkplek_view attached to the request."""
    return request.werkplek  # type: ignore[attr-defined]  # set by werkplek_view


def medewerker_of(user: User) -> Medewerker:
    """A werkplek user as the medewerker of a behandelaar rol."""
    return Medewerker(
        identificatie=user.get_username(),
        achternaam=user.last_name or user.get_username(),
        voorletters=f"{user.first_name[0]}." if user.first_name else "",
    )


def geldige_uuids(values: list[str]) -> list[str]:
    """The posted values that are UUIDs, normalised; the rest (tampered checkboxes) left out."""
    valid = []
    for value in values:
        try:
            valid.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return valid
