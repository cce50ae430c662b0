"""Writes of partijen: persons, organisations and contact persons the gemeente deals with.

The rules are the reference implementation's (Open Klant 2.18, PartijSerializer):
- `nummer` is given per gemeente when the client leaves it empty, and unique in the gemeente
  when it gives one (digits only, at most 10);
- `digitaleAdressen` and `rekeningnummers` say which of the gemeente's objects belong to the
  partij (others lose it); `voorkeursDigitaalAdres` / `voorkeursRekeningnummer` must be one of
  the partij's own (after the change);
- `partijIdentificatoren` are created, changed (an item with `uuid`) and, on a change of the
  partij, removed (what the list leaves out) in the same transaction;
- a contactpersoon's `werkteVoorPartij` is an organisatie;
- removing a partij removes with it its identificatoren, digitale adressen, rekeningnummers,
  categorie-relaties and vertegenwoordigingen, as the reference does; every removal is
  recorded. Unlike the reference, the betrokkenen that were this partij stay (the contact
  history), no longer naming it (ADR 0052).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest

from iwerk.core import audit
from iwerk.klantinteracties.models import (
    ADRES_VELDEN,
    Betrokkene,
    DigitaalAdres,
    Partij,
    PartijIdentificator,
    Rekeningnummer,
    SoortPartij,
)
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services.common import (
    fout,
    gemeente_voor,
    nummer,
    vastleggen,
    verwijderd,
    verwijzing,
)
from iwerk.klantinteracties.services.digitaleadressen import voorkeur_loslaten
from iwerk.klantinteracties.services.partij_identificatoren import (
    Identificator,
    controleer_verwijderbaar,
    identificatoren_verwijderen,
    schrijf_identificator,
)

CONTACTNAAM = ("voorletters", "voornaam", "voorvoegsel_achternaam", "achternaam")
_NUMMER = re.compile(r"^[0-9]{1,10}$")


@dataclass(frozen=True)
class PartijGegevens:
    """What a client gives of a partij. References are uuids; a list left None stays as it is."""

    soort_partij: str
    indicatie_actief: bool = True
    nummer: str | None = None
    interne_notitie: str = ""
    indicatie_geheimhouding: bool | None = None
    voorkeurstaal: str = ""
    bezoekadres: dict[str, Any] | None = None  # ADRES_VELDEN
    correspondentieadres: dict[str, Any] | None = None
    naam: str = ""  # organisatie
    contactnaam: dict[str, str] | None = None  # persoon, contactpersoon (CONTACTNAAM)
    contactpersoon_uuid: UUID | None = None
    werkte_voor_partij: UUID | None = None
    digitale_adressen: list[UUID] | None = None
    rekeningnummers: list[UUID] | None = None
    voorkeurs_digitaal_adres: UUID | None = None
    voorkeurs_rekeningnummer: UUID | None = None
    partij_identificatoren: list[Identificator] | None = field(default=None)


@dataclass
class _Verwijzingen:
    werkte_voor: Partij | None
    adressen: list[DigitaalAdres] | None
    rekeningen: list[Rekeningnummer] | None
    voorkeurs_adres: DigitaalAdres | None
    voorkeurs_rekening: Rekeningnummer | None
    bestaand: dict[int, PartijIdentificator]  # item index -> the identificator it changes
    subs: dict[int, PartijIdentificator]

    def alle(self) -> list[Any]:
        return [
            self.werkte_voor,
            *(self.adressen or []),
            *(self.rekeningen or []),
            self.voorkeurs_adres,
            self.voorkeurs_rekening,
            *self.bestaand.values(),
            *self.subs.values(),
        ]


def _lijst(
    wie: Toegangen, model: type, uuids: Sequence[UUID] | None, veld: str, gemeente_id: int | None
) -> list | None:
    if uuids is None:
        return None
    return [
        verwijzing(wie, model, u, f"{veld}.{i}", gemeente_id=gemeente_id)
        for i, u in enumerate(uuids)
    ]


def _verwijzingen(
    wie: Toegangen, g: PartijGegevens, gemeente_id: int | None, *, nieuw: bool
) -> _Verwijzingen:
    bestaand: dict[int, PartijIdentificator] = {}
    subs: dict[int, PartijIdentificator] = {}
    gezien: set[UUID] = set()
    for i, item in enumerate(g.partij_identificatoren or []):
        veld = f"partijIdentificatoren.{i}"
        if nieuw and item.identificeerde_partij is not None:
            raise fout(
                f"{veld}.identificeerdePartij",
                "invalid",
                "Het veld identificeerdePartij wordt automatisch ingesteld en moet niet worden "
                "opgegeven.",
            )
        if item.uuid is not None:
            if item.uuid in gezien:
                raise fout(
                    f"{veld}.uuid",
                    "duplicated",
                    "Een uuid mag maar één keer voorkomen in partijIdentificatoren.",
                )
            gezien.add(item.uuid)
            obj = verwijzing(
                wie, PartijIdentificator, item.uuid, f"{veld}.uuid", gemeente_id=gemeente_id
            )
            assert obj is not None
            bestaand[i] = obj
        sub = verwijzing(
            wie,
            PartijIdentificator,
            item.sub_identificator_van,
            f"{veld}.subIdentificatorVan",
            gemeente_id=gemeente_id,
        )
        if sub is not None:
            subs[i] = sub
    return _Verwijzingen(
        werkte_voor=verwijzing(
            wie,
            Partij,
            g.werkte_voor_partij,
            "partijIdentificatie.werkteVoorPartij",
            gemeente_id=gemeente_id,
        ),
        adressen=_lijst(wie, DigitaalAdres, g.digitale_adressen, "digitaleAdressen", gemeente_id),
        rekeningen=_lijst(wie, Rekeningnummer, g.rekeningnummers, "rekeningnummers", gemeente_id),
        voorkeurs_adres=verwijzing(
            wie,
            DigitaalAdres,
            g.voorkeurs_digitaal_adres,
            "voorkeursDigitaalAdres",
            gemeente_id=gemeente_id,
        ),
        voorkeurs_rekening=verwijzing(
            wie,
            Rekeningnummer,
            g.voorkeurs_rekeningnummer,
            "voorkeursRekeningnummer",
            gemeente_id=gemeente_id,
        ),
        bestaand=bestaand,
        subs=subs,
    )


def _voorkeuren(partij: Partij | None, v: _Verwijzingen) -> None:
    """The voorkeurs- objects must be among the partij's own, as they are after this write."""
    if v.voorkeurs_adres is not None:
        eigen = (
            v.adressen
            if v.adressen is not None
            else list(DigitaalAdres.objects.filter(verstrekt_door_partij=partij))
            if partij is not None
            else []
        )
        if v.voorkeurs_adres.pk not in {a.pk for a in eigen}:
            raise fout(
                "voorkeursDigitaalAdres",
                "invalid",
                "Het voorkeursadres moet een van de digitale adressen van deze partij zijn.",
            )
    if v.voorkeurs_rekening is not None:
        eigen_r = (
            v.rekeningen
            if v.rekeningen is not None
            else list(Rekeningnummer.objects.filter(partij=partij))
            if partij is not None
            else []
        )
        if v.voorkeurs_rekening.pk not in {r.pk for r in eigen_r}:
            raise fout(
                "voorkeursRekeningnummer",
                "invalid",
                "Het voorkeursrekeningnummer moet een van de rekeningnummers van deze partij zijn.",
            )


