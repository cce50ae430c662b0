"""The contact centre's one screen of a caller (KCC, /werkplek/kcc/): their partij and its
digitale adressen, every zaak that names their BSN or KvK-nummer, every earlier contact across
channels and the open contactverzoeken those led to, as far as the staff member may read in the
werkplek's active gemeente:
- zaken through the Zaken register's selectors with the staff member's actor (zaaktype and
  vertrouwelijkheid of their roles);
- klantcontacten up to their rank (`toegang.voor_medewerker(…).zichtbaar("vertrouwelijkheid_rang")`),
  and the interne taken of a hidden klantcontact are hidden with it.

A fixed number of queries, whatever the number of zaken, contacts and taken (pinned in
test_klantbeeld.py). Logging the view in the inzage log is the page's (werkplek.views.kcc).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import BooleanField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from iwerk.klantinteracties.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    DigitaalAdres,
    InterneTaak,
    Klantcontact,
    Onderwerpobject,
    Partij,
    PartijIdentificator,
    Scope,
    TaakStatus,
)
from iwerk.klantinteracties.selectors.kcc import ORGANISATIE, PERSOON, bsn_fout
from iwerk.klantinteracties.selectors.toegang import voor_medewerker
from iwerk.klantinteracties.selectors.weergave import rol_naam
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.zaken import selectors as zaken_selectors
from iwerk.zaken.models import Rol, Zaak

MAX = 50
BEHANDELAAR = "behandelaar"


class KlantOnbekend(LookupError):
    """No such partij in the gemeente, or not one the staff member may see (the page: 404)."""


@dataclass(frozen=True)
class ZaakRegel:
    uuid: UUID
    identificatie: str
    omschrijving: str
    zaaktype: str  # its omschrijving
    status: str  # the omschrijving of the current status, "" without one
    behandelaar: str  # "" when nobody is assigned
    startdatum: date
    einddatum: date | None
    vertrouwelijkheidaanduiding: str


@dataclass(frozen=True)
class ContactRegel:
    uuid: UUID
    plaatsgevonden_op: datetime
    kanaal: str
    onderwerp: str
    inhoud: str
    indicatie_contact_gelukt: bool | None
    medewerker: str  # the actoren's names, joined
    zaak_identificatie: str  # the first zaak it was about that the staff member may see, or ""
    nummer: str = ""
    vertrouwelijk: bool = False


@dataclass(frozen=True)
class VerzoekRegel:
    uuid: UUID
    nummer: str
    gevraagde_handeling: str
    toelichting: str
    toegewezen_aan: str  # the actoren's names, joined
    toegewezen_op: datetime
    uiterlijk_op: datetime | None
    te_laat: bool


@dataclass(frozen=True)
class Klantbeeld:
    naam: str
    soort: str  # "persoon" | "organisatie" (as Treffer.soort); "contactpersoon" for one
    bsn: str
    kvk: str
    partij: Partij | None
    # The partij's own, its voorkeursDigitaalAdres first; each annotated `voorkeur` (bool).
    digitale_adressen: list[DigitaalAdres]
    zaken: list[ZaakRegel]  # newest first, at most MAX
    contacten: list[ContactRegel]  # newest first, at most MAX
    open_verzoeken: list[VerzoekRegel]  # earliest deadline first, at most MAX
    meer_zaken: bool
    meer_contacten: bool


def klantbeeld(
    context: Werkplekcontext,
    *,
    partij_uuid: UUID | None = None,
    bsn: str = "",
    kvk: str = "",
    naam: str = "",
) -> Klantbeeld:
    """Everything the contact centre may see of one caller: a partij of the gemeente (by uuid),
    or a person or company by BSN or KvK-nummer (their partij when the register knows them).
    `naam` names a caller the register and the zaken do not (a search found them in the BRP).

    Raises KlantOnbekend for a partij that is not in the gemeente or not visible, and for a
    BSN or KvK-nummer that is not one.
    """
    toegang = voor_medewerker(context)
    gemeente = context.gemeente
    if not toegang.mag(Scope.lezen, gemeente.pk):
        raise KlantOnbekend("U mag in deze gemeente geen klantgegevens inzien.")
    if bsn and bsn_fout(bsn):
        raise KlantOnbekend("Dit is geen geldig BSN.")
    if kvk and not (len(kvk) == 8 and kvk.isdigit()):
        raise KlantOnbekend("Dit is geen geldig KvK-nummer.")
    partij: Partij | None = None
    partijen = Partij.objects.filter(toegang.zichtbaar(), tenant=gemeente)
    if partij_uuid is not None:
        partij = (
            partijen.filter(uuid=partij_uuid)
            .prefetch_related(
                Prefetch(
                    "identificatoren",
                    PartijIdentificator.objects.filter(
                        code_soort_object_id__in=("bsn", "kvk_nummer")
                    ).order_by("pk"),
                    to_attr="nummers",
                )
            )
            .first()
        )
        if partij is None:
            raise KlantOnbekend("Deze klant is in deze gemeente niet bekend.")
        for identificator in partij.nummers:  # the Prefetch's to_attr
            if identificator.code_soort_object_id == "bsn":
                bsn = identificator.object_id
            else:
                kvk = identificator.object_id
    elif bsn or kvk:
        gevonden = (
            PartijIdentificator.objects.filter(
                toegang.zichtbaar(),
                tenant=gemeente,
                code_soort_object_id="bsn" if bsn else "kvk_nummer",
                object_id=bsn or kvk,
                identificeerde_partij__isnull=False,
            )
            .select_related("identificeerde_partij")
            .order_by("pk")
            .first()
        )
        partij = gevonden.identificeerde_partij if gevonden else None
    else:
        raise KlantOnbekend("Geef een klant, BSN of KvK-nummer op.")

    zaken, meer_zaken = _zaken(context, bsn=bsn, kvk=kvk)
    contacten_qs = _contacten(context, partij, _zaken_van(context, bsn=bsn, kvk=kvk))
    contacten, meer_contacten = _contactregels(context, contacten_qs, zaken)
    return Klantbeeld(
        naam=partij.volledige_naam if partij else naam or _rol_naam(context, bsn=bsn, kvk=kvk),
        soort=_soort(partij, kvk),
        bsn=bsn,
        kvk=kvk,
        partij=partij,
        digitale_adressen=_digitale_adressen(partij),
        zaken=zaken,
        contacten=contacten,
        open_verzoeken=_open_verzoeken(context, contacten_qs),
        meer_zaken=meer_zaken,
        meer_contacten=meer_contacten,
    )


def _soort(partij: Partij | None, kvk: str) -> str:
    if partij is not None:
        return partij.soort_partij  # persoon, organisatie or contactpersoon
    return ORGANISATIE if kvk else PERSOON


def _digitale_adressen(partij: Partij | None) -> list[DigitaalAdres]:
    if partij is None:
        return []
    voorkeur = partij.voorkeurs_digitaal_adres_id
    return list(
        DigitaalAdres.objects.filter(verstrekt_door_partij=partij, tenant_id=partij.tenant_id)
        .annotate(
            voorkeur=ExpressionWrapper(Q(pk=voorkeur), output_field=BooleanField())
            if voorkeur
            else Value(False)
        )
        .order_by("-voorkeur", "soort_digitaal_adres", "pk")
    )


def _zaken_van(context: Werkplekcontext, *, bsn: str, kvk: str) -> QuerySet[Zaak]:
    """Every zaak the staff member may see in the gemeente with a rol (any roltype) naming the
    BSN or KvK-nummer."""
    zichtbaar = zaken_selectors.zaken(context.actor, columns=False).filter(tenant=context.gemeente)
    if not (bsn or kvk):
        return zichtbaar.none()
    rollen = Rol.objects.filter(tenant=context.gemeente)
    rollen = rollen.filter(bsn=bsn) if bsn else rollen.filter(kvk_nummer=kvk)
    return zichtbaar.filter(pk__in=rollen.values("zaak_id"))


def _zaken(context: Werkplekcontext, *, bsn: str, kvk: str) -> tuple[list[ZaakRegel], bool]:
    """The newest MAX zaken, with their zaaktype, status and behandelaar (two queries)."""
    rijen = list(
        _zaken_van(context, bsn=bsn, kvk=kvk)
        .annotate(
            zaaktype_omschrijving=F("zaaktype__omschrijving"),
            status_omschrijving=F("huidige_statustype__omschrijving"),
        )
        .only(
            "uuid",
            "identificatie",
            "omschrijving",
            "startdatum",
            "einddatum",
            "vertrouwelijkheidaanduiding",
        )
        .order_by("-startdatum", "-pk")[: MAX + 1]
    )
    rijen, meer = rijen[:MAX], len(rijen) > MAX
    behandelaars: dict[int, str] = {}
    if rijen:
        for zaak_id, ident, medewerker in Rol.objects.filter(
            zaak_id__in=[z.pk for z in rijen],
            betrokkene_type="medewerker",
            roltype__omschrijving_generiek=BEHANDELAAR,
        ).values_list("zaak_id", "betrokkene_identificatie", "medewerker_identificatie"):
            ident = ident or {}
            delen = (ident.get("voorletters"), ident.get("voorvoegselAchternaam"))
            naam = " ".join(str(d) for d in (*delen, ident.get("achternaam")) if d)
            behandelaars[zaak_id] = naam or medewerker
    regels = [
        ZaakRegel(
            uuid=z.uuid,
            identificatie=z.identificatie,
            omschrijving=z.omschrijving,
            zaaktype=z.zaaktype_omschrijving or "",  # annotated
            status=z.status_omschrijving or "",  # annotated
            behandelaar=behandelaars.get(z.pk, ""),
            startdatum=z.startdatum,
            einddatum=z.einddatum,
            vertrouwelijkheidaanduiding=z.vertrouwelijkheidaanduiding,
        )
        for z in rijen
    ]
    return regels, meer


def _contacten(
    context: Werkplekcontext, partij: Partij | None, zaken: QuerySet[Zaak]
) -> QuerySet[Klantcontact]:
    """The klantcontacten the staff member may see with a betrokkene that was the partij, or
    about one of the zaken: one subquery (a UNION of two index lookups), so the database looks
    up the few contacts by key rather than testing each of the gemeente's against both."""
    gemeente = context.gemeente
    over_zaak = Onderwerpobject.objects.filter(
        tenant=gemeente, zaak_uuid__in=zaken.values("uuid"), klantcontact__isnull=False
    ).values("klantcontact_id")
    if partij is not None:
        met_partij = Betrokkene.objects.filter(tenant=gemeente, was_partij=partij)
        ids: QuerySet[Any] = met_partij.values("had_klantcontact_id").union(over_zaak)
    else:
        ids = over_zaak
    return Klantcontact.objects.filter(
        voor_medewerker(context).zichtbaar("vertrouwelijkheid_rang"), tenant=gemeente, pk__in=ids
    )


