"""Reads for transfers (overbrengingen) to an e-Depot: which zaken are due, per zaaktype, what a
package holds, and what changed since it was put together.

A zaak is due for transfer when its archiefnominatie is `blijvend_bewaren`, it is closed, still
`nog_te_archiveren`, its archiefactiedatum is on or before the peildatum and it is in no transfer
that was not aborted. The records manager sees (and packs) only zaken they may read whose
documents they may all read as well: a package never carries a document above its maker's
maximum vertrouwelijkheid; someone with a higher maximum transfers those zaken.

`dossiers` loads everything a package describes in a fixed number of queries per batch of zaken,
however many documents, versions, besluiten and rollen they have.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any
from uuid import UUID

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from iwerk.archief.models import Overbrenging, Overbrengingsitem, Overbrengingsstatus
from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import NotFound
from iwerk.core.models import AuditTrail, Gemeente
from iwerk.documenten import content
from iwerk.documenten import selectors as documenten
from iwerk.documenten.models import EnkelvoudigInformatieObject, ObjectInformatieObject, Versie
from iwerk.zaken import selectors as zaken
from iwerk.zaken.models import Archiefstatus, Rol, Zaak, ZaakInformatieObject

BLIJVEND_BEWAREN = "blijvend_bewaren"
# Of a zaak's rollen, the ones a dossier names as betrokkene (archief.mdto.BETROKKENEN).
BETROKKENE_ROLLEN = ("initiator", "mede_initiator", "belanghebbende")
PER = 100  # zaken loaded together by `dossiers`
_PAD = re.compile(r"^/(zaken|besluiten)/api/v1/(?:zaken|besluiten)/([0-9a-fA-F-]{36})$")
_UUID = re.compile(r"/zaken/api/v1/zaken/([0-9a-fA-F-]{36})/?$")


def in_overbrenging() -> QuerySet[Overbrengingsitem]:
    """Items of transfers that were not aborted (a zaak is in at most one of them)."""
    return Overbrengingsitem.objects.exclude(overbrenging__status=Overbrengingsstatus.afgebroken)


def te_overbrengen(
    *, actor: Actor, gemeente: Gemeente, peildatum: date, zaaktypen: Collection[str] | None = None
) -> QuerySet[Zaak]:
    """The gemeente's zaken due for transfer on peildatum that actor may pack, oldest
    archiefactiedatum first; `zaaktypen` (identificaties) narrows them to those zaaktypen."""
    zichtbaar = documenten.documenten(actor).values("pk")
    qs = (
        zaken.zaken(actor, columns=False)
        .filter(
            tenant=gemeente,
            archiefnominatie=BLIJVEND_BEWAREN,
            archiefstatus=Archiefstatus.nog_te_archiveren,
            einddatum__isnull=False,
            archiefactiedatum__lte=peildatum,
        )
        .exclude(Exists(in_overbrenging().filter(zaak_id=OuterRef("pk"))))
        .exclude(
            Exists(
                ZaakInformatieObject.objects.filter(zaak_id=OuterRef("pk")).exclude(
                    informatieobject_id__in=zichtbaar
                )
            )
        )
        .exclude(
            Exists(
                BesluitInformatieObject.objects.filter(besluit__zaak_id=OuterRef("pk")).exclude(
                    informatieobject_id__in=zichtbaar
                )
            )
        )
    )
    if zaaktypen is not None:
        qs = qs.filter(zaaktype__identificatie__in=list(zaaktypen))
    return qs.order_by("archiefactiedatum", "pk")


@dataclass(frozen=True)
class Zaaktypetelling:
    identificatie: str
    omschrijving: str
    aantal: int


def te_overbrengen_per_zaaktype(
    *, actor: Actor, gemeente: Gemeente, peildatum: date
) -> list[Zaaktypetelling]:
    """How many zaken `te_overbrengen` holds per zaaktype (its versions together), by
    omschrijving: one query."""
    rijen = (
        te_overbrengen(actor=actor, gemeente=gemeente, peildatum=peildatum)
        .order_by()
        .values("zaaktype__identificatie")
        .annotate(aantal=Count("pk"), omschrijving=Max("zaaktype__omschrijving"))
    )
    return sorted(
        (
            Zaaktypetelling(r["zaaktype__identificatie"], r["omschrijving"], r["aantal"])
            for r in rijen
        ),
        key=lambda t: (t.omschrijving.lower(), t.identificatie),
    )


def overbrengingen(*, gemeente: Gemeente) -> QuerySet[Overbrenging]:
    """The gemeente's transfers, newest first, with their number of zaken (`aantal_zaken`)."""
    return (
        Overbrenging.objects.filter(gemeente=gemeente)
        .select_related("aangemaakt_door", "bevestigd_door")
        .annotate(aantal_zaken=Count("items"))
        .order_by("-aangemaakt_op", "-pk")
    )


