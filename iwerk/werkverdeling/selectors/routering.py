"""Reading routing rules and how a zaak was routed (ADR 0059)."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import F, QuerySet, Subquery

from iwerk.catalogi.models import Eigenschap, ZaakType
from iwerk.core import generations
from iwerk.werkverdeling.models import Routering, Routeringsregel
from iwerk.zaken.models import Zaak

# Bumped by every change of a rule (services.routering): the cached sets below follow at once.
GENERATIE = "werkverdeling"
_SECONDEN = 300


def zaaktypen_met_regels(gemeente_id: int) -> frozenset[str]:
    """The zaaktype identificaties that have an active rule in the gemeente, cached per rules
    generation: a new zaak of any other zaaktype is routed (to the intake) without a statement
    of its own — the request's generations snapshot already holds the counter."""
    key = f"iwerk:werkverdeling:zaaktypen:{generations.current(GENERATIE)}:{gemeente_id}"
    result = cache.get(key)
    if result is None:
        result = frozenset(
            Routeringsregel.objects.filter(gemeente_id=gemeente_id, actief=True)
            .order_by()
            .values_list("zaaktype_identificatie", flat=True)
        )
        cache.set(key, result, _SECONDEN)
    return result


def regels_voor_zaak(zaak_id: int) -> list[Routeringsregel]:
    """The active rules of the zaak's gemeente for its zaaktype (every version: by identificatie),
    in the order they are tried, with the team and medewerker they name. One query: the zaak's gemeente
    and zaaktype identificatie are read inside it, so a zaak without rules costs no more."""
    zaak = Zaak.objects.filter(pk=zaak_id)
    return list(
        Routeringsregel.objects.filter(
            actief=True,
            gemeente_id=Subquery(zaak.values("tenant_id")[:1]),
            zaaktype_identificatie=Subquery(zaak.values("zaaktype__identificatie")[:1]),
            # A rule saved past beheer's check with another gemeente's team fits nothing: it
            # must never block the registration of a zaak.
            team__gemeente_id=F("gemeente_id"),
        )
        .select_related("team", "medewerker")
        .order_by("volgorde", "pk")
    )


def routering_van(zaak_id: int) -> Routering | None:
    """How the zaak was routed, with its rule and the rule's medewerker; None before routing
    existed (or for zaken loaded in bulk). One query."""
    return (
        Routering.objects.filter(zaak_id=zaak_id)
        .select_related("regel", "regel__medewerker")
        .first()
    )


def regels(gemeente_ids: set[int] | None) -> QuerySet[Routeringsregel]:
    """The rules of these gemeenten (None: every gemeente), as beheer lists them."""
    qs = Routeringsregel.objects.select_related("gemeente", "team", "medewerker")
    return qs if gemeente_ids is None else qs.filter(gemeente_id__in=gemeente_ids)


def zaaktype_vertrouwelijkheden(gemeente_id: int, identificatie: str) -> list[str]:
    """The default vertrouwelijkheidaanduiding of every version of the zaaktype in the gemeente's
    catalogi (empty: the gemeente has no such zaaktype). One query."""
    return list(
        ZaakType.objects.filter(tenant_id=gemeente_id, identificatie=identificatie).values_list(
            "vertrouwelijkheidaanduiding", flat=True
        )
    )


def eigenschapnamen(gemeente_id: int, identificatie: str) -> set[str]:
    """The names of the eigenschappen of every version of the zaaktype. One query."""
    return set(
        Eigenschap.objects.filter(
            zaaktype__tenant_id=gemeente_id, zaaktype__identificatie=identificatie
        ).values_list("naam", flat=True)
    )
