"""The register of security incidents, of which a personal-data breach (datalek) is one kind.

One incident for the shared ICT organisation, belonging to one or more gemeenten: each gemeente
is a separate controller under the AVG, with its own 72-hour duty towards the Autoriteit
Persoonsgegevens (AP). Every decision and change is kept in an append-only log.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models

from iwerk.core.models import Gemeente

MELDTERMIJN = timedelta(hours=72)


class Categorie(models.TextChoices):
    phishing = "phishing", "Phishing"
    malware = "malware", "Malware"
    ransomware = "ransomware", "Ransomware"
    ddos = "ddos", "DDoS-aanval"
    verlies_apparaat = "verlies_apparaat", "Verlies of diefstal van een apparaat"
    ongeautoriseerde_toegang = "ongeautoriseerde_toegang", "Ongeautoriseerde toegang"
    verkeerd_verstuurd = "verkeerd_verstuurd", "Gegevens naar de verkeerde ontvanger"
    hack = "hack", "Hack of inbraak in een systeem"
    storing = "storing", "Storing of uitval"
    overig = "overig", "Anders"


class Status(models.TextChoices):
    concept = "concept", "Concept (nog niet gemeld)"
    gemeld = "gemeld", "Gemeld, wacht op beoordeling"
    in_behandeling = "in_behandeling", "In behandeling"
    afgesloten = "afgesloten", "Afgesloten"


class Impact(models.TextChoices):
    geen = "geen", "Geen"
    laag = "laag", "Laag"
    midden = "midden", "Midden"
    hoog = "hoog", "Hoog"


class Risico(models.TextChoices):
    geen = "geen", "Geen risico voor betrokkenen"
    risico = "risico", "Risico (melden aan de AP)"
    hoog = "hoog", "Hoog risico (ook betrokkenen informeren)"


class Incident(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nummer = models.CharField(max_length=20, unique=True)  # INC-2026-0001
    titel = models.CharField(max_length=200)
    beschrijving = models.TextField(blank=True)
    categorie = models.CharField(max_length=30, choices=Categorie.choices, default=Categorie.overig)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.gemeld)
    gemeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    gemeld_op = models.DateTimeField()
    # The clock runs from the discovery, whatever else is still unknown (AVG art. 33(1)).
    ontdekt_op = models.DateTimeField()
    begonnen_op = models.DateTimeField(null=True, blank=True)
    beeindigd_op = models.DateTimeField(null=True, blank=True)
    persoonsgegevens = models.BooleanField(
        "mogelijk persoonsgegevens betrokken",
        default=False,
        help_text="Meld ook bij twijfel: de privacy officer beoordeelt het.",
    )
    # Triage: None until assessed; True makes it a datalek with the AVG part below.
    datalek = models.BooleanField(null=True, blank=True)
    gemeenten = models.ManyToManyField(Gemeente, through="IncidentGemeente", related_name="+")
    # Security facet (BIO).
    impact_vertrouwelijkheid = models.CharField(
        max_length=10, choices=Impact.choices, default=Impact.geen
    )
    impact_integriteit = models.CharField(
        max_length=10, choices=Impact.choices, default=Impact.geen
    )
    impact_beschikbaarheid = models.CharField(
        max_length=10, choices=Impact.choices, default=Impact.geen
    )
    getroffen_systemen = models.JSONField(default=list, blank=True)
    applicaties = models.ManyToManyField(
        "portfolio.Applicatie", related_name="incidenten", blank=True
    )
    zaak_uuids = models.JSONField(default=list, blank=True)
    document_uuids = models.JSONField(default=list, blank=True)
    afhandeling = models.TextField(blank=True)
    lessen = models.TextField("geleerde lessen", blank=True)
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    # AVG facet: the AP form's sections (see datalekken.ap_melding).
    risico = models.CharField(max_length=10, choices=Risico.choices, blank=True)
    risico_onderbouwing = models.TextField(blank=True)
    aard = models.JSONField(default=list, blank=True)  # lezen, kopieren, wijzigen, …
    persoonsgegevens_soorten = models.JSONField(default=list, blank=True)
    bijzondere_persoonsgegevens = models.JSONField(default=list, blank=True)
    aantal_personen_min = models.PositiveIntegerField(null=True, blank=True)
    aantal_personen_max = models.PositiveIntegerField(null=True, blank=True)
    aantal_records = models.PositiveIntegerField(null=True, blank=True)
    groepen = models.JSONField(default=list, blank=True)
    versleuteld = models.BooleanField(null=True, blank=True)
    maatregelen_vooraf = models.TextField(blank=True)
    gevolgen = models.JSONField(default=list, blank=True)
    gevolgen_toelichting = models.TextField(blank=True)
    vervolgmaatregelen = models.TextField(blank=True)
    internationaal = models.BooleanField(default=False)
    internationaal_toelichting = models.TextField(blank=True)
    aangepast_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "incident"
        verbose_name_plural = "incidenten"
        ordering = ["-ontdekt_op"]
        indexes = [
            models.Index(fields=["status", "ontdekt_op"], name="incident_status_idx"),
            models.Index(fields=["datalek", "status"], name="incident_datalek_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nummer} {self.titel}"

    @property
    def uiterste_meldmoment(self):
        return self.ontdekt_op + MELDTERMIJN


class IncidentGemeente(models.Model):
    """A gemeente (controller) the incident concerns, with its own AP notification."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="betrokken")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    ap_melden = models.BooleanField(null=True, blank=True)
    ap_gemeld_op = models.DateTimeField(null=True, blank=True)
    ap_meldnummer = models.CharField(max_length=40, blank=True)
    ap_ingetrokken_op = models.DateTimeField(null=True, blank=True)
    te_laat_reden = models.TextField(blank=True)
    betrokkenen_informeren = models.BooleanField(null=True, blank=True)
    betrokkenen_geinformeerd_op = models.DateTimeField(null=True, blank=True)
    openbare_mededeling = models.TextField(blank=True)

    class Meta:
        verbose_name = "betrokken gemeente"
        verbose_name_plural = "betrokken gemeenten"
        constraints = [
            models.UniqueConstraint(fields=["incident", "gemeente"], name="incident_gemeente_uniek")
        ]
        indexes = [models.Index(fields=["gemeente", "incident"], name="incident_per_gemeente_idx")]

    def __str__(self) -> str:
        return f"{self.incident_id} – {self.gemeente}"


