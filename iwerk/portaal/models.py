"""What a gemeente offers online: products, each backed by a zaaktype and a form definition."""

from __future__ import annotations

import uuid

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
        if not self.tenant_id:
            return
        zaaktype = self.zaaktype()
        if zaaktype is None:
            raise ValidationError(
                {
                    "zaaktype_identificatie": "Deze gemeente heeft geen gepubliceerd, geldig zaaktype "
                    "met deze identificatie."
                }
            )
        bekend = set(zaaktype.eigenschappen.values_list("naam", flat=True))
        onbekend = sorted(formulier.eigenschappen(self.formulier) - bekend)
        if onbekend:
            raise ValidationError(
                {"formulier": f"Het zaaktype kent deze eigenschappen niet: {', '.join(onbekend)}."}
            )
        if self.inkomend_documenttype(zaaktype) is None:
            raise ValidationError(
                {
                    "zaaktype_identificatie": "Het zaaktype heeft geen inkomend documenttype voor "
                    "het aanvraagformulier en de bijlagen."
                }
            )

    @staticmethod
    def inkomend_documenttype(zaaktype: ZaakType):
        """The informatieobjecttype for what the citizen sends: the zaaktype's first inkomend one."""
        from iwerk.catalogi.models import InformatieObjectType, ZaakTypeInformatieObjectType

        omschrijving = (
            ZaakTypeInformatieObjectType.objects.filter(zaaktype=zaaktype, richting="inkomend")
            .order_by("volgnummer")
            .values_list("informatieobjecttype_omschrijving", flat=True)
            .first()
        )
        if omschrijving is None:
            return None
        return (
            InformatieObjectType.objects.filter(
                catalogus_id=zaaktype.catalogus_id, concept=False, omschrijving=omschrijving
            )
            .filter(valid_on(timezone.localdate()))
            .order_by("-datum_begin_geldigheid", "-pk")
            .first()
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


class Concept(TenantModel):
    """A request being filled in — and, once sent, the record of that submission.

    A draft belongs to a signed-in citizen or business (eigenaar = BSN or KvK-nummer) or, for a
    product without sign-in, to the browser session that started it. Sending it turns it into
    a zaak in one transaction; `zaak` set means sent, so a second send finds it and stops.
    """

    class Status(models.TextChoices):
        concept = "concept", "Concept"
        ingediend = "ingediend", "Ingediend"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="concepten")
    middel = models.CharField(max_length=20, blank=True)  # digid, eherkenning, or "" (anonymous)
    eigenaar = models.CharField(max_length=20, blank=True)  # BSN or KvK-nummer
    sessie = models.CharField(max_length=64, blank=True)  # hash of the session key, anonymous
    gegevens = models.JSONField(default=dict)
    stap = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.concept)
    zaak = models.ForeignKey(
        "zaken.Zaak", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    emailadres = models.EmailField(blank=True)  # confirmations and status updates go here
    ontvangstbewijs = models.UUIDField(null=True, blank=True)  # document uuid of the receipt
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "aanvraag"
        verbose_name_plural = "aanvragen"
        indexes = [
            models.Index(fields=["tenant", "eigenaar", "status"], name="concept_eigenaar_idx"),
            models.Index(
                fields=["sessie"], name="concept_sessie_idx", condition=~models.Q(sessie="")
            ),
            models.Index(fields=["status", "gewijzigd"], name="concept_opruimen_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.product.naam} ({self.get_status_display()})"


class ConceptBijlage(models.Model):
    """A file attached to a draft, kept in document storage until the draft is sent."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="bijlagen")
    veld = models.CharField(max_length=40)
    bestandsnaam = models.CharField(max_length=255)
    formaat = models.CharField(max_length=100)
    grootte = models.PositiveBigIntegerField()
    pad = models.CharField(max_length=300)  # name in the documenten storage
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"
        constraints = [
            models.UniqueConstraint(fields=["concept", "veld"], name="een_bijlage_per_veld")
        ]

    def __str__(self) -> str:
        return self.bestandsnaam


class AangeleverdDocument(TenantModel):
    """A document the citizen or business sent for a zaak: the request, attachments, later
    documents with a message. Mijn zaken shows these next to what the gemeente sent out."""

    zaak = models.ForeignKey("zaken.Zaak", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(
        "documenten.EnkelvoudigInformatieObject", on_delete=models.CASCADE, related_name="+"
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "aangeleverd document"
        verbose_name_plural = "aangeleverde documenten"
        constraints = [
            models.UniqueConstraint(fields=["zaak", "document"], name="aangeleverd_eenmaal")
        ]

    def __str__(self) -> str:
        return f"{self.zaak_id}: {self.document_id}"


class AdresVerificatie(TenantModel):
    """The code that proves an e-mail address added in Mijn gegevens is the citizen's (ADR 0055).

    One row per DigitaalAdres of the Klantinteracties register still to be verified (by its
    uuid: the register is not this app's). Only a keyed hash of the code is kept; it holds for
    15 minutes and 5 wrong tries (services/verificatie.py). The row goes when the address is
    verified or removed.
    """

    adres_uuid = models.UUIDField(unique=True)
    code_hash = models.CharField(max_length=64)
    verstuurd_op = models.DateTimeField()
    geldig_tot = models.DateTimeField()
    pogingen = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "verificatie van een e-mailadres"
        verbose_name_plural = "verificaties van e-mailadressen"

    def __str__(self) -> str:
        return f"verificatie van {self.adres_uuid}"
