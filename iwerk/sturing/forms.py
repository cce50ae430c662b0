"""The dashboard's filter form: period, gemeente, zaaktype and team from the query string,
checked against what the user may see: a management role sees its own gemeente, the steering
group may choose all gemeenten together."""

from __future__ import annotations

from datetime import date

from django import forms

from iwerk.catalogi.models import ZaakType
from iwerk.medewerkers.models import Team
from iwerk.medewerkers.roles import STURING_GEZAMENLIJK
from iwerk.sturing.selectors.selectie import (
    ALLE,
    Keuze,
    alle_gemeenten,
    maak_keuze,
    periode,
    periodekeuzes,
)


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
