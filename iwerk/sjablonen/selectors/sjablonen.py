"""Reads of templates and letters: which templates a zaak may use (letters, and messages to the
aanvrager: soort email, ADR 0062), its letters, the versions."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from iwerk.catalogi.models import InformatieObjectType, valid_on
from iwerk.sjablonen.models import BERICHT, Brief, Sjabloon, SjabloonVersie
from iwerk.zaken.models import Zaak


def _voor_zaaktype(gemeente_id: int, zaaktype_identificatie: str) -> QuerySet[Sjabloon]:
    return Sjabloon.objects.filter(
        Q(zaaktype_identificatie="") | Q(zaaktype_identificatie=zaaktype_identificatie),
        gemeente_id=gemeente_id,
        actief=True,
    )


def sjablonen_voor_zaak(zaak: Zaak) -> list[Sjabloon]:
    """The active templates of the zaak's gemeente for its zaaktype or for every zaaktype, by
    name, letters and messages alike (one query; the zaak is loaded with its zaaktype): the zaak
    page splits them with brieven_en_berichten."""
    return list(
        _voor_zaaktype(zaak.tenant_id, zaak.zaaktype.identificatie)
        .only("pk", "uuid", "naam", "soort", "zaaktype_identificatie")
        .order_by("naam", "pk")
    )


def brieven_en_berichten(sjablonen: list[Sjabloon]) -> tuple[list[Sjabloon], list[Sjabloon]]:
    """(the letter templates, the message templates) of a list, in its order; no query."""
    return [s for s in sjablonen if not s.is_bericht], [s for s in sjablonen if s.is_bericht]


def sjabloon_voor_zaak(zaak: Zaak, uuid: str, *, bericht: bool = False) -> Sjabloon | None:
    """One of sjablonen_voor_zaak by uuid: a letter template, or with bericht=True a message
    template; None for another gemeente's, an inactive one, another zaaktype's or soort's."""
    sjablonen = _voor_zaaktype(zaak.tenant_id, zaak.zaaktype.identificatie).filter(uuid=uuid)
    if bericht:
        return sjablonen.filter(soort=BERICHT).first()
    return sjablonen.exclude(soort=BERICHT).first()


def actief_sjabloon(gemeente_id: int, zaaktype_identificatie: str, soort: str) -> Sjabloon | None:
    """The gemeente's active template of soort for the zaaktype: one for that zaaktype before one
    for every zaaktype; by name when several qualify (the portaal's receipt, the besluitbrief)."""
    kandidaten = list(
        _voor_zaaktype(gemeente_id, zaaktype_identificatie).filter(soort=soort).order_by("naam")
    )
    eigen = [s for s in kandidaten if s.zaaktype_identificatie]
    voorkeur = eigen or kandidaten
    return voorkeur[0] if voorkeur else None


def huidige_versie(sjabloon: Sjabloon) -> SjabloonVersie | None:
    """The newest version of the template (its current text)."""
    return SjabloonVersie.objects.filter(sjabloon=sjabloon).order_by("-versie").first()


def tekst_vast(gemeente_id: int, versie_id: str) -> bool:
    """Whether versie_id (as posted) is a version of one of the gemeente's message templates
    whose text may not be changed (not bewerkbaar); False for anything else, without a query for
    a value that is no id."""
    if not versie_id.isdigit() or len(versie_id) > 18:
        return False
    return SjabloonVersie.objects.filter(
        pk=int(versie_id),
        sjabloon__gemeente_id=gemeente_id,
        sjabloon__soort=BERICHT,
        sjabloon__bewerkbaar=False,
    ).exists()


def versies(sjabloon: Sjabloon) -> QuerySet[SjabloonVersie]:
    return SjabloonVersie.objects.filter(sjabloon=sjabloon).order_by("-versie")


def brieven_van_zaak(zaak: Zaak) -> list[Brief]:
    """The zaak's letters, newest first, with their version and template (one query)."""
    return list(
        Brief.objects.filter(zaak=zaak)
        .select_related("versie", "versie__sjabloon")
        .order_by("-aangemaakt_op", "-pk")
    )


def documenttype_voor_zaak(zaak: Zaak, omschrijving: str) -> InformatieObjectType | None:
    """The published informatieobjecttype of that omschrijving in the zaaktype's catalogus,
    valid today, when the zaaktype allows it (ZaakTypeInformatieObjectType); else None."""
    if not zaak.zaaktype.zaaktypeinformatieobjecttypen.filter(
        informatieobjecttype_omschrijving=omschrijving
    ).exists():
        return None
    return (
        InformatieObjectType.objects.filter(
            catalogus_id=zaak.zaaktype.catalogus_id, concept=False, omschrijving=omschrijving
        )
        .filter(valid_on(timezone.localdate()))
        .order_by("-datum_begin_geldigheid")
        .first()
    )


def met_huidige_versie(qs: QuerySet[Sjabloon]) -> QuerySet[Sjabloon]:
    """Templates with their versions prefetched newest first (to_attr "versielijst")."""
    return qs.prefetch_related(
        Prefetch(
            "versies", queryset=SjabloonVersie.objects.order_by("-versie"), to_attr="versielijst"
        )
    )
