"""Reads of destruction lists: one list with its items and review steps, the lists of a gemeente,
the review steps waiting for a person, and the fingerprint of a zaak's state (ADR 0045)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery

from iwerk.archief.models import (
    Beoordelingsstap,
    Itemstatus,
    Lijstitem,
    Lijststatus,
    Vernietigingslijst,
)
from iwerk.core.api.problems import NotFound
from iwerk.core.models import AuditTrail, Gemeente
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Zaak

_PER_KEER = 5000  # zaken per statement: well below SQLite's limit on parameters


def lijst_met_items(lijst_id: int, gemeente: Gemeente) -> Vernietigingslijst:
    """The list of the gemeente with its items (list order) and its review steps of every round
    (with their reviewers) in ``stappen``. Three queries. Raises NotFound for a list of another
    gemeente as for one that does not exist."""
    lijst = (
        Vernietigingslijst.objects.filter(pk=lijst_id, gemeente=gemeente)
        .select_related("gemeente", "aangemaakt_door")
        .prefetch_related(
            Prefetch("items", queryset=Lijstitem.objects.order_by("pk")),
            Prefetch(
                "stappen",
                queryset=Beoordelingsstap.objects.select_related("beoordelaar").order_by(
                    "ronde", "volgorde"
                ),
            ),
        )
        .first()
    )
    if lijst is None:
        raise NotFound("Deze vernietigingslijst bestaat niet in deze gemeente.")
    return lijst


def lijsten(gemeente: Gemeente, status: str | None = None) -> QuerySet[Vernietigingslijst]:
    """The gemeente's lists, newest first, each with ``aantal_opgenomen`` (items that go),
    ``aantal_vernietigd`` (items gone), ``aantal_uitgezonderd`` (excluded by a reviewer or
    automatically, or taken off at execution because the zaak changed). One query."""
    qs = Vernietigingslijst.objects.filter(gemeente=gemeente)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("aangemaakt_door")
        .annotate(
            aantal_opgenomen=Count("items", filter=Q(items__status=Itemstatus.opgenomen)),
            aantal_vernietigd=Count("items", filter=Q(items__status=Itemstatus.vernietigd)),
            aantal_uitgezonderd=Count(
                "items",
                filter=Q(
                    items__status__in=(
                        Itemstatus.uitgezonderd,
                        Itemstatus.automatisch_uitgezonderd,
                        Itemstatus.gewijzigd,
                    )
                ),
            ),
        )
        .order_by("-aangemaakt_op", "-pk")
    )


def _eerste_open() -> Subquery:
    """The volgorde of the current step of a step's list and round: the lowest without a
    decision (for a filter on Beoordelingsstap)."""
    return Subquery(
        Beoordelingsstap.objects.filter(
            lijst_id=OuterRef("lijst_id"), ronde=OuterRef("ronde"), besluit=""
        )
        .order_by()
        .values("lijst_id")
        .annotate(eerste=Min("volgorde"))
        .values("eerste")
    )


def huidige_stap(lijst: Vernietigingslijst) -> Beoordelingsstap | None:
    """The step whose reviewer decides now, or None when the list is not under review."""
    if lijst.status != Lijststatus.ter_beoordeling:
        return None
    return (
        Beoordelingsstap.objects.filter(lijst=lijst, ronde=lijst.ronde, besluit="")
        .select_related("beoordelaar")
        .order_by("volgorde")
        .first()
    )


def open_stappen_van(gebruiker: User) -> list[Beoordelingsstap]:
    """The review steps waiting for this person now, in every gemeente, oldest submission
    first, with their list and its gemeente. One query."""
    return list(
        Beoordelingsstap.objects.filter(
            beoordelaar=gebruiker,
            besluit="",
            lijst__status=Lijststatus.ter_beoordeling,
            ronde=F("lijst__ronde"),
            volgorde=_eerste_open(),
        )
        .select_related("lijst", "lijst__gemeente")
        .order_by("lijst__ingediend_op", "lijst_id")
    )


def vingerafdrukken(zaak_ids: Iterable[int] | QuerySet[Any, Any]) -> dict[int, str]:
    """The state of each zaak as a sha256: the id of its newest audit record (of the zaak or
    any of its parts) and its archiefnominatie, archiefactiedatum and archiefstatus. A zaak
    changed after its list went to review no longer has the fingerprint its item holds
    (ADR 0045). zaak_ids: pks, or a queryset of one column of them (one query for any number);
    of a list one query per 5,000. A zaak that no longer exists is absent."""
    laatste = (
        AuditTrail.objects.filter(hoofd_object_uuid=OuterRef("uuid"))
        .order_by("-pk")
        .values("pk")[:1]
    )
    if isinstance(zaak_ids, QuerySet):
        delen: list[Any] = [zaak_ids]
    else:
        ids = sorted(set(zaak_ids))
        delen = [ids[start : start + _PER_KEER] for start in range(0, len(ids), _PER_KEER)]
    result: dict[int, str] = {}
    for deel in delen:
        for pk, audit_id, nominatie, datum, status in (
            Zaak.objects.filter(pk__in=deel)
            .annotate(laatste_audit=Subquery(laatste))
            .values_list(
                "pk", "laatste_audit", "archiefnominatie", "archiefactiedatum", "archiefstatus"
            )
        ):
            # The same text as archief.services.uitvoering.vingerafdruk writes (None as "None").
            staat = f"{audit_id}|{nominatie}|{datum}|{status}"
            result[pk] = hashlib.sha256(staat.encode()).hexdigest()
    return result


def mag_inzien(
    gebruiker: User, rollen: frozenset[str], stappen: Iterable[Beoordelingsstap]
) -> bool:
    """Who may read a list (its items, steps and verklaring): the DIV-medewerkers and the
    archivaris of its gemeente (rollen: the user's roles there) and everyone named on one of its
    steps (stappen: all its steps)."""
    return bool({Rol.div_medewerker, Rol.archivaris} & rollen) or any(
        stap.beoordelaar_id == gebruiker.pk for stap in stappen
    )