class Besluit(models.Model):
    """A decision on an incident: who decided what, when and why. Never changed afterwards."""

    class Soort(models.TextChoices):
        datalek = "datalek", "Beoordeling"
        risico = "risico", "Risico voor betrokkenen"
        ap_melden = "ap_melden", "Melden aan de Autoriteit Persoonsgegevens"
        ap_gemeld = "ap_gemeld", "Gemeld bij de Autoriteit Persoonsgegevens"
        ap_intrekken = "ap_intrekken", "Melding ingetrokken"
        betrokkenen = "betrokkenen", "Betrokkenen informeren"
        afsluiten = "afsluiten", "Incident afsluiten"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="besluiten")
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    soort = models.CharField(max_length=20, choices=Soort.choices)
    uitkomst = models.CharField(max_length=200)
    reden = models.TextField()
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    door_naam = models.CharField(max_length=200)
    op = models.DateTimeField()

    class Meta:
        verbose_name = "besluit over een incident"
        verbose_name_plural = "besluiten over incidenten"
        ordering = ["op", "pk"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {self.uitkomst}"


class Logregel(models.Model):
    """What happened to an incident (reported, changed, escalated, exported): append-only."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="log")
    op = models.DateTimeField()
    wie = models.CharField(max_length=200)
    wat = models.CharField(max_length=300)
    gegevens = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "logregel"
        verbose_name_plural = "logregels"
        ordering = ["op", "pk"]

    def __str__(self) -> str:
        return self.wat


class Escalatie(models.Model):
    """An escalation notice sent (once) at a point of the 72-hour clock to one gemeente."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="escalaties")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    uur = models.PositiveSmallIntegerField()
    verstuurd_op = models.DateTimeField()
    ontvangers = models.JSONField(default=list)

    class Meta:
        verbose_name = "escalatie"
        verbose_name_plural = "escalaties"
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "gemeente", "uur"], name="escalatie_eenmaal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.gemeente_id} {self.uur} uur"
