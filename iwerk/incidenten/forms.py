"""Forms of the incident register, in Dutch; the rules live in services, the forms parse."""

from __future__ import annotations

from django import forms

from iwerk.incidenten import ap_melding
from iwerk.incidenten.models import Categorie, Impact, Risico

MOMENT = {
    "input_formats": ["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M"],
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
}
JA_NEE = [("ja", "Ja"), ("nee", "Nee")]


def _ja(value: str) -> bool:
    return value == "ja"


class MeldForm(forms.Form):
    titel = forms.CharField(label="Wat is er gebeurd? (kort)", max_length=200)
    categorie = forms.ChoiceField(label="Soort incident", choices=Categorie.choices)
    beschrijving = forms.CharField(
        label="Beschrijving",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat, waar, welke gegevens of systemen, wie weet ervan.",
    )
    ontdekt_op = forms.DateTimeField(label="Ontdekt op", **MOMENT)
    begonnen_op = forms.DateTimeField(label="Begonnen op (als bekend)", required=False, **MOMENT)
    beeindigd_op = forms.DateTimeField(
        label="Beëindigd op (leeg als het nog gaande is)", required=False, **MOMENT
    )
    persoonsgegevens = forms.BooleanField(
        label="Er zijn (mogelijk) persoonsgegevens bij betrokken",
        required=False,
        help_text="Meld ook bij twijfel: de privacy officer beoordeelt het. De meldtermijn van "
        "72 uur loopt vanaf de ontdekking.",
    )
    getroffen_systemen = forms.CharField(
        label="Getroffen systemen of applicaties",
        required=False,
        help_text="Gescheiden door komma's, bijvoorbeeld: Zaaksysteem, laptop medewerker.",
    )

    def velden(self) -> dict:
        data = dict(self.cleaned_data)
        data["getroffen_systemen"] = [
            s.strip() for s in data.get("getroffen_systemen", "").split(",") if s.strip()
        ]
        return data


