"""The application landscape of the shared organisation, mapped to GEMMA referentiecomponenten.

Applications are registered once for the shared ICT organisation; which gemeente uses which,
since when and until when, is `Gebruik` — so "how many applications per component" and "is the
landscape shrinking" are counts over these rows.
"""

from __future__ import annotations

from django.db import models

from iwerk.core.models import Gemeente


class Referentiecomponent(models.Model):
    """A GEMMA referentiecomponent (imported from GEMMA's CSV)."""

    gemma_id = models.CharField("GEMMA-id", max_length=100, unique=True)
    naam = models.CharField(max_length=200)
    beschrijving = models.TextField(blank=True)
    status = models.CharField(max_length=40, default="In gebruik")

    class Meta:
        verbose_name = "referentiecomponent"
        verbose_name_plural = "referentiecomponenten"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Hosting(models.TextChoices):
    on_premise = "on_premise", "Eigen rekencentrum"
    saas = "saas", "SaaS bij de leverancier"
    cloud = "cloud", "Cloud (IaaS/PaaS)"
    gedeeld = "gedeeld", "Gedeeld (samenwerkingsverband)"


class Beschermingsniveau(models.TextChoices):
    bbn1 = "bbn1", "BBN1 (basis)"
    bbn2 = "bbn2", "BBN2 (verhoogd)"
    bbn3 = "bbn3", "BBN3 (hoog)"


class Applicatie(models.Model):
    naam = models.CharField(max_length=200)
    pakket = models.CharField(max_length=200, blank=True)
    leverancier = models.CharField(max_length=200, blank=True)
    versie = models.CharField(max_length=50, blank=True)
    hosting = models.CharField(max_length=20, choices=Hosting.choices, default=Hosting.saas)
    contract_einde = models.DateField(null=True, blank=True)
    kosten_per_jaar = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    eigenaar = models.CharField("eigenaar (proces of team)", max_length=200, blank=True)
    beschermingsniveau = models.CharField(
        "BIO-beschermingsniveau",
        max_length=10,
        choices=Beschermingsniveau.choices,
        default=Beschermingsniveau.bbn2,
    )
    persoonsgegevens = models.BooleanField("verwerkt persoonsgegevens", default=False)
    verwerking = models.CharField(
        "verwerking (register van verwerkingsactiviteiten)", max_length=300, blank=True
    )
    componenten = models.ManyToManyField(
        Referentiecomponent, related_name="applicaties", blank=True
    )

    class Meta:
        verbose_name = "applicatie"
        verbose_name_plural = "applicaties"
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["naam", "versie"], name="applicatie_uniek")]

    def __str__(self) -> str:
        return f"{self.naam} {self.versie}".strip()


class Levensfase(models.TextChoices):
    in_gebruik = "in_gebruik", "In gebruik"
    uit_te_faseren = "uit_te_faseren", "Uit te faseren"
    uitgefaseerd = "uitgefaseerd", "Uitgefaseerd"


class Gebruik(models.Model):
    """One gemeente uses one application: from when, in which phase, until when (planned/real)."""

    applicatie = models.ForeignKey(Applicatie, on_delete=models.CASCADE, related_name="gebruik")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=Levensfase.choices, default=Levensfase.in_gebruik
    )
    sinds = models.DateField()
    einde_gepland = models.DateField(null=True, blank=True)
    einde = models.DateField(null=True, blank=True)
    # Linked = "gemigreerd naar iwerk": the migration that brought this application's data into
    # iwerk, whose report says when it can be switched off (ADR 0065). On this side, because the
    # portfolio sits above the migration bookkeeping (.importlinter).
    migratie = models.ForeignKey(
        "migratie.Migratie",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="migratie naar iwerk",
    )

    class Meta:
        verbose_name = "gebruik"
        verbose_name_plural = "gebruik per gemeente"
        constraints = [
            models.UniqueConstraint(fields=["applicatie", "gemeente"], name="gebruik_uniek")
        ]
        indexes = [models.Index(fields=["gemeente", "status"], name="gebruik_gemeente_idx")]

    def __str__(self) -> str:
        return f"{self.applicatie} bij {self.gemeente}"


class Koppeling(models.Model):
    van = models.ForeignKey(Applicatie, on_delete=models.CASCADE, related_name="koppelingen_uit")
    naar = models.ForeignKey(Applicatie, on_delete=models.CASCADE, related_name="koppelingen_in")
    standaard = models.CharField(max_length=60, help_text="Bijvoorbeeld ZGW API's, StUF-ZKN, NLX.")
    omschrijving = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "koppeling"
        verbose_name_plural = "koppelingen"

    def __str__(self) -> str:
        return f"{self.van} → {self.naar} ({self.standaard})"