def open_pakket(overbrenging: Overbrenging) -> IO[bytes]:
    """The package (zip) of a transfer, to stream; NotFound (in Dutch) once it is gone."""
    if not overbrenging.pakket:
        if overbrenging.status == Overbrengingsstatus.afgebroken:
            reden = "de overbrenging is afgebroken"
        elif overbrenging.inhoud_verwijderd:
            reden = "het is na de ontvangstbevestiging verwijderd, met de inhoud van de documenten"
        else:
            reden = "het wordt nog samengesteld"
        raise NotFound(f"Het pakket van {overbrenging.nummer} is er niet: {reden}.")
    return content.storage().open(overbrenging.pakket, "rb")


@dataclass
class Dossier:
    """A zaak with everything its package part describes, loaded by `dossiers`."""

    zaak: Zaak
    # The zaak's documents, then documents only its besluiten hold; each once.
    documenten: list[EnkelvoudigInformatieObject] = field(default_factory=list)
    versies: dict[int, list[Versie]] = field(default_factory=dict)  # oldest first
    besluiten: list[Besluit] = field(default_factory=list)
    besluitdocumenten: dict[int, list[int]] = field(default_factory=dict)  # besluit → documents
    rollen: list[Rol] = field(default_factory=list)
    # (identificatie, bronorganisatie, omschrijving) of its hoofdzaak, deelzaken and the
    # relevante andere zaken in this register.
    verwant: list[tuple[str, str, str]] = field(default_factory=list)