def _contactregels(
    context: Werkplekcontext, contacten: QuerySet[Klantcontact], zaken: list[ZaakRegel]
) -> tuple[list[ContactRegel], bool]:
    rijen = list(
        contacten.prefetch_related(
            Prefetch(
                "actor_klantcontacten",
                ActorKlantcontact.objects.select_related("actor").order_by("pk"),
            ),
            Prefetch(
                "onderwerpobjecten",
                Onderwerpobject.objects.filter(zaak_uuid__isnull=False).order_by("pk"),
            ),
        ).order_by("-plaatsgevonden_op", "-pk")[: MAX + 1]
    )
    rijen, meer = rijen[:MAX], len(rijen) > MAX
    nummers = {z.uuid: z.identificatie for z in zaken}
    onbekend = {
        o.zaak_uuid
        for c in rijen
        for o in c.onderwerpobjecten.all()
        if o.zaak_uuid is not None and o.zaak_uuid not in nummers
    }
    if onbekend:  # a zaak beyond the MAX shown, or one the staff member may not see
        nummers.update(
            zaken_selectors.zaken(context.actor, columns=False)
            .filter(tenant=context.gemeente, uuid__in=onbekend)
            .values_list("uuid", "identificatie")
        )
    regels = []
    for c in rijen:
        over = (nummers.get(o.zaak_uuid, "") for o in c.onderwerpobjecten.all() if o.zaak_uuid)
        regels.append(
            ContactRegel(
                uuid=c.uuid,
                plaatsgevonden_op=c.plaatsgevonden_op,
                kanaal=c.kanaal,
                onderwerp=c.onderwerp,
                inhoud=c.inhoud,
                indicatie_contact_gelukt=c.indicatie_contact_gelukt,
                medewerker=", ".join(a.actor.naam for a in c.actor_klantcontacten.all()),
                zaak_identificatie=next((n for n in over if n), ""),
                nummer=c.nummer,
                vertrouwelijk=c.vertrouwelijk,
            )
        )
    return regels, meer


