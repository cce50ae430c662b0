"""The Documenten register (DRC): documents, every version of them, and what hangs off them.

A document (EnkelvoudigInformatieObject) is one row with what lists filter and authorise on
(type, vertrouwelijkheid, identificatie, lock); each version is an immutable row with the
metadata as it was registered and a reference to its stored content. Content itself lives in
the document storage (iwerk.documenten.content), never in the database and never under a
name a client chose.
"""

from __future__ import annotations

import uuid

from django.db import models

from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.core.models import TenantModel


class Status(models.TextChoices):
    in_bewerking = "in_bewerking", "In bewerking"
    ter_vaststelling = "ter_vaststelling", "Ter vaststelling"
    definitief = "definitief", "Definitief"
    gearchiveerd = "gearchiveerd", "Gearchiveerd"


class EnkelvoudigInformatieObject(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identificatie = models.CharField(max_length=40)
    bronorganisatie = models.CharField(max_length=9)
    informatieobjecttype = models.ForeignKey(
        "catalogi.InformatieObjectType", on_delete=models.PROTECT, related_name="+"
    )
    vertrouwelijkheidaanduiding = models.CharField(
        max_length=20, choices=Vertrouwelijkheidaanduiding.choices
    )
    status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    titel = models.CharField(max_length=200)
    is_gereed_voor_publicatie = models.BooleanField(null=True, blank=True)
    # null = unknown, set to true by the first gebruiksrecht and back to null by the last (drc-006).
    indicatie_gebruiksrecht = models.BooleanField(null=True, blank=True)
    trefwoorden = models.JSONField(default=list, blank=True)
    versie = models.PositiveIntegerField(default=1)
    huidige_versie = models.ForeignKey(
        "Versie", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lock = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = "enkelvoudig informatieobject"
        verbose_name_plural = "enkelvoudige informatieobjecten"
        constraints = [
            models.UniqueConstraint(
                fields=["bronorganisatie", "identificatie"], name="unique_document_identificatie"
            )
        ]
        indexes = [
            # Authorisation filter and the newest-first list use these.
            models.Index(
                fields=["informatieobjecttype", "vertrouwelijkheidaanduiding", "-id"],
                name="eio_type_vertr_id_idx",
            ),
            models.Index(fields=["identificatie"]),
            # `?bronorganisatie=`, newest first, without sorting the organisation's documents.
            models.Index(fields=["bronorganisatie", "-id"], name="eio_bron_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.identificatie}: {self.titel}"

    @property
    def locked(self) -> bool:
        return bool(self.lock)


class Versie(models.Model):
    """One registered version: its metadata (API names, host-less) and its content."""

    document = models.ForeignKey(
        EnkelvoudigInformatieObject, on_delete=models.CASCADE, related_name="versies"
    )
    versie = models.PositiveIntegerField()
    begin_registratie = models.DateTimeField()
    gegevens = models.JSONField()
    # Name in the document storage ("" = no content yet, or metadata only).
    inhoud = models.CharField(max_length=255, blank=True)
    bestandsomvang = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "versie"
        verbose_name_plural = "versies"
        constraints = [
            models.UniqueConstraint(fields=["document", "versie"], name="unique_document_versie")
        ]
        indexes = [models.Index(fields=["document", "begin_registratie"])]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.versie}"


class BestandsDeel(models.Model):
    """One part of a chunked upload; merged into the version's content on unlock."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(
        EnkelvoudigInformatieObject, on_delete=models.CASCADE, related_name="bestandsdelen"
    )
    volgnummer = models.PositiveIntegerField()
    omvang = models.BigIntegerField()
    inhoud = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = "bestandsdeel"
        verbose_name_plural = "bestandsdelen"
        ordering = ["volgnummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "volgnummer"], name="unique_bestandsdeel_volgnummer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id} deel {self.volgnummer}"

    @property
    def voltooid(self) -> bool:
        return bool(self.inhoud)


class Gebruiksrecht(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    informatieobject = models.ForeignKey(
        EnkelvoudigInformatieObject, on_delete=models.CASCADE, related_name="gebruiksrechten"
    )
    startdatum = models.DateTimeField(db_index=True)
    einddatum = models.DateTimeField(null=True, blank=True, db_index=True)
    omschrijving_voorwaarden = models.TextField()

    class Meta:
        verbose_name = "gebruiksrecht"
        verbose_name_plural = "gebruiksrechten"

    def __str__(self) -> str:
        return self.omschrijving_voorwaarden[:60]


class ObjectType(models.TextChoices):
    besluit = "besluit", "Besluit"
    zaak = "zaak", "Zaak"
    verzoek = "verzoek", "Verzoek"


class ObjectInformatieObject(TenantModel):
    """The Documenten side of a zaak-, besluit- or verzoek-document relation (drc-002 … drc-004).

    Written only by the service that writes the source relation (ZIO, BIO), in the same
    transaction, so both sides exist together or not at all.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    informatieobject = models.ForeignKey(
        EnkelvoudigInformatieObject, on_delete=models.PROTECT, related_name="objecten"
    )
    object_type = models.CharField(max_length=10, choices=ObjectType.choices)
    # The object's URL as host-less path for iwerk's own registers, absolute for external ones.
    object = models.CharField(max_length=1000)

    class Meta:
        verbose_name = "objectinformatieobject"
        verbose_name_plural = "objectinformatieobjecten"
        constraints = [
            models.UniqueConstraint(
                fields=["informatieobject", "object"], name="unique_objectinformatieobject"
            )
        ]
        indexes = [models.Index(fields=["object", "object_type"])]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object}"


class Verzending(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    informatieobject = models.ForeignKey(
        EnkelvoudigInformatieObject, on_delete=models.CASCADE, related_name="verzendingen"
    )
    betrokkene = models.URLField(max_length=200, db_index=True)
    aard_relatie = models.CharField(max_length=20, db_index=True)
    toelichting = models.CharField(max_length=200, blank=True)
    ontvangstdatum = models.DateField(null=True, blank=True)
    verzenddatum = models.DateField(null=True, blank=True)
    contact_persoon = models.URLField(max_length=1000)
    contactpersoonnaam = models.CharField(max_length=40, blank=True)
    # The spec's address groups and channels, as sent (exactly one of them is used).
    adres = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "verzending"
        verbose_name_plural = "verzendingen"

    def __str__(self) -> str:
        return f"{self.aard_relatie} {self.betrokkene}"


class Trefwoord(models.Model):
    """A document's trefwoord as its own indexed row: the `trefwoorden` filter, on any database."""

    document = models.ForeignKey(
        EnkelvoudigInformatieObject, on_delete=models.CASCADE, related_name="+"
    )
    woord = models.CharField(max_length=100, db_index=True)

    class Meta:
        verbose_name = "trefwoord"
        verbose_name_plural = "trefwoorden"
        constraints = [
            models.UniqueConstraint(fields=["document", "woord"], name="unique_document_trefwoord")
        ]

    def __str__(self) -> str:
        return self.woord


class VervallenInhoud(models.Model):
    """Content no version refers to any more, removed from the store after a grace period.

    Registered in the transaction that drops the last reference, so a crash never forgets it;
    removed by the worker once `verwijderen_na` has passed. The grace period lets a consistent
    backup (iwerk backup) copy what its database snapshot still refers to.
    """

    naam = models.CharField(max_length=255)
    verwijderen_na = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "vervallen inhoud"
        verbose_name_plural = "vervallen inhoud"

    def __str__(self) -> str:
        return self.naam
