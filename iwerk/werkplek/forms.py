"""Werkplek forms: Dutch labels and field errors; the register services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from iwerk.berichten.services.gesprek import MAX_BERICHT
from iwerk.core.choices import VERTROUWELIJKHEID_ORDER, Vertrouwelijkheidaanduiding
from iwerk.core.validators import is_valid_rsin

KANALEN = [
    ("telefoon", "Telefoon"),
    ("e-mail", "E-mail"),
    ("balie", "Balie"),
    ("post", "Post"),
]


def _datum() -> forms.DateInput:
    # A date input takes an ISO date only: the Dutch "6-12-2026" would be dropped, empty.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InloggenForm(forms.Form):
    username = forms.CharField(label="Gebruikersnaam", max_length=150)
    password = forms.CharField(label="Wachtwoord", widget=forms.PasswordInput, strip=False)


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Code uit uw authenticator-app",
        regex=r"^\d{6}$",
        error_messages={"invalid": "Vul de zes cijfers uit uw authenticator-app in."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _vertrouwelijkheden(maximum: str | None):
    limit = VERTROUWELIJKHEID_ORDER[maximum] if maximum else len(VERTROUWELIJKHEID_ORDER)
    return [("", "Standaard van het zaaktype")] + [
        (v, label)
        for v, label in Vertrouwelijkheidaanduiding.choices
        if VERTROUWELIJKHEID_ORDER[v] <= limit
    ]


class IntakeForm(forms.Form):
    zaaktype = forms.ModelChoiceField(queryset=None, label="Zaaktype", empty_label="Kies…")
    kanaal = forms.ChoiceField(label="Binnengekomen via", choices=KANALEN)
    omschrijving = forms.CharField(label="Korte omschrijving", max_length=80)
    toelichting = forms.CharField(
        label="Toelichting",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    startdatum = forms.DateField(label="Ontvangen op", widget=_datum())
    vertrouwelijkheidaanduiding = forms.ChoiceField(label="Vertrouwelijkheid", required=False)
    initiator_type = forms.ChoiceField(
        label="Aanvrager is",
        choices=[("natuurlijk_persoon", "Een inwoner"), ("vestiging", "Een bedrijf of instelling")],
        widget=forms.RadioSelect,
    )
    bsn = forms.CharField(label="BSN", max_length=9, required=False)
    voornamen = forms.CharField(label="Voornamen", max_length=200, required=False)
    voorvoegsel = forms.CharField(label="Voorvoegsel", max_length=10, required=False)
    geslachtsnaam = forms.CharField(label="Achternaam", max_length=200, required=False)
    geboortedatum = forms.DateField(label="Geboortedatum", required=False, widget=_datum())
    kvk_nummer = forms.CharField(label="KvK-nummer", max_length=8, required=False)
    handelsnaam = forms.CharField(label="Handelsnaam", max_length=200, required=False)
    postcode = forms.RegexField(
        label="Postcode",
        regex=r"^\d{4}\s?[A-Za-z]{2}$",
        required=False,
        error_messages={"invalid": "Vul een postcode in als 1234 AB."},
    )
    huisnummer = forms.IntegerField(
        label="Huisnummer", min_value=1, max_value=99999, required=False
    )
    huisletter = forms.RegexField(
        label="Huisletter",
        regex=r"^[A-Za-z]$",
        required=False,
        error_messages={"invalid": "Een huisletter is één letter."},
    )
    huisnummertoevoeging = forms.RegexField(
        label="Toevoeging",
        regex=r"^[A-Za-z0-9]{1,4}$",
        required=False,
        error_messages={"invalid": "Een toevoeging is hoogstens vier letters of cijfers."},
    )
    straat = forms.CharField(label="Straat", max_length=80, required=False)
    woonplaats = forms.CharField(label="Woonplaats", max_length=80, required=False)
    # Data picked from the BRP, the KvK or the BAG, signed (werkplek.basisgegevens).
    brp_keuze = forms.CharField(required=False, max_length=6000, widget=forms.HiddenInput)
    kvk_keuze = forms.CharField(required=False, max_length=6000, widget=forms.HiddenInput)
    bag_keuze = forms.CharField(required=False, max_length=6000, widget=forms.HiddenInput)
    telefoonnummer = forms.CharField(label="Telefoonnummer", max_length=20, required=False)
    emailadres = forms.EmailField(label="E-mailadres", required=False)
    mij_toewijzen = forms.BooleanField(
        label="Wijs de zaak aan mij toe", required=False, initial=True
    )

    def __init__(
        self,
        *args,
        zaaktypen,
        max_vertrouwelijkheid: str | None,
        vast: frozenset[str] = frozenset(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["zaaktype"].queryset = zaaktypen
        self.fields["vertrouwelijkheidaanduiding"].choices = _vertrouwelijkheden(
            max_vertrouwelijkheid
        )
        self.fields["startdatum"].initial = timezone.localdate()
        for name in vast:  # filled from a register: shown, not typed over
            self.fields[name].widget.attrs["readonly"] = True

    def clean_bsn(self) -> str:
        bsn = self.cleaned_data["bsn"].strip()
        if bsn and not (len(bsn) == 9 and bsn.isdigit() and is_valid_rsin(bsn)):
            raise forms.ValidationError("Dit is geen geldig BSN (9 cijfers, elfproef).")
        return bsn

    def clean_kvk_nummer(self) -> str:
        kvk = self.cleaned_data["kvk_nummer"].strip()
        if kvk and not (len(kvk) == 8 and kvk.isdigit()):
            raise forms.ValidationError("Een KvK-nummer bestaat uit 8 cijfers.")
        return kvk

    def clean_startdatum(self):
        day = self.cleaned_data["startdatum"]
        if day > timezone.localdate():
            raise forms.ValidationError("De ontvangstdatum kan niet in de toekomst liggen.")
        return day

    def clean(self):
        data = super().clean()
        if data.get("initiator_type") == "natuurlijk_persoon" and not data.get("geslachtsnaam"):
            self.add_error("geslachtsnaam", "Vul de achternaam van de aanvrager in.")
        if data.get("initiator_type") == "vestiging":
            if not data.get("handelsnaam"):
                self.add_error("handelsnaam", "Vul de handelsnaam van het bedrijf in.")
            if not data.get("kvk_nummer"):
                self.add_error("kvk_nummer", "Vul het KvK-nummer van het bedrijf in.")
        return data


class OpzoekenForm(forms.Form):
    """What a lookup at the intake needs, checked for shape before any register is asked."""

    zaaktype: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, required=False)
    bsn = forms.CharField(max_length=11, required=False)
    geslachtsnaam = forms.CharField(max_length=200, required=False)
    geboortedatum = forms.DateField(
        required=False, error_messages={"invalid": "Vul een geldige geboortedatum in."}
    )
    postcode = IntakeForm.base_fields["postcode"]
    huisnummer = IntakeForm.base_fields["huisnummer"]
    huisletter = IntakeForm.base_fields["huisletter"]
    huisnummertoevoeging = IntakeForm.base_fields["huisnummertoevoeging"]
    kvk_nummer = forms.CharField(max_length=10, required=False)

    NODIG = {
        "brp-bsn": ("zaaktype", "bsn"),
        "brp-naam": ("zaaktype", "geslachtsnaam", "geboortedatum"),
        "brp-adres": ("zaaktype", "postcode", "huisnummer"),
        "kvk": ("zaaktype", "kvk_nummer"),
        "bag": ("postcode", "huisnummer"),
    }
    LEEG = {
        "zaaktype": "Kies eerst het zaaktype: het doel daarvan bepaalt wat u mag opvragen.",
        "bsn": "Vul het BSN in om de persoon op te zoeken.",
        "geslachtsnaam": "Vul de achternaam in om op naam te zoeken.",
        "geboortedatum": "Vul de geboortedatum in om op naam te zoeken.",
        "postcode": "Vul de postcode in.",
        "huisnummer": "Vul het huisnummer in.",
        "kvk_nummer": "Vul het KvK-nummer in.",
    }

    def __init__(self, *args: Any, zaaktypen: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zaaktype"].queryset = zaaktypen  # type: ignore[attr-defined]

    def clean_bsn(self) -> str:
        return "".join(self.cleaned_data["bsn"].split())

    def clean_kvk_nummer(self) -> str:
        return "".join(self.cleaned_data["kvk_nummer"].split())

    def fout(self, actie: str) -> str | None:
        """The first reason the lookup actie cannot be made, in Dutch; None when it can."""
        self.is_valid()
        for name in self.NODIG[actie] + ("huisletter", "huisnummertoevoeging"):
            if name in self.errors:
                return str(self.errors[name][0])
            if name in self.NODIG[actie] and not self.cleaned_data.get(name):
                return self.LEEG[name]
        return None


class ToewijzenForm(forms.Form):
    medewerker = forms.ChoiceField(
        label="Toewijzen aan",
        error_messages={
            "required": "Kies een medewerker.",
            "invalid_choice": "Kies een medewerker uit de lijst: alleen wie deze zaak mag zien "
            "en zaken in deze gemeente behandelt.",
        },
    )

    def __init__(self, *args, medewerkers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medewerker"].choices = [("", "Kies…"), *medewerkers]


INTAKE = "intake"  # the team choice "no team": the gemeente's intake queue


class TeamForm(forms.Form):
    """A zaak's queue: one of the gemeente's teams, or the intake (ADR 0059)."""

    team = forms.ChoiceField(
        label="Naar team",
        error_messages={
            "required": "Kies een team of de intake.",
            "invalid_choice": "Kies een team van deze gemeente uit de lijst.",
        },
    )

    def __init__(self, *args, teams: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [
            ("", "Kies…"),
            (INTAKE, "Intake (geen team, niemand toegewezen)"),
            *[(str(pk), naam) for pk, naam in teams],
        ]

    def team_id(self) -> int | None:
        """The chosen team's pk, None for the intake (after is_valid)."""
        keuze = self.cleaned_data["team"]
        return None if keuze == INTAKE else int(keuze)


