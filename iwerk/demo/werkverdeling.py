"""The demo's work distribution (issue 29): per gemeente, routing rules for every demo zaaktype,
the checklists of tasks and the vier-ogen rules, letter templates; afterwards the demo's zaken
routed, a few of them with their tasks, one handler away, and the first deadline signals.

Every rule goes through the beheer services (the same checks as the admin). Idempotent: a
gemeente that has rules already is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from iwerk.catalogi.demo import ACTOR
from iwerk.catalogi.models import StatusType
from iwerk.core.models import Gemeente
from iwerk.medewerkers import services as medewerkers
from iwerk.medewerkers.roles import Rol
from iwerk.signaleringen.services import lezen, termijnen
from iwerk.werkverdeling.models import (
    Routeringsregel,
    Taaksjabloon,
    VierOgenActie,
    VierOgenRegel,
)
from iwerk.werkverdeling.services import routering, taken, vierogen
from iwerk.zaken.models import Zaak
from iwerk.zaken.services import set_status

# The Binnenstad of Deventer, roughly (WGS84, [lengte, breedte]): the Brink lies inside.
BINNENSTAD = {
    "type": "Polygon",
    "coordinates": [[[6.15, 52.24], [6.17, 52.24], [6.17, 52.26], [6.15, 52.26], [6.15, 52.24]]],
}


@dataclass(frozen=True)
class Regel:
    zaaktype: str
    team: str
    medewerker: str = ""
    volgorde: int = 100
    eigenschap: tuple[str, str] | None = None
    wijk: tuple[str, dict] | None = None


_SOCIAAL = ("WMO-MAATWERK", "PW-LEVENSONDERHOUD", "JEUGDHULP", "DATALEK")

ROUTERING: dict[str, tuple[Regel, ...]] = {
    "deventer": (
        Regel("MOR", "Burgerzaken", "syilmaz", 10, eigenschap=("categorie", "Afval")),
        # Other meldingen wait in the intake, where the teamleider sorts them out.
        Regel("MOR", "Vergunningen", volgorde=20, wijk=("Binnenstad", BINNENSTAD)),
        Regel("EVENEMENT", "Vergunningen", "mbakker"),
        Regel("WOO-VERZOEK", "Vergunningen"),
        Regel("PARKEERVERGUNNING", "Burgerzaken", "syilmaz"),
        Regel("WMO-MAATWERK", "Wmo", "ewillems"),
        Regel("PW-LEVENSONDERHOUD", "Wmo", "ewillems"),
        # Jeugdhulp is confidentieel: of team Wmo only its teamleider reaches it.
        Regel("JEUGDHULP", "Wmo", "abrouwer"),
        Regel("DATALEK", "Vergunningen", "pjansen"),
    ),
    "olst-wijhe": (
        Regel(
            "MOR", "Team Leefomgeving", "kvisser", 10, eigenschap=("categorie", "Straatverlichting")
        ),
        Regel("MOR", "Team Leefomgeving"),
        Regel("EVENEMENT", "Team Leefomgeving"),
        Regel("PARKEERVERGUNNING", "Team Leefomgeving"),
        Regel("WOO-VERZOEK", "Team Leefomgeving"),
        *(Regel(zaaktype, "Sociaal domein", "wdijkstra") for zaaktype in _SOCIAAL),
    ),
    "raalte": (
        Regel("MOR", "Publiekszaken", "rmeijer", 10, eigenschap=("categorie", "Straatverlichting")),
        Regel("MOR", "Publiekszaken"),
        Regel("PARKEERVERGUNNING", "Publiekszaken"),
        Regel("EVENEMENT", "Publiekszaken"),
        Regel("WOO-VERZOEK", "Publiekszaken"),
        *(Regel(zaaktype, "Sociaal domein", "bjacobs") for zaaktype in _SOCIAAL),
    ),
}

# (zaaktype, status, titel, verplicht, termijn in dagen, extern)
TAKEN: tuple[tuple[str, str, str, bool, int | None, bool], ...] = (
    (
        "WMO-MAATWERK",
        "Onderzoek (keukentafelgesprek)",
        "Keukentafelgesprek plannen",
        True,
        5,
        False,
    ),
    (
        "WMO-MAATWERK",
        "Onderzoek (keukentafelgesprek)",
        "Verslag keukentafelgesprek",
        True,
        14,
        False,
    ),
    ("WMO-MAATWERK", "Onderzoek (keukentafelgesprek)", "Advies ergotherapeut", False, 21, True),
    (
        "JEUGDHULP",
        "Onderzoek (keukentafelgesprek)",
        "Gesprek met ouders en jeugdige",
        True,
        10,
        False,
    ),
    ("JEUGDHULP", "Onderzoek (keukentafelgesprek)", "Verslag en advies", True, 21, False),
    (
        "PW-LEVENSONDERHOUD",
        "Gegevens opgevraagd",
        "Bewijsstukken inkomen controleren",
        True,
        10,
        False,
    ),
    ("MOR", "In behandeling", "Ter plekke beoordelen", False, 3, False),
    ("MOR", "In behandeling", "Herstel uitvoeren", True, 5, False),
    ("EVENEMENT", "Advies hulpdiensten gevraagd", "Advies politie", True, 14, True),
    ("EVENEMENT", "Advies hulpdiensten gevraagd", "Advies brandweer", True, 14, True),
    ("EVENEMENT", "Advies hulpdiensten gevraagd", "Advies GHOR", False, 14, True),
    ("PARKEERVERGUNNING", "Aanvraag ontvangen", "Kenteken controleren (RDW)", True, 3, False),
    ("WOO-VERZOEK", "Documenten verzameld", "Documenten inventariseren", True, 10, False),
    ("WOO-VERZOEK", "Zienswijzen gevraagd", "Zienswijzen derden verwerken", True, 14, False),
    ("DATALEK", "Gemeld", "Risico beoordelen (AVG art. 33)", True, 1, False),
)
VIER_OGEN: tuple[tuple[str, str], ...] = (
    *(
        (zaaktype, VierOgenActie.besluit)
        for zaaktype in (
            "WMO-MAATWERK",
            "JEUGDHULP",
            "PW-LEVENSONDERHOUD",
            "EVENEMENT",
            "WOO-VERZOEK",
        )
    ),
    ("DATALEK", VierOgenActie.afsluiten),
)
# Demo zaken that reach a status with a checklist, per gemeente and zaaktype: their tasks show.
MET_TAKEN = 3
AFWEZIG = ("deventer", "pjansen", "jdevries", 14)  # gemeente, teamleider, handler, days


def load_werkverdeling(gemeente: Gemeente) -> bool:
    """Rules, checklists and approvals for gemeente, after its catalogue and staff; False when
    they were there already."""
    if Routeringsregel.objects.filter(gemeente=gemeente).exists():
        return False
    gebruikers = {u.username: u for u in get_user_model().objects.all()}
    for regel in ROUTERING[gemeente.slug]:
        routering.regel_opslaan(
            regel=Routeringsregel(
                gemeente=gemeente,
                zaaktype_identificatie=regel.zaaktype,
                volgorde=regel.volgorde,
                team=medewerkers.team(gemeente, regel.team),
                medewerker=gebruikers.get(regel.medewerker) if regel.medewerker else None,
                eigenschap_naam=regel.eigenschap[0] if regel.eigenschap else "",
                eigenschap_waarde=regel.eigenschap[1] if regel.eigenschap else "",
                wijk_naam=regel.wijk[0] if regel.wijk else "",
                wijk=regel.wijk[1] if regel.wijk else None,
            )
        )
    for volgorde, (zaaktype, status, titel, verplicht, dagen, extern) in enumerate(TAKEN):
        taken.sjabloon_opslaan(
            Taaksjabloon(
                gemeente=gemeente,
                zaaktype_identificatie=zaaktype,
                statustype_omschrijving=status,
                titel=titel,
                verplicht=verplicht,
                extern=extern,
                termijn_dagen=dagen,
                volgorde=volgorde,
            )
        )
    for zaaktype, actie in VIER_OGEN:
        vierogen.regel_opslaan(
            VierOgenRegel(
                gemeente=gemeente,
                zaaktype_identificatie=zaaktype,
                actie=actie,
                goedkeurder_rol=Rol.teamleider,
            )
        )
    return True


def na_het_laden(gemeenten: list[Gemeente]) -> None:
    """After the case load: route the zaken that came in bulk, give a few open zaken of each
    checklist's zaaktype their tasks (their status set once more, through the status service),
    one Deventer handler away for two weeks, one account mailed at once, and the first deadline
    signals."""
    nu = timezone.now()
    for gemeente in gemeenten:
        routering.routeer_open_zaken(gemeente.pk)
        for zaaktype, status in {(t[0], t[1]) for t in TAKEN}:
            statustype = (
                StatusType.objects.filter(
                    zaaktype__tenant=gemeente,
                    zaaktype__identificatie=zaaktype,
                    zaaktype__concept=False,
                    omschrijving=status,
                )
                .order_by("-zaaktype__versiedatum", "-pk")
                .first()
            )
            if statustype is None:
                continue
            zaken = Zaak.objects.filter(
                tenant=gemeente,
                zaaktype_id=statustype.zaaktype_id,
                einddatum__isnull=True,
                taken__isnull=True,
                huidige_statustype__volgnummer__lt=statustype.volgnummer,
            ).exclude(behandelaar="")
            for zaak in zaken.order_by("uiterlijke_einddatum_afdoening", "pk")[:MET_TAKEN]:
                set_status(
                    actor=ACTOR,
                    zaak=zaak,
                    statustype=statustype,
                    datum_status_gezet=nu,
                    statustoelichting="Demo: de taken van deze status staan klaar.",
                )
    slug, teamleider, handler, dagen = AFWEZIG
    gebruikers = get_user_model().objects.in_bulk([teamleider, handler], field_name="username")
    gemeente = next(g for g in gemeenten if g.slug == slug)
    if handler in gebruikers and teamleider in gebruikers:
        medewerkers.afwezig_melden(
            door=gebruikers[teamleider],
            gemeente=gemeente,
            gebruiker=gebruikers[handler],
            afwezig_tot=timezone.localdate() + timedelta(days=dagen),
        )
    mira = get_user_model().objects.filter(username="mbakker").first()
    if mira is not None:
        lezen.email_instellen(gebruiker_id=mira.pk, email="direct")
    termijnen.signaleren()
