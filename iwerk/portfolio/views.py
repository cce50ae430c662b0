"""The portfolio in the werkplek: overlap per component, the count over time, the register."""

from __future__ import annotations

import base64
from datetime import date
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify

from iwerk.core.export import Blad, csv_response, xlsx_response
from iwerk.core.models import Gemeente
from iwerk.core.weergave import aantal
from iwerk.medewerkers import selectors as medewerkers_selectors
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.roles import PORTFOLIO, PORTFOLIO_BEHEREN
from iwerk.migratie import selectors as migratie_selectors
from iwerk.portfolio.forms import GebruikForm
from iwerk.portfolio.models import Applicatie, Gebruik
from iwerk.portfolio.selectors import kosten, overzicht, uitfasering
from iwerk.portfolio.selectors import lijst as pakketoverzicht
from iwerk.portfolio.services import gebruik as gebruik_services
from iwerk.portfolio.services import lijst
from iwerk.sturing import export as sturing_export
from iwerk.sturing.grafieken import lijnengrafiek
from iwerk.sturing.selectors.tabellen import Tabel


@werkplek_view(PORTFOLIO)
def portfolio(request):
    gemeenten = list(Gemeente.objects.toegewezen().order_by("naam"))
    vandaag = timezone.localdate()
    peildata = [date(jaar, 1, 1) for jaar in range(vandaag.year - 10, vandaag.year + 2)]
    rijen = overzicht.overlap(gemeenten, vandaag)
    componentkosten = kosten.per_component(vandaag)
    tijd = overzicht.aantal_in_de_tijd(gemeenten, peildata)
    applicaties = Applicatie.objects.prefetch_related(
        "componenten", "gebruik__gemeente", "incidenten"
    ).order_by("naam")
    return render(
        request,
        "portfolio/overzicht.html",
        {
            "nav": "portfolio",
            "gemeenten": gemeenten,
            "vandaag": vandaag,
            "matrix": [(r, [r.per_gemeente.get(g.pk, []) for g in gemeenten]) for r in rijen],
            "kandidaten": sum(1 for r in rijen if r.kandidaat),
            "tijd": [(t, [t["per_gemeente"][g.pk] for g in gemeenten]) for t in tijd],
            "grafiek": _aantal_grafiek(gemeenten, peildata, tijd),
            "applicaties": applicaties,
            "routekaart": overzicht.routekaart(gemeenten),
            "kosten": [(r, [r.per_gemeente.get(g.pk) for g in gemeenten]) for r in componentkosten],
            "kosten_totaal": kosten.totaal_per_gemeente(componentkosten, gemeenten),
            "beheer": request.werkplek.kan(PORTFOLIO_BEHEREN),
        },
    )


SESSION_IMPORT = "portfolio_import"
MAX_IMPORT = 2 * 1024 * 1024


def _beheerde_gemeenten(request) -> set[int]:
    """The gemeenten whose portfolio rows the user may change (a role there that manages it)."""
    return medewerkers_selectors.gemeenten_met_capability(request.user.pk, PORTFOLIO_BEHEREN)


@werkplek_view(PORTFOLIO_BEHEREN)
def importeren(request):
    """Upload → dry run with every row's outcome and errors → import the same file, or nothing."""
    verslag = None
    fout = ""
    if request.method == "POST" and "importeren" in request.POST:
        bewaard = request.session.get(SESSION_IMPORT)
        if not bewaard:
            fout = "Controleer eerst een bestand."
        else:
            verslag = lijst.importeren(
                base64.b64decode(bewaard["inhoud"]),
                bewaard["naam"],
                proef=False,
                gemeenten=_beheerde_gemeenten(request),
            )
            if verslag.gelukt:
                del request.session[SESSION_IMPORT]
                messages.success(
                    request, f"{aantal(len(verslag.regels), 'regel', 'regels')} geïmporteerd."
                )
                return redirect("/werkplek/portfolio/")
    elif request.method == "POST":
        upload = request.FILES.get("bestand")
        if upload is None:
            fout = "Kies een CSV- of XLSX-bestand."
        elif upload.size > MAX_IMPORT:
            fout = "Het bestand is groter dan 2 MB."
        else:
            inhoud = upload.read()
            verslag = lijst.importeren(
                inhoud, upload.name, proef=True, gemeenten=_beheerde_gemeenten(request)
            )
            if verslag.gelukt:
                request.session[SESSION_IMPORT] = {
                    "naam": upload.name,
                    "inhoud": base64.b64encode(inhoud).decode(),
                }
            else:
                request.session.pop(SESSION_IMPORT, None)
    return render(
        request,
        "portfolio/importeren.html",
        {"nav": "portfolio", "verslag": verslag, "fout": fout},
        status=400 if fout or (verslag and not verslag.gelukt) else 200,
    )