def dossiers(
    gemeente: Gemeente, zaak_ids: Collection[int] | QuerySet[Any], *, per: int = PER
) -> Iterator[Dossier]:
    """The dossiers of these zaken (ids, or a query of them) of the gemeente (others are never
    read), by identificatie, `per` zaken at a time: eight queries per batch."""
    ids = list(
        Zaak.objects.filter(tenant=gemeente, pk__in=zaak_ids)
        .order_by("identificatie", "pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), per):
        yield from _batch(gemeente, ids[start : start + per])


def _batch(gemeente: Gemeente, ids: list[int]) -> list[Dossier]:
    rows = (
        Zaak.objects.filter(tenant=gemeente, pk__in=ids)
        .select_related("zaaktype", "hoofdzaak", "resultaat__resultaattype")
        .order_by("identificatie", "pk")
    )
    result = {zaak.pk: Dossier(zaak) for zaak in rows}
    documenten: dict[int, EnkelvoudigInformatieObject] = {}
    for zio in (
        ZaakInformatieObject.objects.filter(zaak_id__in=ids, informatieobject__tenant=gemeente)
        .select_related("informatieobject__informatieobjecttype")
        .order_by("informatieobject__identificatie", "pk")
    ):
        documenten[zio.informatieobject_id] = zio.informatieobject
        result[zio.zaak_id].documenten.append(zio.informatieobject)
    besluiten: dict[int, Besluit] = {}
    for besluit in (
        Besluit.objects.filter(zaak_id__in=ids, tenant=gemeente)
        .select_related("besluittype")
        .order_by("identificatie", "pk")
    ):
        assert besluit.zaak_id is not None  # filtered on it
        besluiten[besluit.pk] = besluit
        result[besluit.zaak_id].besluiten.append(besluit)
    for bio in (
        BesluitInformatieObject.objects.filter(
            besluit_id__in=list(besluiten), informatieobject__tenant=gemeente
        )
        .select_related("informatieobject__informatieobjecttype")
        .order_by("informatieobject__identificatie", "pk")
    ):
        zaak_id = besluiten[bio.besluit_id].zaak_id
        assert zaak_id is not None  # besluiten of these zaken only
        dossier = result[zaak_id]
        dossier.besluitdocumenten.setdefault(bio.besluit_id, []).append(bio.informatieobject_id)
        if all(d.pk != bio.informatieobject_id for d in dossier.documenten):
            documenten[bio.informatieobject_id] = bio.informatieobject
            dossier.documenten.append(bio.informatieobject)
    versies: dict[int, list[Versie]] = defaultdict(list)
    for versie in Versie.objects.filter(document_id__in=list(documenten)).order_by(
        "document_id", "versie"
    ):
        versies[versie.document_id].append(versie)
    for rol in (
        Rol.objects.filter(zaak_id__in=ids, roltype__omschrijving_generiek__in=BETROKKENE_ROLLEN)
        .select_related("roltype")
        .order_by("pk")
    ):
        result[rol.zaak_id].rollen.append(rol)
    for dossier in result.values():
        dossier.versies = {d.pk: versies[d.pk] for d in dossier.documenten}
        hoofdzaak = dossier.zaak.hoofdzaak
        if hoofdzaak is not None:
            dossier.verwant.append(
                (hoofdzaak.identificatie, hoofdzaak.bronorganisatie, hoofdzaak.omschrijving)
            )
    for hoofdzaak_id, identificatie, bron, omschrijving in (
        Zaak.objects.filter(hoofdzaak_id__in=ids, tenant=gemeente)
        .order_by("identificatie")
        .values_list("hoofdzaak_id", "identificatie", "bronorganisatie", "omschrijving")
    ):
        result[hoofdzaak_id].verwant.append((identificatie, bron, omschrijving))
    _relevante_andere_zaken(gemeente, result)
    return list(result.values())


def _relevante_andere_zaken(gemeente: Gemeente, result: dict[int, Dossier]) -> None:
    """Add the relevante andere zaken of the dossiers that are zaken of this register: one
    query when any dossier names one."""
    wanted: dict[int, list[str]] = {
        pk: [
            m.group(1).lower()
            for r in d.zaak.relevante_andere_zaken or []
            if (m := _UUID.search(r.get("url", "")))
        ]
        for pk, d in result.items()
    }
    keys = {key for values in wanted.values() for key in values}
    if not keys:
        return
    gevonden = {
        str(uuid): (identificatie, bron, omschrijving)
        for uuid, identificatie, bron, omschrijving in Zaak.objects.filter(
            uuid__in=keys, tenant=gemeente
        ).values_list("uuid", "identificatie", "bronorganisatie", "omschrijving")
    }
    for pk, values in wanted.items():
        result[pk].verwant.extend(gevonden[v] for v in values if v in gevonden)


def _documenten_q(overbrenging: Overbrenging) -> Q:
    zaak_ids = overbrenging.items.values("zaak_id")
    return Q(
        pk__in=ZaakInformatieObject.objects.filter(zaak_id__in=zaak_ids).values(
            "informatieobject_id"
        )
    ) | Q(
        pk__in=BesluitInformatieObject.objects.filter(besluit__zaak_id__in=zaak_ids).values(
            "informatieobject_id"
        )
    )


def documenten_van(overbrenging: Overbrenging) -> list[int]:
    """The documents of the transfer's zaken and of their besluiten: one query."""
    return list(
        EnkelvoudigInformatieObject.objects.filter(_documenten_q(overbrenging))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def gewijzigd_na_klaarzetten(overbrenging: Overbrenging) -> list[str]:
    """Identificaties of the transfer's zaken changed since its package was put together: an
    audit record on the zaak (its own parts included), on one of its documents or besluiten,
    after the transfer was created (before anything was read for its package). Two queries
    when nothing changed."""
    zaak_ids = overbrenging.items.values("zaak_id")
    uuids = {
        "zaak": Zaak.objects.filter(pk__in=zaak_ids).values("uuid"),
        "document": EnkelvoudigInformatieObject.objects.filter(_documenten_q(overbrenging)).values(
            "uuid"
        ),
        "besluit": Besluit.objects.filter(zaak_id__in=zaak_ids).values("uuid"),
    }
    gewijzigd = set(
        AuditTrail.objects.filter(aanmaakdatum__gt=overbrenging.aangemaakt_op)
        .filter(
            Q(hoofd_object_uuid__in=uuids["zaak"])
            | Q(hoofd_object_uuid__in=uuids["document"])
            | Q(hoofd_object_uuid__in=uuids["besluit"])
        )
        .values_list("hoofd_object_uuid", flat=True)
        .distinct()
    )
    if not gewijzigd:
        return []
    documenten_uuid = EnkelvoudigInformatieObject.objects.filter(uuid__in=gewijzigd).values("pk")
    betrokken = (
        Zaak.objects.filter(pk__in=zaak_ids)
        .filter(
            Q(uuid__in=gewijzigd)
            | Q(pk__in=Besluit.objects.filter(uuid__in=gewijzigd).values("zaak_id"))
            | Q(
                pk__in=ZaakInformatieObject.objects.filter(
                    informatieobject_id__in=documenten_uuid
                ).values("zaak_id")
            )
            | Q(
                pk__in=BesluitInformatieObject.objects.filter(
                    informatieobject_id__in=documenten_uuid
                ).values("besluit__zaak_id")
            )
        )
        .order_by("identificatie")
        .values_list("identificatie", flat=True)
    )
    return list(betrokken)


def zonder_ander_gebruik(document_ids: Collection[int]) -> list[int]:
    """Of these documents, those that only zaken with archiefstatus `overgedragen` (and their
    besluiten) hold: their content may go once the repository has it. A document that a zaak
    still in use, another besluit, a verzoek or an outside register refers to keeps it. Three
    queries."""
    objecten: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for document_id, pad in ObjectInformatieObject.objects.filter(
        informatieobject_id__in=list(document_ids)
    ).values_list("informatieobject_id", "object"):
        match = _PAD.match(pad)
        objecten[document_id].append(
            (match.group(1), match.group(2).lower()) if match else ("", pad)
        )
    zaak_uuids = {key for rows in objecten.values() for soort, key in rows if soort == "zaken"}
    besluit_uuids = {
        key for rows in objecten.values() for soort, key in rows if soort == "besluiten"
    }
    overgedragen = {
        ("zaken", str(key))
        for key in Zaak.objects.filter(
            uuid__in=_uuids(zaak_uuids), archiefstatus=Archiefstatus.overgedragen
        ).values_list("uuid", flat=True)
    } | {
        ("besluiten", str(key))
        for key in Besluit.objects.filter(
            uuid__in=_uuids(besluit_uuids), zaak__archiefstatus=Archiefstatus.overgedragen
        ).values_list("uuid", flat=True)
    }
    return sorted(
        document_id
        for document_id in document_ids
        if objecten[document_id] and all(row in overgedragen for row in objecten[document_id])
    )


def _uuids(values: set[str]) -> list[UUID]:
    result = []
    for value in values:
        try:
            result.append(UUID(value))
        except ValueError:
            continue
    return result
