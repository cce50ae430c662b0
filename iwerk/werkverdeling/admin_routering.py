"""Functioneel beheer of the routing rules (ADR 0059): per gemeente and zaaktype, which team (and
person) a new zaak goes to, optionally by an eigenschap or a wijk.

A functioneel beheerder sees and changes only the rules of the gemeenten where they have that
role; a superuser sees all. The form offers the zaaktypen, teams and handlers of those gemeenten,
and the routing service checks the rule (services.routering.controleer_regel): its Dutch reasons
appear on the fields they concern.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest

from iwerk.catalogi.selectors.keuzes import zaaktypekeuzes
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.models import Gemeente
from iwerk.medewerkers.models import Team
from iwerk.medewerkers.roles import BEHANDELROLLEN
from iwerk.medewerkers.selectors import beheerde_gemeenten
from iwerk.werkverdeling.models import Routeringsregel
from iwerk.werkverdeling.services import routering


def gemeenten_van(user: Any) -> set[int] | None:
    """The gemeenten whose rules the user manages; None: every one (a superuser)."""
    if getattr(user, "is_superuser", False):
        return None
    return beheerde_gemeenten(user.pk) if getattr(user, "pk", None) else set()


def _alleen(qs: QuerySet[Any], veld: str, ids: set[int] | None) -> QuerySet[Any]:
    return qs if ids is None else qs.filter(**{f"{veld}__in": ids})


class TeamVeld(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.naam} ({obj.gemeente.naam})"


class MedewerkerVeld(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        naam = obj.get_full_name()
        return f"{naam} ({obj.get_username()})" if naam else obj.get_username()


class RouteringsregelForm(forms.ModelForm):
    gemeente_ids: set[int] | None = set()  # set per request by RouteringsregelAdmin.get_form

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
    team = TeamVeld(
        queryset=Team.objects.none(),
        label="Team",
        help_text="De wachtrij waarin de zaak komt. Het team moet bij de gekozen gemeente horen.",
        error_messages={
            "required": "Kies een team.",
            "invalid_choice": "Kies een team uit de lijst: u beheert alleen de teams van uw "
            "eigen gemeente(n).",
        },
    )
    medewerker = MedewerkerVeld(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Medewerker",
        help_text="Optioneel: wijs de zaak ook meteen toe. Alleen iemand die in de gekozen "
        "gemeente zaken behandelt en de zaken van dit zaaktype mag zien.",
        error_messages={"invalid_choice": "Kies een medewerker uit de lijst."},
    )

    class Meta:
        model = Routeringsregel
        fields = [
            "gemeente",
            "zaaktype_identificatie",
            "volgorde",
            "eigenschap_naam",
            "eigenschap_waarde",
            "wijk_naam",
            "wijk",
            "team",
            "medewerker",
            "actief",
            "toelichting",
        ]
        error_messages = {
            "gemeente": {
                "required": "Kies een gemeente.",
                "invalid_choice": "Kies een gemeente uit de lijst: u beheert alleen uw eigen "
                "gemeente(n).",
            },
            "volgorde": {"invalid": "Vul een geheel getal in (lager wordt eerst geprobeerd)."},
            "wijk": {
                "invalid": "Dit is geen geldige JSON. Plak een GeoJSON Polygon of MultiPolygon, "
                'bijvoorbeeld {"type": "Polygon", "coordinates": [[[6.15, 52.25], …]]}.'
            },
        }
        widgets = {"wijk": forms.Textarea(attrs={"rows": 5, "cols": 80})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = self.gemeente_ids
        gemeente = self.fields["gemeente"]
        assert isinstance(gemeente, forms.ModelChoiceField)
        gemeente.queryset = _alleen(Gemeente.objects.toegewezen(), "pk", ids).order_by("naam")
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = _alleen(
            Team.objects.select_related("gemeente"), "gemeente_id", ids
        ).order_by("gemeente__naam", "naam")
        medewerker = self.fields["medewerker"]
        assert isinstance(medewerker, forms.ModelChoiceField)
        # One filter call: the handling role and the gemeente are the same Roltoewijzing.
        rol: dict[str, Any] = {"werkplekrollen__rol__in": BEHANDELROLLEN}
        if ids is not None:
            rol["werkplekrollen__gemeente_id__in"] = ids
        rollen = get_user_model().objects.filter(is_active=True, **rol)
        medewerker.queryset = rollen.distinct().order_by("last_name", "first_name", "username")
        keuzes = zaaktypekeuzes(ids)
        huidige = self.instance.zaaktype_identificatie if self.instance.pk else ""
        if huidige and huidige not in dict(keuzes):  # no longer in a catalogus: still shown
            keuzes.append((huidige, f"{huidige} (niet meer in een catalogus)"))
        zaaktype = self.fields["zaaktype_identificatie"]
        assert isinstance(zaaktype, forms.ChoiceField)
        zaaktype.choices = keuzes

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # ModelForm's: builds self.instance
        if self.errors.keys() & {"gemeente", "zaaktype_identificatie", "team"}:
            return  # the service's checks need these three; their errors are shown already
        try:
            routering.controleer_regel(self.instance)
        except ValidationFailed as fout:
            for param in fout.params:
                self.add_error(param.name if param.name in self.fields else None, param.reason)


@admin.register(Routeringsregel)
class RouteringsregelAdmin(admin.ModelAdmin):
    form = RouteringsregelForm
    list_display = [
        "zaaktype_identificatie",
        "volgorde",
        "voorwaarden",
        "team_naam",
        "medewerker_naam",
        "actief",
        "gemeente",
    ]
    list_filter = [("gemeente", admin.RelatedOnlyFieldListFilter), "actief"]
    list_select_related = ["gemeente", "team", "medewerker"]
    search_fields = ["zaaktype_identificatie", "team__naam", "eigenschap_waarde", "wijk_naam"]
    search_help_text = "Zoek op zaaktype-identificatie, team, waarde van de eigenschap of wijk."
    ordering = ["gemeente__naam", "zaaktype_identificatie", "volgorde", "pk"]
    fieldsets = [
        (None, {"fields": ["gemeente", "zaaktype_identificatie", "volgorde", "actief"]}),
        (
            "Voorwaarden (optioneel)",
            {
                "fields": ["eigenschap_naam", "eigenschap_waarde", "wijk_naam", "wijk"],
                "description": "Zonder voorwaarden geldt de regel voor elke nieuwe zaak van het "
                "zaaktype. De eerste regel (laagste volgorde) die past, bepaalt het team; past "
                "er geen, dan komt de zaak in de intake.",
            },
        ),
        ("Naar", {"fields": ["team", "medewerker", "toelichting"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Routeringsregel]:
        return _alleen(super().get_queryset(request), "gemeente_id", gemeenten_van(request.user))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        # The form needs the user's gemeenten for its choices; a subclass per request carries them.
        return type(form.__name__, (form,), {"gemeente_ids": gemeenten_van(request.user)})

    def save_model(
        self, request: HttpRequest, obj: Routeringsregel, form: Any, change: bool
    ) -> None:
        routering.regel_opslaan(regel=obj)

    def delete_model(self, request: HttpRequest, obj: Routeringsregel) -> None:
        routering.regels_verwijderen(Routeringsregel.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Routeringsregel]) -> None:
        routering.regels_verwijderen(queryset)

    @admin.display(description="Voorwaarden")
    def voorwaarden(self, obj: Routeringsregel) -> str:
        delen = []
        if obj.eigenschap_naam:
            delen.append(f"{obj.eigenschap_naam} = {obj.eigenschap_waarde}")
        if obj.wijk:
            delen.append(f"in wijk {obj.wijk_naam or '(zonder naam)'}")
        return "; ".join(delen) or "—"

    @admin.display(description="Team", ordering="team__naam")
    def team_naam(self, obj: Routeringsregel) -> str:
        return obj.team.naam

    @admin.display(description="Medewerker", ordering="medewerker__last_name")
    def medewerker_naam(self, obj: Routeringsregel) -> str:
        if obj.medewerker is None:
            return "—"
        return obj.medewerker.get_full_name() or obj.medewerker.get_username()