def _werkte_voor(partij: Partij | None, v: _Verwijzingen) -> None:
    if v.werkte_voor is None:
        return
    if v.werkte_voor.soort_partij != SoortPartij.organisatie or (
        partij is not None and v.werkte_voor.pk == partij.pk
    ):
        raise fout(
            "partijIdentificatie.werkteVoorPartij",
            "invalid",
            "De partij waarvoor een contactpersoon werkte moet een organisatie zijn.",
        )


def _nummer(gemeente_id: int, gegeven: str | None, partij: Partij | None) -> str:
    if not gegeven:
        if partij is not None and partij.nummer:
            return partij.nummer
        return nummer(gemeente_id, "partij", Partij)
    if not _NUMMER.match(gegeven):
        raise fout("nummer", "invalid", "Een nummer bestaat uit (ten hoogste 10) cijfers.")
    anderen = Partij.objects.filter(tenant_id=gemeente_id, nummer=gegeven)
    if partij is not None:
        anderen = anderen.exclude(pk=partij.pk)
    if anderen.exists():
        raise fout("nummer", "unique", "Er bestaat in deze gemeente al een partij met dit nummer.")
    return gegeven


def _velden(g: PartijGegevens, v: _Verwijzingen, partij: Partij | None) -> dict[str, Any]:
    """The columns of a partij from g; what does not belong to its soort is emptied, so the
    volledige naam and the representation follow the soort."""
    waarden: dict[str, Any] = {
        "soort_partij": g.soort_partij,
        "indicatie_actief": g.indicatie_actief,
        "interne_notitie": g.interne_notitie,
        "indicatie_geheimhouding": g.indicatie_geheimhouding,
        "voorkeurstaal": g.voorkeurstaal,
        "voorkeurs_digitaal_adres": v.voorkeurs_adres,
        "voorkeurs_rekeningnummer": v.voorkeurs_rekening,
    }
    for groep in ("bezoekadres", "correspondentieadres"):
        adres = getattr(g, groep) or {}
        for veld in ADRES_VELDEN:
            waarden[f"{groep}_{veld}"] = adres.get(veld, None if veld == "huisnummer" else "")
    organisatie = g.soort_partij == SoortPartij.organisatie
    contactpersoon = g.soort_partij == SoortPartij.contactpersoon
    waarden["naam"] = g.naam if organisatie else ""
    naam = (g.contactnaam or {}) if not organisatie else {}
    for veld in CONTACTNAAM:
        waarden[f"contactnaam_{veld}"] = naam.get(veld, "")
    waarden["werkte_voor_partij"] = v.werkte_voor if contactpersoon else None
    waarden["contactpersoon_uuid"] = (
        (g.contactpersoon_uuid or (partij.contactpersoon_uuid if partij else None) or uuid4())
        if contactpersoon
        else None
    )
    return waarden


