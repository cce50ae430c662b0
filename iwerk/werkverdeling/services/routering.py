"""Routing of new zaken to a team queue (and optionally a person), per gemeente and zaaktype
(ADR 0059).

A new zaak, whatever its channel (portaal, API, werkplek intake), is announced by the Zaken
services as ZaakAangemaakt; `zaak_aangemaakt` hears it inside the creating transaction and
tries the gemeente's active rules for the zaaktype (every version: by identificatie) in their
`volgorde`. The first rule whose conditions hold puts the zaak in its team (and gives it to the
rule's medewerker when they may see it); without one the zaak stays in the intake (team null).
Every routed zaak gets a `Routering` row saying how.

The portaal and the API add eigenschappen and objects after the zaak itself: `on_change` routes
again when one is added, as long as nobody moved the zaak by hand (`team_kiezen`) and no person
chose its behandelaar.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from shapely.errors import GEOSException
from shapely.geometry import shape

from iwerk.catalogi.models import Catalogus
from iwerk.core import generations, geo
from iwerk.core.api.actor import Actor, Grant
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.core.audit import Change
from iwerk.core.choices import Vertrouwelijkheidaanduiding, vertrouwelijkheid_rank
from iwerk.medewerkers import selectors as medewerkers
from iwerk.medewerkers.models import Team
from iwerk.werkverdeling.models import Routering, Routeringsregel
from iwerk.werkverdeling.selectors import routering as selectors
from iwerk.zaken.gebeurtenissen import ZaakAangemaakt
from iwerk.zaken.models import Zaak, ZaakEigenschap
from iwerk.zaken.services import toewijzing

SYSTEEMNAAM = "iwerk routering"
_SCOPES = frozenset({"zaken.lezen", "zaken.bijwerken"})
# The changes after which a zaak still routed automatically is routed again.
_OPNIEUW = frozenset({"zaakeigenschap", "zaakobject"})


def systeemactor(gemeente_id: int) -> Actor:
    """Who routes: reading and changing zaken of this gemeente's catalogi only (any
    vertrouwelijkheid), named "iwerk routering" in the audit trail and the notifications."""
    catalogus_ids = Catalogus.objects.filter(tenant_id=gemeente_id).values_list("pk", flat=True)
    return Actor(
        client_id="iwerk-routering",
        applicatie_uuid=None,
        applicatie_label=SYSTEEMNAAM,
        heeft_alle_autorisaties=False,
        grants=tuple(
            Grant(component="zrc", scopes=_SCOPES, catalogus_id=catalogus_id)
            for catalogus_id in catalogus_ids
        ),
        catalogi_tenant_ids=frozenset({gemeente_id}),
        user_id=SYSTEEMNAAM,
        user_representation=SYSTEEMNAAM,
    )


# --- consumers (iwerk/verbindingen.py) ----------------------------------------------------------


def zaak_aangemaakt(event: ZaakAangemaakt) -> None:
    """Route the new zaak, whatever its channel. No statement for a zaaktype without rules in its
    gemeente (the cached set of zaaktypen with rules): it stays in the intake, and without a
    Routering row, as nothing could route it. Otherwise the rules, the Routering row, and what
    the fitting rule does."""
    zaak = event.zaak
    if zaak is None:
        zaak = Zaak.objects.select_related("zaaktype").get(pk=event.zaak_id)
    if zaak.zaaktype.identificatie not in selectors.zaaktypen_met_regels(zaak.tenant_id):
        return
    regels = selectors.regels_voor_zaak(zaak.pk)
    regel = eerste_passende(zaak, regels)
    Routering.objects.create(zaak_id=zaak.pk, regel=regel)
    if regel is not None:
        _toepassen(zaak, regel, vorige=None)


def on_change(change: Change) -> None:
    """Route again when an eigenschap or object is added to a zaak that is still routed
    automatically: not moved by hand, no behandelaar chosen by a person, still open.

    Hears every audited change of the registers: anything else returns before any query.
    """
    if change.resource not in _OPNIEUW or change.actie != "create" or change.kanaal != "zaken":
        return
    zaak = change.hoofd
    if not isinstance(zaak, Zaak) or zaak.einddatum is not None:
        return
    routering = selectors.routering_van(zaak.pk)
    if routering is None or routering.handmatig:
        return
    vorige = routering.regel
    if zaak.behandelaar and zaak.behandelaar != _medewerker_van(vorige):
        return  # a person chose the behandelaar: the zaak is in hand
    regel = eerste_passende(zaak, selectors.regels_voor_zaak(zaak.pk))
    if (regel.pk if regel else None) == routering.regel_id:
        return
    routering.regel = regel
    routering.bepaald_op = timezone.now()
    routering.save(update_fields=["regel", "bepaald_op"])
    _toepassen(zaak, regel, vorige=vorige)


# --- rules --------------------------------------------------------------------------------------


def eerste_passende(zaak: Zaak, regels: list[Routeringsregel]) -> Routeringsregel | None:
    """The first of regels (in their order) whose conditions the zaak meets, or None.

    An eigenschap condition holds when the zaak has a zaakeigenschap of that name with that
    value (both without regard to case or surrounding spaces); a wijk condition when the zaak's
    zaakgeometrie lies in the rule's wijk (a point of it: a zaak across a border belongs to one
    wijk). The zaak's eigenschappen are read once, and only when a rule asks for one.
    """
    eigenschappen = _eigenschappen(zaak.pk)
    for regel in regels:
        if regel.eigenschap_naam and (
            _schoon(regel.eigenschap_waarde)
            not in eigenschappen().get(_schoon(regel.eigenschap_naam), set())
        ):
            continue
        if regel.wijk and not _in_wijk(zaak.zaakgeometrie, regel.wijk):
            continue
        return regel
    return None


def _schoon(tekst: str) -> str:
    return tekst.strip().casefold()


def _eigenschappen(zaak_id: int) -> Callable[[], dict[str, set[str]]]:
    gelezen: dict[str, set[str]] | None = None

    def lees() -> dict[str, set[str]]:
        nonlocal gelezen
        if gelezen is None:
            gelezen = {}
            for naam, waarde in ZaakEigenschap.objects.filter(zaak_id=zaak_id).values_list(
                "naam", "waarde"
            ):
                gelezen.setdefault(_schoon(naam), set()).add(_schoon(waarde))
        return gelezen

    return lees


def _in_wijk(zaakgeometrie: dict | None, wijk: dict) -> bool:
    """Both GeoJSON in EPSG:4326 ([lengte, breedte]: what the Zaken API stores, core.geo)."""
    if not zaakgeometrie:
        return False
    try:
        return bool(shape(wijk).covers(shape(zaakgeometrie).representative_point()))
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, GEOSException):
        return False  # a stored geometry that is no longer valid fits nothing


def _medewerker_van(regel: Routeringsregel | None) -> str:
    return regel.medewerker.get_username() if regel and regel.medewerker else ""


def _toepassen(
    zaak: Zaak, regel: Routeringsregel | None, *, vorige: Routeringsregel | None
) -> None:
    """The zaak to regel's team (None: the intake) and, when the zaak has no behandelaar but the
    one an earlier rule gave it, to regel's medewerker if they may see it."""
    actor = systeemactor(zaak.tenant_id)
    zaak = toewijzing.team_toewijzen(actor=actor, zaak=zaak, team=regel.team if regel else None)
    eerder = _medewerker_van(vorige)
    if zaak.behandelaar and zaak.behandelaar != eerder:
        return  # a person chose the behandelaar
    gebruiker = regel.medewerker if regel else None
    if gebruiker is not None and not toewijzing.waarom_niet_toewijsbaar(
        zaak, gebruiker.get_username()
    ):
        if zaak.behandelaar != gebruiker.get_username():
            toewijzing.assign(
                actor=actor,
                zaak=zaak,
                medewerker=toewijzing.Medewerker(
                    identificatie=gebruiker.get_username(),
                    achternaam=gebruiker.last_name or gebruiker.get_username(),
                    voorletters=f"{gebruiker.first_name[0]}." if gebruiker.first_name else "",
                ),
                toelichting="Behandelaar (routering)",
            )
    elif eerder and zaak.behandelaar == eerder:
        toewijzing.release(actor=actor, zaak=zaak)  # the earlier rule's person no longer fits


