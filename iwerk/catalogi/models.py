"""The Catalogi register (ZTC): catalogussen and the types that shape zaken, documents and besluiten.

Relations between zaaktypen, besluittypen and informatieobjecttypen are stored by name
(omschrijving/identificatie), as the 1.3 historiemodel prescribes, so a new version of a
type is picked up without touching the types that refer to it.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.db.models import Q

from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.core.models import TenantModel


class IndicatieInternOfExtern(models.TextChoices):
    intern = "intern", "Intern"
    extern = "extern", "Extern"


class Archiefnominatie(models.TextChoices):
    blijvend_bewaren = "blijvend_bewaren", "Blijvend bewaren"
    vernietigen = "vernietigen", "Vernietigen"


class Afleidingswijze(models.TextChoices):
    afgehandeld = "afgehandeld", "Afgehandeld"
    ander_datumkenmerk = "ander_datumkenmerk", "Ander datumkenmerk"
    eigenschap = "eigenschap", "Eigenschap"
    gerelateerde_zaak = "gerelateerde_zaak", "Gerelateerde zaak"
    hoofdzaak = "hoofdzaak", "Hoofdzaak"
    ingangsdatum_besluit = "ingangsdatum_besluit", "Ingangsdatum besluit"
    termijn = "termijn", "Termijn"
    vervaldatum_besluit = "vervaldatum_besluit", "Vervaldatum besluit"
    zaakobject = "zaakobject", "Zaakobject"


class RolOmschrijving(models.TextChoices):
    adviseur = "adviseur", "Adviseur"
    behandelaar = "behandelaar", "Behandelaar"
    belanghebbende = "belanghebbende", "Belanghebbende"
    beslisser = "beslisser", "Beslisser"
    initiator = "initiator", "Initiator"
    klantcontacter = "klantcontacter", "Klantcontacter"
    zaakcoordinator = "zaakcoordinator", "Zaakcoördinator"
    medeinitiator = "mede_initiator", "Mede-initiator"


class Formaat(models.TextChoices):
    tekst = "tekst", "Tekst"
    getal = "getal", "Getal"
    datum = "datum", "Datum"
    datum_tijd = "datum_tijd", "Datum/tijd"


class Richting(models.TextChoices):
    inkomend = "inkomend", "Inkomend"
    intern = "intern", "Intern"
    uitgaand = "uitgaand", "Uitgaand"


class Catalogus(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    domein = models.CharField(max_length=5)
    rsin = models.CharField("RSIN", max_length=9)
    contactpersoon_beheer_naam = models.CharField(max_length=40)
    contactpersoon_beheer_telefoonnummer = models.CharField(max_length=20, blank=True)
    contactpersoon_beheer_emailadres = models.EmailField(max_length=254, blank=True)
    naam = models.CharField(max_length=200, blank=True)
    versie = models.CharField(max_length=20, blank=True)
    begindatum_versie = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "catalogus"
        verbose_name_plural = "catalogussen"
        constraints = [
            models.UniqueConstraint(fields=["domein", "rsin"], name="unique_catalogus_domein_rsin")
        ]
        indexes = [models.Index(fields=["rsin"]), models.Index(fields=["domein"])]

    def __str__(self) -> str:
        return self.naam or f"{self.domein} ({self.rsin})"


class Geldigheid(models.Model):
    datum_begin_geldigheid = models.DateField("begin geldigheid")
    datum_einde_geldigheid = models.DateField("einde geldigheid", null=True, blank=True)
    begin_object = models.DateField(null=True, blank=True)
    einde_object = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    def is_valid_on(self, day: date) -> bool:
        return self.datum_begin_geldigheid <= day and (
            self.datum_einde_geldigheid is None or self.datum_einde_geldigheid >= day
        )


def valid_on(day: date, prefix: str = "") -> Q:
    """Q for versions valid on day: begin <= day <= einde (open end counts as infinity)."""
    return Q(**{f"{prefix}datum_begin_geldigheid__lte": day}) & (
        Q(**{f"{prefix}datum_einde_geldigheid__isnull": True})
        | Q(**{f"{prefix}datum_einde_geldigheid__gte": day})
    )


class ZaakType(TenantModel, Geldigheid):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    catalogus = models.ForeignKey(Catalogus, on_delete=models.PROTECT, related_name="zaaktypen")
    concept = models.BooleanField(default=True)
    identificatie = models.CharField(max_length=50)
    omschrijving = models.CharField(max_length=80)
    omschrijving_generiek = models.CharField(max_length=80, blank=True)
    vertrouwelijkheidaanduiding = models.CharField(
        max_length=20, choices=Vertrouwelijkheidaanduiding.choices
    )
    doel = models.TextField()
    aanleiding = models.TextField()
    toelichting = models.TextField(blank=True)
    indicatie_intern_of_extern = models.CharField(
        max_length=6, choices=IndicatieInternOfExtern.choices
    )
    handeling_initiator = models.CharField(max_length=20)
    onderwerp = models.CharField(max_length=80)
    handeling_behandelaar = models.CharField(max_length=20)
    doorlooptijd = models.CharField(max_length=40, help_text="ISO 8601-duur, bijvoorbeeld P8W.")
    servicenorm = models.CharField(max_length=40, blank=True)
    opschorting_en_aanhouding_mogelijk = models.BooleanField(default=False)
    verlenging_mogelijk = models.BooleanField(default=False)
    verlengingstermijn = models.CharField(max_length=40, blank=True)
    trefwoorden = models.JSONField(default=list, blank=True)
    publicatie_indicatie = models.BooleanField(default=False)
    publicatietekst = models.TextField(blank=True)
    verantwoordingsrelatie = models.JSONField(default=list, blank=True)
    producten_of_diensten = models.JSONField(default=list, blank=True)
    selectielijst_procestype = models.URLField(max_length=200, blank=True)
    referentieproces_naam = models.CharField(max_length=80)
    referentieproces_link = models.URLField(max_length=200, blank=True)
    verantwoordelijke = models.CharField(max_length=50)
    broncatalogus = models.JSONField(null=True, blank=True)
    bronzaaktype = models.JSONField(null=True, blank=True)
    versiedatum = models.DateField()
    # Relations by name (historiemodel): resolved to the versions valid on the asked date.
    besluittype_omschrijvingen = models.JSONField(default=list, blank=True)
    deelzaaktype_identificaties = models.JSONField(default=list, blank=True)
    gerelateerde_zaaktypen = models.JSONField(default=list, blank=True)
    # Portaal: the functional administrator marks which zaaktypen citizens can request online.
    aanvraagbaar_via_portaal = models.BooleanField(default=False)

    class Meta:
        verbose_name = "zaaktype"
        verbose_name_plural = "zaaktypen"
        indexes = [
            models.Index(fields=["catalogus", "identificatie"]),
            models.Index(fields=["tenant", "concept", "datum_begin_geldigheid"]),
        ]

    def __str__(self) -> str:
        return f"{self.omschrijving} ({self.identificatie}, {self.datum_begin_geldigheid:%d-%m-%Y})"


class InformatieObjectType(TenantModel, Geldigheid):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    catalogus = models.ForeignKey(
        Catalogus, on_delete=models.PROTECT, related_name="informatieobjecttypen"
    )
    concept = models.BooleanField(default=True)
    omschrijving = models.CharField(max_length=80)
    vertrouwelijkheidaanduiding = models.CharField(
        max_length=20, choices=Vertrouwelijkheidaanduiding.choices
    )
    informatieobjectcategorie = models.CharField(max_length=80)
    trefwoord = models.JSONField(default=list, blank=True)
    omschrijving_generiek = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "informatieobjecttype"
        verbose_name_plural = "informatieobjecttypen"
        indexes = [
            models.Index(fields=["catalogus", "omschrijving"]),
            models.Index(fields=["tenant", "concept", "datum_begin_geldigheid"]),
        ]

    def __str__(self) -> str:
        return self.omschrijving


class BesluitType(TenantModel, Geldigheid):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    catalogus = models.ForeignKey(Catalogus, on_delete=models.PROTECT, related_name="besluittypen")
    concept = models.BooleanField(default=True)
    omschrijving = models.CharField(max_length=80, blank=True)
    omschrijving_generiek = models.CharField(max_length=80, blank=True)
    besluitcategorie = models.CharField(max_length=40, blank=True)
    reactietermijn = models.CharField(max_length=40, blank=True)
    publicatie_indicatie = models.BooleanField(default=False)
    publicatietekst = models.TextField(blank=True)
    publicatietermijn = models.CharField(max_length=40, blank=True)
    toelichting = models.TextField(blank=True)
    informatieobjecttype_omschrijvingen = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "besluittype"
        verbose_name_plural = "besluittypen"
        indexes = [
            models.Index(fields=["catalogus", "omschrijving"]),
            models.Index(fields=["tenant", "concept", "datum_begin_geldigheid"]),
        ]

    def __str__(self) -> str:
        return self.omschrijving or str(self.uuid)


class ZaakTypeChild(TenantModel):
    """A type that lives inside one zaaktype version and is frozen with it (ztc-010)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    begin_object = models.DateField(null=True, blank=True)
    einde_object = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True


