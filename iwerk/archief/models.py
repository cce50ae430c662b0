"""Archiefbeheer: destruction lists (vernietigingslijsten) with their review steps and the
verklaring van vernietiging, and transfers (overbrengingen) to an e-Depot — per gemeente.

A list item keeps a snapshot of what the zaak was (identificatie, zaaktype, selectielijst
category, archive fields), because after execution the zaak itself is gone and the verklaring
must still say exactly what went.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from iwerk.core.models import Gemeente


class Archiefinstelling(models.Model):
    """How archiefbeheer works in one gemeente."""

    gemeente = models.OneToOneField(Gemeente, on_delete=models.CASCADE, related_name="+")
    korte_procedure = models.BooleanField(
        "korte procedure",
        default=False,
        help_text="Alleen de archivaris beoordeelt vernietigingslijsten; de "
        "procesverantwoordelijken van de zaaktypen slaan een stap over.",
    )
    inhoud_verwijderen_na_overdracht = models.BooleanField(
        "inhoud verwijderen na overdracht",
        default=False,
        help_text="Na de ontvangstbevestiging van de archiefbewaarplaats worden de bestanden "
        "van overgedragen documenten hier verwijderd; de metadata blijft.",
    )

    class Meta:
        verbose_name = "archiefinstelling"
        verbose_name_plural = "archiefinstellingen"

    def __str__(self) -> str:
        return f"Archiefinstelling {self.gemeente}"


class Procesverantwoordelijke(models.Model):
    """The process owner of a zaaktype (all its versions, by identificatie) in one gemeente: the
    first reviewer of every destruction list with zaken of that zaaktype."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    zaaktype_identificatie = models.CharField("zaaktype-identificatie", max_length=50)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "procesverantwoordelijke"
        verbose_name_plural = "procesverantwoordelijken"
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "zaaktype_identificatie", "gebruiker"],
                name="unique_procesverantwoordelijke",
            )
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} — {self.zaaktype_identificatie} ({self.gemeente})"


class Lijststatus(models.TextChoices):
    concept = "concept", "Concept"
    ter_beoordeling = "ter_beoordeling", "Ter beoordeling"
    wijzigingen_gevraagd = "wijzigingen_gevraagd", "Wijzigingen gevraagd"
    goedgekeurd = "goedgekeurd", "Goedgekeurd, wacht op uitvoering"
    in_uitvoering = "in_uitvoering", "In uitvoering"
    uitgevoerd = "uitgevoerd", "Uitgevoerd"
    afgebroken = "afgebroken", "Afgebroken"


ACTIEVE_LIJSTSTATUSSEN = (
    Lijststatus.concept,
    Lijststatus.ter_beoordeling,
    Lijststatus.wijzigingen_gevraagd,
    Lijststatus.goedgekeurd,
    Lijststatus.in_uitvoering,
)


class Vernietigingslijst(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    nummer = models.CharField(max_length=20)  # VL-2026-0001, per gemeente
    naam = models.CharField(max_length=200)
    # Zaken with archiefactiedatum on or before this date were eligible when the list was built.
    peildatum = models.DateField()
    # The selection the records manager made (zaaktypen, resultaattypen, period, categories).
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=30, choices=Lijststatus.choices, default="concept")
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    goedgekeurd_op = models.DateTimeField(null=True, blank=True)
    uitvoering_gestart_op = models.DateTimeField(null=True, blank=True)
    uitgevoerd_op = models.DateTimeField(null=True, blank=True)
    # Review rounds: a list sent back for changes and resubmitted starts a new round.
    ronde = models.PositiveSmallIntegerField(default=0)
    toelichting = models.TextField(blank=True)  # why it was aborted, or the records manager's note

    class Meta:
        verbose_name = "vernietigingslijst"
        verbose_name_plural = "vernietigingslijsten"
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "nummer"], name="unique_lijstnummer")
        ]
        indexes = [models.Index(fields=["gemeente", "status"])]

    def __str__(self) -> str:
        return f"{self.nummer} {self.naam}"


class Itemstatus(models.TextChoices):
    opgenomen = "opgenomen", "Op de lijst"
    uitgezonderd = "uitgezonderd", "Uitgezonderd door een beoordelaar"
    automatisch_uitgezonderd = "automatisch_uitgezonderd", "Automatisch uitgezonderd"
    gewijzigd = "gewijzigd", "Van de lijst gehaald: zaak gewijzigd na beoordeling"
    vernietigd = "vernietigd", "Vernietigd"