# --- a person's choice --------------------------------------------------------------------------


@transaction.atomic
def team_kiezen(*, actor: Actor, zaak: Zaak, team: Team | None) -> Zaak:
    """A teamleider puts the zaak in a team's queue, or (team None) back in the intake: then it
    also has no behandelaar any more, as the intake holds only zaken nobody handles.

    Rules: those of zaken.services.toewijzing.team_toewijzen (the actor may change the zaak;
    the team is of its gemeente). The zaak is routed by hand from now on: a later eigenschap
    does not move it again. Raises ValidationFailed or PermissionDenied.
    """
    zaak = toewijzing.team_toewijzen(actor=actor, zaak=zaak, team=team)
    if team is None:
        toewijzing.release(actor=actor, zaak=zaak)
    Routering.objects.update_or_create(
        zaak_id=zaak.pk, defaults={"handmatig": True, "bepaald_op": timezone.now()}
    )
    return zaak


# --- beheer -------------------------------------------------------------------------------------


def controleer_regel(regel: Routeringsregel) -> None:
    """Check a rule before it is saved; every fault at once, on the field it concerns.

    Rules: the team is of the rule's gemeente; the zaaktype is in the gemeente's catalogi; the
    medewerker handles zaken in the gemeente up to the zaaktype's default vertrouwelijkheid
    (its highest over the versions); a wijk is a valid GeoJSON Polygon or MultiPolygon in
    EPSG:4326; an eigenschap condition names an eigenschap of the zaaktype and a value. Raises
    ValidationFailed with Dutch reasons.
    """
    fouten: list[InvalidParam] = []
    gemeente = regel.gemeente
    if regel.team_id and regel.team.gemeente_id != gemeente.pk:
        fouten.append(
            InvalidParam("team", "andere-gemeente", "Het team hoort bij een andere gemeente.")
        )
    niveaus = selectors.zaaktype_vertrouwelijkheden(gemeente.pk, regel.zaaktype_identificatie)
    if not niveaus:
        fouten.append(
            InvalidParam(
                "zaaktype_identificatie",
                "onbekend-zaaktype",
                f"Zaaktype {regel.zaaktype_identificatie} staat niet in een catalogus van "
                f"{gemeente.naam}.",
            )
        )
    if regel.medewerker_id and niveaus:
        fout = _medewerker_fout(regel, max(niveaus, key=vertrouwelijkheid_rank))
        if fout:
            fouten.append(InvalidParam("medewerker", "geen-toegang", fout))
    fouten += _wijk_fouten(regel)
    fouten += _eigenschap_fouten(regel, bekend=bool(niveaus))
    if fouten:
        raise ValidationFailed(fouten)


