"""POST /maak-klantcontact: a klantcontact with one betrokkene and one onderwerpobject in one
call and one transaction (services.maakklantcontact). Their klantcontact is the new one: the
parts' own `hadKlantcontact` / `klantcontact` are read-only here (MaakKlantcontact schema)."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path

from iwerk.core.api.endpoint import ApiRequest, route
from iwerk.core.api.problems import PermissionDenied
from iwerk.core.api.responses import json_response
from iwerk.core.api.schemas import ApiSchema, parse_body
from iwerk.klantinteracties.api.bron import API, Context, context, toegangen
from iwerk.klantinteracties.api.bronnen import betrokkenen, klantcontacten, onderwerpobjecten
from iwerk.klantinteracties.api.bronnen.gedeeld import Objectidentificator, Verwijzing
from iwerk.klantinteracties.models import Betrokkene, Klantcontact, Onderwerpobject, Scope
from iwerk.klantinteracties.services.maakklantcontact import Gemaakt, maak_klantcontact
from iwerk.klantinteracties.services.onderwerpobjecten import OnderwerpobjectGegevens


class BetrokkeneDeel(betrokkenen.BetrokkeneIn):
    read_only = betrokkenen.BetrokkeneIn.read_only | {"hadKlantcontact"}
    had_klantcontact: Verwijzing | None = None


class OnderwerpobjectDeel(ApiSchema):
    read_only = frozenset({"uuid", "url", "klantcontact"})
    was_klantcontact: Verwijzing | None = None
    onderwerpobjectidentificator: Objectidentificator | None = None


class MaakKlantcontactIn(ApiSchema):
    klantcontact: klantcontacten.KlantcontactIn
    betrokkene: BetrokkeneDeel | None = None
    onderwerpobject: OnderwerpobjectDeel | None = None


def _antwoord(gemaakt: Gemaakt, ctx: Context) -> dict:
    """Each part as its own resource shows it (read again with its relations); an absent part
    is left out (the schema does not allow null)."""
    klantcontact = klantcontacten.laden(
        Klantcontact.objects.filter(pk=gemaakt.klantcontact.pk)
    ).get()
    antwoord = {"klantcontact": klantcontacten.klantcontact_json(klantcontact, ctx)}
    if gemaakt.betrokkene is not None:
        betrokkene = betrokkenen.laden(Betrokkene.objects.filter(pk=gemaakt.betrokkene.pk)).get()
        antwoord["betrokkene"] = betrokkenen.betrokkene_json(betrokkene, ctx)
    if gemaakt.onderwerpobject is not None:
        onderwerpobject = onderwerpobjecten.laden(
            Onderwerpobject.objects.filter(pk=gemaakt.onderwerpobject.pk)
        ).get()
        antwoord["onderwerpobject"] = onderwerpobjecten.onderwerpobject_json(onderwerpobject, ctx)
    return antwoord


def maak(request: ApiRequest) -> HttpResponse:
    wie = toegangen(request)
    if not wie.mag(Scope.bijwerken):
        raise PermissionDenied(
            f"Deze applicatie mist de benodigde scope ({Scope.bijwerken.value})."
        )
    data = parse_body(request, MaakKlantcontactIn)
    betrokkene = None
    if data.betrokkene is not None:
        betrokkene = betrokkenen.gegevens(data.betrokkene)
    onderwerpobject = None
    if data.onderwerpobject is not None:
        identificator = data.onderwerpobject.onderwerpobjectidentificator or Objectidentificator()
        onderwerpobject = OnderwerpobjectGegevens(
            was_klantcontact=data.onderwerpobject.was_klantcontact,
            object_id=identificator.object_id,
            code_objecttype=identificator.code_objecttype,
            code_register=identificator.code_register,
            code_soort_object_id=identificator.code_soort_object_id,
        )
    gemaakt = maak_klantcontact(
        wie,
        klantcontacten.gegevens(data.klantcontact),
        betrokkene,
        onderwerpobject,
        request,
    )
    return json_response(_antwoord(gemaakt, context(request)), status=201)


BRONNEN: list = []  # the klantcontact, betrokkene and onderwerpobject are their modules' own
URLS = [path("maak-klantcontact", route(API, post=maak))]
