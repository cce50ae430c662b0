"""POST /maak-klantcontact: a klantcontact with (optionally) one betrokkene and one
onderwerpobject, all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest

from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.klantinteracties.models import Betrokkene, Klantcontact, Onderwerpobject
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import vastleggen
from iwerk.klantinteracties.services.klantcontactdelen import BetrokkeneGegevens, nieuwe_betrokkene
from iwerk.klantinteracties.services.klantcontacten import KlantcontactGegevens, nieuw_klantcontact
from iwerk.klantinteracties.services.onderwerpobjecten import (
    OnderwerpobjectGegevens,
    nieuw_onderwerpobject,
)


@contextmanager
def _deel(naam: str) -> Iterator[None]:
    """A refusal of one part names the field as the body does ("onderwerpobject.…")."""
    try:
        yield
    except ValidationFailed as fout:
        raise ValidationFailed(
            [
                InvalidParam(
                    p.name if p.name == "nonFieldErrors" else f"{naam}.{p.name}", p.code, p.reason
                )
                for p in fout.params
            ]
        ) from fout


@dataclass(frozen=True)
class Gemaakt:
    klantcontact: Klantcontact
    betrokkene: Betrokkene | None
    onderwerpobject: Onderwerpobject | None


@transaction.atomic
def maak_klantcontact(
    wie: Toegangen,
    klantcontact: KlantcontactGegevens,
    betrokkene: BetrokkeneGegevens | None = None,
    onderwerpobject: OnderwerpobjectGegevens | None = None,
    request: HttpRequest | None = None,
) -> Gemaakt:
    """Record a klantcontact with its betrokkene and onderwerpobject in one transaction: each
    part follows its own service's rules (the betrokkene's and onderwerpobject's klantcontact
    is the new one, whatever the body names), and any refusal stores nothing. Raises
    ValidationFailed (names of the parts prefixed: "onderwerpobject.…")."""
    with _deel("klantcontact"):
        nieuw = nieuw_klantcontact(wie, klantcontact, request)
    deel_betrokkene = deel_onderwerpobject = None
    if betrokkene is not None:
        with _deel("betrokkene"):
            deel_betrokkene = nieuwe_betrokkene(wie, betrokkene, request, klantcontact=nieuw)
    if onderwerpobject is not None:
        with _deel("onderwerpobject"):
            deel_onderwerpobject = nieuw_onderwerpobject(
                wie, onderwerpobject, request, klantcontact=nieuw
            )
    for obj in (nieuw, deel_betrokkene, deel_onderwerpobject):
        if obj is not None:
            vastleggen(wie, "create", obj)
    return Gemaakt(nieuw, deel_betrokkene, deel_onderwerpobject)
