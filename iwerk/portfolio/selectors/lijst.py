"""The export of the application list for the Softwarecatalogus: the pakketoverzicht per
organisation (docs/portfolio.md). The import of a list is `services.lijst`."""

from __future__ import annotations

from iwerk.core.models import Gemeente
from iwerk.portfolio.models import Gebruik

EXPORT_KOLOMMEN = (
    "Organisatie", "Pakket", "Leverancier", "Pakketversie", "Referentiecomponenten",
    "Status", "In gebruik sinds", "Einde gepland", "Hosting",
)  # fmt: skip


def export_rijen(gemeente: Gemeente | None = None) -> list[list[str]]:
    """The pakketoverzicht per organisation, in the Softwarecatalogus' terms (docs/portfolio.md)."""
    status = {
        "in_gebruik": "In gebruik",
        "uit_te_faseren": "Uit te faseren",
        "uitgefaseerd": "Uitgefaseerd",
    }
    gebruik = Gebruik.objects.select_related("applicatie", "gemeente").prefetch_related(
        "applicatie__componenten"
    )
    if gemeente is not None:
        gebruik = gebruik.filter(gemeente=gemeente)
    rows = [list(EXPORT_KOLOMMEN)]
    for g in gebruik.order_by("gemeente__naam", "applicatie__naam"):
        a = g.applicatie
        rows.append(
            [
                f"Gemeente {g.gemeente.naam}", a.pakket or a.naam, a.leverancier, a.versie,
                " | ".join(c.gemma_id for c in a.componenten.all()), status[g.status],
                g.sinds.isoformat(), g.einde_gepland.isoformat() if g.einde_gepland else "",
                a.get_hosting_display(),
            ]
        )  # fmt: skip
    return rows
