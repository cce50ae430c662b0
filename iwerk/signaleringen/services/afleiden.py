"""Signals derived from the services' events (consumers listed in iwerk/verbindingen.py; ADR 0057).

Each consumer runs inside the event's transaction: it reads the row the event names (one query),
turns it into an ``Aanleiding`` and hands it to ``bezorgen`` (staff in one or two queries, one
insert for every recipient). The ``sleutel`` makes a signal once per event and person: the same
event heard twice, or published again, makes nothing new.

A signal says which zaak and what happened, never the content of a document or message: the text
is also what an e-mail carries.
"""

from __future__ import annotations

from uuid import UUID

from django.utils import timezone

from iwerk.berichten.selectors import VAN_AANVRAGER
from iwerk.core.audit import Change
from iwerk.core.models import AuditTrail
from iwerk.signaleringen.models import Soort
from iwerk.signaleringen.services.bezorgen import Aanleiding, Zaakgegevens, bezorgen
from iwerk.werkverdeling.gebeurtenissen import (
    GoedkeuringBeslist,
    GoedkeuringGevraagd,
    TaakToegewezen,
)
from iwerk.werkverdeling.models import Taak, Taaksoort, Taakstatus, VierOgenActie
from iwerk.zaken.gebeurtenissen import RolGewijzigd, ZaakTeamGewijzigd
from iwerk.zaken.models import Rol, Zaak, ZaakNotitie

_ZAAKVELDEN = ("id", "uuid", "identificatie", "tenant_id", "vertrouwelijkheidaanduiding")
_ZAAK_ONLY = ("uuid", "identificatie", "tenant", "vertrouwelijkheidaanduiding", "behandelaar")


def _zaak(zaak: Zaak) -> Zaakgegevens:
    return Zaakgegevens(
        id=zaak.pk,
        uuid=zaak.uuid,
        identificatie=zaak.identificatie,
        gemeente_id=zaak.tenant_id,
        vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
    )


def _zaak_uit(rij: dict, prefix: str = "") -> Zaakgegevens:
    return Zaakgegevens(
        id=rij[f"{prefix}id"],
        uuid=rij[f"{prefix}uuid"],
        identificatie=rij[f"{prefix}identificatie"],
        gemeente_id=rij[f"{prefix}tenant_id"],
        vertrouwelijkheid=rij[f"{prefix}vertrouwelijkheidaanduiding"],
    )


def _vandaag() -> str:
    return timezone.localdate().isoformat()


def rol_gewijzigd(event: RolGewijzigd) -> None:
    """A behandelaar was assigned: signal that person (their team while they are away).

    The newest rol of the zaak is the one just added (add_rol publishes right after creating it);
    only a behandelaar rol of a medewerker counts. Who assigned it is read from the audit trail
    record add_rol has just written: assigning a zaak to yourself signals nobody. Three to five
    queries.
    """
    if event.actie != "create":
        return
    rol = (
        Rol.objects.filter(zaak_id=event.zaak_id)
        .select_related("roltype", "zaak")
        .only(
            "uuid",
            "betrokkene_type",
            "medewerker_identificatie",
            "roltype__omschrijving_generiek",
            *(f"zaak__{veld}" for veld in _ZAAK_ONLY),
        )
        .order_by("-pk")
        .first()
    )
    if (
        rol is None
        or rol.roltype.omschrijving_generiek != "behandelaar"
        or rol.betrokkene_type != "medewerker"
        or not rol.medewerker_identificatie
        or rol.medewerker_identificatie != rol.zaak.behandelaar
    ):
        return
    door = (
        AuditTrail.objects.filter(
            hoofd_object_uuid=rol.zaak.uuid,
            resource="rol",
            actie="create",
            resource_url__endswith=str(rol.uuid),
        )
        .values_list("gebruikers_id", flat=True)
        .first()
    )
    zaak = _zaak(rol.zaak)
    bezorgen(
        [
            Aanleiding(
                zaak=zaak,
                soort=Soort.zaak_toegewezen,
                sleutel=f"behandelaar:{rol.uuid}",
                tekst=f"Zaak {zaak.identificatie} is aan {{aan}} toegewezen.",
                medewerker=rol.medewerker_identificatie,
                behalve=frozenset({door} if door else ()),
            )
        ]
    )


