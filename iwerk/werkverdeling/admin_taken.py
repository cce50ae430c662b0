"""Functioneel beheer of task checklists (Taaksjabloon) and vier-ogen rules (VierOgenRegel), ADR
0056.

A functioneel beheerder sees and changes only the rows of the gemeenten where they have that role
(medewerkers.selectors.beheerde_gemeenten); a superuser sees all. The rules are the services'
(services.taken.sjabloon_controleren, services.vierogen.regel_controleren): the forms run them
and put their Dutch reasons on the fields they name. A vier-ogen rule that fewer than two people
could satisfy is stored with a warning (services.vierogen.regel_waarschuwing).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import QuerySet
from django.http import HttpRequest

from iwerk.catalogi.selectors.keuzes import zaaktypekeuzes
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.models import Gemeente
from iwerk.medewerkers.models import Team
from iwerk.medewerkers.roles import BEHANDELROLLEN, Rol
from iwerk.medewerkers.selectors import beheerde_gemeenten
from iwerk.werkverdeling.models import Taaksjabloon, VierOgenRegel
from iwerk.werkverdeling.services import taken, vierogen


def _gemeente_ids(request: HttpRequest) -> set[int] | None:
    """The gemeenten the user manages; None: every one (a superuser)."""
    user = request.user
    if getattr(user, "is_superuser", False):
        return None
    return beheerde_gemeenten(user.pk) if user.pk else set()


class _BeheerForm(forms.ModelForm):
    """Choices limited to the user's gemeenten; the service's rules after the model's own."""

    gemeente_ids: set[int] | None = set()  # set per request by _PerGemeente.get_form

    zaaktype_identificatie = forms.ChoiceField(
        label="Zaaktype",
        help_text="Geldt voor alle versies van het zaaktype. Het moet in een catalogus van de "
        "gekozen gemeente staan.",
        error_messages={"required": "Kies een zaaktype."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gemeente = self.fields["gemeente"]
        assert isinstance(gemeente, forms.ModelChoiceField)
        gemeenten = Gemeente.objects.order_by("naam")
        if self.gemeente_ids is not None:
            gemeenten = gemeenten.filter(pk__in=self.gemeente_ids)
        gemeente.queryset = gemeenten
        gemeente.error_messages["invalid_choice"] = (
            "Kies een gemeente uit de lijst: u beheert alleen uw eigen gemeente(n)."
        )
        keuzes = zaaktypekeuzes(self.gemeente_ids)
        huidige = self.instance.zaaktype_identificatie if self.instance.pk else ""
        if huidige and huidige not in dict(keuzes):  # no longer in a catalogus: still shown
            keuzes.append((huidige, f"{huidige} (niet meer in een catalogus)"))
        zaaktype = self.fields["zaaktype_identificatie"]
        assert isinstance(zaaktype, forms.ChoiceField)
        zaaktype.choices = keuzes
        zaaktype.error_messages["invalid_choice"] = (
            "Kies een zaaktype uit de lijst: die noemt de zaaktypen in de catalogi van uw "
            "gemeente(n)."
        )

    def controleer(self, instance: Any) -> None:  # the service's check, per model
        raise NotImplementedError

    def _post_clean(self) -> None:
        super()._post_clean()
        # The model's unique constraint is the service's rule too, said there in Dutch with the
        # names; Django's own message names only the fields.
        algemeen = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if algemeen is not None and all(
            e.code in ("unique", "unique_together") for e in algemeen.as_data()
        ):
            del self._errors[NON_FIELD_ERRORS]
        if self._errors or self.instance.gemeente_id is None:
            return
        try:
            self.controleer(self.instance)
        except ValidationFailed as fout:
            for param in fout.params:
                self.add_error(param.name if param.name in self.fields else None, param.reason)


class TaaksjabloonForm(_BeheerForm):
    class Meta:
        model = Taaksjabloon
        fields = [
            "gemeente",
            "zaaktype_identificatie",
            "statustype_omschrijving",
            "titel",
            "omschrijving",
            "verplicht",
            "extern",
            "termijn_dagen",
            "toewijzen_aan",
            "team",
            "volgorde",
            "actief",
        ]
        help_texts = {
            "team": "Bij ‘Een vast team’ krijgt dit team de taak; anders krijgt het de taak als "
            "de zaak nog geen behandelaar en geen team heeft.",
        }
        error_messages = {
            "statustype_omschrijving": {"required": "Vul de status in waarbij de taak ontstaat."},
            "titel": {"required": "Geef de taak een titel."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        teams = Team.objects.select_related("gemeente").order_by("gemeente__naam", "naam")
        if self.gemeente_ids is not None:
            teams = teams.filter(gemeente_id__in=self.gemeente_ids)
        team.queryset = teams

    def controleer(self, instance: Any) -> None:
        taken.sjabloon_controleren(instance)


class VierOgenRegelForm(_BeheerForm):
    class Meta:
        model = VierOgenRegel
        fields = ["gemeente", "zaaktype_identificatie", "actie", "goedkeurder_rol"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rol = self.fields["goedkeurder_rol"]
        assert isinstance(rol, forms.ChoiceField)
        rol.choices = [(r.value, r.label) for r in Rol if r.value in BEHANDELROLLEN]

    def controleer(self, instance: Any) -> None:
        vierogen.regel_controleren(instance)


class _PerGemeente(admin.ModelAdmin):
    """Rows of the gemeenten the signed-in user manages, and only those to choose."""

    list_select_related = ["gemeente"]
    list_filter = [("gemeente", admin.RelatedOnlyFieldListFilter)]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rijen = super().get_queryset(request)
        ids = _gemeente_ids(request)
        return rijen if ids is None else rijen.filter(gemeente_id__in=ids)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        # The form needs the user's gemeenten for its choices; a subclass per request carries them.
        return type(form.__name__, (form,), {"gemeente_ids": _gemeente_ids(request)})


@admin.register(Taaksjabloon)
class TaaksjabloonAdmin(_PerGemeente):
    form = TaaksjabloonForm
    list_display = [
        "titel",
        "zaaktype_identificatie",
        "statustype_omschrijving",
        "gemeente",
        "verplicht",
        "termijn_dagen",
        "toewijzen_aan",
        "team",
        "actief",
    ]
    list_select_related = ["gemeente", "team"]
    search_fields = ["titel", "zaaktype_identificatie", "statustype_omschrijving"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        taken.sjabloon_opslaan(obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        taken.sjablonen_verwijderen(Taaksjabloon.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        taken.sjablonen_verwijderen(queryset)


@admin.register(VierOgenRegel)
class VierOgenRegelAdmin(_PerGemeente):
    form = VierOgenRegelForm
    list_display = ["zaaktype_identificatie", "actie", "goedkeurder_rol", "gemeente"]
    search_fields = ["zaaktype_identificatie"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        vierogen.regel_opslaan(obj)
        # Fewer than two with the role: stored (staff may follow), but said (ADR 0056).
        if waarschuwing := vierogen.regel_waarschuwing(obj):
            messages.warning(request, waarschuwing)
