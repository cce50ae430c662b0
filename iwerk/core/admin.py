"""Functioneel beheer (the Django admin): its sign-in in one step, and Dutch throughout.

The sign-in asks user name, password and the code of the authenticator app on one page, and checks
the code against the user's linked app itself: django-otp's own admin form asks for a device
first, which made every first attempt fail (ADR 0018). Third-party models that have no Dutch
names (django-otp's TOTP device) are shown through a proxy with Dutch labels; Django's permission
names, stored in English when the tables are created, are shown in Dutch.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_login_failed
from django.db import models
from django.http import HttpRequest
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp import admin as _otp_totp_admin  # noqa: F401 - registers
from django_otp.plugins.otp_totp.models import TOTPDevice

from iwerk.core.models import Authenticator, Gemeente

CODE_FOUT = "Deze code klopt niet of is verlopen. Probeer de volgende code."
GEEN_APP = (
    "Aan dit account is nog geen authenticator-app gekoppeld. Meld u eerst aan in de werkplek "
    "(/werkplek/): daar koppelt u de app."
)


class BeheerInloggenForm(AdminAuthenticationForm):
    """User name, password and authenticator code together; the code is checked against the
    user's confirmed TOTP device, chosen here rather than by the person. A wrong code counts
    towards the django-axes lockout exactly like a wrong password, as in the werkplek."""

    otp_token = forms.RegexField(
        label="Code uit uw authenticator-app",
        regex=r"^\d{6}$",
        error_messages={
            "required": "Vul de code uit uw authenticator-app in.",
            "invalid": "Vul de zes cijfers uit uw authenticator-app in.",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean(self) -> dict[str, Any]:
        # Username and password first: django-axes refuses a locked account and counts failures.
        cleaned = super().clean()
        user = self.get_user()
        code = cleaned.get("otp_token")
        if user is None or not code:
            return cleaned
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
        if not devices:
            raise forms.ValidationError(GEEN_APP, code="geen_app")
        for device in devices:
            if device.verify_token(code):
                # LoginView's login() stores it in the session (django_otp.login): verified.
                user.otp_device = device  # type: ignore[attr-defined]  # django-otp's, not a field
                return cleaned
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=self.request
        )
        self.add_error("otp_token", CODE_FOUT)
        return cleaned


class BeheerSite(OTPAdminSite):
    """Only users verified by their authenticator app get in (django-otp); signing in is one
    step (BeheerInloggenForm)."""

    login_form = BeheerInloggenForm
    login_template = "admin/beheer_inloggen.html"
    site_header = "iwerk beheer"
    site_title = "iwerk beheer"
    index_title = "Beheer van catalogi, autorisaties en gemeenten"


class AlleenInzien(admin.ModelAdmin):
    """Beheer sees every field; nothing is added, changed or removed here (what the werkplek or a
    migration made, kept as a record)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- Dutch labels ------------------------------------------------------------------------------

ACTIES = {"add": "toevoegen", "change": "wijzigen", "delete": "verwijderen", "view": "inzien"}
# Third-party models whose names are English and not translatable; beheer uses the Authenticator
# proxy's own permissions, these stay for completeness.
ANDERE_NAMEN = {("otp_totp", "totpdevice"): ("Tweestapsverificatie", "TOTP-apparaat (django-otp)")}


def permissie_label(permissie: Permission) -> str:
    """'Catalogi | zaaktype | wijzigen' for Django's stored 'Can change zaaktype'."""
    content_type = permissie.content_type
    model = content_type.model_class()
    naam = model._meta.verbose_name if model else content_type.model
    try:
        onderdeel = apps.get_app_config(content_type.app_label).verbose_name
    except LookupError:
        onderdeel = content_type.app_label
    onderdeel, naam = ANDERE_NAMEN.get(
        (content_type.app_label, content_type.model), (onderdeel, naam)
    )
    actie, _, rest = permissie.codename.partition("_")
    omschrijving = (
        ACTIES[actie] if actie in ACTIES and rest == content_type.model else permissie.name
    )
    return f"{onderdeel} | {naam} | {omschrijving}"