class ConceptForm(MeldForm):
    """A draft needs only a title and the moment of discovery (the clock runs from it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in ("titel", "ontdekt_op"):
                field.required = False

    def clean_categorie(self):
        return self.cleaned_data.get("categorie") or Categorie.overig


class BeoordelenForm(forms.Form):
    datalek = forms.TypedChoiceField(
        label="Is dit een datalek (inbreuk op de beveiliging van persoonsgegevens)?",
        choices=JA_NEE,
        coerce=_ja,
        widget=forms.RadioSelect,
    )
    gemeenten = forms.ModelMultipleChoiceField(
        label="Betrokken gemeenten (verwerkingsverantwoordelijken)",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    reden = forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeenten"].queryset = gemeenten


class RisicoForm(forms.Form):
    risico = forms.ChoiceField(
        label="Risico voor de betrokkenen", choices=Risico.choices, widget=forms.RadioSelect
    )
    onderbouwing = forms.CharField(label="Onderbouwing", widget=forms.Textarea(attrs={"rows": 3}))


def _meerkeuze(label: str, tabel: dict[str, str], help_text: str = ""):
    return forms.MultipleChoiceField(
        label=label,
        choices=list(tabel.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class AvgForm(forms.Form):
    """The facts the AP form asks for (sections 3–8) and the security facet (CIA impact)."""

    aard = _meerkeuze("Aard van de inbreuk", ap_melding.AARD)
    persoonsgegevens_soorten = _meerkeuze("Soort persoonsgegevens", ap_melding.PERSOONSGEGEVENS)
    bijzondere_persoonsgegevens = _meerkeuze("Bijzondere persoonsgegevens", ap_melding.BIJZONDERE)
    aantal_personen_min = forms.IntegerField(
        label="Aantal betrokkenen, minimaal", min_value=0, required=False
    )
    aantal_personen_max = forms.IntegerField(
        label="Aantal betrokkenen, maximaal", min_value=0, required=False
    )
    aantal_records = forms.IntegerField(
        label="Aantal records (schatting)", min_value=0, required=False
    )
    groepen = _meerkeuze("Groepen betrokkenen", ap_melding.GROEPEN)
    versleuteld = forms.TypedChoiceField(
        label="Waren de gegevens versleuteld of onleesbaar gemaakt?",
        choices=[("", "Onbekend"), *JA_NEE],
        coerce=_ja,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    maatregelen_vooraf = forms.CharField(
        label="Hoe waren de gegevens beschermd?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    impact_vertrouwelijkheid = forms.ChoiceField(
        label="Gevolg voor vertrouwelijkheid", choices=Impact.choices
    )
    impact_integriteit = forms.ChoiceField(label="Gevolg voor integriteit", choices=Impact.choices)
    impact_beschikbaarheid = forms.ChoiceField(
        label="Gevolg voor beschikbaarheid", choices=Impact.choices
    )
    gevolgen = _meerkeuze("Mogelijke gevolgen voor betrokkenen", ap_melding.GEVOLGEN)
    gevolgen_toelichting = forms.CharField(
        label="Toelichting op de gevolgen", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    vervolgmaatregelen = forms.CharField(
        label="Genomen maatregelen (gevolgen beperken, herhaling voorkomen)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    internationaal = forms.BooleanField(
        label="Grensoverschrijdende verwerking (andere EU-landen)", required=False
    )
    internationaal_toelichting = forms.CharField(label="Toelichting internationaal", required=False)

    def clean(self):
        data = super().clean()
        laag, hoog = data.get("aantal_personen_min"), data.get("aantal_personen_max")
        if laag is not None and hoog is not None and laag > hoog:
            self.add_error("aantal_personen_max", "Het maximum is kleiner dan het minimum.")
        return data


class GemeenteForm(forms.Form):
    gemeente = forms.ModelChoiceField(label="Gemeente", queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten


class ApBesluitForm(GemeenteForm):
    melden = forms.TypedChoiceField(
        label="Melden bij de Autoriteit Persoonsgegevens?",
        choices=JA_NEE,
        coerce=_ja,
        widget=forms.RadioSelect,
    )
    reden = forms.CharField(label="Waarom", widget=forms.Textarea(attrs={"rows": 2}))
    te_laat_reden = forms.CharField(
        label="Reden van vertraging (na 72 uur verplicht)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApGemeldForm(GemeenteForm):
    meldnummer = forms.CharField(label="Meldnummer van de AP", max_length=40)
    gemeld_op = forms.DateTimeField(label="Gemeld op", **MOMENT)
    te_laat_reden = forms.CharField(
        label="Reden van vertraging (na 72 uur verplicht)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BetrokkenenForm(GemeenteForm):
    informeren = forms.TypedChoiceField(
        label="Betrokkenen informeren?", choices=JA_NEE, coerce=_ja, widget=forms.RadioSelect
    )
    reden = forms.CharField(label="Waarom", widget=forms.Textarea(attrs={"rows": 2}))
    openbare_mededeling = forms.CharField(
        label="Openbare mededeling (als individueel informeren onevenredig veel moeite kost)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IntrekkenForm(GemeenteForm):
    reden = forms.CharField(label="Reden van intrekking", widget=forms.Textarea(attrs={"rows": 2}))


class AfsluitenForm(forms.Form):
    afhandeling = forms.CharField(label="Afhandeling", widget=forms.Textarea(attrs={"rows": 3}))
    lessen = forms.CharField(
        label="Geleerde lessen", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class KoppelenForm(forms.Form):
    zaaknummer = forms.CharField(label="Zaaknummer", required=False, max_length=40)
    document = forms.CharField(label="Documentidentificatie", required=False, max_length=40)
    applicatie = forms.ModelChoiceField(
        label="Getroffen applicatie (portfolio)", queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, **kwargs):
        from iwerk.portfolio.models import Applicatie

        super().__init__(*args, **kwargs)
        self.fields["applicatie"].queryset = Applicatie.objects.order_by("naam")

    def clean(self):
        data = super().clean()
        if not data.get("zaaknummer") and not data.get("document") and not data.get("applicatie"):
            raise forms.ValidationError(
                "Vul een zaaknummer of documentidentificatie in, of kies een applicatie."
            )
        return data


class StapForm(forms.Form):
    stap = forms.CharField(
        label="Afhandelstap",
        max_length=300,
        help_text="Wat is er gedaan, bijvoorbeeld: laptop op afstand gewist, wachtwoorden gereset.",
    )
