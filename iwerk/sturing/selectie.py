"""The dashboard's filters (period, gemeente, zaaktype, team) from the query string, checked
against what the user may see: a management role sees its own gemeente, the steering group
may choose all gemeenten together."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.db.models import Q
from django.utils.http import urlencode

from iwerk.catalogi.models import ZaakType
from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.core.models import Gemeente
from iwerk.medewerkers.models import Roltoewijzing, Team
from iwerk.medewerkers.roles import STURING_GEZAMENLIJK
from iwerk.sturing.cijfers import Selectie

ALLE = "alle"
_MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def _volgende_maand(d: date, n: int = 1) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)


def periode(waarde: str, vandaag: date) -> tuple[date, date, str]:
    """(first day, day after the last, label) of a period: '12m', 'YYYY', 'YYYY-Kn', 'YYYY-MM'."""
    deze_maand = vandaag.replace(day=1)
    if not waarde or waarde == "12m":
        return _volgende_maand(deze_maand, -11), _volgende_maand(deze_maand), "Laatste 12 maanden"
    if m := re.fullmatch(r"(\d{4})", waarde):
        jaar = int(m[1])
        return date(jaar, 1, 1), date(jaar + 1, 1, 1), str(jaar)
    if m := re.fullmatch(r"(\d{4})-K([1-4])", waarde):
        begin = date(int(m[1]), 3 * int(m[2]) - 2, 1)
        return begin, _volgende_maand(begin, 3), f"{m[2]}e kwartaal {m[1]}"
    if (m := re.fullmatch(r"(\d{4})-(\d{2})", waarde)) and 1 <= int(m[2]) <= 12:
        begin = date(int(m[1]), int(m[2]), 1)
        return begin, _volgende_maand(begin), f"{_MAANDEN[begin.month - 1]} {begin.year}"
    raise ValueError(waarde)


def periodekeuzes(vandaag: date) -> list[tuple[str, str]]:
    keuzes = [("12m", "Laatste 12 maanden")]
    for jaar in (vandaag.year, vandaag.year - 1):
        keuzes.append((str(jaar), str(jaar)))
        keuzes += [
            (f"{jaar}-K{k}", f"{k}e kwartaal {jaar}")
            for k in range(4, 0, -1)
            if date(jaar, 3 * k - 2, 1) <= vandaag
        ]
    maand = vandaag.replace(day=1)
    for _ in range(13):
        keuzes.append((f"{maand:%Y-%m}", f"{_MAANDEN[maand.month - 1]} {maand.year}"))
        maand = _volgende_maand(maand, -1)
    return keuzes


class FilterForm(forms.Form):
    periode = forms.CharField(label="Periode", required=False)
    gemeente = forms.ChoiceField(
        label="Gemeente",
        required=False,
        error_messages={
            "invalid_choice": "Alleen de stuurgroep ziet de gemeenten samen; u ziet uw eigen "
            "gemeente."
        },
    )
    zaaktype = forms.ChoiceField(label="Zaaktype", required=False)
    team = forms.ChoiceField(label="Team", required=False)

    def __init__(self, data, *, context, vandaag: date):
        super().__init__(data)
        self.context = context
        self.vandaag = vandaag
        gezamenlijk = context.kan(STURING_GEZAMENLIJK)
        self.fields["gemeente"].choices = [("", context.gemeente.naam)] + (
            [(ALLE, "Alle gemeenten samen")] if gezamenlijk else []
        )
        if not gezamenlijk:
            self.fields["gemeente"].widget = forms.HiddenInput()
        self.fields["periode"].widget = forms.Select(choices=periodekeuzes(vandaag))
        tenant_ids = self.tenant_ids_voor((data or {}).get("gemeente") == ALLE and gezamenlijk)
        # One choice per identificatie (all its versions), named after the newest version.
        namen = dict(
            ZaakType.objects.filter(tenant_id__in=tenant_ids, concept=False)
            .order_by("versiedatum", "pk")
            .values_list("identificatie", "omschrijving")
        )
        self.fields["zaaktype"].choices = [("", "Alle zaaktypen")] + sorted(
            namen.items(), key=lambda c: c[1]
        )
        self.fields["team"].choices = [("", "Alle teams")] + [
            (str(t.pk), f"{t.naam}" + (f" ({t.gemeente.naam})" if len(tenant_ids) > 1 else ""))
            for t in Team.objects.filter(gemeente_id__in=tenant_ids).select_related("gemeente")
        ]

    def tenant_ids_voor(self, alle: bool) -> tuple[int, ...]:
        return alle_gemeenten() if alle else (self.context.gemeente.pk,)

    def clean_periode(self):
        waarde = self.cleaned_data["periode"] or "12m"
        try:
            periode(waarde, self.vandaag)
        except ValueError:
            raise forms.ValidationError(
                "Kies een periode: een jaar (2026), kwartaal (2026-K3) of maand (2026-10)."
            ) from None
        return waarde


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

    def query(self, **extra) -> str:
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


def uit_verzoek(request, vandaag: date) -> tuple[FilterForm, Keuze]:
    """The filters of the request; invalid ones are reported on the form and left at default."""
    form = FilterForm(request.GET, context=request.werkplek, vandaag=vandaag)
    form.is_valid()
    data = form.cleaned_data
    alle = data.get("gemeente") == ALLE
    keuze = maak_keuze(
        tenant_ids=form.tenant_ids_voor(alle),
        vandaag=vandaag,
        gemeente_label=request.werkplek.gemeente.naam,
        alle=alle,
        periode_waarde=data.get("periode") or "12m",
        zaaktype=data.get("zaaktype") or "",
        team=data.get("team") or "",
    )
    return form, keuze


def vertrouwelijkheid_q(user, tenant_ids) -> Q:
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
