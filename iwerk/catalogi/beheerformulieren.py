"""The forms of catalogue beheer: each saves through the catalogi services (ADR 0024), with
the service's errors shown on the right field in Dutch."""

from __future__ import annotations

from django import forms
from django.db import models, transaction

from iwerk.catalogi import services
from iwerk.catalogi.models import (
    BesluitType,
    Eigenschap,
    InformatieObjectType,
    ResultaatType,
    RolType,
    StatusType,
    ZaakType,
    ZaakTypeInformatieObjectType,
)
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ApiError, ValidationFailed


def staff_actor(request) -> Actor:
    """The admin user as an actor; catalogue rights follow Django's model permissions."""
    return Actor(
        client_id=f"beheer:{request.user.get_username()}",
        applicatie_uuid=None,
        applicatie_label="iwerk beheer",
        heeft_alle_autorisaties=True,
        catalogi_tenant_ids=None,
        user_id=request.user.get_username(),
        user_representation=request.user.get_full_name(),
    )


def _url_https(db_field, **kwargs):
    # URL fields in forms assume https (Django 6's default, adopted now).
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class _DryRun(Exception):
    pass


def _camel_to_field(name: str, form: forms.Form) -> str | None:
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in name.split(".")[0])
    for candidate in (snake, f"datum_{snake}", f"specificatie_{name.split('.')[-1]}"):
        if candidate in form.fields:
            return candidate
    return None


class ServiceForm(forms.ModelForm):
    """A model form whose save is a service call; clean() shows the service's errors."""

    request = None

    def run_service(self):
        raise NotImplementedError

    def can_validate(self) -> bool:
        return True

    def clean(self):
        cleaned = super().clean()
        if (
            self.errors
            or not self.has_changed()
            or self.cleaned_data.get("DELETE")
            or not self.can_validate()
        ):
            return cleaned
        try:
            with transaction.atomic():
                self.run_service()
                raise _DryRun
        except _DryRun:
            pass
        except ValidationFailed as exc:
            for param in exc.params:
                self.add_error(_camel_to_field(param.name, self), param.reason)
        except ApiError as exc:
            self.add_error(None, exc.detail)
        return cleaned

    def _fields(self, names: list[str]) -> dict:
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


ZAAKTYPE_FIELDS = [
    "identificatie",
    "omschrijving",
    "omschrijving_generiek",
    "vertrouwelijkheidaanduiding",
    "doel",
    "aanleiding",
    "toelichting",
    "indicatie_intern_of_extern",
    "handeling_initiator",
    "onderwerp",
    "handeling_behandelaar",
    "doorlooptijd",
    "servicenorm",
    "opschorting_en_aanhouding_mogelijk",
    "verlenging_mogelijk",
    "verlengingstermijn",
    "trefwoorden",
    "publicatie_indicatie",
    "publicatietekst",
    "selectielijst_procestype",
    "referentieproces_naam",
    "referentieproces_link",
    "verantwoordelijke",
    "versiedatum",
    "datum_begin_geldigheid",
    "datum_einde_geldigheid",
    "aanvraagbaar_via_portaal",
]


