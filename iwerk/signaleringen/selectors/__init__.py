"""Reads of a staff member's signals in the active gemeente (ADR 0057).

Only signals of zaken the staff member may still see (the same rule as every zaak list: a grant
on the zaaktype or its catalogus up to its vertrouwelijkheid, from their roles now, not when the
signal was made), so a signal never opens a door the zaak page would shut.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from iwerk.core.api.visibility import visible_q
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.signaleringen.models import Instelling, Mailvoorkeur, Signalering

PAGINA_GROOTTE = 25


def zichtbaar(context: Werkplekcontext, gebruiker_id: int) -> QuerySet[Signalering]:
    """The person's signals in the active gemeente whose zaak they may see."""
    qs = Signalering.objects.filter(gebruiker_id=gebruiker_id, gemeente_id=context.gemeente.pk)
    q = visible_q(
        context.actor,
        component="zrc",
        scope="zaken.lezen",
        type_field="zaak__zaaktype_id",
        catalogus_field="zaak__zaaktype__catalogus_id",
        vertrouwelijkheid_field="zaak__vertrouwelijkheidaanduiding",
    )
    return qs if q is None else qs.filter(Q(zaak__isnull=True) | q)


def aantal_ongelezen(context: Werkplekcontext, gebruiker_id: int) -> int:
    """How many unread signals the menu shows. One query (index signalering_ongelezen_idx)."""
    return zichtbaar(context, gebruiker_id).filter(gelezen_op__isnull=True).count()


@dataclass(frozen=True)
class Pagina:
    signaleringen: list[Signalering]
    pagina: int
    meer: bool


def lijst(context: Werkplekcontext, gebruiker_id: int, pagina: int = 1) -> Pagina:
    """One page of signals, newest first, with the zaak (identificatie) and the task (titel)
    they are about. One query, whatever the page size."""
    pagina = max(pagina, 1)
    start = (pagina - 1) * PAGINA_GROOTTE
    rijen = list(
        zichtbaar(context, gebruiker_id)
        .select_related("zaak", "taak")
        .only(
            "soort",
            "tekst",
            "url",
            "namens",
            "aangemaakt_op",
            "gelezen_op",
            "zaak__uuid",
            "zaak__identificatie",
            "taak__titel",
        )
        .order_by("-aangemaakt_op", "-pk")[start : start + PAGINA_GROOTTE + 1]
    )
    return Pagina(rijen[:PAGINA_GROOTTE], pagina, len(rijen) > PAGINA_GROOTTE)


def email_voorkeur(gebruiker_id: int) -> str:
    """The person's choice of e-mail about signals (dagelijks unless they chose). One query."""
    keuze = (
        Instelling.objects.filter(gebruiker_id=gebruiker_id).values_list("email", flat=True).first()
    )
    return keuze or Mailvoorkeur.dagelijks