class StatusType(ZaakTypeChild):
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="statustypen")
    omschrijving = models.CharField(max_length=80)
    omschrijving_generiek = models.CharField(max_length=80, blank=True)
    statustekst = models.CharField(max_length=1000, blank=True)
    volgnummer = models.PositiveIntegerField()
    informeren = models.BooleanField(default=False)
    doorlooptijd = models.CharField(max_length=40, blank=True)
    toelichting = models.CharField(max_length=1000, blank=True)
    checklistitem_statustype = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "statustype"
        verbose_name_plural = "statustypen"
        ordering = ["zaaktype_id", "volgnummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["zaaktype", "volgnummer"], name="unique_statustype_volgnummer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.volgnummer}. {self.omschrijving}"

    @property
    def is_eindstatus(self) -> bool:
        """The statustype with the highest volgnummer of its zaaktype ends a zaak (zrc-007)."""
        highest = getattr(self, "max_volgnummer", None)
        if highest is None:
            highest = StatusType.objects.filter(zaaktype_id=self.zaaktype_id).aggregate(
                m=models.Max("volgnummer")
            )["m"]
        return self.volgnummer == highest


class RolType(ZaakTypeChild):
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="roltypen")
    omschrijving = models.CharField(max_length=100)
    omschrijving_generiek = models.CharField(max_length=20, choices=RolOmschrijving.choices)

    class Meta:
        verbose_name = "roltype"
        verbose_name_plural = "roltypen"
        indexes = [models.Index(fields=["omschrijving_generiek"])]

    def __str__(self) -> str:
        return self.omschrijving


