"""Reading tasks: the werkvoorraad's first page and task counts, the task page's three lists
(mine, my teams', the approvals waiting for me), a zaak's own tasks, and who may be given a task
of a zaak (ADR 0056).

Every list reaches a task through its zaak, filtered as the zaken selectors filter zaken (the
actor's zaaktypen and maximum vertrouwelijkheid) and to the active gemeente: a task of a zaak the
staff member may not see is never listed, whoever it is for.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from iwerk.medewerkers import selectors as medewerkers
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.werkverdeling.models import Taak, Taaksoort, Taakstatus
from iwerk.zaken import selectors as zaken_selectors
from iwerk.zaken.models import Zaak

_Rij = TypeVar("_Rij")

# The tabs of /werkplek/taken/.
MIJN, TEAM, GOEDKEUREN = "mijn", "team", "goedkeuren"
LIJSTEN = {MIJN: "Mijn taken", TEAM: "Taken van mijn teams", GOEDKEUREN: "Goedkeuren"}

_KOLOMMEN = (
    "id",  # the tie-break of the order, also of the merged parts
    "uuid",
    "titel",
    "soort",
    "deadline",
    "medewerker",
    "team__naam",
    "aangevraagd_door",
    "zaak__uuid",
    "zaak__identificatie",
    "zaak__omschrijving",
)


def _zichtbaar_open(context: Werkplekcontext) -> QuerySet[Taak]:
    """Open tasks of the open zaken the staff member may see in the active gemeente: a join
    with the zaak, filtered by the actor's grants (zaken.selectors.zaak_parts).

    The gemeente is the task's own (a task always has its zaak's tenant: services.taken and
    services.vierogen create it so). Repeating it on the zaak selected nothing less but made
    PostgreSQL count it as a second, independent third of the rows: it then expected fewer
    visible tasks than a page holds and sorted all of a person's tasks instead of walking
    the index to the page's end (docs/performance.md)."""
    return zaken_selectors.zaak_parts(Taak, context.actor).filter(
        tenant=context.gemeente,
        status=Taakstatus.open,
        zaak__einddatum__isnull=True,
    )


def _mijn(context: Werkplekcontext) -> Q:
    return Q(medewerker=context.actor.user_id)


def _team(context: Werkplekcontext, team_id: int) -> Q:
    """Tasks for one team of the staff member; an approval only for those with its role, and
    never to the one who asked for it."""
    gewone = Q(team_id=team_id, medewerker="")
    return gewone & (Q(soort=Taaksoort.taak) | _goedkeurbaar(context))


def _goedkeurbaar(context: Werkplekcontext) -> Q:
    return Q(soort=Taaksoort.vier_ogen, goedkeurder_rol__in=context.rollen) & ~Q(
        aangevraagd_door=context.actor.user_id
    )


def _volgorde(qs: QuerySet[Taak, _Rij]) -> QuerySet[Taak, _Rij]:
    return qs.order_by(F("deadline").asc(nulls_last=True), "pk")


def _rij(row: dict[str, Any], context: Werkplekcontext, today: date) -> dict[str, Any]:
    deadline = row["deadline"]
    if row["medewerker"] == context.actor.user_id:
        voor = "u"
    else:
        voor = row["team__naam"] or row["medewerker"] or "intake"
    return {
        "uuid": row["uuid"],
        "titel": row["titel"],
        "url": f"/werkplek/zaken/{row['zaak__uuid']}/#taken",
        "zaak_identificatie": row["zaak__identificatie"],
        "zaak_omschrijving": row["zaak__omschrijving"],
        "deadline": deadline,
        "te_laat": deadline is not None and deadline < today,
        "voor": voor,
        "soort": row["soort"],
        "aangevraagd_door": row["aangevraagd_door"],
    }