def team_gewijzigd(event: ZaakTeamGewijzigd) -> None:
    """A zaak entered a team's queue: signal every member who may see it, except its behandelaar
    (who has their own signal) and members who are away. Nothing for the intake (team None).
    Three queries. Once per zaak, team and day."""
    if event.team_id is None:
        return
    rij = (
        Zaak.objects.filter(pk=event.zaak_id)
        .values(*_ZAAKVELDEN, "behandelaar", "team_id", "team__naam")
        .first()
    )
    if rij is None or rij["team_id"] != event.team_id:
        return  # moved on again in the same transaction: the later event tells
    zaak = _zaak_uit(rij)
    bezorgen(
        [
            Aanleiding(
                zaak=zaak,
                soort=Soort.zaak_team,
                sleutel=f"team:{zaak.uuid}:{event.team_id}:{_vandaag()}",
                tekst=f"Zaak {zaak.identificatie} staat in de wachtrij van team {rij['team__naam']}.",
                team_id=event.team_id,
                behalve=frozenset({rij["behandelaar"]} - {""}),
            )
        ]
    )


def _taak(taak_id: int) -> Taak | None:
    return (
        Taak.objects.filter(pk=taak_id)
        .select_related("zaak", "team")
        .only(
            "uuid",
            "soort",
            "status",
            "medewerker",
            "team_id",
            "team__naam",
            "deadline",
            "actie",
            "aangemaakt_door",
            "aangevraagd_door",
            "afgerond_door",
            *(f"zaak__{veld}" for veld in _ZAAK_ONLY),
        )
        .first()
    )


def taak_toegewezen(event: TaakToegewezen) -> None:
    """A task was created for, or moved to, a person or a team: signal that person (their team
    while they are away) or the team's members. Not whoever made the task for themselves
    (``aangemaakt_door``); a vier-ogen task is signalled as an approval (goedkeuring_gevraagd).
    Once per task, assignee and day. Three to four queries."""
    taak = _taak(event.taak_id)
    if taak is None or taak.status != Taakstatus.open or taak.soort == Taaksoort.vier_ogen:
        return
    zaak = _zaak(taak.zaak)
    termijn = f", uiterlijk {taak.deadline:%d-%m-%Y}" if taak.deadline else ""
    if taak.medewerker:
        doel, tekst = (
            taak.medewerker,
            f"Er is een taak bij zaak {zaak.identificatie} aan {{aan}} toegewezen{termijn}.",
        )
    elif taak.team_id is not None:
        naam = taak.team.naam if taak.team else ""
        doel, tekst = (
            f"team-{taak.team_id}",
            f"Er staat een taak bij zaak {zaak.identificatie} voor team {naam}{termijn}.",
        )
    else:
        return
    bezorgen(
        [
            Aanleiding(
                zaak=zaak,
                soort=Soort.taak_toegewezen,
                sleutel=f"taak:{taak.uuid}:{doel}:{_vandaag()}",
                tekst=tekst,
                medewerker=taak.medewerker,
                team_id=None if taak.medewerker else taak.team_id,
                taak_id=taak.pk,
                behalve=frozenset({taak.aangemaakt_door} - {""}),
            )
        ]
    )  # fmt: skip


def _actie(taak: Taak) -> str:
    return VierOgenActie(taak.actie).label.lower() if taak.actie else "een actie"


