"""Staff: teams, role assignments per gemeente, and the once-only record of their form posts.

The tables kept the names they had when these models lived in the werkplek (``db_table``): the
move to this app changed no row (migrations medewerkers 0001 and werkplek 0003).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.core.models import Gemeente
from iwerk.medewerkers.roles import Rol


class Team(models.Model):
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="teams")
    naam = models.CharField(max_length=100)

    class Meta:
        db_table = "werkplek_team"
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["gemeente__naam", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "naam"], name="unique_team_per_gemeente")
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.gemeente})"


class Roltoewijzing(models.Model):
    """One role of one user in one gemeente, up to a vertrouwelijkheidaanduiding."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="werkplekrollen"
    )
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    rol = models.CharField(max_length=30, choices=Rol.choices)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="leden"
    )
    max_vertrouwelijkheidaanduiding = models.CharField(
        "maximale vertrouwelijkheid",
        max_length=20,
        choices=Vertrouwelijkheidaanduiding.choices,
        default=Vertrouwelijkheidaanduiding.zaakvertrouwelijk,
        help_text="Zaken en documenten boven dit niveau ziet deze medewerker niet.",
    )

    class Meta:
        db_table = "werkplek_roltoewijzing"
        verbose_name = "roltoewijzing"
        verbose_name_plural = "roltoewijzingen"
        constraints = [
            models.UniqueConstraint(
                fields=["gebruiker", "gemeente", "rol"], name="unique_rol_per_gemeente"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} — {self.get_rol_display()} ({self.gemeente})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.team_id and self.team is not None and self.team.gemeente_id != self.gemeente_id:
            raise ValidationError({"team": "Het team hoort bij een andere gemeente."})


class Formulierverzending(models.Model):
    """A form post that changed something, by its one-time token: a second post of the same
    form (double click, back button) finds it here and changes nothing again (``formulieren``)."""

    token = models.CharField(max_length=64, unique=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    resultaat_url = models.CharField(max_length=300)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "werkplek_formulierverzending"
        verbose_name = "formulierverzending"
        verbose_name_plural = "formulierverzendingen"

    def __str__(self) -> str:
        return self.token


class Afwezigheid(models.Model):
    """A staff member away until a date (sick leave, holiday): while it lasts, their signals go
    to their teams and the teamleider sees their zaken for redistribution (iwerk.werkverdeling).

    One row per person, for every gemeente they work for; gone (deleted) once they are back.
    """

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="afwezigheid"
    )
    afwezig_tot = models.DateField(
        "afwezig tot en met", help_text="De laatste dag van de afwezigheid."
    )
    gemeld_door = models.CharField(max_length=150, blank=True)
    gemeld_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "afwezigheid"
        verbose_name_plural = "afwezigheden"

    def __str__(self) -> str:
        return f"{self.gebruiker} afwezig tot en met {self.afwezig_tot:%d-%m-%Y}"
