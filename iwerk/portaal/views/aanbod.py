"""The portaal of one gemeente: its landing page and product pages, in its own look."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from iwerk.catalogi.models import ZaakType, valid_on
from iwerk.core import durations
from iwerk.core.models import Gemeente
from iwerk.portaal.models import Concept, Product
from iwerk.portaal.views.common import inloggen_url, portaal_view, sessie_hash


def _aanbod(gemeente: Gemeente) -> list[dict]:
    """The online products with the handling time of their current zaaktype (two queries)."""
    products = list(Product.objects.filter(tenant=gemeente, online_aanvraagbaar=True))
    zaaktypen = {
        z.identificatie: z
        for z in ZaakType.objects.filter(
            tenant=gemeente,
            concept=False,
            identificatie__in=[p.zaaktype_identificatie for p in products],
        )
        .filter(valid_on(timezone.localdate()))
        .order_by("versiedatum", "pk")  # the newest version wins in the dict
    }
    return [
        {
            "product": p,
            "doorlooptijd": durations.beschrijf(zaaktypen[p.zaaktype_identificatie].doorlooptijd),
        }
        for p in products
        if p.zaaktype_identificatie in zaaktypen
    ]


def aanbod_item(gemeente: Gemeente, product_slug: str, *, vereist: bool = True) -> dict | None:
    item = next((a for a in _aanbod(gemeente) if a["product"].slug == product_slug), None)
    if item is None and vereist:
        raise Http404("Dit product kunt u hier niet online aanvragen.")
    return item


@portaal_view()
def start(request):
    gemeente = request.gemeente
    return render(
        request,
        "portaal/start.html",
        {"gemeente": gemeente, "identiteit": request.identiteit, "aanbod": _aanbod(gemeente)},
    )


@portaal_view()
def product(request, product_slug: str):
    gemeente = request.gemeente
    item = aanbod_item(gemeente, product_slug)
    wie = request.identiteit
    niveau = item["product"].betrouwbaarheidsniveau
    eigenaar = (
        {"middel": wie.middel, "eigenaar": wie.eigenaar}
        if wie
        else {"sessie": sessie_hash(request)}
    )
    concept = (
        Concept.objects.filter(
            tenant=gemeente, product=item["product"], status="concept", **eigenaar
        )
        .order_by("-gewijzigd")
        .first()
    )
    return render(
        request,
        "portaal/product.html",
        {
            "gemeente": gemeente,
            "identiteit": wie,
            **item,
            "concept": concept,
            "mag": niveau == "geen" or (wie is not None and wie.voldoet_aan(niveau)),
            "inloggen": inloggen_url(gemeente, niveau, request.path) if niveau != "geen" else "",
        },
    )