def _open_verzoeken(
    context: Werkplekcontext, contacten: QuerySet[Klantcontact]
) -> list[VerzoekRegel]:
    """The interne taken te_verwerken of every one of those contacten (not only the MAX shown),
    earliest deadline first."""
    nu = timezone.now()
    taken = (
        InterneTaak.objects.filter(
            tenant=context.gemeente,
            status=TaakStatus.te_verwerken,
            aanleidinggevend_klantcontact__in=contacten.values("pk"),
        )
        .prefetch_related(Prefetch("actoren", Actor.objects.order_by("naam")))
        .order_by(F("uiterlijk_op").asc(nulls_last=True), "toegewezen_op", "pk")[:MAX]
    )
    return [
        VerzoekRegel(
            uuid=t.uuid,
            nummer=t.nummer,
            gevraagde_handeling=t.gevraagde_handeling,
            toelichting=t.toelichting,
            toegewezen_aan=", ".join(a.naam for a in t.actoren.all()),
            toegewezen_op=t.toegewezen_op,
            uiterlijk_op=t.uiterlijk_op,
            te_laat=t.uiterlijk_op is not None and t.uiterlijk_op < nu,
        )
        for t in taken
    ]


def _rol_naam(context: Werkplekcontext, *, bsn: str, kvk: str) -> str:
    """The name the newest rol naming the BSN or KvK-nummer gives, on a zaak the staff member
    may see ("" when none does)."""
    if not (bsn or kvk):
        return ""
    rollen = Rol.objects.filter(
        tenant=context.gemeente,
        zaak__in=zaken_selectors.zaken(context.actor, columns=False).filter(
            tenant=context.gemeente
        ),
    )
    rol = (rollen.filter(bsn=bsn) if bsn else rollen.filter(kvk_nummer=kvk)).order_by("-pk").first()
    return rol_naam(rol) if rol else ""