def _medewerker_fout(regel: Routeringsregel, standaard: str) -> str:
    gebruiker = regel.medewerker
    assert gebruiker is not None  # medewerker_id is set
    naam = gebruiker.get_full_name() or gebruiker.get_username()
    niveau = medewerkers.behandelniveau(regel.gemeente_id, gebruiker.get_username())
    if niveau is None:
        return (
            f"{naam} behandelt geen zaken in {regel.gemeente.naam} (geen rol als behandelaar of "
            "teamleider) en kan de zaken niet openen."
        )
    if vertrouwelijkheid_rank(niveau) < vertrouwelijkheid_rank(standaard):
        return (
            f"{naam} mag zaken tot en met {_label(niveau)} zien; zaaktype "
            f"{regel.zaaktype_identificatie} is standaard {_label(standaard)}: de zaken zouden "
            "voor deze medewerker onzichtbaar zijn."
        )
    return ""


def _label(aanduiding: str) -> str:
    return Vertrouwelijkheidaanduiding(aanduiding).label.lower()


def _wijk_fouten(regel: Routeringsregel) -> list[InvalidParam]:
    if regel.wijk in (None, {}, ""):
        if regel.wijk_naam:
            return [
                InvalidParam(
                    "wijk",
                    "required",
                    "Geef bij de wijknaam ook de wijkgrens (een GeoJSON Polygon of MultiPolygon).",
                )
            ]
        return []
    if not isinstance(regel.wijk, dict) or regel.wijk.get("type") not in (
        "Polygon",
        "MultiPolygon",
    ):
        return [
            InvalidParam(
                "wijk",
                "invalid",
                "De wijkgrens is geen GeoJSON Polygon of MultiPolygon. Geef bijvoorbeeld "
                '{"type": "Polygon", "coordinates": [[[6.15, 52.25], …]]} in WGS84 (lengte, '
                "breedte).",
            )
        ]
    try:
        geo.parse(regel.wijk, "wijk")
    except ValidationFailed as fout:
        return list(fout.params)
    return _ringen_fouten(regel.wijk)


