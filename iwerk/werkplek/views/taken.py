"""Tasks in the werkplek (ADR 0056): the page /werkplek/taken/ (mine, my teams', the approvals
waiting for me) and the zaak page's task actions: add, complete, reassign, approve, reject, withdraw.

Every action runs once per form (``once``) through its service, which checks who may do it;
a zaak the user may not see, or a task of another zaak, is a 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from iwerk.medewerkers.access import werkplek_view
from iwerk.werkplek.views.common import werkplek
from iwerk.werkplek.views.zaak import _action, get_zaak
from iwerk.werkplek.views.zaak_taken import (
    AfrondenForm,
    AfwijzenForm,
    GoedkeurenForm,
    IntrekkenForm,
    TaakForm,
    ToewijzenForm,
    keuzes,
)
from iwerk.werkverdeling.models import Taak
from iwerk.werkverdeling.selectors import taken as taken_selectors
from iwerk.werkverdeling.services import taken, vierogen
from iwerk.zaken.models import Zaak


@werkplek_view()
def overzicht(request: Any) -> HttpResponse:
    """/werkplek/taken/: one tab of open tasks, by deadline."""
    context = werkplek(request)
    tab = request.GET.get("tab", "")
    if tab not in taken_selectors.LIJSTEN:
        tab = taken_selectors.MIJN
    rijen = taken_selectors.lijst(context, tab)
    if tab == taken_selectors.GOEDKEUREN:
        namen = taken_selectors.namen(r["aangevraagd_door"] for r in rijen)
        for rij in rijen:
            rij["aanvrager"] = namen.get(rij["aangevraagd_door"], rij["aangevraagd_door"])
    return render(
        request,
        "werkplek/taken/overzicht.html",
        {
            "tabs": taken_selectors.LIJSTEN,
            "tab": tab,
            "taken": rijen,
            "nav": "taken",
        },
    )


def _taak(request: Any, uuid: UUID, taak_uuid: UUID) -> tuple[Zaak, Taak]:
    zaak = get_zaak(request, uuid)
    taak = taken_selectors.taak_van_zaak(zaak, taak_uuid)
    if taak is None:
        raise Http404("Taak niet gevonden.")
    return zaak, taak


@require_POST
@werkplek_view()
def toevoegen(request: Any, uuid: UUID) -> HttpResponse:
    context = werkplek(request)
    zaak = get_zaak(request, uuid)
    form = TaakForm(request.POST, **keuzes(request, zaak))

    def work(zaak: Zaak, data: dict[str, Any]) -> None:
        taken.taak_aanmaken(
            context=context,
            zaak=zaak,
            titel=data["titel"],
            toelichting=data["toelichting"],
            medewerker=data["medewerker"],
            team_id=data["team"],
            deadline=data["deadline"],
            verplicht=data["verplicht"],
        )

    return _action(
        request, uuid, "taak", form, work, success="De taak is toegevoegd.", anchor="taken"
    )


@require_POST
@werkplek_view()
def afronden(request: Any, uuid: UUID, taak_uuid: UUID) -> HttpResponse:
    context = werkplek(request)
    _, taak = _taak(request, uuid, taak_uuid)
    form = AfrondenForm(request.POST)
    form.taak_uuid = taak.uuid  # type: ignore[attr-defined]  # the row that shows the errors

    def work(zaak: Zaak, data: dict[str, Any]) -> None:
        taken.afronden(context=context, taak=taak, resultaat=data["resultaat"])

    return _action(
        request,
        uuid,
        "afronden",
        form,
        work,
        success=f"De taak ‘{taak.titel}’ is afgerond.",
        anchor="taken",
    )


@require_POST
@werkplek_view()
def toewijzen(request: Any, uuid: UUID, taak_uuid: UUID) -> HttpResponse:
    context = werkplek(request)
    zaak, taak = _taak(request, uuid, taak_uuid)
    form = ToewijzenForm(request.POST, **keuzes(request, zaak))
    form.taak_uuid = taak.uuid  # type: ignore[attr-defined]

    def work(zaak: Zaak, data: dict[str, Any]) -> None:
        taken.toewijzen(
            context=context, taak=taak, medewerker=data["medewerker"], team_id=data["team"]
        )

    return _action(
        request,
        uuid,
        "taaktoewijzen",
        form,
        work,
        success=f"De taak ‘{taak.titel}’ is toegewezen.",
        anchor="taken",
    )


@require_POST
@werkplek_view()
def goedkeuren(request: Any, uuid: UUID, taak_uuid: UUID) -> HttpResponse:
    context = werkplek(request)
    _, taak = _taak(request, uuid, taak_uuid)
    form = GoedkeurenForm(request.POST)
    form.taak_uuid = taak.uuid  # type: ignore[attr-defined]

    def work(zaak: Zaak, data: dict[str, Any]) -> None:
        vierogen.goedkeuren(context=context, taak=taak, toelichting=data["toelichting"])

    return _action(
        request,
        uuid,
        "goedkeuren",
        form,
        work,
        success="Goedgekeurd: "
        + ("het besluit is vastgelegd." if taak.actie == "besluit" else "de zaak is afgesloten."),
        anchor="taken",
    )


@require_POST
@werkplek_view()
def afwijzen(request: Any, uuid: UUID, taak_uuid: UUID) -> HttpResponse:
    context = werkplek(request)
    _, taak = _taak(request, uuid, taak_uuid)
    form = AfwijzenForm(request.POST)
    form.taak_uuid = taak.uuid  # type: ignore[attr-defined]

    def work(zaak: Zaak, data: dict[str, Any]) -> None:
        vierogen.afwijzen(context=context, taak=taak, reden=data["reden"])

    return _action(
        request,
        uuid,
        "afwijzen",
        form,
        work,
        success="Het verzoek is afgewezen; de aanvrager ziet uw reden bij de taak.",
        anchor="taken",
    )


@require_POST
@werkplek_view()
def intrekken(request: Any, uuid: UUID, taak_uuid: UUID) -> HttpResponse:
    """The requester withdraws their own open request for approval."""
    context = werkplek(request)
    _, taak = _taak(request, uuid, taak_uuid)
    form = IntrekkenForm(request.POST)
    form.taak_uuid = taak.uuid  # type: ignore[attr-defined]

    def work(zaak: Zaak, data: dict[str, Any]) -> None:
        vierogen.intrekken(context=context, taak=taak)

    return _action(
        request,
        uuid,
        "intrekken",
        form,
        work,
        success="Uw verzoek is ingetrokken; u kunt het opnieuw vragen.",
        anchor="taken",
    )