def _koppel(
    wie: Toegangen, partij: Partij, model: type[Model], veld: str, nieuw: list | None
) -> None:
    """Make exactly `nieuw` the partij's objects of model (via the foreign key veld)."""
    if nieuw is None:
        return
    gewenst = {obj.pk for obj in nieuw}
    huidig = list(model._default_manager.filter(**{veld: partij}))
    for obj in huidig:
        if obj.pk not in gewenst:
            _zet(wie, obj, veld, None)
    bekend = {obj.pk for obj in huidig}
    for obj in nieuw:
        if obj.pk not in bekend:
            _zet(wie, obj, veld, partij)


def _zet(wie: Toegangen, obj: Any, veld: str, partij: Partij | None) -> None:
    oud = audit.snapshot(obj)
    setattr(obj, veld, partij)
    obj.save(update_fields=[veld])
    if isinstance(obj, DigitaalAdres):
        voorkeur_loslaten(wie, obj)
    vastleggen(wie, "update", obj, oud)


def _identificatoren(
    wie: Toegangen, partij: Partij, g: PartijGegevens, v: _Verwijzingen, *, vervang: bool
) -> None:
    if g.partij_identificatoren is None:
        return
    if vervang:
        blijven = {obj.pk for obj in v.bestaand.values()}
        weg = [i for i in partij.identificatoren.all() if i.pk not in blijven]
        controleer_verwijderbaar(weg, "partijIdentificatoren")
        identificatoren_verwijderen(wie, weg)
    for i, item in enumerate(g.partij_identificatoren):
        instance = v.bestaand.get(i) or PartijIdentificator(tenant_id=partij.tenant_id)
        oud = audit.snapshot(instance) if instance.pk is not None else None
        nieuw = instance.pk is None
        if schrijf_identificator(
            instance, item, partij=partij, sub=v.subs.get(i), prefix=f"partijIdentificatoren.{i}."
        ):
            vastleggen(wie, "create" if nieuw else "update", instance, oud)


