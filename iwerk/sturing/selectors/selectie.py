"""The dashboard's filters (period, gemeente, zaaktype, team) once checked (`Keuze`), the
periods one may choose, the gemeenten of the joint view and the zaken a user may see listed.
The form that reads them from the query string is `sturing.forms.FilterForm`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.http import urlencode

from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.core.models import Gemeente
from iwerk.core.weergave import MAANDEN
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.sturing.selectors.cijfers import Selectie

if TYPE_CHECKING:
    from django.contrib.auth.models import User

ALLE = "alle"
LAATSTE_12 = "Laatste 12 maanden"


def _volgende_maand(d: date, n: int = 1) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)


def periode(waarde: str, vandaag: date) -> tuple[date, date, str]:
    """(first day, day after the last, label) of a period: '12m', 'YYYY', 'YYYY-Kn', 'YYYY-MM'.

    '12m', "Laatste 12 maanden", is the twelve months up to and including today: from the day
    after the same day a year ago (1 March after a 29 February), never days still to come."""
    if not waarde or waarde == "12m":
        return _jaar_terug(vandaag) + timedelta(days=1), vandaag + timedelta(days=1), LAATSTE_12
    if m := re.fullmatch(r"(\d{4})", waarde):
        jaar = int(m[1])
        return date(jaar, 1, 1), date(jaar + 1, 1, 1), str(jaar)
    if m := re.fullmatch(r"(\d{4})-K([1-4])", waarde):
        begin = date(int(m[1]), 3 * int(m[2]) - 2, 1)
        return begin, _volgende_maand(begin, 3), f"{m[2]}e kwartaal {m[1]}"
    if (m := re.fullmatch(r"(\d{4})-(\d{2})", waarde)) and 1 <= int(m[2]) <= 12:
        begin = date(int(m[1]), int(m[2]), 1)
        return begin, _volgende_maand(begin), f"{MAANDEN[begin.month - 1]} {begin.year}"
    raise ValueError(waarde)


def _jaar_terug(d: date) -> date:
    return d.replace(year=d.year - 1, day=min(d.day, 28) if (d.month, d.day) == (2, 29) else d.day)


def periodekeuzes(vandaag: date) -> list[tuple[str, str]]:
    keuzes = [("12m", LAATSTE_12)]
    for jaar in (vandaag.year, vandaag.year - 1):
        keuzes.append((str(jaar), str(jaar)))
        keuzes += [
            (f"{jaar}-K{k}", f"{k}e kwartaal {jaar}")
            for k in range(4, 0, -1)
            if date(jaar, 3 * k - 2, 1) <= vandaag
        ]
    maand = vandaag.replace(day=1)
    for _ in range(13):
        keuzes.append((f"{maand:%Y-%m}", f"{MAANDEN[maand.month - 1]} {maand.year}"))
        maand = _volgende_maand(maand, -1)
    return keuzes


@dataclass(frozen=True)
class Keuze:
    """The checked filters: the Selectie for the figures plus how to show and link them."""

    selectie: Selectie
    periode: str
    periode_label: str
    gemeente: str  # "" or ALLE
    gemeente_label: str
    zaaktype: str
    team: str

    @property
    def standaard(self) -> bool:
        """The first view of a gemeente or of all together: the one the worker prepares."""
        return self.periode == "12m" and not self.zaaktype and not self.team

    def query(self, **extra: str) -> str:
        params = {
            "periode": self.periode,
            "gemeente": self.gemeente,
            "zaaktype": self.zaaktype,
            "team": self.team,
            **extra,
        }
        return urlencode({k: v for k, v in params.items() if v not in ("", None)})


def alle_gemeenten() -> tuple[int, ...]:
    """The gemeenten of the joint view ("alle gemeenten samen")."""
    return tuple(Gemeente.objects.toegewezen().order_by("pk").values_list("pk", flat=True))


def maak_keuze(
    *,
    tenant_ids: tuple[int, ...],
    vandaag: date,
    gemeente_label: str,
    alle: bool = False,
    periode_waarde: str = "12m",
    zaaktype: str = "",
    team: str = "",
) -> Keuze:
    """The Keuze of checked filters; with the defaults, the first view a user gets."""
    van, tot, label = periode(periode_waarde, vandaag)
    return Keuze(
        selectie=Selectie(
            tenant_ids=tenant_ids,
            van=van,
            tot=tot,
            vandaag=vandaag,
            zaaktype=zaaktype or None,
            team_id=int(team) if team else None,
        ),
        periode=periode_waarde,
        periode_label=label,
        gemeente=ALLE if alle else "",
        gemeente_label="Alle gemeenten samen" if alle else gemeente_label,
        zaaktype=zaaktype,
        team=team,
    )


def vertrouwelijkheid_q(user: User, tenant_ids: Iterable[int]) -> Q:
    """The zaken a user may see listed: per gemeente up to the highest level of a role there."""
    niveaus: dict[int, int] = {}
    for gemeente_id, niveau in Roltoewijzing.objects.filter(
        gebruiker=user,
        gemeente_id__in=tenant_ids,
    ).values_list("gemeente_id", "max_vertrouwelijkheidaanduiding"):
        niveaus[gemeente_id] = max(niveaus.get(gemeente_id, -1), VERTROUWELIJKHEID_ORDER[niveau])
    q = Q(pk__in=[])
    for gemeente_id, rang in niveaus.items():
        q |= Q(tenant_id=gemeente_id, vertrouwelijkheid__lte=rang)
    return q