class Lijstitem(models.Model):
    lijst = models.ForeignKey(Vernietigingslijst, on_delete=models.CASCADE, related_name="items")
    zaak = models.ForeignKey(
        "zaken.Zaak", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Snapshot: what the verklaring names after the zaak is gone.
    zaak_uuid = models.UUIDField()
    identificatie = models.CharField(max_length=40)
    omschrijving = models.CharField(max_length=80, blank=True)
    zaaktype_identificatie = models.CharField(max_length=50)
    zaaktype_omschrijving = models.CharField(max_length=80)
    resultaattype_omschrijving = models.CharField(max_length=200, blank=True)
    selectielijstklasse = models.URLField(max_length=1000, blank=True)
    selectielijstklasse_weergave = models.CharField(max_length=300, blank=True)
    bewaartermijn = models.CharField(max_length=40, blank=True)  # archiefactietermijn, ISO 8601
    einddatum = models.DateField(null=True, blank=True)
    archiefactiedatum = models.DateField(null=True, blank=True)
    vertrouwelijkheidaanduiding = models.CharField(max_length=20, blank=True)
    # What goes with the zaak: {"documenten": [...], "besluiten": [...], "relaties": [...]} —
    # identificaties and counts, for the list and the verklaring.
    inhoud = models.JSONField(default=dict, blank=True)
    # The zaak's state when the list went to review (its newest audit row id and archive fields):
    # a zaak changed after that is taken off the list at execution.
    vingerafdruk = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=30, choices=Itemstatus.choices, default="opgenomen")
    reden = models.TextField(blank=True)
    uitgezonderd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    vernietigd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "item van een vernietigingslijst"
        verbose_name_plural = "items van vernietigingslijsten"
        constraints = [
            models.UniqueConstraint(fields=["lijst", "zaak_uuid"], name="unique_lijstitem")
        ]
        indexes = [
            models.Index(fields=["lijst", "status"]),
            models.Index(fields=["zaak_uuid"]),
        ]

    def __str__(self) -> str:
        return f"{self.identificatie} op {self.lijst_id}"


class Beoordelingsrol(models.TextChoices):
    procesverantwoordelijke = "procesverantwoordelijke", "Procesverantwoordelijke"
    archivaris = "archivaris", "Archivaris"


class Beoordelingsbesluit(models.TextChoices):
    goedgekeurd = "goedgekeurd", "Goedgekeurd"
    wijzigingen_gevraagd = "wijzigingen_gevraagd", "Wijzigingen gevraagd"


class Beoordelingsstap(models.Model):
    """One named reviewer's step in one review round of a list."""

    lijst = models.ForeignKey(Vernietigingslijst, on_delete=models.CASCADE, related_name="stappen")
    ronde = models.PositiveSmallIntegerField()
    volgorde = models.PositiveSmallIntegerField()
    rol = models.CharField(max_length=30, choices=Beoordelingsrol.choices)
    beoordelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # For a process owner: the zaaktypen (identificatie) this step covers.
    zaaktype_identificaties = models.JSONField(default=list, blank=True)
    besluit = models.CharField(max_length=30, choices=Beoordelingsbesluit.choices, blank=True)
    opmerking = models.TextField(blank=True)
    beslist_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "beoordelingsstap"
        verbose_name_plural = "beoordelingsstappen"
        ordering = ["ronde", "volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["lijst", "ronde", "volgorde"], name="unique_beoordelingsstap"
            )
        ]
        indexes = [models.Index(fields=["beoordelaar", "besluit"])]

    def __str__(self) -> str:
        return f"{self.lijst_id} ronde {self.ronde} stap {self.volgorde}: {self.rol}"


class Verklaring(models.Model):
    """The verklaring van vernietiging of an executed list: its canonical content (what the PDF,
    CSV and JSON are made from), the hash of that content, and the audit-chain link sealing it."""

    lijst = models.OneToOneField(
        Vernietigingslijst, on_delete=models.PROTECT, related_name="verklaring"
    )
    inhoud = models.JSONField()
    sha256 = models.CharField(max_length=64)
    opgemaakt_op = models.DateTimeField(auto_now_add=True)
    schakel = models.BigIntegerField(null=True, blank=True)  # volgnummer of the sealing link

    class Meta:
        verbose_name = "verklaring van vernietiging"
        verbose_name_plural = "verklaringen van vernietiging"

    def __str__(self) -> str:
        return f"Verklaring van vernietiging {self.lijst_id}"


class Overbrengingsstatus(models.TextChoices):
    klaargezet = "klaargezet", "Pakket klaargezet"
    bevestigd = "bevestigd", "Ontvangst bevestigd"
    afgebroken = "afgebroken", "Afgebroken"


class Overbrenging(models.Model):
    """A transfer package of zaken with archiefnominatie blijvend_bewaren to an e-Depot."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    nummer = models.CharField(max_length=20)  # OB-2026-0001, per gemeente
    status = models.CharField(
        max_length=20, choices=Overbrengingsstatus.choices, default="klaargezet"
    )
    peildatum = models.DateField()
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    pakket = models.CharField(max_length=500, blank=True)  # storage name of the zip
    sha256 = models.CharField(max_length=64, blank=True)
    grootte = models.BigIntegerField(default=0)
    bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bevestigd_op = models.DateTimeField(null=True, blank=True)
    ontvangstbewijs = models.TextField(blank=True)  # the repository's reference for the receipt
    inhoud_verwijderd = models.BooleanField(default=False)

    class Meta:
        verbose_name = "overbrenging"
        verbose_name_plural = "overbrengingen"
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "nummer"], name="unique_overbrengingsnummer"
            )
        ]

    def __str__(self) -> str:
        return self.nummer


class Overbrengingsitem(models.Model):
    overbrenging = models.ForeignKey(Overbrenging, on_delete=models.CASCADE, related_name="items")
    zaak = models.ForeignKey("zaken.Zaak", on_delete=models.PROTECT, related_name="+")
    identificatie = models.CharField(max_length=40)
    # path in the package -> sha256, for every file of this zaak in the package
    bestanden = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "item van een overbrenging"
        verbose_name_plural = "items van overbrengingen"
        constraints = [
            models.UniqueConstraint(
                fields=["overbrenging", "zaak"], name="unique_overbrengingsitem"
            )
        ]

    def __str__(self) -> str:
        return f"{self.identificatie} in {self.overbrenging_id}"
