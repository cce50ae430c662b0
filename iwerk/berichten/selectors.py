"""Reads of the berichten service: who initiated a zaak, how the Klantinteracties register
says to reach them, and which texts apply. Each a fixed number of queries (the event consumer
runs inside every status change, so its cost is pinned by a test)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet

from iwerk.berichten.models import Bericht, Gebeurtenis, Kanaal, Sjabloon
from iwerk.klantinteracties.models import (
    DigitaalAdres,
    Partij,
    PartijIdentificator,
    SoortDigitaalAdres,
)
from iwerk.klantinteracties.selectors.weergave import rol_naam
from iwerk.zaken.models import Rol, Zaak, ZaakNotitie

# The generic roltype of the one who asked (ZGW RolOmschrijving).
INITIATOR = "initiator"
BEREIKBAAR = ("natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging")
# The onderwerp of the extern notities the conversation in Mijn zaken consists of (ADR 0055):
# what the initiator wrote in the portaal, and what the handler wrote back from the werkplek.
VAN_AANVRAGER = "Bericht van de aanvrager"
AAN_AANVRAGER = "Bericht aan de aanvrager"


@dataclass(frozen=True)
class Initiator:
    """The initiator of a zaak as the berichten service needs it: its numbers (most specific
    first: a vestiging before its KvK-nummer) and a name for the salutation."""

    nummers: tuple[tuple[str, str], ...]  # (codeSoortObjectId, value)
    naam: str

    @property
    def identificatie(self) -> tuple[str, str]:
        return self.nummers[0]


def get_zaak(zaak_id: int) -> Zaak:
    """The zaak with its zaaktype and gemeente (what every text may mention)."""
    return Zaak.objects.select_related("zaaktype", "tenant").get(pk=zaak_id)


def _nummers(rol: Rol) -> tuple[tuple[str, str], ...]:
    ident = rol.betrokkene_identificatie or {}
    if rol.betrokkene_type == "natuurlijk_persoon":
        paren = [("bsn", rol.bsn or ident.get("inpBsn") or "")]
    elif rol.betrokkene_type == "vestiging":
        paren = [
            ("vestigingsnummer", ident.get("vestigingsNummer") or ""),
            ("kvk_nummer", ident.get("kvkNummer") or rol.kvk_nummer or ""),
        ]
    else:
        paren = [
            ("kvk_nummer", ident.get("kvkNummer") or ""),
            ("rsin", ident.get("innNnpId") or ""),
        ]
    return tuple((soort, str(waarde)) for soort, waarde in paren if waarde)


def _initiator(rol: Rol | None) -> Initiator | None:
    if rol is None or rol.betrokkene_type not in BEREIKBAAR:
        return None
    nummers = _nummers(rol)
    return Initiator(nummers, rol_naam(rol)) if nummers else None


def get_initiator(zaak_id: int) -> Initiator | None:
    """The newest initiator rol of the zaak, when it is a person or company with a number."""
    rol = (
        Rol.objects.filter(zaak_id=zaak_id, roltype__omschrijving_generiek=INITIATOR)
        .order_by("-pk")
        .first()
    )
    return _initiator(rol)


def initiator_uit(rollen: Iterable[Rol]) -> Initiator | None:
    """As get_initiator, from rollen already loaded (with their roltype): no query."""
    eigen = [r for r in rollen if r.roltype.omschrijving_generiek == INITIATOR]
    return _initiator(max(eigen, key=lambda r: r.pk, default=None))


def get_nieuwe_initiator(zaak_id: int) -> Initiator | None:
    """The initiator, only when the zaak's newest rol is it (a rol was just added: the
    initiator became known now, and a later behandelaar rol is no registration)."""
    rol = Rol.objects.filter(zaak_id=zaak_id).select_related("roltype").order_by("-pk").first()
    if rol is None or rol.roltype.omschrijving_generiek != INITIATOR:
        return None
    return _initiator(rol)


@dataclass(frozen=True)
class Bereikbaarheid:
    """Where the register says to reach a partij: an address per channel (email, sms)."""

    partij: Partij | None
    adressen: dict[str, str]


_KANAAL_VAN: dict[str, str] = {
    SoortDigitaalAdres.email.value: Kanaal.email.value,
    SoortDigitaalAdres.telefoonnummer.value: Kanaal.sms.value,
}


def get_bereikbaarheid(gemeente_id: int, initiator: Initiator) -> Bereikbaarheid:
    """The partij of the gemeente known by the initiator's number and its addresses: the
    voorkeursDigitaalAdres alone when it is an e-mail address or phone number, else every
    isStandaardAdres (one per kind). Two queries, whatever the partij has."""
    nummers = Q(pk__in=[])
    for soort, waarde in initiator.nummers:
        nummers |= Q(code_soort_object_id=soort, object_id=waarde)
    identificatoren = (
        PartijIdentificator.objects.filter(
            nummers, tenant_id=gemeente_id, identificeerde_partij__isnull=False
        )
        .select_related("identificeerde_partij")
        .order_by("pk")
    )
    per_soort = {i.code_soort_object_id: i.identificeerde_partij for i in identificatoren}
    partij = next((per_soort[s] for s, _ in initiator.nummers if s in per_soort), None)
    if partij is None:
        return Bereikbaarheid(None, {})
    kandidaten = list(
        DigitaalAdres.objects.filter(verstrekt_door_partij=partij, tenant_id=gemeente_id)
        .filter(Q(is_standaard_adres=True) | Q(pk=partij.voorkeurs_digitaal_adres_id))
        .order_by("pk")
    )
    voorkeur = next((a for a in kandidaten if a.pk == partij.voorkeurs_digitaal_adres_id), None)
    if voorkeur is not None:
        # An explicit voorkeur is the only channel besides Mijn zaken; one that is no e-mail
        # address or phone number (the portaal's "only in Mijn zaken", ADR 0055): neither.
        kanaal = _KANAAL_VAN.get(voorkeur.soort_digitaal_adres)
        return Bereikbaarheid(partij, {kanaal: voorkeur.adres} if kanaal else {})
    adressen: dict[str, str] = {}
    for adres in kandidaten:
        kanaal = _KANAAL_VAN.get(adres.soort_digitaal_adres)
        if kanaal is not None and adres.is_standaard_adres:
            adressen.setdefault(kanaal, adres.adres)
    return Bereikbaarheid(partij, adressen)


def get_sjablonen(gemeente_id: int, zaaktype_identificatie: str, gebeurtenis: str) -> dict:
    """kanaal -> the gemeente's Sjabloon for this event: the zaaktype's own before the one
    for every zaaktype (blank identificatie). One query."""
    gevonden: dict[str, Sjabloon] = {}
    rijen = Sjabloon.objects.filter(
        tenant_id=gemeente_id,
        gebeurtenis=gebeurtenis,
        zaaktype_identificatie__in=[zaaktype_identificatie, ""],
    ).order_by("-zaaktype_identificatie")  # the zaaktype's own first, "" last
    for sjabloon in rijen:
        gevonden.setdefault(sjabloon.kanaal, sjabloon)
    return gevonden


def list_mijn_zaken_berichten(
    *,
    gemeente_id: int,
    identificatie_soort: str,
    identificatie: str,
    zaak_uuids: Collection[UUID] | None = None,
) -> QuerySet[Bericht]:
    """The messages in Mijn zaken of one citizen or company, newest first (for the portaal).

    zaak_uuids given: only about those zaken (the ones the page shows, so a gemachtigde sees
    nothing beyond the machtiging). A company (kvk_nummer) also receives as one of its
    vestigingen: a vestiging's initiator is told under its vestigingsnummer, which the sign-in
    does not carry; about the company's own zaken those messages are the company's too."""
    ontvanger = Q(identificatie_soort=identificatie_soort, identificatie=identificatie)
    result = Bericht.objects.filter(tenant_id=gemeente_id, kanaal=Kanaal.mijn_zaken)
    if zaak_uuids is not None:
        result = result.filter(zaak_uuid__in=list(zaak_uuids))
        if identificatie_soort == "kvk_nummer":
            ontvanger |= Q(identificatie_soort="vestigingsnummer")
    return result.filter(ontvanger).order_by("-aangemaakt", "-pk")


def registratie_per_email(zaak_uuid: UUID) -> bool:
    """Whether the berichten service mails the initiator that this zaak is registered (the
    portaal's receipt then steps aside, ADR 0055). One indexed query."""
    return Bericht.objects.filter(
        zaak_uuid=zaak_uuid, gebeurtenis=Gebeurtenis.zaak_geregistreerd, kanaal=Kanaal.email
    ).exists()


@dataclass(frozen=True)
class Gesprek:
    """The conversation in Mijn zaken as the werkplek's zaak page shows it: who can be written
    to (the initiator, when a person or company with a number) and how many of their messages
    came after the gemeente's last extern notitie."""

    aanvrager: Initiator | None
    onbeantwoord: int


def get_gesprek(zaak_id: int, rollen: Iterable[Rol]) -> Gesprek:
    """From the zaak page's rollen (loaded with their roltype) and one query on its extern
    notities (at most the newest 100 are looked at; more unanswered ones count as 100)."""
    onderwerpen = (
        ZaakNotitie.objects.filter(gerelateerd_aan_id=zaak_id, notitie_type="extern")
        .order_by("-aanmaakdatum", "-pk")
        .values_list("onderwerp", flat=True)[:100]
    )
    onbeantwoord = 0
    for onderwerp in onderwerpen:
        if onderwerp != VAN_AANVRAGER:
            break
        onbeantwoord += 1
    return Gesprek(initiator_uit(rollen), onbeantwoord)