@transaction.atomic
def partij_aanmaken(
    wie: Toegangen, g: PartijGegevens, request: HttpRequest | None = None
) -> Partij:
    """A new partij with its identificatoren, in the gemeente of what it refers to.

    Raises ValidationFailed (the rules above), PermissionDenied."""
    v = _verwijzingen(wie, g, None, nieuw=True)
    gemeente_id = gemeente_voor(wie, request, *v.alle())
    _werkte_voor(None, v)
    _voorkeuren(None, v)
    partij = Partij(
        tenant_id=gemeente_id, nummer=_nummer(gemeente_id, g.nummer, None), **_velden(g, v, None)
    )
    partij.save()
    _koppel(wie, partij, DigitaalAdres, "verstrekt_door_partij", v.adressen)
    _koppel(wie, partij, Rekeningnummer, "partij", v.rekeningen)
    _identificatoren(wie, partij, g, v, vervang=False)
    partij = Partij.objects.get(pk=partij.pk)
    vastleggen(wie, "create", partij)
    return partij


@transaction.atomic
def partij_bijwerken(wie: Toegangen, partij: Partij, g: PartijGegevens) -> Partij:
    """Change a partij (a PUT or merged PATCH: g is the whole partij); its references stay within
    its gemeente. Raises ValidationFailed."""
    partij = Partij.objects.select_for_update().get(pk=partij.pk)
    v = _verwijzingen(wie, g, partij.tenant_id, nieuw=False)
    _werkte_voor(partij, v)
    _voorkeuren(partij, v)
    oud = audit.snapshot(partij)
    partij.nummer = _nummer(partij.tenant_id, g.nummer, partij)
    for naam, waarde in _velden(g, v, partij).items():
        setattr(partij, naam, waarde)
    partij.save()
    _koppel(wie, partij, DigitaalAdres, "verstrekt_door_partij", v.adressen)
    _koppel(wie, partij, Rekeningnummer, "partij", v.rekeningen)
    _identificatoren(wie, partij, g, v, vervang=True)
    partij = Partij.objects.get(pk=partij.pk)
    vastleggen(wie, "update", partij, oud)
    return partij


def _weg(wie: Toegangen, objecten: Sequence[Any]) -> None:
    for obj in objecten:
        verwijderd(wie, obj)
        obj.delete()


@transaction.atomic
def partij_verwijderen(wie: Toegangen, partij: Partij) -> None:
    """Remove a partij and what the reference implementation removes with it (module docstring);
    contactpersonen that worked for it keep existing without werkteVoorPartij.

    Raises ValidationFailed (protected) when another partij's vestiging is a sub-identificator
    of one of its identificatoren."""
    identificatoren = list(partij.identificatoren.all())
    controleer_verwijderbaar(identificatoren, "partijIdentificatoren")
    betrokkenen = list(Betrokkene.objects.filter(was_partij=partij))
    contactpersonen = list(Partij.objects.filter(werkte_voor_partij=partij))
    oud = {p.pk: audit.snapshot(p) for p in contactpersonen}
    identificatoren_verwijderen(wie, identificatoren)
    _weg(wie, list(DigitaalAdres.objects.filter(verstrekt_door_partij=partij)))
    _weg(wie, list(partij.rekeningnummers.all()))
    _weg(wie, list(partij.categorie_relaties.all()))
    _weg(wie, list(partij.vertegenwoordigingen.all()))
    _weg(wie, list(partij.vertegenwoordigd_door.all()))
    # The contact history stays (ADR 0052): a betrokkene keeps its own name and addresses and
    # no longer names the partij; unlike the reference, which removes it with the partij.
    for betrokkene in betrokkenen:
        oud_betrokkene = audit.snapshot(betrokkene)
        betrokkene.was_partij = None
        betrokkene.save(update_fields=["was_partij"])
        vastleggen(wie, "update", betrokkene, oud_betrokkene)
    verwijderd(wie, partij)
    partij.delete()
    for contactpersoon in Partij.objects.filter(pk__in=oud):
        vastleggen(wie, "update", contactpersoon, oud[contactpersoon.pk])
