"""What a gemeente offers online: products, each backed by a zaaktype and a form definition."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from iwerk.catalogi.models import ZaakType, valid_on
from iwerk.core.models import TenantModel
from iwerk.portaal import formulier


class Betrouwbaarheidsniveau(models.TextChoices):
    geen = "geen", "Zonder inloggen"
    digid_basis = "digid_basis", "DigiD basis"
    digid_midden = "digid_midden", "DigiD midden"
    digid_substantieel = "digid_substantieel", "DigiD substantieel"
    eherkenning_eh3 = "eherkenning_eh3", "eHerkenning EH3"


class Doelgroep(models.TextChoices):
    inwoners = "inwoners", "Inwoners"
    ondernemers = "ondernemers", "Ondernemers"
    iedereen = "iedereen", "Inwoners en ondernemers"


class Product(TenantModel):
    """A requestable product of a gemeente, marked so by the functioneel beheerder.

    It follows its zaaktype by identificatie, so a new version of the zaaktype is used as soon
    as it is published and valid, without touching the product.
    """

    slug = models.SlugField(max_length=60)
    naam = models.CharField(max_length=100)
    samenvatting = models.CharField(max_length=300)
    wat_heeft_u_nodig = models.TextField("wat heeft u nodig", blank=True)
    zaaktype_identificatie = models.CharField(
        max_length=50, help_text="Identificatie van het zaaktype in de catalogus van de gemeente."
    )
    doelgroep = models.CharField(
        max_length=20, choices=Doelgroep.choices, default=Doelgroep.inwoners
    )
    betrouwbaarheidsniveau = models.CharField(
        max_length=30,
        choices=Betrouwbaarheidsniveau.choices,
        default=Betrouwbaarheidsniveau.digid_midden,
    )
    formulier = models.JSONField(
        default=dict,
        help_text="Formulierdefinitie: stappen met velden (zie docs/portaal-formulieren.md).",
    )
    online_aanvraagbaar = models.BooleanField(default=False)
    volgorde = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = "product"
        verbose_name_plural = "producten"
        ordering = ["volgorde", "naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "slug"], name="unique_product_slug_per_gemeente"
            )
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.tenant})"

    def clean(self) -> None:
        problems = formulier.fouten(self.formulier)
        if problems:
            raise ValidationError({"formulier": problems})
        if self.tenant_id and self.zaaktype() is None:
            raise ValidationError(
                {
                    "zaaktype_identificatie": "Deze gemeente heeft geen gepubliceerd, geldig zaaktype "
                    "met deze identificatie."
                }
            )

    def zaaktype(self) -> ZaakType | None:
        """The published zaaktype version valid today."""
        return (
            ZaakType.objects.filter(
                tenant_id=self.tenant_id, identificatie=self.zaaktype_identificatie, concept=False
            )
            .filter(valid_on(timezone.localdate()))
            .order_by("-versiedatum", "-pk")
            .first()
        )