def _ringen_fouten(wijk: dict) -> list[InvalidParam]:
    """GeoJSON's rule for polygons (RFC 7946 §3.1.6): every ring closed, at least four positions
    (geo.parse would close an open ring silently; a self-crossing boundary it refuses itself)."""
    polygonen = wijk["coordinates"] if wijk["type"] == "MultiPolygon" else [wijk["coordinates"]]
    for polygoon in polygonen:
        for ring in polygoon:
            if len(ring) < 4 or list(ring[0]) != list(ring[-1]):
                return [
                    InvalidParam(
                        "wijk",
                        "ring-niet-gesloten",
                        "Elke ring van de wijkgrens moet gesloten zijn: minstens vier punten, "
                        "het laatste gelijk aan het eerste.",
                    )
                ]
    return []


def _eigenschap_fouten(regel: Routeringsregel, *, bekend: bool) -> list[InvalidParam]:
    naam, waarde = regel.eigenschap_naam.strip(), regel.eigenschap_waarde.strip()
    if waarde and not naam:
        return [
            InvalidParam(
                "eigenschap_naam",
                "required",
                "Noem de eigenschap waarvoor deze waarde moet gelden.",
            )
        ]
    if naam and not waarde:
        return [
            InvalidParam(
                "eigenschap_waarde",
                "required",
                f"Vul de waarde in die eigenschap ‘{naam}’ moet hebben.",
            )
        ]
    if (
        naam
        and bekend
        and _schoon(naam)
        not in {
            _schoon(n)
            for n in selectors.eigenschapnamen(regel.gemeente_id, regel.zaaktype_identificatie)
        }
    ):
        return [
            InvalidParam(
                "eigenschap_naam",
                "onbekende-eigenschap",
                f"Zaaktype {regel.zaaktype_identificatie} kent geen eigenschap ‘{naam}’.",
            )
        ]
    return []


@transaction.atomic
def regel_opslaan(*, regel: Routeringsregel) -> Routeringsregel:
    """Save a routing rule (new or changed) once controleer_regel finds nothing wrong.
    Raises ValidationFailed."""
    controleer_regel(regel)
    regel.eigenschap_naam = regel.eigenschap_naam.strip()
    regel.eigenschap_waarde = regel.eigenschap_waarde.strip()
    regel.save()
    generations.bump(selectors.GENERATIE)  # the cached zaaktypen with rules
    return regel


@transaction.atomic
def regels_verwijderen(regels: QuerySet[Routeringsregel]) -> int:
    """Delete rules (beheer); zaken routed by them keep their queue. Returns how many."""
    aantal, _ = regels.delete()
    generations.bump(selectors.GENERATIE)
    return aantal


# --- zaken that came in without an event --------------------------------------------------------


def routeer_open_zaken(gemeente_id: int) -> int:
    """Route the gemeente's open zaken that were never routed (loaded in bulk, as the demo's
    case load, or older than routing), each in its own transaction; returns how many landed in
    a team. Zaken that already have a behandelaar keep them."""
    aantal = 0
    zaak_ids = list(
        Zaak.objects.filter(tenant_id=gemeente_id, einddatum__isnull=True)
        .exclude(pk__in=Routering.objects.values("zaak_id"))
        .values_list("pk", flat=True)
    )
    for zaak_id in zaak_ids:
        with transaction.atomic():
            zaak_aangemaakt(ZaakAangemaakt(zaak_id))
            aantal += Zaak.objects.filter(pk=zaak_id, team__isnull=False).exists()
    return aantal
