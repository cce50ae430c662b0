"""The zaak page's betrokkenen: their current data in the BRP or the KvK, on request.

Asked in the zaak's context (its zaaktype's purpose, its gemeente, its uuid), so the lookup
service requests only the groups that purpose allows and logs the lookup with the zaak. Only
for a user who may see the zaak: anyone else gets the zaak page's 404 before anything is asked.
Of those, only who handles the zaak, while it is open (selectors.actueel_opvragen_geweigerd):
anyone else gets 403 with the reason, and nothing is asked.
Nothing is stored in the zaak; the page shows where the register differs from the rol.
"""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from iwerk.basisregistraties.fouten import Opgeheven, RegisterFout
from iwerk.basisregistraties.services import bevragen
from iwerk.medewerkers.access import werkplek_view
from iwerk.werkplek import basisgegevens, selectors
from iwerk.werkplek.audittekst import betrokkene
from iwerk.werkplek.views.common import werkplek
from iwerk.werkplek.views.zaak import _page, get_zaak, log_view
from iwerk.zaken.models import Rol, Zaak


def _rol(zaak: Zaak, waarde: str) -> Rol:
    """The zaak's rol with a BSN or KvK-nummer to look up; 404 for anything else."""
    try:
        rol_uuid = uuid_module.UUID(waarde)
    except ValueError:
        raise Http404("Betrokkene niet gevonden.") from None
    rol = Rol.objects.filter(zaak=zaak, uuid=rol_uuid).first()
    if rol is None or not (
        rol.betrokkene_type == "natuurlijk_persoon"
        and rol.bsn
        or rol.betrokkene_type == "vestiging"
        and rol.kvk_nummer
    ):
        raise Http404("Betrokkene niet gevonden.")
    return rol


@require_POST
@werkplek_view()
def actuele_gegevens(request: HttpRequest, uuid: uuid_module.UUID) -> HttpResponse:
    zaak = get_zaak(request, uuid)
    reden = selectors.actueel_opvragen_geweigerd(werkplek(request).actor, zaak)
    if reden:
        return render(request, "werkplek/geen_toegang.html", {"reden": reden}, status=403)
    rol = _rol(zaak, request.POST.get("rol", ""))
    bevraging = basisgegevens.bevraging(
        werkplek(request),
        zaak.zaaktype.identificatie,
        gemeente_id=zaak.tenant_id,
        zaak_uuid=str(zaak.uuid),
    )
    moment = timezone.localtime()
    actueel: dict[str, Any] = {
        "rol": rol,
        "naam": betrokkene(
            {
                "betrokkeneType": rol.betrokkene_type,
                "betrokkeneIdentificatie": rol.betrokkene_identificatie,
                "afwijkendeNaamBetrokkene": rol.afwijkende_naam_betrokkene,
            }
        ),
        "opgevraagd": f"{moment.day}-{moment.month}-{moment.year} {moment:%H:%M}",
    }
    try:
        if rol.betrokkene_type == "natuurlijk_persoon":
            actueel["bron"] = "BRP"
            persoon = bevragen.persoon_raadplegen(bevraging, rol.bsn)
            actueel["regels"] = basisgegevens.persoon_regels(persoon)
            actueel["verschillen"] = bevragen.verschillen(
                persoon, rol.betrokkene_identificatie or {}
            )
            actueel["vergeleken"] = True
        else:
            actueel["bron"] = "KvK"
            bedrijf = bevragen.bedrijf_raadplegen(bevraging, rol.kvk_nummer)
            actueel["regels"] = basisgegevens.bedrijf_regels(bedrijf)
    except Opgeheven as fout:
        actueel["fout"] = fout.bericht
        opgeheven = fout.bedrijf
        if opgeheven is not None:
            actueel["regels"] = basisgegevens.bedrijf_regels(opgeheven)
    except RegisterFout as fout:
        actueel["fout"] = basisgegevens.zonder_verder(fout.bericht)
    log_view(request, zaak)  # the page shows the zaak again
    return _page(request, zaak, extra={"actueel": actueel})
