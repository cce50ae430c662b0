"""The portaal of one gemeente: its landing page and product pages, in its own look."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from iwerk.core import durations
from iwerk.core.models import Gemeente
from iwerk.portaal.models import Product


def _gemeente(slug: str) -> Gemeente:
    return get_object_or_404(Gemeente, slug=slug)


def _aanbod(gemeente: Gemeente) -> list[dict]:
    """The online products with the handling time of their current zaaktype (two queries)."""
    from django.utils import timezone

    from iwerk.catalogi.models import ZaakType, valid_on

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


def start(request, gemeente_slug: str):
    gemeente = _gemeente(gemeente_slug)
    return render(
        request, "portaal/start.html", {"gemeente": gemeente, "aanbod": _aanbod(gemeente)}
    )


def product(request, gemeente_slug: str, product_slug: str):
    gemeente = _gemeente(gemeente_slug)
    item = next((a for a in _aanbod(gemeente) if a["product"].slug == product_slug), None)
    if item is None:
        raise Http404("Dit product kunt u hier niet online aanvragen.")
    return render(request, "portaal/product.html", {"gemeente": gemeente, **item})
