"""Sturing: figures for management, pre-aggregated from the registers, and the cost register.

The case figures live in three layers (ADR 0021):
- Bijwerking: the queue of changed zaken, written in the same transaction as the change;
- Zaakfeit: one row per zaak with what the figures need (deadlines after opschorting and
  verlenging, netto doorlooptijd, kanaal, team) — the drill-down reads it;
- Dagcijfer, Doorlooptijdtelling, Openstand: the aggregates every dashboard reads, recomputed
  only for the days, months and groups a changed zaak touched.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from iwerk.core.models import Gemeente

KANALEN = ("internet", "email", "telefoon", "balie", "post", "intern", "onbekend")
KANAAL_LABELS = {
    "internet": "Internet",
    "email": "E-mail",
    "telefoon": "Telefoon",
    "balie": "Balie",
    "post": "Post",
    "intern": "Intern",
    "onbekend": "Onbekend",
}


class Bijwerking(models.Model):
    """A zaak whose figures must be recomputed (queued by wachtrij in the writing transaction)."""

    zaak_id = models.BigIntegerField()

    class Meta:
        verbose_name = "bijwerking"
        verbose_name_plural = "bijwerkingen"

    def __str__(self) -> str:
        return f"Bijwerking zaak {self.zaak_id}"


class Zaakfeit(models.Model):
    zaak = models.OneToOneField(
        "zaken.Zaak",
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # the fact outlives a deleted zaak until the refresh removes it
        primary_key=True,
        related_name="+",
    )
    tenant_id = models.IntegerField()
    zaaktype_id = models.IntegerField()
    team_id = models.IntegerField(default=0)  # 0: no team (not assigned, or a user without one)
    behandelaar = models.CharField(max_length=24, blank=True)
    kanaal = models.CharField(max_length=10)
    startdatum = models.DateField()
    einddatum = models.DateField(null=True)
    servicenorm_datum = models.DateField(null=True)
    wettelijke_datum = models.DateField(null=True)
    opgeschort_sinds = models.DateField(null=True)  # suspended now: the clock stands still
    netto_doorlooptijd = models.IntegerField(null=True)  # days, opschorting excluded
    heeft_resultaat = models.BooleanField(default=False)
    heeft_archiefnominatie = models.BooleanField(default=False)
    vertrouwelijkheid = models.SmallIntegerField()  # rank in VERTROUWELIJKHEID_ORDER

    class Meta:
        verbose_name = "zaakfeit"
        verbose_name_plural = "zaakfeiten"
        indexes = [
            models.Index(fields=["tenant_id", "startdatum"], name="feit_start_idx"),
            models.Index(fields=["tenant_id", "einddatum"], name="feit_eind_idx"),
            models.Index(
                fields=["tenant_id", "wettelijke_datum"],
                condition=models.Q(einddatum__isnull=True),
                name="feit_open_idx",
            ),
            models.Index(
                fields=["tenant_id", "behandelaar", "zaaktype_id"],
                condition=models.Q(einddatum__isnull=True),
                name="feit_open_groep_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Zaakfeit {self.zaak_id}"


class Dagcijfer(models.Model):
    """Inflow and outflow of one day, per gemeente, zaaktype and team."""

    tenant_id = models.IntegerField()
    dag = models.DateField()
    zaaktype_id = models.IntegerField()
    team_id = models.IntegerField()
    instroom = models.IntegerField(default=0)
    instroom_internet = models.IntegerField(default=0)
    instroom_email = models.IntegerField(default=0)
    instroom_telefoon = models.IntegerField(default=0)
    instroom_balie = models.IntegerField(default=0)
    instroom_post = models.IntegerField(default=0)
    instroom_intern = models.IntegerField(default=0)
    instroom_onbekend = models.IntegerField(default=0)
    uitstroom = models.IntegerField(default=0)
    met_servicenorm = models.IntegerField(default=0)
    binnen_servicenorm = models.IntegerField(default=0)
    met_wettelijke_termijn = models.IntegerField(default=0)
    binnen_wettelijke_termijn = models.IntegerField(default=0)
    doorlooptijd_som = models.BigIntegerField(default=0)
    zonder_resultaat = models.IntegerField(default=0)
    zonder_archiefnominatie = models.IntegerField(default=0)

    class Meta:
        verbose_name = "dagcijfer"
        verbose_name_plural = "dagcijfers"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant_id", "dag", "zaaktype_id", "team_id"], name="unique_dagcijfer"
            )
        ]
        indexes = [models.Index(fields=["dag"], name="dagcijfer_dag_idx")]

    def __str__(self) -> str:
        return f"{self.dag} gemeente {self.tenant_id}"


class Doorlooptijdtelling(models.Model):
    """How many zaken closed in a month took exactly `dagen` days: medians from a histogram."""

    tenant_id = models.IntegerField()
    maand = models.DateField()  # first day of the month
    zaaktype_id = models.IntegerField()
    team_id = models.IntegerField()
    dagen = models.IntegerField()
    aantal = models.IntegerField()

    class Meta:
        verbose_name = "doorlooptijdtelling"
        verbose_name_plural = "doorlooptijdtellingen"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant_id", "maand", "zaaktype_id", "team_id", "dagen"],
                name="unique_doorlooptijdtelling",
            )
        ]

    def __str__(self) -> str:
        return f"{self.maand:%Y-%m} {self.dagen} dagen: {self.aantal}"


class Openstand(models.Model):
    """The open zaken of today per gemeente, zaaktype, behandelaar and deadline class."""

    tenant_id = models.IntegerField()
    zaaktype_id = models.IntegerField()
    team_id = models.IntegerField()
    behandelaar = models.CharField(max_length=24, blank=True)
    klasse = models.CharField(max_length=30)
    aantal = models.IntegerField()
    leeftijd_som = models.BigIntegerField()  # days since startdatum, summed

    class Meta:
        verbose_name = "openstand"
        verbose_name_plural = "openstanden"
        indexes = [models.Index(fields=["tenant_id", "zaaktype_id"], name="openstand_idx")]

    def __str__(self) -> str:
        return f"{self.klasse}: {self.aantal}"


class Verversing(models.Model):
    """State of the refresh job: one row."""

    openstand_datum = models.DateField(null=True)  # the day the deadline classes were computed
    laatste_zaak_id = models.BigIntegerField(default=0)  # bulk loads beyond this are picked up
    bijgewerkt = models.DateTimeField(null=True)
    duur_ms = models.IntegerField(default=0)
    verwerkt = models.IntegerField(default=0)

    class Meta:
        verbose_name = "verversing"
        verbose_name_plural = "verversingen"

    def __str__(self) -> str:
        return f"Verversing {self.bijgewerkt}"


class Dashboardstand(models.Model):
    """The first view of the dashboard (last 12 months, no zaaktype or team filter) of one
    gemeente or of all together, prepared by the worker after each refresh: a request reads
    it instead of computing the tables (the figures as of `generatie` and `dag`)."""

    sleutel = models.CharField(max_length=64, unique=True)  # gemeenten and filters, hashed
    dag = models.DateField()
    generatie = models.BigIntegerField()  # the "sturing" generation the tables were built at
    tabellen = models.JSONField()
    berekend = models.DateTimeField()
    duur_ms = models.IntegerField(default=0)

    class Meta:
        verbose_name = "dashboardstand"
        verbose_name_plural = "dashboardstanden"

    def __str__(self) -> str:
        return f"Dashboardstand {self.sleutel[:8]} van {self.dag}"


# --- Costs and investments -------------------------------------------------------------------


class Verdeelsleutel(models.TextChoices):
    vast = "vast", "Vaste percentages"
    inwoners = "inwoners", "Aantal inwoners"
    gebruikers = "gebruikers", "Aantal gebruikers"
    zaken = "zaken", "Aantal zaken"
    gebruik = "gebruik", "Gebruik van de applicatie (P × Q)"
    basis_plus = "basis_plus", "Basispakket plus extra's"


class Kostenpost(models.Model):
    """A cost item of the shared i-werkorganisatie, shared by the gemeenten through a key."""

    naam = models.CharField(max_length=200, unique=True)
    omschrijving = models.CharField(max_length=500, blank=True)
    verdeelsleutel = models.CharField(max_length=20, choices=Verdeelsleutel.choices)
    basissleutel = models.CharField(
        "sleutel voor het basispakket",
        max_length=20,
        choices=[c for c in Verdeelsleutel.choices if c[0] not in ("basis_plus", "gebruik")],
        blank=True,
        help_text="Alleen bij 'basispakket plus extra's': hoe het basisdeel wordt verdeeld.",
    )
    applicatie = models.ForeignKey(
        "portfolio.Applicatie",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kostenposten",
    )

    class Meta:
        verbose_name = "kostenpost"
        verbose_name_plural = "kostenposten"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Kostenbedrag(models.Model):
    post = models.ForeignKey(Kostenpost, on_delete=models.CASCADE, related_name="bedragen")
    jaar = models.PositiveIntegerField()
    begroot = models.DecimalField(max_digits=14, decimal_places=2)
    gerealiseerd = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "bedrag"
        verbose_name_plural = "bedragen"
        ordering = ["jaar"]
        constraints = [models.UniqueConstraint(fields=["post", "jaar"], name="unique_kostenbedrag")]

    def __str__(self) -> str:
        return f"{self.post} {self.jaar}"


class Sleutelwaarde(models.Model):
    """What one gemeente brings to one post's key in a year: a percentage (vaste percentages),
    a quantity used (gebruik) or the amount of its extras (basispakket plus extra's)."""

    post = models.ForeignKey(Kostenpost, on_delete=models.CASCADE, related_name="sleutelwaarden")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    jaar = models.PositiveIntegerField()
    waarde = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "sleutelwaarde"
        verbose_name_plural = "sleutelwaarden"
        constraints = [
            models.UniqueConstraint(
                fields=["post", "gemeente", "jaar"], name="unique_sleutelwaarde"
            )
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.gemeente} {self.jaar}: {self.waarde}"


class Verdeelgegevens(models.Model):
    """Inhabitants and users of a gemeente in a year, for the keys that use them."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    jaar = models.PositiveIntegerField()
    inwoners = models.PositiveIntegerField()
    gebruikers = models.PositiveIntegerField()

    class Meta:
        verbose_name = "verdeelgegevens"
        verbose_name_plural = "verdeelgegevens"
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "jaar"], name="unique_verdeelgegevens")
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} {self.jaar}"


class Investeringssoort(models.TextChoices):
    continuiteit = "continuiteit", "Continuïteit informatievoorziening"
    ontwikkeling = "ontwikkeling", "Inspelen op nieuwe ontwikkelingen"
    overig = "overig", "Overig"


class Investering(models.Model):
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    omschrijving = models.CharField(max_length=300)
    soort = models.CharField(max_length=20, choices=Investeringssoort.choices)
    van_jaar = models.PositiveIntegerField()
    tot_en_met_jaar = models.PositiveIntegerField()
    begroot = models.DecimalField(max_digits=14, decimal_places=2)
    gerealiseerd = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    bron = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "investering"
        verbose_name_plural = "investeringen"
        ordering = ["van_jaar", "gemeente__naam", "soort"]

    def __str__(self) -> str:
        return f"{self.omschrijving} ({self.gemeente})"


class Besparingsdoel(models.Model):
    """The savings target of the shared organisation per year, and what was realised."""

    jaar = models.PositiveIntegerField(unique=True)
    doel = models.DecimalField(max_digits=14, decimal_places=2)
    gerealiseerd = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    toelichting = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "besparingsdoel"
        verbose_name_plural = "besparingsdoelen"
        ordering = ["jaar"]

    def __str__(self) -> str:
        return f"Besparingsdoel {self.jaar}"


NUL = Decimal("0.00")
