"""The bookkeeping of migrations into iwerk (ADR 0063): runs, and what each source object became."""

from __future__ import annotations

from django.db import models

from iwerk.core.models import TenantModel


class Migratie(TenantModel):
    """One source (a ZGW installation) copied into one gemeente (`tenant`), run after run.

    The API roots are those of the last run; the client id is kept, its secret never. The
    portfolio links its application to a migratie from its own side (it sits above this app).
    """

    naam = models.CharField(max_length=200)
    zaken_api = models.CharField("Zaken API", max_length=500)
    documenten_api = models.CharField("Documenten API", max_length=500)
    catalogi_api = models.CharField("Catalogi API", max_length=500)
    besluiten_api = models.CharField("Besluiten API", max_length=500)
    referentielijsten_api = models.CharField("Referentielijsten API", max_length=500, blank=True)
    client_id = models.CharField("client-id bij de bron", max_length=200)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "migratie"
        verbose_name_plural = "migraties"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "naam"], name="migratie_naam_uniek"),
        ]

    def __str__(self) -> str:
        return self.naam

    @property
    def api_roots(self) -> dict[str, str]:
        roots = {
            "zaken": self.zaken_api,
            "documenten": self.documenten_api,
            "catalogi": self.catalogi_api,
            "besluiten": self.besluiten_api,
        }
        if self.referentielijsten_api:
            roots["referentielijsten"] = self.referentielijsten_api
        return roots


class Toestand(models.TextChoices):
    lopend = "lopend", "Lopend"
    gestopt = "gestopt", "Gestopt (te hervatten)"
    klaar = "klaar", "Klaar"
    mislukt = "mislukt", "Mislukt"


class Migratierun(models.Model):
    """One run of `iwerk migreer zgw`: its counters while it runs, its report once it ends."""

    migratie = models.ForeignKey(Migratie, on_delete=models.CASCADE, related_name="runs")
    gestart_op = models.DateTimeField("gestart op")
    geeindigd_op = models.DateTimeField("geëindigd op", null=True, blank=True)
    toestand = models.CharField(max_length=10, choices=Toestand.choices, default=Toestand.lopend)
    melding = models.TextField(blank=True)  # why it stopped or failed
    # soort -> {"gekopieerd": n, "ongewijzigd": n, "overgeslagen": n, "mislukt": n}
    tellers = models.JSONField(default=dict, blank=True)
    verzoeken = models.PositiveIntegerField("verzoeken aan de bron", default=0)
    rapport = models.JSONField(null=True, blank=True)  # the verification report (ADR 0063, 9)

    class Meta:
        verbose_name = "migratierun"
        verbose_name_plural = "migratieruns"
        ordering = ["-gestart_op", "-pk"]
        indexes = [models.Index(fields=["migratie", "-gestart_op"], name="migratierun_laatste_idx")]

    def __str__(self) -> str:
        return f"{self.migratie} {self.gestart_op:%Y-%m-%d %H:%M} ({self.get_toestand_display()})"


class Bronobjecttoestand(models.TextChoices):
    gekopieerd = "gekopieerd", "Gekopieerd"
    overgeslagen = "overgeslagen", "Overgeslagen"
    mislukt = "mislukt", "Mislukt"


class Bronobject(models.Model):
    """What one object of the source became in iwerk: the row that makes a run resumable and the
    next one incremental. `hash` is the SHA-256 of the source's canonical JSON (for a zaak, a
    document or a besluit including the parts listed with it); a copied object whose hash is
    unchanged is not written again."""

    migratie = models.ForeignKey(Migratie, on_delete=models.CASCADE, related_name="bronobjecten")
    soort = models.CharField(max_length=40)  # zaak, status, enkelvoudiginformatieobject, …
    bron_url = models.CharField("URL bij de bron", max_length=1000)
    uuid = models.UUIDField(null=True, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    toestand = models.CharField(max_length=12, choices=Bronobjecttoestand.choices)
    reden = models.TextField(blank=True)
    waarschuwing = models.TextField(blank=True)
    # Per soort: e.g. a document's copied versions with their SHA-256.
    gegevens = models.JSONField(default=dict, blank=True)
    run = models.ForeignKey(
        Migratierun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bijgewerkt_op = models.DateTimeField("bijgewerkt op", auto_now=True)

    class Meta:
        verbose_name = "bronobject"
        verbose_name_plural = "bronobjecten"
        constraints = [
            models.UniqueConstraint(fields=["migratie", "bron_url"], name="bronobject_uniek"),
        ]
        indexes = [
            # The report's counts and lists per soort and toestand.
            models.Index(fields=["migratie", "soort", "toestand"], name="bronobject_soort_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.soort} {self.uuid or self.bron_url} ({self.toestand})"
