"""The Besluiten register (BRC): decisions and the documents that record them."""

from __future__ import annotations

import uuid

from django.db import models

from iwerk.core.models import TenantModel


class Vervalreden(models.TextChoices):
    tijdelijk = "tijdelijk", "Besluit met tijdelijke werking"
    ingetrokken_overheid = "ingetrokken_overheid", "Besluit ingetrokken door overheid"
    ingetrokken_belanghebbende = (
        "ingetrokken_belanghebbende",
        "Besluit ingetrokken o.v.v. belanghebbende",
    )


class Besluit(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identificatie = models.CharField(max_length=50)
    verantwoordelijke_organisatie = models.CharField(max_length=9)
    besluittype = models.ForeignKey(
        "catalogi.BesluitType", on_delete=models.PROTECT, related_name="+"
    )
    # A besluit outlives nothing silently: its zaak cannot be deleted while it exists (docs/adr/0015).
    zaak = models.ForeignKey(
        "zaken.Zaak",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # partial index below (besluiten without a zaak are common)
    )
    datum = models.DateField()
    toelichting = models.TextField(blank=True)
    bestuursorgaan = models.CharField(max_length=50, blank=True)
    ingangsdatum = models.DateField()
    vervaldatum = models.DateField(null=True, blank=True)
    vervalreden = models.CharField(max_length=30, choices=Vervalreden.choices, blank=True)
    publicatiedatum = models.DateField(null=True, blank=True)
    verzenddatum = models.DateField(null=True, blank=True)
    uiterlijke_reactiedatum = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "besluit"
        verbose_name_plural = "besluiten"
        constraints = [
            models.UniqueConstraint(
                fields=["verantwoordelijke_organisatie", "identificatie"],
                name="unique_besluit_identificatie",
            )
        ]
        indexes = [
            models.Index(fields=["besluittype", "-id"], name="besluit_type_id_idx"),
            models.Index(fields=["identificatie"]),
            models.Index(
                fields=["verantwoordelijke_organisatie", "-id"], name="besluit_org_id_idx"
            ),
            models.Index(
                fields=["zaak"], condition=models.Q(zaak__isnull=False), name="besluit_zaak_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.identificatie


class BesluitInformatieObject(TenantModel):
    """A document that records a besluit (brc-003 … brc-005); mirrored as objectinformatieobject."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    besluit = models.ForeignKey(
        Besluit, on_delete=models.CASCADE, related_name="besluitinformatieobjecten"
    )
    informatieobject = models.ForeignKey(
        "documenten.EnkelvoudigInformatieObject", on_delete=models.PROTECT, related_name="+"
    )
    aard_relatie = models.CharField(max_length=20, default="legt_vast")

    class Meta:
        verbose_name = "besluitinformatieobject"
        verbose_name_plural = "besluitinformatieobjecten"
        constraints = [
            models.UniqueConstraint(
                fields=["besluit", "informatieobject"], name="unique_besluitinformatieobject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.besluit_id}: {self.informatieobject_id}"