class ZaakTypeForm(ServiceForm):
    besluittypen = forms.ModelMultipleChoiceField(
        queryset=BesluitType.objects.all(),
        required=False,
        help_text="Besluittypen uit dezelfde catalogus.",
    )

    class Meta:
        formfield_callback = _url_https
        model = ZaakType
        fields = ["catalogus", *ZAAKTYPE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["besluittypen"].initial = BesluitType.objects.filter(
                catalogus_id=self.instance.catalogus_id,
                omschrijving__in=self.instance.besluittype_omschrijvingen,
            )

    def run_service(self):
        fields = self._fields(ZAAKTYPE_FIELDS)
        fields["trefwoorden"] = fields.get("trefwoorden") or []
        return services.save_zaaktype(
            actor=staff_actor(self.request),
            zaaktype=self.instance if self.instance.pk else None,
            fields=fields,
            catalogus=self.cleaned_data["catalogus"],
            besluittypen=list(self.cleaned_data.get("besluittypen") or []),
            deelzaaktypen=[],
            own_hosts={self.request.get_host()},
            only_einde_geldigheid=bool(self.instance.pk)
            and set(self.changed_data) <= {"datum_einde_geldigheid"},
        )


class ChildForm(ServiceForm):
    service_fields: list[str] = []

    def zaaktype(self) -> ZaakType:
        return self.instance.zaaktype

    def can_validate(self) -> bool:
        # A row added together with a new zaaktype is validated when it is saved.
        return self.instance.zaaktype_id is not None

    def common(self) -> dict:
        return {
            "actor": staff_actor(self.request),
            "zaaktype": self.zaaktype(),
            "fields": self._fields(self.service_fields),
        }


class StatusTypeForm(ChildForm):
    service_fields = [
        "omschrijving",
        "omschrijving_generiek",
        "statustekst",
        "volgnummer",
        "informeren",
        "doorlooptijd",
        "toelichting",
    ]

    class Meta:
        formfield_callback = _url_https
        model = StatusType
        fields = [
            "omschrijving",
            "volgnummer",
            "statustekst",
            "informeren",
            "doorlooptijd",
            "toelichting",
        ]

    def run_service(self):
        return services.save_statustype(
            statustype=self.instance if self.instance.pk else None,
            eigenschappen=list(self.instance.eigenschappen.all()) if self.instance.pk else [],
            begin=None,
            **self.common(),
        )


class RolTypeForm(ChildForm):
    service_fields = ["omschrijving", "omschrijving_generiek"]

    class Meta:
        formfield_callback = _url_https
        model = RolType
        fields = ["omschrijving", "omschrijving_generiek"]

    def run_service(self):
        return services.save_roltype(
            roltype=self.instance if self.instance.pk else None, begin=None, **self.common()
        )


class ResultaatTypeForm(ChildForm):
    service_fields = [
        "omschrijving",
        "resultaattypeomschrijving",
        "selectielijstklasse",
        "toelichting",
        "archiefnominatie",
        "archiefactietermijn",
    ]
    afleidingswijze = forms.ChoiceField(
        label="Afleidingswijze brondatum",
        required=False,
        choices=[("", "—"), *ResultaatType._meta.get_field("brondatum_afleidingswijze").choices],
    )

    class Meta:
        formfield_callback = _url_https
        model = ResultaatType
        fields = [
            "omschrijving",
            "resultaattypeomschrijving",
            "selectielijstklasse",
            "archiefnominatie",
            "archiefactietermijn",
            "toelichting",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["afleidingswijze"].initial = self.instance.brondatum_afleidingswijze

    def run_service(self):
        wijze = self.cleaned_data.get("afleidingswijze")
        instance = self.instance if self.instance.pk else None
        return services.save_resultaattype(
            resultaattype=instance,
            brondatum={"afleidingswijze": wijze} if wijze else None,
            besluittypen=list(instance.besluittypen.all()) if instance else [],
            informatieobjecttypen=list(instance.informatieobjecttypen.all()) if instance else [],
            begin=None,
            own_hosts={self.request.get_host()},
            **self.common(),
        )


class EigenschapForm(ChildForm):
    service_fields = [
        "naam",
        "definitie",
        "toelichting",
        "specificatie_formaat",
        "specificatie_lengte",
        "specificatie_kardinaliteit",
    ]

    class Meta:
        formfield_callback = _url_https
        model = Eigenschap
        fields = [
            "naam",
            "definitie",
            "specificatie_formaat",
            "specificatie_lengte",
            "specificatie_kardinaliteit",
            "toelichting",
        ]

    def run_service(self):
        return services.save_eigenschap(
            eigenschap=self.instance if self.instance.pk else None,
            statustype=None,
            begin=None,
            **self.common(),
        )


class ZiotForm(ChildForm):
    informatieobjecttype = forms.ModelChoiceField(queryset=InformatieObjectType.objects.all())

    class Meta:
        formfield_callback = _url_https
        model = ZaakTypeInformatieObjectType
        fields = ["informatieobjecttype", "volgnummer", "richting"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["informatieobjecttype"].initial = (
                InformatieObjectType.objects.filter(
                    catalogus_id=self.instance.zaaktype.catalogus_id,
                    omschrijving=self.instance.informatieobjecttype_omschrijving,
                )
                .order_by("-pk")
                .first()
            )

    def run_service(self):
        return services.save_ziot(
            actor=staff_actor(self.request),
            ziot=self.instance if self.instance.pk else None,
            zaaktype=self.zaaktype(),
            informatieobjecttype=self.cleaned_data["informatieobjecttype"],
            statustype=None,
            fields={
                "volgnummer": self.cleaned_data["volgnummer"],
                "richting": self.cleaned_data["richting"],
            },
        )
