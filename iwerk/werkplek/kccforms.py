"""The contact centre's forms: find a caller, record a contact (with an optional contactverzoek),
handle a contactverzoek. Only input checks here; the rules are in klantinteracties.services.kcc
and the search's in klantinteracties.selectors.kcc."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from iwerk.klantinteracties.selectors.kcc import SOORTEN
from iwerk.klantinteracties.services.kcc import KANALEN, RESULTATEN, VERZOEKSOORTEN

_VERPLICHT = {"required": "Dit veld is verplicht."}


class ZoekForm(forms.Form):
    soort = forms.ChoiceField(
        label="Zoeken op", choices=list(SOORTEN.items()), initial="bsn", error_messages=_VERPLICHT
    )
    waarde = forms.CharField(
        label="BSN, KvK-nummer, telefoonnummer, e-mailadres of zaaknummer",
        required=False,
        max_length=254,
    )
    achternaam = forms.CharField(label="Achternaam", required=False, max_length=200)
    geboortedatum = forms.DateField(
        label="Geboortedatum",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Geef een geldige datum."},
    )
    postcode = forms.CharField(label="Postcode", required=False, max_length=7)
    huisnummer = forms.IntegerField(
        label="Huisnummer",
        required=False,
        min_value=1,
        max_value=99999,
        error_messages={"invalid": "Geef een huisnummer in cijfers."},
    )
    huisletter = forms.CharField(label="Huisletter", required=False, max_length=1)
    toevoeging = forms.CharField(label="Toevoeging", required=False, max_length=4)


def _standaard_termijn() -> datetime:
    """Two working days from now, at 17:00 local time."""
    dag = timezone.localtime()
    toegevoegd = 0
    while toegevoegd < 2:
        dag += timedelta(days=1)
        if dag.weekday() < 5:
            toegevoegd += 1
    return dag.replace(hour=17, minute=0, second=0, microsecond=0)


class ContactForm(forms.Form):
    kanaal = forms.ChoiceField(
        label="Kanaal", choices=list(KANALEN.items()), initial="telefoon", error_messages=_VERPLICHT
    )
    onderwerp = forms.CharField(
        label="Onderwerp",
        max_length=200,
        error_messages={**_VERPLICHT, "max_length": "Hoogstens 200 tekens."},
    )
    inhoud = forms.CharField(
        label="Korte notitie",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Hoogstens 1000 tekens."},
    )
    zaak = forms.ChoiceField(label="Over zaak", required=False, choices=[("", "Geen zaak")])
    resultaat = forms.ChoiceField(
        label="Resultaat",
        choices=list(RESULTATEN.items()),
        initial="beantwoord",
        error_messages=_VERPLICHT,
    )
    contactverzoek = forms.BooleanField(label="Contactverzoek maken", required=False)
    verzoek_soort = forms.ChoiceField(
        label="Soort verzoek", required=False, choices=list(VERZOEKSOORTEN.items())
    )
    verzoek_toelichting = forms.CharField(
        label="Wat vraagt de klant?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Hoogstens 1000 tekens."},
    )
    verzoek_team = forms.ChoiceField(
        label="Voor team",
        required=False,
        choices=[("", "—")],
        error_messages={"invalid_choice": "Kies een team van deze gemeente."},
    )
    verzoek_medewerker = forms.ChoiceField(
        label="Of voor medewerker",
        required=False,
        choices=[("", "—")],
        error_messages={"invalid_choice": "Kies een medewerker van deze gemeente."},
    )
    verzoek_uiterlijk_op = forms.DateTimeField(
        label="Uiterlijk afhandelen op",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={"invalid": "Geef een geldige datum en tijd."},
    )
    verzoek_telefoonnummer = forms.CharField(
        label="Terugbellen op telefoonnummer", required=False, max_length=20
    )

    def __init__(self, *args, zaken=(), teams=(), medewerkers=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zaak"].choices = [("", "Geen zaak"), *zaken]
        self.fields["verzoek_team"].choices = [("", "—"), *teams]
        self.fields["verzoek_medewerker"].choices = [("", "—"), *medewerkers]
        if not self.is_bound:
            self.initial.setdefault("verzoek_uiterlijk_op", _standaard_termijn())

    def clean(self):
        data = super().clean()
        # A contactverzoek is meant when it is ticked, when the result says one was made, or
        # when its fields were filled in: never recorded as made while silently left out.
        ingevuld = any(
            data.get(veld) for veld in ("verzoek_toelichting", "verzoek_team", "verzoek_medewerker")
        ) or any(self.errors.get(v) for v in ("verzoek_team", "verzoek_medewerker"))
        if data.get("resultaat") == "contactverzoek" or ingevuld:
            data["contactverzoek"] = True
        if data.get("contactverzoek"):
            if not data.get("verzoek_toelichting", "").strip():
                self.add_error("verzoek_toelichting", "Beschrijf wat de klant vraagt.")
            if not data.get("verzoek_uiterlijk_op") and "verzoek_uiterlijk_op" not in self.errors:
                self.add_error("verzoek_uiterlijk_op", "Geef de termijn.")
            gekozen = data.get("verzoek_team") or data.get("verzoek_medewerker")
            if not gekozen and not self.errors.get("verzoek_team"):
                self.add_error("verzoek_team", "Kies een team of een medewerker.")
        return data


class AfhandelForm(forms.Form):
    antwoord = forms.CharField(
        label="Antwoord aan de klant / wat er gebeurde",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={**_VERPLICHT, "max_length": "Hoogstens 1000 tekens."},
    )
    kanaal = forms.ChoiceField(
        label="Kanaal", choices=list(KANALEN.items()), initial="telefoon", error_messages=_VERPLICHT
    )
    bereikt = forms.ChoiceField(
        label="Klant bereikt?",
        choices=[("ja", "Ja, afgehandeld"), ("nee", "Nee, niet bereikt (verzoek blijft open)")],
        initial="ja",
        widget=forms.RadioSelect,
        error_messages=_VERPLICHT,
    )
