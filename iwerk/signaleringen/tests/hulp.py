"""A small Deventer for the signals: team Vergunningen (jdevries, mbakker; teamleider pjansen up
to geheim; manager, who reads no zaken), syilmaz alone in Burgerzaken, and Raalte's rmeijer in a
team of the same name. Built per test; events are published as the services would."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.models import Team
from iwerk.medewerkers.roles import Rol
from iwerk.signaleringen.models import Signalering
from iwerk.zaken.models import Zaak


@dataclass
class Wereld:
    deventer: Gemeente
    raalte: Gemeente
    zaaktype: ZaakType
    team: Team
    users: dict[str, User]

    def zaak(self, **kwargs) -> Zaak:
        return bouw.zaak(self.zaaktype, **kwargs)


def maak_wereld(gemeenten: dict[str, Gemeente]) -> Wereld:
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    users = {
        "jdevries": medewerker(deventer, "jdevries", team="Vergunningen"),
        "mbakker": medewerker(deventer, "mbakker", team="Vergunningen"),
        "pjansen": medewerker(
            deventer, "pjansen", Rol.teamleider, team="Vergunningen", maximum="geheim"
        ),
        "manager": medewerker(
            deventer, "manager", Rol.management, team="Vergunningen", maximum="geheim"
        ),
        "syilmaz": medewerker(deventer, "syilmaz", team="Burgerzaken"),
        "rmeijer": medewerker(raalte, "rmeijer", team="Vergunningen"),
    }
    zaaktype = build.gepubliceerd_zaaktype(build.catalogus(deventer), "KAP")
    return Wereld(
        deventer=deventer,
        raalte=raalte,
        zaaktype=zaaktype,
        team=Team.objects.get(gemeente=deventer, naam="Vergunningen"),
        users=users,
    )


def ontvangers(soort: str | None = None) -> dict[str, list[str]]:
    """user name -> the namens of each signal they received (of soort)."""
    qs = Signalering.objects.all() if soort is None else Signalering.objects.filter(soort=soort)
    result: dict[str, list[str]] = {}
    for username, namens in qs.order_by("pk").values_list("gebruiker__username", "namens"):
        result.setdefault(username, []).append(namens)
    return result
