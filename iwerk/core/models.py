"""Tenancy: the member municipalities (gemeenten) of the shared organisation."""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django_otp.plugins.otp_totp.models import TOTPDevice

from iwerk.core.validators import rsin_error


def validate_rsin(value: str) -> None:
    if reason := rsin_error(value):
        raise ValidationError(reason, code="invalid")


class ZegelField(models.CharField):
    """The writer's seal of an audit or inzage row: an HMAC over its content with the audit key
    (iwerk.core.auditketen.schrijfzegel), computed as the row is inserted, in the INSERT itself.
    A row that a database writer without the key inserts, or changes before it is sealed into
    the chain, has no valid one (ADR 0032). Declared last, so every other field is final."""

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        if not add:
            return super().pre_save(model_instance, add)
        from iwerk.core import auditketen

        value = auditketen.schrijfzegel(model_instance)
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class GemeenteQuerySet(models.QuerySet):
    def toegewezen(self) -> GemeenteQuerySet:
        """The gemeenten the channels show: not the tenants an API client's catalogus created
        that beheer has still to assign (ADR 0025)."""
        return self.filter(toegewezen=True)


class Gemeente(models.Model):
    """A tenant: one municipality, its own data, catalogus, portal and branding."""

    naam = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=50, unique=True, help_text="Gebruikt in URL's, bijvoorbeeld /deventer/."
    )
    rsin = models.CharField("RSIN", max_length=9, unique=True, validators=[validate_rsin])
    gemeentecode = models.CharField(
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", "Een gemeentecode bestaat uit 4 cijfers.")],
    )
    logo = models.TextField(
        blank=True, help_text="SVG-markup van het logo (klein, zonder scripts)."
    )
    primaire_kleur = models.CharField(
        max_length=7,
        default="#154273",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Gebruik een kleur als #1a2b3c.")],
    )
    contact_email = models.EmailField("e-mailadres voor contact", blank=True)
    contact_telefoon = models.CharField(max_length=20, blank=True)
    website = models.URLField(blank=True)
    hulptekst_plek = models.CharField(
        "hulptekst bij een plek",
        max_length=200,
        blank=True,
        help_text="Staat in het portaal bij ‘Adres of plek’ van een melding (als het formulier "
        "van het product zelf geen hulptekst geeft), met een voorbeeld uit deze gemeente. "
        "Bijvoorbeeld: Brink 12, of: bij de speeltuin in het Rijsterborgherpark.",
    )
    inwoners = models.PositiveIntegerField(
        null=True, blank=True, help_text="Aantal inwoners, voor verdeelsleutels."
    )
    # A tenant created on the fly for a catalogus an API client made for an RSIN of no gemeente
    # it works for (ADR 0025); beheer renames it (and gives it its RSIN) and marks it toegewezen.
    # Its rsin is the catalogus's RSIN, or a placeholder starting with "X" when a gemeente has it.
    toegewezen = models.BooleanField(
        default=True,
        help_text="Uit: een tenant die iwerk aanmaakte voor een catalogus van een API-client, "
        "nog door beheer toe te wijzen.",
    )
    aangemaakt_door_applicatie = models.UUIDField(
        null=True,
        blank=True,
        db_index=True,
        help_text="De applicatie (uuid) die deze tenant via de Catalogi API liet ontstaan; "
        "die applicatie werkt ervoor.",
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class TenantModel(models.Model):
    """Base for every tenant-owned table: a non-null, indexed tenant key."""

    tenant = models.ForeignKey(Gemeente, on_delete=models.PROTECT, db_index=True, related_name="+")

    class Meta:
        abstract = True


class Generatie(models.Model):
    """A named counter that changes with every change to a set of data.

    Caches key their entries on it: reading it is one primary-key-sized query per request,
    and a change becomes visible to every process on its next request, with no shared cache.
    """

    naam = models.CharField(max_length=40, unique=True)
    waarde = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "generatie"
        verbose_name_plural = "generaties"

    def __str__(self) -> str:
        return f"{self.naam}: {self.waarde}"


class AuditTrail(TenantModel):
    """One change to a main object (zaak, document, besluit) or one of its parts (ZGW audittrail).

    Written in the same transaction as the change. Snapshots hold the API representation with
    host-less URLs ("/zaken/api/v1/…"); readers put their own host in front.
    """

    uuid = models.UUIDField(default=uuid_module.uuid4, unique=True, editable=False)
    bron = models.CharField(max_length=20)  # zrc, drc, brc (the BronEnum of the specs)
    hoofd_object_uuid = models.UUIDField(db_index=True)
    hoofd_object = models.CharField(max_length=1000)  # host-less path of the main object
    resource = models.CharField(max_length=50)
    resource_url = models.CharField(max_length=1000)
    resource_weergave = models.CharField(max_length=200, blank=True)
    actie = models.CharField(max_length=50)
    actie_weergave = models.CharField(max_length=200, blank=True)
    resultaat = models.PositiveSmallIntegerField()
    applicatie_id = models.CharField(max_length=100, blank=True)
    applicatie_weergave = models.CharField(max_length=200, blank=True)
    gebruikers_id = models.CharField(max_length=255, blank=True)
    gebruikers_weergave = models.CharField(max_length=255, blank=True)
    toelichting = models.TextField(blank=True)
    aanmaakdatum = models.DateTimeField(auto_now_add=True, db_index=True)
    oud = models.JSONField(null=True, blank=True)
    nieuw = models.JSONField(null=True, blank=True)
    # Set by the sealer (iwerk.core.auditketen) once the row is in the hash chain; not hashed.
    schakel = models.BigIntegerField(null=True, blank=True, editable=False)
    zegel = ZegelField(max_length=120, blank=True, db_default="", editable=False)

    class Meta:
        verbose_name = "audittrailregel"
        verbose_name_plural = "audittrail"
        ordering = ["aanmaakdatum", "pk"]
        indexes = [
            models.Index(
                fields=["schakel"],
                name="audit_onverzegeld_idx",
                condition=models.Q(schakel__isnull=True),
            ),
            models.Index(fields=["gebruikers_id", "-aanmaakdatum"], name="audit_gebruiker_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.actie} {self.resource} ({self.aanmaakdatum:%Y-%m-%d %H:%M})"


class Inzage(TenantModel):
    """One read of personal or confidential data: who saw what, when, through which channel.

    Written by the werkplek and the APIs when a zaak, a document or a BSN search is viewed
    (iwerk.core.inzage); append-only, sealed into the same hash chain as the audittrail.
    """

    uuid = models.UUIDField(default=uuid_module.uuid4, unique=True, editable=False)
    wanneer = models.DateTimeField(db_index=True)
    kanaal = models.CharField(max_length=20)  # werkplek, api, portaal
    gebruikers_id = models.CharField(max_length=255, blank=True, db_index=True)
    gebruikers_weergave = models.CharField(max_length=255, blank=True)
    applicatie_id = models.CharField(max_length=100, blank=True)
    soort = models.CharField(max_length=30)  # zaak, document, zoeken-bsn, zaken-bsn, audit
    object_uuid = models.UUIDField(null=True, blank=True, db_index=True)
    zaak_uuid = models.UUIDField(null=True, blank=True, db_index=True)
    omschrijving = models.CharField(max_length=300, blank=True)
    vertrouwelijkheidaanduiding = models.CharField(max_length=20, blank=True)
    bsn = models.CharField(max_length=9, blank=True, db_index=True)
    schakel = models.BigIntegerField(null=True, blank=True, editable=False)
    zegel = ZegelField(max_length=120, blank=True, db_default="", editable=False)

    class Meta:
        verbose_name = "inzage"
        verbose_name_plural = "inzages"
        ordering = ["wanneer", "pk"]
        indexes = [
            models.Index(fields=["tenant", "-wanneer"], name="inzage_tenant_idx"),
            models.Index(
                fields=["schakel"],
                name="inzage_onverzegeld_idx",
                condition=models.Q(schakel__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.soort} door {self.gebruikers_weergave or self.gebruikers_id}"


class Ketenschakel(models.Model):
    """One link of the audit hash chain: the hash of one audit or inzage row (or of a removal) and
    the keyed hash of the chain so far. Changing, removing or inserting a row afterwards breaks
    the chain at that link (ADR 0020, ADR 0032)."""

    volgnummer = models.BigAutoField(primary_key=True)
    tabel = models.CharField(max_length=20)  # audittrail, inzage; afvoer, overgang (ADR 0032)
    rij_id = models.BigIntegerField()
    rij_hash = models.CharField(max_length=64)
    keten_hash = models.CharField(max_length=64)
    # The reason code of the removal link that removed the row (zrc-023, drc-008, brc-009), for
    # people reading the table; verification trusts only the removal link itself (ADR 0032).
    afgevoerd = models.CharField(max_length=100, blank=True)
    # The audit key the chain hash was made with; empty: the unkeyed chain before ADR 0032.
    sleutel_id = models.CharField(max_length=40, blank=True, db_default="")
    # What a link that seals no row says (tabel "afvoer": a removal and its approved reason;
    # "overgang": the head of the unkeyed chain); rij_hash is the hash of this.
    gegevens = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "ketenschakel"
        verbose_name_plural = "auditketen"
        constraints = [models.UniqueConstraint(fields=["tabel", "rij_id"], name="schakel_eenmaal")]

    def __str__(self) -> str:
        return f"{self.volgnummer}: {self.tabel} {self.rij_id}"


class IdentificatieReeks(models.Model):
    """The last issued volgnummer per kind of object, organisation and year (DOCUMENT-2026-…)."""

    soort = models.CharField(max_length=20)  # "DOCUMENT", "BESLUIT"
    organisatie = models.CharField(max_length=9)
    jaar = models.PositiveIntegerField()
    laatste = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "identificatiereeks"
        verbose_name_plural = "identificatiereeksen"
        constraints = [
            models.UniqueConstraint(
                fields=["soort", "organisatie", "jaar"], name="unique_identificatiereeks"
            )
        ]

    def __str__(self) -> str:
        return f"{self.soort} {self.organisatie} {self.jaar}: {self.laatste}"


class Schrijfpositie(models.Model):
    """The primary's WAL position after an API client's latest write (read replica only).

    A list or search read of that client goes to the replica only once the replica has replayed
    this far: read-your-writes, whichever node the client's next request lands on.
    """

    client_id = models.CharField(max_length=255, unique=True)
    lsn = models.CharField(max_length=32)
    bijgewerkt = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "schrijfpositie"
        verbose_name_plural = "schrijfposities"

    def __str__(self) -> str:
        return f"{self.client_id}: {self.lsn}"


class Authenticator(TOTPDevice):
    """django-otp's TOTP device of a staff member, as functioneel beheer sees it: under a Dutch
    name (the third-party model's names are English and not translatable)."""

    class Meta:
        proxy = True
        verbose_name = "authenticator-app"
        verbose_name_plural = "authenticator-apps"
