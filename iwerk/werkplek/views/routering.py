"""Moving zaken between team queues (ADR 0059): on the zaak page ("Naar team") and in bulk from
the werkvoorraad. Only for who assigns work to others (the teamleider); the routing service
(werkverdeling.services.routering.team_kiezen) holds the rules."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from iwerk.core.api.problems import ApiError
from iwerk.core.weergave import aantal
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.medewerkers.formulieren import describe, once
from iwerk.medewerkers.models import Team
from iwerk.medewerkers.roles import TOEWIJZEN_AAN_ANDEREN
from iwerk.werkplek import selectors
from iwerk.werkplek.forms import TeamForm
from iwerk.werkplek.views import zaak as zaakpagina
from iwerk.werkplek.views.common import geldige_uuids
from iwerk.werkverdeling.services import routering

MAX_PER_KEER = 200  # as the bulk assignment


def _team(context: Werkplekcontext, team_id: int | None) -> Team | None:
    if team_id is None:
        return None
    return Team.objects.get(pk=team_id, gemeente=context.gemeente)  # a choice of the form


def _waarheen(team: Team | None) -> str:
    return "de intake" if team is None else f"de wachtrij van {team.naam}"


@require_POST
@werkplek_view(TOEWIJZEN_AAN_ANDEREN)
def team_kiezen(request, uuid):
    context = request.werkplek
    form = TeamForm(request.POST, teams=selectors.teamkeuzes(context))

    def work(zaak, data):
        team = _team(context, form.team_id())
        routering.team_kiezen(actor=context.actor, zaak=zaak, team=team)
        return f"De zaak staat nu in {_waarheen(team)}."

    # The zaak page's own flow: the zaak the user may read (else 404), once per form token, the
    # service's reasons on the form of the page.
    return zaakpagina._action(
        request, uuid, "team", form, work, success="De zaak is verplaatst.", anchor=""
    )


@require_POST
@werkplek_view(TOEWIJZEN_AAN_ANDEREN)
def bulk_team(request):
    """Move the selected zaken to a team or the intake; each in its own transaction, with a
    reason for every zaak that did not move."""
    context = request.werkplek
    back = request.POST.get("terug", "/werkplek/")
    if not back.startswith("/werkplek/"):
        back = "/werkplek/"
    form = TeamForm(request.POST, teams=selectors.teamkeuzes(context))
    if not form.is_valid():
        messages.error(request, "Kies een team van deze gemeente of de intake.")
        return redirect(back)
    uuids = geldige_uuids(request.POST.getlist("zaak")[:MAX_PER_KEER])
    if not uuids:
        messages.error(request, "Selecteer eerst een of meer zaken.")
        return redirect(back)
    team = _team(context, form.team_id())

    def run() -> str:
        gelukt, mislukt = 0, []
        for zaak in selectors.visible_zaken(context).filter(uuid__in=uuids).order_by("pk"):
            try:
                with transaction.atomic():
                    routering.team_kiezen(actor=context.actor, zaak=zaak, team=team)
                gelukt += 1
            except ApiError as error:
                mislukt.append(f"{zaak.identificatie}: {describe(error)}")
        if gelukt:
            messages.success(
                request, f"{aantal(gelukt, 'zaak', 'zaken')} verplaatst naar {_waarheen(team)}."
            )
        for regel in mislukt:
            messages.error(request, f"Niet verplaatst — {regel}")
        return back

    return once(request, run, back=back)