def goedkeuring_gevraagd(event: GoedkeuringGevraagd) -> None:
    """A vier-ogen task waits: signal everyone with its goedkeurder_rol in the zaak's gemeente who
    may see the zaak, except who asked and whoever is away. Once per task. Three queries."""
    taak = _taak(event.taak_id)
    if taak is None or taak.status != Taakstatus.open:
        return
    zaak = _zaak(taak.zaak)
    bezorgen(
        [
            Aanleiding(
                zaak=zaak,
                soort=Soort.goedkeuring_gevraagd,
                sleutel=f"goedkeuring:{taak.uuid}:gevraagd",
                tekst=f"Zaak {zaak.identificatie} wacht op goedkeuring: {_actie(taak)}.",
                rol=taak.goedkeurder_rol or "",
                taak_id=taak.pk,
                behalve=frozenset({taak.aangevraagd_door} - {""}),
            )
        ]
    )


def goedkeuring_beslist(event: GoedkeuringBeslist) -> None:
    """A vier-ogen task was approved or rejected: signal who asked (their team while they are
    away). Once per task. Three to four queries."""
    taak = _taak(event.taak_id)
    if taak is None or not taak.aangevraagd_door:
        return
    zaak = _zaak(taak.zaak)
    uitkomst = "goedgekeurd" if event.goedgekeurd else "afgewezen"
    bezorgen(
        [
            Aanleiding(
                zaak=zaak,
                soort=Soort.goedkeuring_beslist,
                sleutel=f"goedkeuring:{taak.uuid}:beslist",
                tekst=f"Het verzoek om goedkeuring ({_actie(taak)}) bij zaak "
                f"{zaak.identificatie} is {uitkomst}.",
                medewerker=taak.aangevraagd_door,
                taak_id=taak.pk,
                behalve=frozenset({taak.afgerond_door} - {""}),
            )
        ]
    )


_GEHOORD = frozenset({"zaakinformatieobject", "zaaknotitie"})


def _laatste_deel(url: str) -> UUID | None:
    try:
        return UUID(url.rstrip("/").rsplit("/", 1)[-1])
    except ValueError:
        return None


def on_change(change: Change) -> None:
    """A document added to a zaak, or a message from its initiator (Mijn zaken: an extern notitie
    'Bericht van de aanvrager', berichten.services.gesprek): signal its behandelaar (their team
    while they are away). Every other audited change returns at once, without a query.

    Who made the change: ``Change.gebruiker`` when core.audit passes the actor's user name on
    (then adding a document to your own zaak signals nobody); until then every addition counts.
    """
    if change.actie != "create" or change.resource not in _GEHOORD:
        return
    zaak = change.hoofd if isinstance(change.hoofd, Zaak) else None
    if zaak is None and (zaak_uuid := _laatste_deel(change.hoofd_object)) is not None:
        zaak = Zaak.objects.filter(uuid=zaak_uuid).only(*_ZAAK_ONLY).first()
    deel = _laatste_deel(change.resource_url)
    if zaak is None or deel is None or not zaak.behandelaar:
        return
    if change.resource == "zaaknotitie":
        notitie = ZaakNotitie.objects.filter(uuid=deel).values("onderwerp", "notitie_type").first()
        if notitie is None or (notitie["onderwerp"], notitie["notitie_type"]) != (
            VAN_AANVRAGER,
            "extern",
        ):
            return
        soort, sleutel = Soort.bericht_ontvangen, f"bericht:{deel}"
        tekst = f"De aanvrager van zaak {zaak.identificatie} heeft een bericht gestuurd."
    else:
        soort, sleutel = Soort.document_toegevoegd, f"document:{deel}"
        tekst = f"Er is een document toegevoegd aan zaak {zaak.identificatie}."
    door = getattr(change, "gebruiker", "")
    bezorgen(
        [
            Aanleiding(
                zaak=_zaak(zaak),
                soort=soort,
                sleutel=sleutel,
                tekst=tekst,
                medewerker=zaak.behandelaar,
                behalve=frozenset({door} - {""}),
            )
        ]
    )
