"""The small world of the task and vier-ogen tests: Deventer's evenementenvergunning with a
checklist at "Advies hulpdiensten gevraagd" (advies politie and brandweer, verplicht; a
veiligheidsplan, not), vier-ogen rules for the besluit and the closing, its staff, and Raalte's
teamleider beside it. Built through the services, as beheer and the werkplek make it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers import services as medewerkers
from iwerk.medewerkers.actor import Werkplekcontext, context_for
from iwerk.medewerkers.models import Team
from iwerk.medewerkers.roles import Rol
from iwerk.werkverdeling.models import Taaksjabloon, Toewijzingsdoel, VierOgenActie, VierOgenRegel
from iwerk.werkverdeling.services import taken, vierogen
from iwerk.zaken.models import Zaak

ADVIES = "Advies hulpdiensten gevraagd"
STATUSSEN = ("Aanvraag ontvangen", ADVIES, "Besluit genomen", "Afgehandeld")


@dataclass
class Wereld:
    gemeenten: dict[str, Gemeente]
    evenement: ZaakType  # zaakvertrouwelijk, with besluittype "Evenementenvergunning"
    vergunningen: Team
    kcc: Team
    jdevries: User  # behandelaar, Vergunningen, up to zaakvertrouwelijk
    mbakker: User  # behandelaar, Vergunningen
    pjansen: User  # teamleider, Vergunningen, up to geheim
    hvos: User  # a second teamleider of Deventer
    fhendriks: User  # KCC, reads zaken only
    lsmit: User  # teamleider in Raalte only
    raalte_team: Team


def bouw_wereld(gemeenten: dict[str, Gemeente], *, vier_ogen: bool = True) -> Wereld:
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    evenement = build.gepubliceerd_zaaktype(
        build.catalogus(deventer),
        "EVENEMENT",
        omschrijving="Evenementenvergunning",
        statussen=STATUSSEN,
        resultaten=("Verleend", "Geweigerd"),
        besluittypen=("Evenementenvergunning",),
    )
    build.gepubliceerd_zaaktype(build.catalogus(raalte), "EVENEMENT", statussen=STATUSSEN)
    wereld = Wereld(
        gemeenten=gemeenten,
        evenement=evenement,
        vergunningen=medewerkers.team(deventer, "Vergunningen"),
        kcc=medewerkers.team(deventer, "Klantcontactcentrum"),
        jdevries=medewerker(deventer, "jdevries", team="Vergunningen", achternaam="de Vries"),
        mbakker=medewerker(deventer, "mbakker", team="Vergunningen", achternaam="Bakker"),
        pjansen=medewerker(
            deventer,
            "pjansen",
            Rol.teamleider,
            team="Vergunningen",
            maximum="geheim",
            achternaam="Jansen",
        ),
        hvos=medewerker(deventer, "hvos", Rol.teamleider, team="Vergunningen", achternaam="Vos"),
        fhendriks=medewerker(deventer, "fhendriks", Rol.kcc_medewerker, team="Klantcontactcentrum"),
        lsmit=medewerker(raalte, "lsmit", Rol.teamleider, team="Publiekszaken", maximum="geheim"),
        raalte_team=medewerkers.team(raalte, "Publiekszaken"),
    )
    for volgorde, (titel, verplicht, extern) in enumerate(
        (
            ("Advies politie", True, True),
            ("Advies brandweer", True, True),
            ("Veiligheidsplan beoordelen", False, False),
        )
    ):
        taken.sjabloon_opslaan(
            Taaksjabloon(
                gemeente=deventer,
                zaaktype_identificatie="EVENEMENT",
                statustype_omschrijving=ADVIES,
                titel=titel,
                verplicht=verplicht,
                extern=extern,
                termijn_dagen=14,
                toewijzen_aan=Toewijzingsdoel.behandelaar,
                volgorde=volgorde,
            )
        )
    if vier_ogen:
        for actie in (VierOgenActie.besluit, VierOgenActie.afsluiten):
            vierogen.regel_opslaan(
                VierOgenRegel(
                    gemeente=deventer,
                    zaaktype_identificatie="EVENEMENT",
                    actie=actie,
                    goedkeurder_rol=Rol.teamleider,
                )
            )
    return wereld


def context(user: User, gemeente: Gemeente) -> Werkplekcontext:
    found = context_for(user, gemeente.pk)
    assert found is not None
    return found


def evenementzaak(wereld: Wereld, *, behandelaar: str | None = "jdevries", **kwargs) -> Zaak:
    """A new zaak of the evenementenvergunning, assigned to behandelaar (a user name of the
    world; None: nobody), in team Vergunningen's queue."""
    zaak = bouw.zaak(
        wereld.evenement,
        omschrijving="Koningsdag op de Brink",
        behandelaar=getattr(wereld, behandelaar) if behandelaar else None,
        **kwargs,
    )
    Zaak.objects.filter(pk=zaak.pk).update(team=wereld.vergunningen)
    zaak.refresh_from_db()
    return zaak


def bij_advies(wereld: Wereld, **kwargs) -> Zaak:
    """A zaak that reached "Advies hulpdiensten gevraagd": its three checklist tasks are open."""
    zaak = evenementzaak(wereld, **kwargs)
    bouw.status(zaak, ADVIES)
    zaak.refresh_from_db()
    return zaak