class StatusForm(forms.Form):
    statustype = forms.ModelChoiceField(queryset=None, label="Nieuwe status", empty_label="Kies…")
    toelichting = forms.CharField(label="Toelichting", max_length=1000, required=False)

    def __init__(self, *args, statustypen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statustype"].queryset = statustypen


class AfsluitenForm(forms.Form):
    resultaattype = forms.ModelChoiceField(queryset=None, label="Resultaat", empty_label="Kies…")
    toelichting = forms.CharField(label="Toelichting", max_length=1000, required=False)

    def __init__(self, *args, resultaattypen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resultaattype"].queryset = resultaattypen


class HeropenenForm(forms.Form):
    reden = forms.CharField(label="Reden van heropenen", max_length=1000)


class OpschortenForm(forms.Form):
    reden = forms.CharField(label="Reden van opschorten", max_length=200)


class VerlengenForm(forms.Form):
    weken = forms.IntegerField(label="Verlengen met (weken)", min_value=1, max_value=52)
    reden = forms.CharField(label="Reden van verlengen", max_length=200)


class DocumentForm(forms.Form):
    bestand = forms.FileField(label="Bestand")
    titel = forms.CharField(label="Titel", max_length=200, required=False)
    informatieobjecttype = forms.ModelChoiceField(
        queryset=None, label="Documenttype", empty_label="Kies…"
    )

    def __init__(self, *args, informatieobjecttypen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["informatieobjecttype"].queryset = informatieobjecttypen


class NieuweVersieForm(forms.Form):
    bestand = forms.FileField(label="Nieuwe versie")


class BesluitForm(forms.Form):
    besluittype = forms.ModelChoiceField(queryset=None, label="Besluittype", empty_label="Kies…")
    datum = forms.DateField(label="Datum besluit", widget=_datum())
    ingangsdatum = forms.DateField(label="Ingangsdatum", widget=_datum())
    toelichting = forms.CharField(
        label="Toelichting",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, besluittypen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besluittype"].queryset = besluittypen
        self.fields["datum"].initial = self.fields["ingangsdatum"].initial = timezone.localdate()


class NotitieForm(forms.Form):
    onderwerp = forms.CharField(label="Onderwerp", max_length=255)
    tekst = forms.CharField(label="Notitie", widget=forms.Textarea(attrs={"rows": 3}))


class BerichtAanAanvragerForm(forms.Form):
    """A message to the initiator in Mijn zaken (werkplek/views/zaak_berichten.py, ADR 0055);
    versie: the template version its text was filled in from, if any (ADR 0062)."""

    versie = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "Het sjabloon van deze tekst is onbekend; vul de tekst opnieuw in.",
            "min_value": "Het sjabloon van deze tekst is onbekend; vul de tekst opnieuw in.",
        },
    )
    tekst = forms.CharField(
        label="Bericht aan de aanvrager",
        max_length=MAX_BERICHT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Schrijf het bericht aan de aanvrager.",
            "max_length": f"Het bericht is te lang (hoogstens {MAX_BERICHT} tekens).",
        },
    )


class FilterOpslaanForm(forms.Form):
    naam = forms.CharField(label="Naam van dit filter", max_length=60)
