"""Functioneel beheer of who may call the Klantinteracties API (ADR 0052): per applicatie and
gemeente a Toegang with its scopes and maximum vertrouwelijkheid, and its API tokens.

A new token is shown once, in the message after saving; only its hash is kept, so a lost token is
revoked (untick "actief") and a new one issued. A functioneel beheerder sees and changes only the
Toegangen of the gemeenten where they have that role; a superuser sees all.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest

from iwerk.basisregistraties.admin import PerGemeente, gemeente_keuzes
from iwerk.klantinteracties.models import Scope, Toegang, Token
from iwerk.klantinteracties.services.toegang import token_uitgeven


class ToegangForm(forms.ModelForm):
    gemeente_ids: set[int] | None = None  # set per request by PerGemeente.get_form

    scopes = forms.MultipleChoiceField(
        label="Scopes",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies ten minste één scope."},
        help_text="Lezen geeft elke GET; bijwerken ook aanmaken, wijzigen en verwijderen.",
    )
    nieuw_token = forms.BooleanField(
        label="Nieuw API-token uitgeven",
        required=False,
        help_text="Het token wordt na het opslaan één keer getoond; bewaar het dan.",
    )
    token_omschrijving = forms.CharField(
        label="Omschrijving van het nieuwe token",
        required=False,
        max_length=100,
        help_text="Bijvoorbeeld de naam van de server of de leverancier.",
    )

    class Meta:
        model = Toegang
        fields = ["applicatie", "gemeente", "scopes", "max_vertrouwelijkheidaanduiding"]
        labels = {"max_vertrouwelijkheidaanduiding": "Maximale vertrouwelijkheid"}
        error_messages = {
            "applicatie": {"required": "Kies een applicatie."},
            "gemeente": {
                "required": "Kies een gemeente.",
                "invalid_choice": "Kies een gemeente uit de lijst: u beheert alleen uw eigen "
                "gemeente(n).",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeente_keuzes(self.gemeente_ids)  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        try:
            self.instance.validate_unique(exclude=self._get_validation_exclusions())
        except forms.ValidationError:
            self.add_error(
                "gemeente", "Deze applicatie heeft al toegang tot deze gemeente; wijzig die."
            )


class TokenInline(admin.TabularInline):
    model = Token
    extra = 0
    can_delete = False
    fields = ["omschrijving", "aangemaakt", "actief"]
    readonly_fields = ["omschrijving", "aangemaakt"]
    verbose_name = "API-token"
    verbose_name_plural = "API-tokens (een token intrekken: vink 'actief' uit)"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # tokens are issued through the form (the key is shown once)


@admin.register(Toegang)
class ToegangAdmin(PerGemeente):
    form = ToegangForm
    inlines = [TokenInline]
    list_display = ["applicatie", "gemeente", "scope_weergave", "max_vertrouwelijkheidaanduiding"]
    list_select_related = ["applicatie", "gemeente"]
    search_fields = ["applicatie__label"]

    @admin.display(description="Scopes")
    def scope_weergave(self, obj: Toegang) -> str:
        labels = dict(Scope.choices)
        return ", ".join(str(labels.get(s, s)) for s in obj.scopes)

    def save_model(self, request: HttpRequest, obj: Toegang, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("nieuw_token"):
            sleutel = token_uitgeven(obj, form.cleaned_data.get("token_omschrijving", ""))
            messages.warning(
                request,
                f"Het nieuwe API-token is: {sleutel} — bewaar het nu; het wordt niet opnieuw "
                "getoond. De applicatie stuurt het mee als 'Authorization: Token …'.",
            )
