"""The werkvoorraad (my zaken, my teams' queues, the intake, all), bulk assignment and moves to a
team, saved filters, search."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from iwerk.archief.selectors.te_beoordelen import aantal_te_beoordelen
from iwerk.core import inzage
from iwerk.core.api.problems import ApiError
from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.core.validators import is_valid_rsin
from iwerk.core.weergave import aantal
from iwerk.klantinteracties.selectors import contactverzoeken
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.formulieren import describe, new_token
from iwerk.medewerkers.roles import TOEWIJZEN_AAN_ANDEREN
from iwerk.medewerkers.selectors import zaakbehandelaars
from iwerk.werkplek import selectors
from iwerk.werkplek.forms import FilterOpslaanForm
from iwerk.werkplek.models import OpgeslagenFilter
from iwerk.werkplek.views.common import geldige_uuids, medewerker_of
from iwerk.werkverdeling.selectors import taken as werkverdeling_taken
from iwerk.zaken.selectors import termijnen
from iwerk.zaken.selectors import zoeken as zaken_zoeken
from iwerk.zaken.services.toewijzing import assign

_FILTER_KEYS = ("tab", "zaaktype", "status", "termijn", "vertrouwelijkheid", "afgerond", "sort")


def _filters(params) -> selectors.Filters:
    zaaktype = params.get("zaaktype", "")
    tab = params.get("tab", "")
    tab = selectors.TAB_ALIASSEN.get(tab, tab)  # saved filters may say tab=vrij
    return selectors.Filters(
        tab=tab if tab in selectors.TABS else "mijn",
        zaaktype=int(zaaktype) if zaaktype.isdigit() else None,
        status=params.get("status", "")[:80],
        termijn=params.get("termijn")
        if params.get("termijn") in termijnen.LABELS
        and params.get("termijn") not in (termijnen.AFGEROND, termijnen.OP_SCHEMA)
        else "",
        vertrouwelijkheid=params.get("vertrouwelijkheid")
        if params.get("vertrouwelijkheid") in Vertrouwelijkheidaanduiding.values
        else "",
        afgerond=params.get("afgerond") == "1",
        sort=params.get("sort") if params.get("sort") in selectors.SORTS else "termijn",
    )


def _page(params) -> int:
    value = params.get("pagina", "1")
    return max(1, min(int(value), 400)) if value.isdigit() else 1


@werkplek_view()
def werkvoorraad(request):
    context = request.werkplek
    filters = _filters(request.GET)
    page = _page(request.GET)
    today = timezone.localdate()
    qs = selectors.werkvoorraad(context, filters, today)
    start = (page - 1) * selectors.PAGE_SIZE
    zaken = list(qs.only(*selectors.REGEL_FIELDS)[start : start + selectors.PAGE_SIZE + 1])
    more = len(zaken) > selectors.PAGE_SIZE
    zaken = zaken[: selectors.PAGE_SIZE]
    query = {k: v for k, v in request.GET.items() if k in _FILTER_KEYS and v}
    kan_anderen = context.kan(TOEWIJZEN_AAN_ANDEREN)
    mensen = zaakbehandelaars(context.gemeente.pk)
    if not kan_anderen:
        mensen = [m for m in mensen if m[0] == context.actor.user_id]
    namen = selectors.catalogusnamen(context.gemeente.pk)
    # The open tasks of the page's zaken (one query) and, on the first page, the user's own.
    open_taken = werkverdeling_taken.open_per_zaak([z.pk for z in zaken]) if zaken else {}
    return render(
        request,
        "werkplek/werkvoorraad.html",
        {
            "filters": filters,
            "tabs": selectors.TABS,
            "regels": selectors.regels(zaken, today, open_taken),
            "pagina": page,
            "meer": more,
            "query": query,
            "querystring": urlencode(query),
            "zaaktypen": namen.zaaktype_keuzes,
            "statussen": namen.status_keuzes,
            "termijnstaten": [
                (k, v)
                for k, v in termijnen.LABELS.items()
                if k not in (termijnen.AFGEROND, termijnen.OP_SCHEMA)
            ],
            "vertrouwelijkheden": Vertrouwelijkheidaanduiding.choices,
            "opgeslagen": OpgeslagenFilter.objects.filter(
                gebruiker=request.user, gemeente=context.gemeente
            ),
            "medewerkers": mensen,
            # A teamleider moves selected zaken to a team's queue or to the intake (ADR 0059).
            "kan_team_kiezen": kan_anderen,
            "teams": selectors.teamkeuzes(context) if kan_anderen else [],
            "formtoken": new_token(),
            "mijn_taken": werkverdeling_taken.voor_werkvoorraad(context, aantal=10)
            if page == 1
            else [],
            "nav": "werkvoorraad",
            # Process owners have no archive role: this notice (and the menu) is their way in.
            "archief_te_beoordelen": aantal_te_beoordelen(request.user),
            # The contactverzoeken for this staff member and their teams (the KCC's call-backs).
            "contactverzoeken": contactverzoeken.lijst(context, request.user, aantal=10)
            if page == 1
            else [],
        },
    )


@require_POST
@werkplek_view()
def bulk_toewijzen(request):
    """Assign the selected zaken to one medewerker; each zaak in its own transaction."""
    context = request.werkplek
    username = request.POST.get("medewerker", "")
    mensen = dict(zaakbehandelaars(context.gemeente.pk))
    back = request.POST.get("terug", "/werkplek/")
    if not back.startswith("/werkplek/"):
        back = "/werkplek/"
    if username not in mensen:
        messages.error(request, "Kies een medewerker van deze gemeente.")
        return redirect(back)
    if username != context.actor.user_id and not context.kan(TOEWIJZEN_AAN_ANDEREN):
        messages.error(request, "U kunt zaken alleen aan uzelf toewijzen.")
        return redirect(back)
    uuids = request.POST.getlist("zaak")[:200]
    if not uuids:
        messages.error(request, "Selecteer eerst een of meer zaken.")
        return redirect(back)
    medewerker = medewerker_of(get_user_model().objects.get(username=username))
    gelukt, mislukt = 0, []
    for zaak in selectors.visible_zaken(context).filter(uuid__in=geldige_uuids(uuids)):
        try:
            with transaction.atomic():
                assign(actor=context.actor, zaak=zaak, medewerker=medewerker)
            gelukt += 1
        except ApiError as error:
            mislukt.append(f"{zaak.identificatie}: {describe(error)}")
    if gelukt:
        messages.success(
            request, f"{aantal(gelukt, 'zaak', 'zaken')} toegewezen aan {mensen[username]}."
        )
    for regel in mislukt:
        messages.error(request, f"Niet toegewezen — {regel}")
    return redirect(back)


@require_POST
@werkplek_view()
def filter_opslaan(request):
    context = request.werkplek
    form = FilterOpslaanForm(request.POST)
    query = {k: v for k, v in request.POST.items() if k in _FILTER_KEYS and v}
    if form.is_valid():
        OpgeslagenFilter.objects.update_or_create(
            gebruiker=request.user,
            gemeente=context.gemeente,
            naam=form.cleaned_data["naam"],
            defaults={"querystring": urlencode(query)},
        )
        messages.success(request, f"Filter '{form.cleaned_data['naam']}' opgeslagen.")
    else:
        messages.error(request, "Geef het filter een naam (hoogstens 60 tekens).")
    return redirect(f"/werkplek/?{urlencode(query)}")


@require_POST
@werkplek_view()
def filter_verwijderen(request, pk: int):
    OpgeslagenFilter.objects.filter(
        pk=pk, gebruiker=request.user, gemeente=request.werkplek.gemeente
    ).delete()
    messages.success(request, "Filter verwijderd.")
    return redirect("/werkplek/")


@werkplek_view()
def zoeken(request):
    context = request.werkplek
    query = request.GET.get("q", "").strip()[:200]
    today = timezone.localdate()
    resultaten = []
    if query:
        if is_valid_rsin(query.replace(" ", "")):
            inzage.bsn_zoekopdracht(
                context.actor, bsn=query.replace(" ", ""), kanaal="werkplek",
                tenant_ids=[context.gemeente.pk],
            )  # fmt: skip
        zaken = list(zoeken_zaken(context, query)[:50])
        resultaten = selectors.regels(zaken, today)
    return render(
        request, "werkplek/zoeken.html", {"q": query, "resultaten": resultaten, "nav": "zoeken"}
    )


def zoeken_zaken(context, query: str):
    return zaken_zoeken.search(selectors.visible_zaken(context), query)