@werkplek_view(PORTFOLIO)
def export(request, formaat: str):
    """The pakketoverzicht for the GEMMA Softwarecatalogus, as CSV or XLSX."""
    rijen = pakketoverzicht.export_rijen()
    if formaat == "csv":
        return csv_response(rijen, "pakketoverzicht.csv")
    if formaat == "xlsx":
        return xlsx_response([Blad("Pakketoverzicht", rijen)], "pakketoverzicht.xlsx")
    raise Http404


@werkplek_view(PORTFOLIO)
def applicatie(request, pk: int):
    """One application: where it is used, and (functioneel beheer) its lifecycle per gemeente;
    per gemeente that migrated it into iwerk, the migration's verdict and counts."""
    app = get_object_or_404(
        Applicatie.objects.prefetch_related(
            "componenten", "incidenten", "koppelingen_uit__naar", "koppelingen_in__van"
        ),
        pk=pk,
    )
    # Functioneel beheer changes the rows of the gemeenten where it holds that role only (the
    # application itself is shared; its use, end dates and migratie are each gemeente's own).
    beheerbaar = (
        medewerkers_selectors.gemeenten_met_capability(request.user.pk, PORTFOLIO_BEHEREN)
        if request.werkplek.kan(PORTFOLIO_BEHEREN)
        else set()
    )
    mag = bool(beheerbaar)
    gebruik = list(app.gebruik.select_related("gemeente", "migratie").order_by("gemeente__naam"))
    bound = None
    if request.method == "POST":
        rij = next((g for g in gebruik if str(g.pk) == request.POST.get("gebruik")), None)
        if rij is None or rij.gemeente_id not in beheerbaar:
            return render(
                request,
                "werkplek/geen_toegang.html",
                {
                    "reden": "Alleen functioneel beheer van die gemeente wijzigt haar gebruik "
                    "van deze applicatie."
                },
                status=403,
            )
        bound = GebruikForm(request.POST, instance=rij, prefix=f"g{rij.pk}")
        if bound.is_valid():
            gebruik_services.bijwerken(
                rij,
                status=bound.cleaned_data["status"],
                einde_gepland=bound.cleaned_data["einde_gepland"],
                einde=bound.cleaned_data["einde"],
                migratie=bound.cleaned_data["migratie"],
            )
            messages.success(request, f"Levensfase bij {rij.gemeente.naam} bijgewerkt.")
            return redirect(f"/werkplek/portfolio/applicaties/{app.pk}/")
    uitfaseringen = uitfasering.voor_gebruik(gebruik)
    migraties = (
        migratie_selectors.migraties_van_gemeenten(
            {g.gemeente_id for g in gebruik if g.gemeente_id in beheerbaar}
        )
        if mag
        else {}
    )
    eigen = {g.pk for g in request.werkplek.gemeenten}
    rijen = []
    for g in gebruik:
        form = None
        if bound is not None and bound.instance.pk == g.pk:
            form = bound
        elif g.gemeente_id in beheerbaar:
            form = GebruikForm(
                instance=g, prefix=f"g{g.pk}", migraties=migraties.get(g.gemeente_id, [])
            )
        rijen.append(
            {
                "gebruik": g,
                "form": form,
                "uitfasering": uitfaseringen.get(g.pk),
                "eigen": g.gemeente_id in eigen,  # sees the melding and the full report
            }
        )
    return render(
        request,
        "portfolio/applicatie.html",
        {"nav": "portfolio", "app": app, "gebruik": rijen, "mag": mag},
        status=400 if bound is not None and bound.errors else 200,
    )


