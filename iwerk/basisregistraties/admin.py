"""Functioneel beheer of the basisregistraties: per gemeente the connection to each register and,
per zaaktype, the purpose (doelbinding) of its lookups (ADR 0049).

A functioneel beheerder sees and changes only the rows of the gemeenten where they have that
role (`selectors.beheer`); a superuser sees all. The zaaktypen offered are those of the
catalogi of those gemeenten, by identificatie (a purpose holds for every version).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from iwerk.basisregistraties import velden
from iwerk.basisregistraties.models import KCC_DOEL, Doelbinding, Register, Registerkoppeling
from iwerk.basisregistraties.selectors.beheer import beheerde_gemeenten
from iwerk.catalogi.models import ZaakType
from iwerk.catalogi.selectors.keuzes import zaaktypekeuzes
from iwerk.core.models import Gemeente

GEMEENTE_FOUTEN = {
    "required": "Kies een gemeente.",
    "invalid_choice": "Kies een gemeente uit de lijst: u beheert alleen uw eigen gemeente(n).",
}


def gemeente_keuzes(ids: set[int] | None) -> QuerySet[Gemeente]:
    gemeenten = Gemeente.objects.toegewezen().order_by("naam")
    return gemeenten if ids is None else gemeenten.filter(pk__in=ids)


class PerGemeente(admin.ModelAdmin):
    """Rows of the gemeenten the signed-in user manages, and only those to choose."""

    list_select_related = ["gemeente"]
    list_filter = [("gemeente", admin.RelatedOnlyFieldListFilter)]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rijen = super().get_queryset(request)
        ids = beheerde_gemeenten(request.user)
        return rijen if ids is None else rijen.filter(gemeente_id__in=ids)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        # The form needs the user's gemeenten for its choices; a subclass per request carries them.
        return type(form.__name__, (form,), {"gemeente_ids": beheerde_gemeenten(request.user)})


# --- Doelbinding -------------------------------------------------------------------------------

REGISTERNAMEN = dict(Register.choices)


def groepkeuzes() -> list[tuple[str, list[tuple[str, str]]]]:
    """The field groups per register, as 'brp:naam' (a group name alone is ambiguous)."""
    return [
        (
            REGISTERNAMEN[register],
            [(f"{register}:{groep}", velden.LABELS.get(groep, groep.title())) for groep in groepen],
        )
        for register, groepen in velden.GROEPEN.items()
    ]


class DoelbindingForm(forms.ModelForm):
    gemeente_ids: set[int] | None = set()  # set per request by PerGemeente.get_form

    zaaktype_identificatie = forms.ChoiceField(
        label="Zaaktype",
        help_text="Geldt voor alle versies van het zaaktype. Het moet in een catalogus van de "
        "gekozen gemeente staan.",
        error_messages={
            "required": "Kies een zaaktype.",
            "invalid_choice": "Kies een zaaktype uit de lijst: die noemt de zaaktypen in de "
            "catalogi van uw gemeente(n).",
        },
    )
    velden = forms.MultipleChoiceField(
        label="Gegevens",
        choices=groepkeuzes,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Alleen deze gegevens worden bij het register opgevraagd en getoond. Kies "
        "alleen gegevens van het gekozen register. Het BSN of KvK-nummer wordt altijd gevraagd.",
    )

    class Meta:
        model = Doelbinding
        fields = [
            "gemeente",
            "zaaktype_identificatie",
            "register",
            "velden",
            "doelbinding",
            "verwerking",
            "bereik",
        ]
        error_messages = {
            "gemeente": GEMEENTE_FOUTEN,
            "register": {"required": "Kies een register."},
            "doelbinding": {"required": "Vul de doelbinding in, bijvoorbeeld BRPACT-Wmo."},
            "verwerking": {"required": "Vul de verwerkingsactiviteit in."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gemeente = self.fields["gemeente"]
        assert isinstance(gemeente, forms.ModelChoiceField)
        gemeente.queryset = gemeente_keuzes(self.gemeente_ids)
        keuzes = zaaktypekeuzes(self.gemeente_ids)
        keuzes.insert(1, (KCC_DOEL, "Klantcontactcentrum (KCC): bellers zoeken, geen zaaktype"))
        huidige = self.instance.zaaktype_identificatie if self.instance.pk else ""
        if huidige and huidige not in dict(keuzes):  # no longer in a catalogus: still shown
            keuzes.append((huidige, f"{huidige} (niet meer in een catalogus)"))
        zaaktype = self.fields["zaaktype_identificatie"]
        assert isinstance(zaaktype, forms.ChoiceField)
        zaaktype.choices = keuzes
        if self.instance.pk:
            self.initial["velden"] = [f"{self.instance.register}:{g}" for g in self.instance.velden]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        gemeente = cleaned.get("gemeente")
        identificatie = cleaned.get("zaaktype_identificatie")
        register = cleaned.get("register")
        gekozen = cleaned.get("velden") or []
        if register:
            anders = [k for k in gekozen if k.split(":", 1)[0] != register]
            if anders:
                namen = ", ".join(
                    f"{velden.LABELS.get(k.split(':', 1)[1], k)} "
                    f"({REGISTERNAMEN.get(k.split(':', 1)[0], '')})"
                    for k in anders
                )
                self.add_error(
                    "velden",
                    f"Deze gegevens horen niet bij {REGISTERNAMEN[register]}: {namen}. Kies "
                    "alleen gegevens van het gekozen register.",
                )
            else:
                cleaned["velden"] = [k.split(":", 1)[1] for k in gekozen]
        if gemeente is None:
            return cleaned
        if (
            identificatie
            and identificatie != KCC_DOEL
            and not ZaakType.objects.filter(tenant=gemeente, identificatie=identificatie).exists()
        ):
            self.add_error(
                "zaaktype_identificatie",
                f"Zaaktype {identificatie} staat niet in een catalogus van {gemeente.naam}.",
            )
        if (
            identificatie
            and register
            and Doelbinding.objects.filter(
                gemeente=gemeente, zaaktype_identificatie=identificatie, register=register
            )
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(
                f"Zaaktype {identificatie} heeft in {gemeente.naam} al een doelbinding voor "
                f"{REGISTERNAMEN[register]}; pas die aan.",
                code="dubbel",
            )
        return cleaned

    def validate_unique(self) -> None:
        # clean() says it in Dutch, with the names; Django's own message names only the fields.
        return None


@admin.register(Doelbinding)
class DoelbindingAdmin(PerGemeente):
    form = DoelbindingForm
    list_display = ["zaaktype_identificatie", "register", "gegevens", "bereik", "gemeente"]
    list_filter = [("gemeente", admin.RelatedOnlyFieldListFilter), "register", "bereik"]
    search_fields = ["zaaktype_identificatie", "doelbinding", "verwerking"]
    search_help_text = "Zoek op zaaktype-identificatie, doelbinding of verwerking."
    ordering = ["gemeente__naam", "zaaktype_identificatie", "register"]

    @admin.display(description="Gegevens")
    def gegevens(self, obj: Doelbinding) -> str:
        return ", ".join(velden.LABELS.get(g, g) for g in obj.velden) or "—"


# --- Registerkoppeling -------------------------------------------------------------------------


def _url_https(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    # URL fields in forms assume https (Django 6's default, adopted now).
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class RegisterkoppelingForm(forms.ModelForm):
    gemeente_ids: set[int] | None = set()  # set per request by PerGemeente.get_form

    class Meta:
        model = Registerkoppeling
        formfield_callback = _url_https
        fields = [
            "gemeente",
            "register",
            "url",
            "api_sleutel_variabele",
            "certificaat",
            "certificaat_sleutel",
            "ca_bundel",
            "oin",
            "timeout_verbinden",
            "timeout_lezen",
            "actief",
        ]
        error_messages = {
            "gemeente": GEMEENTE_FOUTEN,
            "register": {"required": "Kies een register."},
            "url": {"required": "Vul de basis-URL in.", "invalid": "Vul een geldige URL in."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gemeente = self.fields["gemeente"]
        assert isinstance(gemeente, forms.ModelChoiceField)
        gemeente.queryset = gemeente_keuzes(self.gemeente_ids)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        # Persons' data travels over it: https, except to the demo's and the tests' own doubles.
        if urlparse(url).scheme != "https" and not (settings.DEMO_MODE or settings.TESTING):
            raise forms.ValidationError("Gebruik een https-adres: persoonsgegevens gaan erover.")
        return url

    def clean_api_sleutel_variabele(self) -> str:
        naam = self.cleaned_data["api_sleutel_variabele"].strip()
        if naam and not naam.replace("_", "").isalnum():
            raise forms.ValidationError(
                "Een omgevingsvariabele bestaat uit letters, cijfers en _, bijvoorbeeld "
                "IWERK_BRP_SLEUTEL_RAALTE."
            )
        return naam

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for veld in ("timeout_verbinden", "timeout_lezen"):
            waarde = cleaned.get(veld)
            if waarde is not None and not 0 < waarde <= 60:
                self.add_error(veld, "Kies een time-out tussen 0 en 60 seconden.")
        if cleaned.get("certificaat_sleutel") and not cleaned.get("certificaat"):
            self.add_error("certificaat", "Vul ook het certificaat in bij deze sleutel.")
        gemeente, register = cleaned.get("gemeente"), cleaned.get("register")
        if (
            gemeente
            and register
            and Registerkoppeling.objects.filter(gemeente=gemeente, register=register)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(
                f"{gemeente.naam} heeft al een koppeling met {REGISTERNAMEN[register]}; pas die aan.",
                code="dubbel",
            )
        return cleaned

    def validate_unique(self) -> None:
        return None


@admin.register(Registerkoppeling)
class RegisterkoppelingAdmin(PerGemeente):
    form = RegisterkoppelingForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["register", "gemeente", "url", "actief"]
    list_filter = [("gemeente", admin.RelatedOnlyFieldListFilter), "register", "actief"]
    ordering = ["gemeente__naam", "register"]