class PermissiesVeld(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Permission) -> str:
        return permissie_label(obj)


def _permissies_in_het_nederlands(
    db_field: models.ManyToManyField[Any, Any], kwargs: dict[str, Any]
) -> None:
    if db_field.name in ("permissions", "user_permissions"):
        kwargs["form_class"] = PermissiesVeld
        kwargs["queryset"] = Permission.objects.select_related("content_type")


class GebruikerAdmin(UserAdmin):
    def formfield_for_manytomany(
        self,
        db_field: models.ManyToManyField[Any, Any],
        request: HttpRequest,
        **kwargs: Any,
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        _permissies_in_het_nederlands(db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GroepAdmin(GroupAdmin):
    def formfield_for_manytomany(
        self,
        db_field: models.ManyToManyField[Any, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        _permissies_in_het_nederlands(db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class BevestigdFilter(admin.SimpleListFilter):
    title = "bevestigd"
    parameter_name = "bevestigd"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("ja", "Ja"), ("nee", "Nee")]

    def queryset(
        self, request: HttpRequest, queryset: models.QuerySet[Any]
    ) -> models.QuerySet[Any]:
        if self.value() in ("ja", "nee"):
            return queryset.filter(confirmed=self.value() == "ja")
        return queryset


class AuthenticatorForm(forms.ModelForm):
    class Meta:
        model = Authenticator
        fields = ["name", "confirmed"]
        labels = {"name": "Naam", "confirmed": "Bevestigd"}
        help_texts = {
            "name": "Een naam die de medewerker herkent, bijvoorbeeld ‘telefoon’.",
            "confirmed": "De medewerker heeft de app gekoppeld met een geldige code.",
        }


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """The authenticator apps of staff. A person links one at the first sign-in in the werkplek;
    beheer removes a lost one, so that the person links a new app at the next sign-in."""

    form = AuthenticatorForm
    list_display = ["gebruiker", "naam", "bevestigd", "aangemaakt", "laatst_gebruikt"]
    list_filter = [BevestigdFilter]
    search_fields = ["user__username", "user__email"]
    search_help_text = "Zoek op gebruikersnaam of e-mailadres."
    fields = ["gebruiker", "name", "confirmed", "aangemaakt", "laatst_gebruikt"]
    readonly_fields = ["gebruiker", "aangemaakt", "laatst_gebruikt"]
    list_select_related = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # linked by the person in the werkplek: the secret never passes beheer

    @admin.display(description="Gebruiker", ordering="user__username")
    def gebruiker(self, obj: Authenticator) -> str:
        return obj.user.get_username()

    @admin.display(description="Naam", ordering="name")
    def naam(self, obj: Authenticator) -> str:
        return obj.name

    @admin.display(description="Bevestigd", boolean=True, ordering="confirmed")
    def bevestigd(self, obj: Authenticator) -> bool:
        return obj.confirmed

    @admin.display(description="Gekoppeld op", ordering="created_at")
    def aangemaakt(self, obj: Authenticator) -> datetime | None:
        return obj.created_at

    @admin.display(description="Laatst gebruikt", ordering="last_used_at")
    def laatst_gebruikt(self, obj: Authenticator) -> datetime | None:
        return obj.last_used_at


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "slug", "rsin", "gemeentecode", "inwoners"]
    prepopulated_fields = {"slug": ["naam"]}
    search_fields = ["naam", "rsin"]


# django-otp's own screen for the TOTP device (English; registered by the import above, before
# this line) gives way to the Dutch one; Django's user and group screens show permissions in Dutch.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
for _model, _admin_class in ((get_user_model(), GebruikerAdmin), (Group, GroepAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin_class)
