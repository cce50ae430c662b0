"""The zaaktype choices of beheer forms that name a zaaktype by identificatie (every version):
purposes (basisregistraties), routing rules, checklists and vier-ogen rules (werkverdeling)."""

from __future__ import annotations

from iwerk.catalogi.models import ZaakType


def zaaktypekeuzes(gemeente_ids: set[int] | None) -> list[tuple[str, str]]:
    """(identificatie, label) of the zaaktypen in the catalogi of the gemeenten (None: every
    gemeente), each named by its newest version and the gemeenten that have it, by name. One
    query."""
    zaaktypen = ZaakType.objects.filter(tenant__toegewezen=True)
    if gemeente_ids is not None:
        zaaktypen = zaaktypen.filter(tenant_id__in=gemeente_ids)
    omschrijving: dict[str, str] = {}
    gemeenten: dict[str, set[str]] = {}
    for identificatie, naam, gemeente in zaaktypen.order_by("versiedatum", "pk").values_list(
        "identificatie", "omschrijving", "tenant__naam"
    ):
        omschrijving[identificatie] = naam
        gemeenten.setdefault(identificatie, set()).add(gemeente)
    return [("", "---------")] + [
        (i, f"{i} — {omschrijving[i]} ({', '.join(sorted(gemeenten[i]))})")
        for i in sorted(omschrijving, key=lambda i: (omschrijving[i].lower(), i))
    ]
