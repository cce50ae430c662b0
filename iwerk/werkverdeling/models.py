"""Work distribution per gemeente and zaaktype: routing of new zaken to a team queue, tasks inside
a zaak (from a checklist per status, or ad hoc), and the vier-ogen approval of a besluit or the
closing of a zaak (ADR 0056).

A zaaktype is named by its ``identificatie``: a rule holds for every version of the zaaktype,
so publishing a new version keeps its routing, tasks and approvals.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from iwerk.core.models import Gemeente, TenantModel
from iwerk.medewerkers.roles import Rol


class Routeringsregel(models.Model):
    """Where a new zaak of a zaaktype goes: a team (and optionally a person), when its conditions
    hold. Rules are tried in ``volgorde``; the first that fits wins; none fits: the intake."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    zaaktype_identificatie = models.CharField(
        "zaaktype",
        max_length=50,
        help_text="De identificatie van het zaaktype; de regel geldt voor alle versies.",
    )
    volgorde = models.PositiveIntegerField(
        default=100, help_text="Lagere nummers worden eerst geprobeerd."
    )
    eigenschap_naam = models.CharField(
        "eigenschap",
        max_length=20,
        blank=True,
        help_text="Alleen zaken met deze zaakeigenschap (bijv. de categorie van een melding).",
    )
    eigenschap_waarde = models.CharField(
        "waarde van de eigenschap",
        max_length=255,
        blank=True,
        help_text="De waarde die de eigenschap moet hebben (hoofdletters tellen niet).",
    )
    wijk_naam = models.CharField("wijk", max_length=80, blank=True)
    wijk = models.JSONField(
        "wijkgrens",
        null=True,
        blank=True,
        help_text="GeoJSON Polygon of MultiPolygon (WGS84): alleen zaken met een locatie hierbinnen.",
    )
    team = models.ForeignKey("medewerkers.Team", on_delete=models.PROTECT, related_name="+")
    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Optioneel: wijs de zaak ook meteen aan deze medewerker toe.",
    )
    actief = models.BooleanField(default=True)
    toelichting = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "routeringsregel"
        verbose_name_plural = "routeringsregels"
        ordering = ["gemeente", "zaaktype_identificatie", "volgorde", "pk"]
        indexes = [
            models.Index(
                fields=["gemeente", "zaaktype_identificatie", "volgorde"],
                condition=models.Q(actief=True),
                name="routeringsregel_actief_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.zaaktype_identificatie} → {self.team.naam}"


class Routering(models.Model):
    """How a zaak reached its queue: which rule (or none: the intake), and whether a person has
    since moved it by hand (then a later eigenschap no longer re-routes it)."""

    zaak = models.OneToOneField("zaken.Zaak", on_delete=models.CASCADE, related_name="+")
    regel = models.ForeignKey(
        Routeringsregel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handmatig = models.BooleanField(default=False)
    bepaald_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "routering"
        verbose_name_plural = "routeringen"

    def __str__(self) -> str:
        return f"routering van zaak {self.zaak_id}"


class Toewijzingsdoel(models.TextChoices):
    behandelaar = "behandelaar", "De behandelaar van de zaak (anders het team van de zaak)"
    team = "team", "Een vast team"


class Taaksjabloon(models.Model):
    """A task of the checklist of a zaaktype, created when a zaak reaches the status."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    zaaktype_identificatie = models.CharField("zaaktype", max_length=50)
    statustype_omschrijving = models.CharField(
        "bij status",
        max_length=80,
        help_text="De omschrijving van het statustype waarbij de taak ontstaat.",
    )
    titel = models.CharField(max_length=100)
    omschrijving = models.TextField(blank=True)
    verplicht = models.BooleanField(
        default=True, help_text="De zaak kan niet verder zolang deze taak open staat."
    )
    extern = models.BooleanField(
        default=False, help_text="Een advies of bijdrage van buiten (bijv. politie, brandweer)."
    )
    termijn_dagen = models.PositiveSmallIntegerField(
        "termijn (dagen)", null=True, blank=True, help_text="Deadline: zoveel dagen na aanmaken."
    )
    toewijzen_aan = models.CharField(
        max_length=20, choices=Toewijzingsdoel.choices, default=Toewijzingsdoel.behandelaar
    )
    team = models.ForeignKey(
        "medewerkers.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    volgorde = models.PositiveSmallIntegerField(default=10)
    actief = models.BooleanField(default=True)

    class Meta:
        verbose_name = "taaksjabloon"
        verbose_name_plural = "taaksjablonen"
        ordering = ["gemeente", "zaaktype_identificatie", "statustype_omschrijving", "volgorde"]
        indexes = [
            models.Index(
                fields=["gemeente", "zaaktype_identificatie", "statustype_omschrijving"],
                name="taaksjabloon_status_idx",
            )
        ]

    def __str__(self) -> str:
        return self.titel


class Taaksoort(models.TextChoices):
    taak = "taak", "Taak"
    vier_ogen = "vier_ogen", "Vier-ogencontrole"


class Taakstatus(models.TextChoices):
    open = "open", "Open"
    afgerond = "afgerond", "Afgerond"
    goedgekeurd = "goedgekeurd", "Goedgekeurd"
    afgewezen = "afgewezen", "Afgewezen"
    vervallen = "vervallen", "Vervallen"


class VierOgenActie(models.TextChoices):
    besluit = "besluit", "Besluit vastleggen"
    afsluiten = "afsluiten", "Zaak afsluiten"


class Taak(TenantModel):
    """A piece of work inside a zaak, for a person or a team, with a deadline and a result.

    A vier-ogen task holds an action (a besluit, the closing) that takes effect only when a
    second person with ``goedkeurder_rol`` approves it (services.vierogen).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey("zaken.Zaak", on_delete=models.CASCADE, related_name="taken")
    sjabloon = models.ForeignKey(
        Taaksjabloon, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    soort = models.CharField(max_length=20, choices=Taaksoort.choices, default=Taaksoort.taak)
    titel = models.CharField(max_length=100)
    toelichting = models.TextField(blank=True)
    # The status at which the task arose: a verplichte task blocks moving past it.
    statustype = models.ForeignKey(
        "catalogi.StatusType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verplicht = models.BooleanField(default=False)
    extern = models.BooleanField(default=False)
    team = models.ForeignKey(
        "medewerkers.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    medewerker = models.CharField(max_length=24, blank=True)  # user name; "" = the team
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Taakstatus.choices, default=Taakstatus.open)
    resultaat = models.TextField(blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.CharField(max_length=150, blank=True)
    afgerond_op = models.DateTimeField(null=True, blank=True)
    afgerond_door = models.CharField(max_length=150, blank=True)
    # Vier ogen: the action waiting for approval, who asked, and the role that approves.
    actie = models.CharField(max_length=20, choices=VierOgenActie.choices, blank=True)
    actie_gegevens = models.JSONField(default=dict, blank=True)
    aangevraagd_door = models.CharField(max_length=24, blank=True)
    goedkeurder_rol = models.CharField(max_length=30, choices=Rol.choices, blank=True)

    class Meta:
        verbose_name = "taak"
        verbose_name_plural = "taken"
        indexes = [
            # Werkvoorraad and task lists: a person's and a team's open tasks in exactly the
            # lists' order (deadline, none last, then pk), so a page walks the index and stops
            # at its limit however many tasks share a deadline; the workload's counts per
            # person and per team queue (medewerker "") read the index only.
            models.Index(
                fields=["tenant", "medewerker", "deadline", "id"],
                condition=models.Q(status="open"),
                name="taak_medewerker_rij_idx",
            ),
            models.Index(
                fields=["tenant", "team", "medewerker", "deadline", "id"],
                condition=models.Q(status="open"),
                name="taak_team_rij_idx",
            ),
            models.Index(fields=["zaak", "status"], name="taak_zaak_status_idx"),
            # The approvals waiting in a gemeente for a role (the Goedkeuren list).
            models.Index(
                fields=["tenant", "goedkeurder_rol"],
                condition=models.Q(status="open", soort="vier_ogen"),
                name="taak_goedkeuren_open_idx",
            ),
            # Deadline signals: the open tasks whose deadline is a given day.
            models.Index(
                fields=["deadline"],
                condition=models.Q(status="open"),
                name="taak_deadline_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    @property
    def is_open(self) -> bool:
        return self.status == Taakstatus.open


class VierOgenRegel(models.Model):
    """This action on zaken of this zaaktype needs a second person's approval."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    zaaktype_identificatie = models.CharField("zaaktype", max_length=50)
    actie = models.CharField(max_length=20, choices=VierOgenActie.choices)
    goedkeurder_rol = models.CharField(
        "rol van wie goedkeurt", max_length=30, choices=Rol.choices, default=Rol.teamleider
    )

    class Meta:
        verbose_name = "vier-ogenregel"
        verbose_name_plural = "vier-ogenregels"
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "zaaktype_identificatie", "actie"],
                name="unique_vierogenregel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.zaaktype_identificatie}: {self.get_actie_display()}"
