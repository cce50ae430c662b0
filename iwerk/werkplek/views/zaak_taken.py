"""The zaak page's task section (werkplek/zaak/_taken.html): the zaak's tasks and approvals, who
may complete or decide each, and the forms to add, complete, reassign, decide and withdraw
(ADR 0056).

The rules are the services' (werkverdeling.services.taken and .vierogen); this module only asks
them which buttons to show. The actions themselves are in views/taken.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from iwerk.medewerkers import selectors as medewerkers
from iwerk.werkplek.views.common import werkplek
from iwerk.werkverdeling.models import Taaksoort, Taakstatus
from iwerk.werkverdeling.selectors import taken as taken_selectors
from iwerk.werkverdeling.services import taken, vierogen
from iwerk.zaken.models import Zaak


def _datum() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TaakForm(forms.Form):
    """A new task (or who an open task goes to: only medewerker and team are used)."""

    titel = forms.CharField(
        label="Titel",
        max_length=100,
        error_messages={"required": "Geef de taak een titel."},
    )
    toelichting = forms.CharField(
        label="Toelichting", required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )
    medewerker = forms.ChoiceField(label="Voor medewerker", required=False)
    team = forms.TypedChoiceField(
        label="Of voor team", required=False, coerce=int, empty_value=None
    )
    deadline = forms.DateField(
        label="Deadline",
        required=False,
        widget=_datum(),
        help_text="Uiterlijk twee jaar vooruit.",
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 31-12-2027."},
    )
    verplicht = forms.BooleanField(
        label="Verplicht: de zaak kan niet verder zolang deze taak open staat", required=False
    )

    def __init__(self, *args: Any, mensen: list, teams: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["medewerker"].choices = [("", "—")] + list(mensen)  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", "—")] + list(teams)  # type: ignore[attr-defined]
        vandaag = timezone.localdate()
        self.fields["deadline"].widget.attrs.update(
            {"min": vandaag.isoformat(), "max": taken.uiterste_deadline(vandaag).isoformat()}
        )

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data.get("deadline")
        if reden := taken.waarom_deadline_ongeldig(deadline):  # the service's rule, said early
            raise forms.ValidationError(reden)
        return deadline


class ToewijzenForm(forms.Form):
    medewerker = forms.ChoiceField(label="Aan medewerker", required=False)
    team = forms.TypedChoiceField(label="Of aan team", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, mensen: list, teams: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["medewerker"].choices = [("", "—")] + list(mensen)  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", "—")] + list(teams)  # type: ignore[attr-defined]


class AfrondenForm(forms.Form):
    resultaat = forms.CharField(
        label="Resultaat",
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
        error_messages={"required": "Beschrijf kort het resultaat van de taak."},
    )


class GoedkeurenForm(forms.Form):
    toelichting = forms.CharField(
        label="Toelichting", required=False, max_length=1000, widget=forms.Textarea({"rows": 2})
    )


class IntrekkenForm(forms.Form):
    """Withdrawing one's own request: no fields, the formtoken only."""


class AfwijzenForm(forms.Form):
    reden = forms.CharField(
        label="Reden van afwijzen",
        max_length=1000,
        widget=forms.Textarea({"rows": 2}),
        error_messages={"required": "Schrijf waarom u het verzoek afwijst."},
    )


def keuzes(request: Any, zaak: Zaak) -> dict[str, list]:
    """Whom a task of the zaak may go to: who may handle it, and the gemeente's teams."""
    return {
        "mensen": taken_selectors.behandelaars_van(zaak),
        "teams": medewerkers.teams(zaak.tenant_id),
    }


def paginacontext(request: Any, zaak: Zaak) -> dict:
    """Extra context for the zaak page (werkplek/zaak.html includes its template): the task
    rows with what the user may do with each, and the add form for who handles the zaak.
    Two queries, two more when the user handles the open zaak (the choices)."""
    context = werkplek(request)
    lijst = taken_selectors.van_zaak(zaak)
    behandelt = taken.mag_behandelen(context, zaak)
    open_zaak = zaak.einddatum is None
    namen = taken_selectors.namen(
        naam for t in lijst for naam in (t.medewerker, t.aangevraagd_door, t.afgerond_door)
    )
    opties = keuzes(request, zaak) if behandelt and open_zaak else None
    vandaag = timezone.localdate()
    rijen = []
    for taak in lijst:
        hex_ = taak.uuid.hex
        beslisbaar = (
            taak.soort == Taaksoort.vier_ogen
            and taak.status == Taakstatus.open
            and not vierogen.weigering(context, taak, zaak)
        )
        rij: dict[str, Any] = {
            "taak": taak,
            "voor": namen.get(taak.medewerker, taak.medewerker)
            if taak.medewerker
            else (taak.team.naam if taak.team else "Intake (nog geen team)"),
            "aangevraagd_door": namen.get(taak.aangevraagd_door, taak.aangevraagd_door),
            "afgerond_door": namen.get(taak.afgerond_door, taak.afgerond_door),
            "te_laat": taak.is_open and taak.deadline is not None and taak.deadline < vandaag,
            "goedkeurder": vierogen.rolnaam(taak.goedkeurder_rol) if taak.goedkeurder_rol else "",
            "kan_afronden": taken.mag_afronden(context, taak, zaak),
            "kan_beslissen": beslisbaar,
            "eigen_verzoek": taak.soort == Taaksoort.vier_ogen
            and taak.aangevraagd_door == context.actor.user_id,
            "kan_intrekken": taak.soort == Taaksoort.vier_ogen
            and taak.status == Taakstatus.open
            and not vierogen.waarom_niet_intrekken(context, taak),
        }
        if rij["kan_afronden"]:
            rij["afronden_form"] = AfrondenForm(auto_id=f"id_afronden_{hex_}_%s")
        if beslisbaar:
            rij["goedkeuren_form"] = GoedkeurenForm(auto_id=f"id_goedkeuren_{hex_}_%s")
            rij["afwijzen_form"] = AfwijzenForm(auto_id=f"id_afwijzen_{hex_}_%s")
        if opties is not None and taak.soort == Taaksoort.taak and taak.is_open:
            rij["toewijzen_form"] = ToewijzenForm(auto_id=f"id_taaktoewijzen_{hex_}_%s", **opties)
        rijen.append(rij)
    return {
        "taken": rijen,
        "taken_open": sum(1 for t in lijst if t.is_open),
        "taak_form": TaakForm(auto_id="id_taak_%s", **opties) if opties is not None else None,
    }
