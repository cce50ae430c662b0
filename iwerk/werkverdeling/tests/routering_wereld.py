"""The small world of the routing tests: Deventer's meldingen openbare ruimte with three rules
(a category, a wijk, the rest), the teams and people they name, and Raalte beside it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.medewerkers import medewerker
from iwerk.core.testing.zaken import ALLES, aanvrager
from iwerk.medewerkers import services as medewerkers
from iwerk.medewerkers.models import Team
from iwerk.medewerkers.roles import Rol
from iwerk.werkverdeling.models import Routeringsregel
from iwerk.werkverdeling.services.routering import regel_opslaan
from iwerk.zaken.models import Zaak
from iwerk.zaken.services import ZaakGegevens
from iwerk.zaken.services.aanvraag import register_aanvraag

# Deventer's centre, and a point in it (the Brink), in EPSG:4326: [lengte, breedte].
CENTRUM = {
    "type": "Polygon",
    "coordinates": [[[6.15, 52.24], [6.17, 52.24], [6.17, 52.26], [6.15, 52.26], [6.15, 52.24]]],
}
BRINK = {"type": "Point", "coordinates": [6.1602, 52.2511]}
COLMSCHATE = {"type": "Point", "coordinates": [6.2231, 52.2403]}


@dataclass
class Wereld:
    gemeenten: dict[str, Gemeente]
    mor: ZaakType
    geheim: ZaakType  # Deventer's datalekken, without rules
    bor: Team  # Beheer Openbare Ruimte: the rest of the meldingen
    verlichting: Team  # the category Straatverlichting, handled by lvos
    centrum: Team  # meldingen in the centre
    raalte: Team
    jdevries: User  # behandelaar in BOR, up to zaakvertrouwelijk
    lvos: User  # behandelaar in Verlichting, up to zaakvertrouwelijk
    pjansen: User  # teamleider in BOR, up to geheim
    rmeijer: User  # Raalte only
    categorie: Routeringsregel
    wijk: Routeringsregel
    rest: Routeringsregel


def bouw(gemeenten: dict[str, Gemeente]) -> Wereld:
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    catalogus = build.catalogus(deventer)
    mor = build.demo_zaaktype(catalogus, "MOR")  # eigenschappen locatie, categorie; openbaar
    geheim = build.gepubliceerd_zaaktype(
        catalogus, "DATALEK", omschrijving="Melding datalek", vertrouwelijkheid="geheim"
    )
    build.gepubliceerd_zaaktype(build.catalogus(raalte), "MOR", omschrijving="Melding")
    bor = medewerkers.team(deventer, "Beheer Openbare Ruimte")
    verlichting = medewerkers.team(deventer, "Verlichting")
    centrum = medewerkers.team(deventer, "Wijkteam Centrum")
    raalte_team = medewerkers.team(raalte, "Publiekszaken")
    jdevries = medewerker(deventer, "jdevries", team="Beheer Openbare Ruimte")
    lvos = medewerker(deventer, "lvos", team="Verlichting", voornaam="Lisa", achternaam="Vos")
    pjansen = medewerker(
        deventer, "pjansen", Rol.teamleider, team="Beheer Openbare Ruimte", maximum="geheim"
    )
    rmeijer = medewerker(raalte, "rmeijer", team="Publiekszaken")

    def regel(volgorde: int, team: Team, **velden) -> Routeringsregel:
        return regel_opslaan(
            regel=Routeringsregel(
                gemeente=deventer,
                zaaktype_identificatie="MOR",
                volgorde=volgorde,
                team=team,
                **velden,
            )
        )

    return Wereld(
        gemeenten=gemeenten,
        mor=mor,
        geheim=geheim,
        bor=bor,
        verlichting=verlichting,
        centrum=centrum,
        raalte=raalte_team,
        jdevries=jdevries,
        lvos=lvos,
        pjansen=pjansen,
        rmeijer=rmeijer,
        categorie=regel(
            10,
            verlichting,
            eigenschap_naam="categorie",
            eigenschap_waarde="Straatverlichting",
            medewerker=lvos,
        ),
        wijk=regel(20, centrum, wijk_naam="Centrum", wijk=CENTRUM),
        rest=regel(100, bor),
    )


def melding(
    zaaktype: ZaakType,
    *,
    categorie: str = "",
    geometrie: dict | None = None,
    vertrouwelijkheid: str = "",
) -> Zaak:
    """A zaak as the portaal and the intake register it: the zaak, then its eigenschappen."""
    gemeente = zaaktype.tenant
    zaak = register_aanvraag(
        actor=ALLES,
        zaaktype=zaaktype,
        gegevens=ZaakGegevens(
            bronorganisatie=gemeente.rsin,
            verantwoordelijke_organisatie=gemeente.rsin,
            startdatum=timezone.localdate(),
            omschrijving="Melding",
            zaakgeometrie=geometrie,
            vertrouwelijkheidaanduiding=vertrouwelijkheid,
        ),
        initiator=aanvrager(),
        kanaal="internet",
        eigenschappen={"categorie": categorie} if categorie else None,
    )
    zaak.refresh_from_db()
    return zaak
