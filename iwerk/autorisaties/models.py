"""The Autorisaties register (AC): which API clients exist and what each may do."""

from __future__ import annotations

import uuid

from django.db import models

from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.core.models import Gemeente


class Component(models.TextChoices):
    ac = "ac", "Autorisaties API"
    nrc = "nrc", "Notificaties API"
    zrc = "zrc", "Zaken API"
    ztc = "ztc", "Catalogi API"
    drc = "drc", "Documenten API"
    brc = "brc", "Besluiten API"


class Applicatie(models.Model):
    """An application that calls the ZGW APIs; identified by one or more client ids."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField(max_length=100)
    heeft_alle_autorisaties = models.BooleanField(default=False)
    alleen_is_gereed_voor_publicatie = models.BooleanField(default=False)
    # Its tenancy (ADR 0007, ADR 0026): the gemeenten this applicatie works for, or all of them
    # (including gemeenten added later). Catalogi visibility follows from it; through the API an
    # applicatie gets the tenancy of the client that registered it.
    gemeenten = models.ManyToManyField(Gemeente, blank=True, related_name="applicaties")
    alle_gemeenten = models.BooleanField(
        default=False,
        help_text="Werkt voor alle gemeenten, ook later toegevoegde (zo geregistreerd door een "
        "client die voor alle gemeenten werkt).",
    )

    class Meta:
        verbose_name = "applicatie"
        verbose_name_plural = "applicaties"
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class ApplicatieClient(models.Model):
    applicatie = models.ForeignKey(Applicatie, on_delete=models.CASCADE, related_name="clients")
    client_id = models.CharField("client-ID", max_length=50, unique=True)

    class Meta:
        verbose_name = "client-ID"
        verbose_name_plural = "client-ID's"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.client_id


class JWTSecret(models.Model):
    """The shared HS256 secret of a client id (registration is left to the provider by the standard)."""

    client_id = models.CharField("client-ID", max_length=50, unique=True)
    secret = models.CharField("geheim", max_length=255)

    class Meta:
        verbose_name = "JWT-geheim"
        verbose_name_plural = "JWT-geheimen"

    def __str__(self) -> str:
        return self.client_id


class Autorisatie(models.Model):
    applicatie = models.ForeignKey(
        Applicatie, on_delete=models.CASCADE, related_name="autorisaties"
    )
    component = models.CharField(max_length=3, choices=Component.choices)
    scopes = models.JSONField(default=list)
    zaaktype = models.URLField(max_length=1000, blank=True)
    informatieobjecttype = models.URLField(max_length=1000, blank=True)
    besluittype = models.URLField(max_length=1000, blank=True)
    max_vertrouwelijkheidaanduiding = models.CharField(
        max_length=20, choices=Vertrouwelijkheidaanduiding.choices, blank=True
    )

    class Meta:
        verbose_name = "autorisatie"
        verbose_name_plural = "autorisaties"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.component}: {', '.join(self.scopes)}"


class CatalogusAutorisatie(models.Model):
    """Scopes for every type in one catalogus, present and future (provider-side convenience).

    In the API it is shown as one autorisatie per type, as the standard knows no other form.
    """

    applicatie = models.ForeignKey(
        Applicatie, on_delete=models.CASCADE, related_name="catalogus_autorisaties"
    )
    catalogus = models.ForeignKey("catalogi.Catalogus", on_delete=models.CASCADE, related_name="+")
    component = models.CharField(max_length=3, choices=Component.choices)
    scopes = models.JSONField(default=list)
    max_vertrouwelijkheidaanduiding = models.CharField(
        max_length=20, choices=Vertrouwelijkheidaanduiding.choices, blank=True
    )

    class Meta:
        verbose_name = "catalogusautorisatie"
        verbose_name_plural = "catalogusautorisaties"
        constraints = [
            models.UniqueConstraint(
                fields=["applicatie", "catalogus", "component"], name="unique_catalogus_autorisatie"
            )
        ]

    def __str__(self) -> str:
        return f"{self.component} op {self.catalogus}"