def _eerste(context: Werkplekcontext, delen: list[Q], aantal: int) -> list[dict]:
    """The first `aantal` open visible tasks matching any of delen (disjoint conditions, each
    an index range: a person, or one team), by deadline (none last), then pk. One query: on
    PostgreSQL a UNION ALL of one ordered, limited part per condition, each walking its partial
    index (taak_medewerker_rij_idx / taak_team_rij_idx, in exactly this order) and stopping at
    the limit, merged and cut again. One OR over them all made PostgreSQL walk every open task
    of the gemeente by deadline instead (docs/performance.md)."""
    if not delen:
        return []
    delen_qs: list[QuerySet[Taak, dict[str, Any]]] = [
        _zichtbaar_open(context).filter(deel).values(*_KOLOMMEN) for deel in delen
    ]
    qs: QuerySet[Taak, dict[str, Any]]
    if len(delen_qs) == 1:
        qs = _volgorde(delen_qs[0])[:aantal]
    else:
        if connections[delen_qs[0].db].features.supports_slicing_ordering_in_compound:
            # Each part ordered and cut (SQLite allows neither inside a UNION).
            delen_qs = [_volgorde(deel)[:aantal] for deel in delen_qs]
        samen = delen_qs[0].union(*delen_qs[1:], all=True)
        qs = samen.order_by(F("deadline").asc(nulls_last=True), "id")[:aantal]
    today = timezone.localdate()
    return [_rij(row, context, today) for row in qs]


def _teamdelen(context: Werkplekcontext) -> list[Q]:
    return [_team(context, team_id) for team_id in sorted(context.team_ids)]


def voor_werkvoorraad(context: Werkplekcontext, aantal: int = 10) -> list[dict]:
    """The open tasks of the staff member and their teams in the active gemeente, by deadline
    (none last), only of open zaken they may see: what the werkvoorraad's first page lists.

    Rows: titel, url (the zaak page's task section), zaak_identificatie, deadline, te_laat,
    voor ("u" or the team's name), soort. An approval of a team counts only for who holds its
    role and did not ask for it. One query.
    """
    return _eerste(context, [_mijn(context), *_teamdelen(context)], aantal)


def lijst(context: Werkplekcontext, welke: str, aantal: int = 200) -> list[dict]:
    """One tab of /werkplek/taken/: MIJN (for the staff member), TEAM (for their teams), or
    GOEDKEUREN (approvals in the gemeente for a role they hold, not asked by themselves,
    whatever team). Rows as voor_werkvoorraad's; one query (none for TEAM without a team)."""
    if welke == MIJN:
        delen = [_mijn(context)]
    elif welke == TEAM:
        delen = _teamdelen(context)
    elif welke == GOEDKEUREN:
        delen = [_goedkeurbaar(context)]
    else:
        raise ValueError(welke)
    return _eerste(context, delen, aantal)


def open_per_zaak(zaak_ids: Iterable[int]) -> dict[int, int]:
    """Number of open tasks per zaak pk (one query), for the werkvoorraad's rows."""
    ids = list(zaak_ids)
    if not ids:
        return {}
    rows = (
        Taak.objects.filter(zaak_id__in=ids, status=Taakstatus.open)
        .values("zaak_id")
        .annotate(aantal=Count("pk"))
        .values_list("zaak_id", "aantal")
    )
    return dict(rows)


def van_zaak(zaak: Zaak) -> list[Taak]:
    """The zaak's tasks for its page: open ones first, then the finished ones, each by deadline
    (none last) and in the order they arose (a checklist's own order); with their team. One
    query."""
    return list(
        Taak.objects.filter(zaak=zaak)
        .select_related("team")
        .annotate(
            _dicht=Case(
                When(status=Taakstatus.open, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("_dicht", F("deadline").asc(nulls_last=True), "pk")
    )


def taak_van_zaak(zaak: Zaak, taak_uuid: uuid_module.UUID) -> Taak | None:
    """The task of this zaak with the uuid (a task of another zaak: None)."""
    return Taak.objects.filter(zaak=zaak, uuid=taak_uuid).first()


def namen(gebruikersnamen: Iterable[str]) -> dict[str, str]:
    """Display names by user name (one query; none when there are no names)."""
    wanted = {n for n in gebruikersnamen if n}
    if not wanted:
        return {}
    rows = (
        get_user_model()
        .objects.filter(username__in=wanted)
        .values_list("username", "first_name", "last_name")
    )
    return {u: f"{first} {last}".strip() or u for u, first, last in rows}


def behandelaars_van(zaak: Zaak) -> list[tuple[str, str]]:
    """(user name, display name) of everyone a task of the zaak may go to: who may handle it
    (medewerkers.selectors.zaakbehandelaars_tot, the rule of assigning the zaak). One query."""
    return medewerkers.zaakbehandelaars_tot(zaak.tenant_id, zaak.vertrouwelijkheidaanduiding)
