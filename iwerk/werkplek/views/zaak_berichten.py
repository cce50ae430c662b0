"""The handler answers the initiator of a zaak in Mijn zaken (ADR 0055): the message becomes an
extern notitie, a klantcontact with the handler as actor, and a Bericht on the initiator's own
channel (berichten.services.gesprek). Only who may change the zaak; another gemeente's zaak,
or one the user may not read, is a 404 as everywhere on the zaak page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from iwerk.berichten.services import gesprek
from iwerk.medewerkers.access import werkplek_view
from iwerk.werkplek import selectors
from iwerk.werkplek.forms import BerichtAanAanvragerForm
from iwerk.werkplek.views.zaak import _action, get_zaak
from iwerk.zaken.models import Zaak


@require_POST
@werkplek_view()
def beantwoorden(request: Any, uuid: Any) -> HttpResponse:  # request.werkplek: werkplek_view
    context = request.werkplek
    zaak = get_zaak(request, uuid)
    if not selectors.mag_bijwerken(context.actor, zaak):
        raise PermissionDenied("Uw rol geeft u voor deze zaak niet de bevoegdheid om dit te doen.")
    form = BerichtAanAanvragerForm(request.POST)

    def work(zaak: Zaak, data: dict[str, Any]) -> None:
        gesprek.antwoord_aan_aanvrager(
            context=context, gebruiker=request.user, zaak=zaak, tekst=data["tekst"]
        )

    return _action(
        request,
        uuid,
        "bericht",
        form,
        work,
        success="Uw bericht staat in Mijn zaken; de aanvrager krijgt er bericht van.",
        anchor="berichten",
    )
