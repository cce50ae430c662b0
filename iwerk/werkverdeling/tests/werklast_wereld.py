"""A small world for the workload view's tests (test_werklast*.py here and in the werkplek).

Deventer: team Vergunningen with teamleider pjansen (geheim) and behandelaars jdevries
(vertrouwelijk) and mbakker (zaakvertrouwelijk); syilmaz in Burgerzaken. Raalte: teamleider lsmit, and jdevries handles zaken
there too (his Raalte work must never count in Deventer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import demo_medewerker, medewerker
from iwerk.medewerkers.models import Team
from iwerk.medewerkers.roles import Rol
from iwerk.werkverdeling.models import Taak, Taaksoort, Taakstatus
from iwerk.zaken.models import Zaak


@dataclass
class Wereld:
    deventer: Gemeente
    raalte: Gemeente
    vandaag: date
    users: dict[str, User]
    vergunningen: Team
    zaken: dict[str, Zaak] = field(default_factory=dict)
    taken: dict[str, Taak] = field(default_factory=dict)


def taak(zaak: Zaak, titel: str, *, medewerker: str = "", team: Team | None = None,
         deadline: date | None = None, **velden) -> Taak:  # fmt: skip
    return Taak.objects.create(
        tenant_id=zaak.tenant_id,
        zaak=zaak,
        titel=titel,
        medewerker=medewerker,
        team=team,
        deadline=deadline,
        **velden,
    )


def bouw_wereld(gemeenten: dict[str, Gemeente]) -> Wereld:
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    users = {
        u: demo_medewerker(gemeenten, u)
        for u in ("pjansen", "jdevries", "mbakker", "syilmaz", "lsmit", "rmeijer")
    }
    # jdevries handles vertrouwelijke zaken too (mbakker does not); and works in Raalte.
    medewerker(deventer, "jdevries", Rol.behandelaar, team="Vergunningen", maximum="vertrouwelijk")
    medewerker(raalte, "jdevries", Rol.behandelaar, team="Publiekszaken")
    vandaag = timezone.localdate()
    w = Wereld(
        deventer=deventer,
        raalte=raalte,
        vandaag=vandaag,
        users=users,
        vergunningen=Team.objects.get(gemeente=deventer, naam="Vergunningen"),
    )
    kap = build.gepubliceerd_zaaktype(
        build.catalogus(deventer), "KAP", omschrijving="Kapvergunning"
    )
    mor = build.gepubliceerd_zaaktype(build.catalogus(raalte), "MOR")

    def zaak(sleutel: str, zaaktype=kap, *, behandelaar: str | None = None, dagen: int = 30,
             **kwargs) -> Zaak:  # fmt: skip
        w.zaken[sleutel] = bouw.zaak(
            zaaktype,
            omschrijving=f"Zaak {sleutel}",
            behandelaar=users[behandelaar] if behandelaar else None,
            uiterlijke_einddatum_afdoening=vandaag + timedelta(days=dagen),
            **kwargs,
        )
        return w.zaken[sleutel]

    zaak("j1", behandelaar="jdevries", dagen=-3)  # te laat
    zaak("j2", behandelaar="jdevries", dagen=20)
    zaak("j3", behandelaar="jdevries", dagen=5, vertrouwelijkheid="vertrouwelijk")  # not mbakker
    bouw.afsluiten(zaak("j-dicht", behandelaar="jdevries", dagen=-10))
    zaak("m1", behandelaar="mbakker", dagen=-1)  # te laat
    zaak("s1", behandelaar="syilmaz", dagen=-1)
    zaak("q1", dagen=-2)  # the team queue of Vergunningen, te laat
    Zaak.objects.filter(pk=w.zaken["q1"].pk).update(team=w.vergunningen)
    zaak("i1")  # the intake
    zaak("i2", dagen=-4)  # the intake, te laat
    zaak("r1", mor, behandelaar="jdevries", dagen=-5)  # jdevries in Raalte
    zaak("r2", mor, dagen=-5)  # Raalte's intake
    for z in w.zaken.values():
        z.refresh_from_db()

    gisteren, volgende_week = vandaag - timedelta(days=1), vandaag + timedelta(days=7)
    vergunningen = w.vergunningen
    w.taken = {
        "t1": taak(w.zaken["j1"], "Advies vragen", medewerker="jdevries", deadline=gisteren),
        "t2": taak(
            w.zaken["j2"],
            "Locatie bekijken",
            medewerker="jdevries",
            deadline=volgende_week,
            team=vergunningen,
        ),
        "t3": taak(w.zaken["j3"], "Geheim overleg", medewerker="jdevries"),
        "t-af": taak(w.zaken["j2"], "Klaar", medewerker="jdevries", status=Taakstatus.afgerond),
        "t4": taak(w.zaken["m1"], "Verslag", medewerker="mbakker", deadline=volgende_week),
        "t5": taak(w.zaken["q1"], "Team", team=vergunningen, deadline=gisteren),
        "r": taak(w.zaken["r1"], "Raalte", medewerker="jdevries", deadline=gisteren),
        # An approval waits for the team's teamleider (services.vierogen), never for one person.
        "vo": taak(
            w.zaken["j2"],
            "Besluit goedkeuren",
            team=vergunningen,
            soort=Taaksoort.vier_ogen,
            goedkeurder_rol=Rol.teamleider,
            aangevraagd_door="jdevries",
        ),
    }
    return w
