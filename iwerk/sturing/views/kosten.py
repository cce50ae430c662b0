"""/werkplek/sturing/kosten/: cost items, budget vs. realised, the charge per gemeente by each
item's key, the year-end settlement, investments per gemeente and the savings target."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from iwerk.core.models import Gemeente
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.roles import KOSTEN
from iwerk.sturing import export
from iwerk.sturing.models import Besparingsdoel, Investering, Kostenbedrag, Verdeelgegevens
from iwerk.sturing.selectors import kosten
from iwerk.sturing.selectors.tabellen import Tabel


def _jaar(request) -> tuple[int, list[int]]:
    jaren = sorted(set(Kostenbedrag.objects.values_list("jaar", flat=True)), reverse=True)
    standaard = timezone.localdate().year
    waarde = request.GET.get("jaar", "")
    jaar = int(waarde) if waarde.isdigit() and int(waarde) in jaren else None
    if jaar is None:
        jaar = standaard if standaard in jaren or not jaren else jaren[0]
    return jaar, jaren


def _euro(bedrag: Decimal | None) -> Decimal | None:
    return None if bedrag is None else Decimal(bedrag).quantize(Decimal("0.01"))


def tabellen(jaar: int) -> dict[str, Tabel]:
    overzicht = kosten.jaaroverzicht(jaar)
    gemeenten = overzicht.gemeenten
    namen = [g.naam for g in gemeenten]
    tabs: dict[str, Tabel] = {}

    posten = Tabel(
        "posten",
        f"Kostenposten {jaar}: begroot en gerealiseerd (€)",
        ["Kostenpost", "Verdeelsleutel", "Begroot", "Gerealiseerd", "Verschil", "Signaal"],
    )
    for r in overzicht.posten:
        sleutel = r.post.get_verdeelsleutel_display()
        if r.post.basissleutel:
            sleutel += f" (basis: {r.post.get_basissleutel_display().lower()})"
        posten.rij(
            r.post.naam,
            sleutel,
            _euro(r.begroot),
            _euro(r.gerealiseerd),
            _euro(r.verschil),
            r.fout or ("" if r.gerealiseerd is not None else "Nog niet gerealiseerd"),
        )
    tabs["posten"] = posten

    verdeling = Tabel(
        "verdeling",
        f"Toerekening per kostenpost en gemeente {jaar} (€, realisatie; anders begroting)",
        ["Kostenpost", *namen],
    )
    for r in overzicht.posten:
        bron = r.definitief or r.voorschot
        verdeling.rij(r.post.naam, *[_euro(bron.get(g.pk)) for g in gemeenten])
    tabs["verdeling"] = verdeling

    afrekening = Tabel(
        "afrekening",
        f"Jaarafrekening {jaar} per gemeente (€)",
        ["Gemeente", "Voorschot (begroting)", "Definitief (realisatie)", "Te verrekenen"],
        toelichting="Positief: de gemeente betaalt bij; negatief: de gemeente krijgt terug. "
        "Het voorschot verdeelt de begroting met de cijfers van het jaar ervoor.",
    )
    for g, voorschot, definitief, verschil in overzicht.afrekening():
        afrekening.rij(g.naam, _euro(voorschot), _euro(definitief), _euro(verschil))
    tabs["afrekening"] = afrekening

    grondslagen = Tabel(
        "grondslagen",
        f"Grondslagen {jaar}",
        ["Gemeente", "Inwoners", "Gebruikers", f"Zaken gestart in {jaar}"],
    )
    per_gemeente = {v.gemeente_id: v for v in Verdeelgegevens.objects.filter(jaar=jaar)}
    zaken = kosten.zaken_per_gemeente(jaar)
    for g in gemeenten:
        v = per_gemeente.get(g.pk)
        grondslagen.rij(
            g.naam, v.inwoners if v else None, v.gebruikers if v else None, int(zaken.get(g.pk, 0))
        )
    tabs["grondslagen"] = grondslagen

    investeringen = Tabel(
        "investeringen",
        "Investeringen per gemeente (€)",
        ["Gemeente", "Investering", "Soort", "Periode", "Begroot", "Gerealiseerd", "Bron"],
    )
    alle = list(Investering.objects.select_related("gemeente"))
    for i in alle:
        investeringen.rij(
            i.gemeente.naam,
            i.omschrijving,
            i.get_soort_display(),
            f"{i.van_jaar}–{i.tot_en_met_jaar}",
            _euro(i.begroot),
            _euro(i.gerealiseerd),
            i.bron,
        )
    tabs["investeringen"] = investeringen

    totaal = sum((i.begroot for i in alle), Decimal(0))
    aandelen = Tabel(
        "investeringsaandeel",
        "Investeringen per gemeente samen (€) en aandeel",
        ["Gemeente", "Begroot", "Aandeel (%)"],
    )
    for g in Gemeente.objects.toegewezen().order_by("naam"):
        som = sum((i.begroot for i in alle if i.gemeente_id == g.pk), Decimal(0))
        aandelen.rij(g.naam, _euro(som), round(float(100 * som / totaal), 1) if totaal else None)
    tabs["investeringsaandeel"] = aandelen

    besparing = Tabel(
        "besparing",
        "Besparingsdoel van de i-werkorganisatie (€)",
        ["Jaar", "Doel", "Gerealiseerd", "Toelichting"],
    )
    for b in Besparingsdoel.objects.all():
        besparing.rij(b.jaar, _euro(b.doel), _euro(b.gerealiseerd), b.toelichting)
    tabs["besparing"] = besparing
    return tabs


@werkplek_view(KOSTEN)
def overzicht(request):
    jaar, jaren = _jaar(request)
    return render(
        request,
        "sturing/kosten.html",
        {"nav": "sturing", "jaar": jaar, "jaren": jaren, "tabellen": tabellen(jaar).values()},
    )


@werkplek_view(KOSTEN)
def export_tabel(request, naam: str, formaat: str):
    jaar, _ = _jaar(request)
    tabs = tabellen(jaar)
    if formaat not in ("csv", "xlsx") or (naam not in tabs and naam != "alles"):
        raise Http404
    if naam == "alles":
        return export.werkboek(list(tabs.values()), f"kosten-{jaar}.xlsx")
    return export.response(tabs[naam], formaat, f"kosten-{naam}-{jaar}")