def _eigen_gebruik(request, pk: int, gebruik_pk: int) -> Gebruik:
    """The Gebruik with its migratie, when the user works for its gemeente; else 404, not 403,
    as for anything of another gemeente (ADR 0065)."""
    gebruik = uitfasering.gebruik_met_migratie(
        applicatie_id=pk,
        gebruik_id=gebruik_pk,
        gemeente_ids=[g.pk for g in request.werkplek.gemeenten],
    )
    if gebruik is None:
        raise Http404
    return gebruik


@werkplek_view(PORTFOLIO)
def migratierapport(request, pk: int, gebruik_pk: int):
    """A gemeente's migration of an application: its runs and its latest report in full."""
    gebruik = _eigen_gebruik(request, pk, gebruik_pk)
    assert gebruik.migratie is not None  # gebruik_met_migratie
    stand = uitfasering.voor_gebruik([gebruik])[gebruik.pk]
    runs = migratie_selectors.runs_van(gebruik.migratie.pk, limiet=20)
    volledig = migratie_selectors.laatste_run(gebruik.migratie, met_rapport=True)
    return render(
        request,
        "portfolio/migratierapport.html",
        {
            "nav": "portfolio",
            "gebruik": gebruik,
            "app": gebruik.applicatie,
            "stand": stand,
            "bron": urlsplit(gebruik.migratie.zaken_api).netloc,
            "runs": runs,
            "rapport": uitfasering.rapportweergave(volledig.rapport)
            if volledig and volledig.rapport
            else None,
            "tonen": uitfasering.TONEN,
        },
    )


@werkplek_view(PORTFOLIO)
def migratierapport_json(request, pk: int, gebruik_pk: int):
    """The latest report of that migration as stored, for download."""
    gebruik = _eigen_gebruik(request, pk, gebruik_pk)
    assert gebruik.migratie is not None  # gebruik_met_migratie
    run = migratie_selectors.laatste_run(gebruik.migratie, met_rapport=True)
    if run is None or run.rapport is None:
        raise Http404
    response = JsonResponse(run.rapport, json_dumps_params={"ensure_ascii": False, "indent": 1})
    naam = slugify(gebruik.migratie.naam) or "migratie"
    response["Content-Disposition"] = (
        f'attachment; filename="migratierapport-{naam}-run-{run.pk}.json"'
    )
    return response


@werkplek_view(PORTFOLIO)
def kosten_export(request, formaat: str):
    """Cost per component and gemeente as CSV or XLSX (the Sturing table export)."""
    if formaat not in ("csv", "xlsx"):
        raise Http404
    gemeenten = list(Gemeente.objects.toegewezen().order_by("naam"))
    vandaag = timezone.localdate()
    rijen = kosten.per_component(vandaag)
    tabel = Tabel(
        "componentkosten",
        f"Kosten per referentiecomponent en gemeente (€ per jaar, {vandaag:%d-%m-%Y})",
        ["Referentiecomponent", *[g.naam for g in gemeenten], "Totaal", "Applicaties"],
    )
    for r in rijen:
        tabel.rij(
            r.component,
            *[r.per_gemeente.get(g.pk) for g in gemeenten],
            r.totaal,
            ", ".join(sorted(r.applicaties)),
        )
    return sturing_export.response(tabel, formaat, "portfolio-kosten")


def _aantal_grafiek(gemeenten, peildata, tijd):
    """The application count per 1 January as an inline SVG chart (the table below has the
    figures)."""
    reeksen = {"Samen": [t["totaal"] for t in tijd]}
    reeksen |= {g.naam: [t["per_gemeente"][g.pk] for t in tijd] for g in gemeenten}
    return lijnengrafiek(
        "aantal",
        "Grafiek: het aantal applicaties in gebruik op 1 januari, samen en per gemeente",
        [str(d.year) for d in peildata],
        reeksen,
        "De cijfers staan in de tabel onder deze grafiek.",
    )