class ResultaatType(ZaakTypeChild):
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="resultaattypen")
    omschrijving = models.CharField(max_length=30)
    resultaattypeomschrijving = models.URLField(max_length=1000)
    omschrijving_generiek = models.CharField(max_length=80, blank=True)
    selectielijstklasse = models.URLField(max_length=1000)
    toelichting = models.TextField(blank=True)
    archiefnominatie = models.CharField(max_length=20, choices=Archiefnominatie.choices, blank=True)
    archiefactietermijn = models.CharField(max_length=40, blank=True)
    brondatum_afleidingswijze = models.CharField(
        max_length=30, choices=Afleidingswijze.choices, blank=True
    )
    brondatum_datumkenmerk = models.CharField(max_length=80, blank=True)
    brondatum_einddatum_bekend = models.BooleanField(default=False)
    brondatum_objecttype = models.CharField(max_length=80, blank=True)
    brondatum_registratie = models.CharField(max_length=80, blank=True)
    brondatum_procestermijn = models.CharField(max_length=40, blank=True)
    procesobjectaard = models.CharField(max_length=200, blank=True)
    indicatie_specifiek = models.BooleanField(null=True, blank=True)
    procestermijn = models.CharField(max_length=40, blank=True)
    besluittypen = models.ManyToManyField(BesluitType, blank=True, related_name="resultaattypen")
    informatieobjecttypen = models.ManyToManyField(
        InformatieObjectType, blank=True, related_name="resultaattypen"
    )

    class Meta:
        verbose_name = "resultaattype"
        verbose_name_plural = "resultaattypen"

    def __str__(self) -> str:
        return self.omschrijving


class Eigenschap(ZaakTypeChild):
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="eigenschappen")
    naam = models.CharField(max_length=20)
    definitie = models.CharField(max_length=255)
    toelichting = models.CharField(max_length=1000, blank=True)
    statustype = models.ForeignKey(
        StatusType, null=True, blank=True, on_delete=models.SET_NULL, related_name="eigenschappen"
    )
    specificatie_groep = models.CharField(max_length=32, blank=True)
    specificatie_formaat = models.CharField(max_length=10, choices=Formaat.choices)
    specificatie_lengte = models.CharField(max_length=14)
    specificatie_kardinaliteit = models.CharField(max_length=3)
    specificatie_waardenverzameling = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "eigenschap"
        verbose_name_plural = "eigenschappen"
        constraints = [
            models.UniqueConstraint(fields=["zaaktype", "naam"], name="unique_eigenschap_naam")
        ]

    def __str__(self) -> str:
        return self.naam


class ZaakObjectType(ZaakTypeChild):
    zaaktype = models.ForeignKey(ZaakType, on_delete=models.CASCADE, related_name="zaakobjecttypen")
    ander_objecttype = models.BooleanField(default=False)
    objecttype = models.URLField(max_length=200)
    relatie_omschrijving = models.CharField(max_length=80)

    class Meta:
        verbose_name = "zaakobjecttype"
        verbose_name_plural = "zaakobjecttypen"

    def __str__(self) -> str:
        return self.relatie_omschrijving


class ZaakTypeInformatieObjectType(ZaakTypeChild):
    zaaktype = models.ForeignKey(
        ZaakType, on_delete=models.CASCADE, related_name="zaaktypeinformatieobjecttypen"
    )
    informatieobjecttype_omschrijving = models.CharField(max_length=100)
    volgnummer = models.PositiveIntegerField()
    richting = models.CharField(max_length=10, choices=Richting.choices)
    statustype = models.ForeignKey(
        StatusType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "zaaktype-informatieobjecttype"
        verbose_name_plural = "zaaktype-informatieobjecttypen"
        constraints = [
            models.UniqueConstraint(
                fields=["zaaktype", "volgnummer"], name="unique_ziot_volgnummer"
            )
        ]
        indexes = [models.Index(fields=["informatieobjecttype_omschrijving"])]

    def __str__(self) -> str:
        return f"{self.informatieobjecttype_omschrijving} (volgnummer {self.volgnummer})"
