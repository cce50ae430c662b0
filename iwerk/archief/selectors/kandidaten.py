"""Which zaken a destruction list may take, what goes with each, and which must stay because
something that stays depends on them (ADR 0045).

Everything here is set-based: a fixed number of queries whatever the number of zaken, each with
the zaken as a subquery (never a list of ids as parameters), so a list over 100,000 eligible zaken
costs the same eight statements as one over three.

A zaak goes together with its documents and besluiten, and with the zaken it is related to
(hoofdzaak and deelzaken, relevanteAndereZaken in either direction). When any of those stays —
a zaak not on the list, a besluit without a zaak, a document also related to something outside
iwerk — the zaak is excluded automatically, and so is everything that in turn hangs on it.
"""

from __future__ import annotations

import functools
import uuid as uuid_module
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from iwerk.archief.models import ACTIEVE_LIJSTSTATUSSEN, Itemstatus, Lijstitem
from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.catalogi.models import ZaakType
from iwerk.core.api.actor import Actor
from iwerk.core.models import Gemeente
from iwerk.documenten.models import ObjectInformatieObject
from iwerk.referentielijsten import selectors as referentielijsten
from iwerk.zaken import selectors as zaken_selectors
from iwerk.zaken.models import Archiefstatus, Zaak, ZaakInformatieObject

VERNIETIGEN = "vernietigen"
# Ids per statement where a Python set must go to the database (the zaken outside the list that
# a reason names): well below SQLite's limit on parameters.
_PER_KEER = 5000


@dataclass(frozen=True)
class Kandidaatfilters:
    """The records manager's selection; empty means no restriction."""

    zaaktypen: tuple[str, ...] = ()  # zaaktype identificaties, every version
    resultaattypen: tuple[str, ...] = ()  # resultaattype omschrijvingen
    einddatum_vanaf: date | None = None
    einddatum_tot: date | None = None  # inclusive
    selectielijstklassen: tuple[str, ...] = ()  # Selectielijst resultaat URLs

    def as_json(self) -> dict:
        return {
            "zaaktypen": list(self.zaaktypen),
            "resultaattypen": list(self.resultaattypen),
            "einddatum_vanaf": self.einddatum_vanaf.isoformat() if self.einddatum_vanaf else None,
            "einddatum_tot": self.einddatum_tot.isoformat() if self.einddatum_tot else None,
            "selectielijstklassen": list(self.selectielijstklassen),
        }

    @classmethod
    def from_json(cls, data: dict) -> Kandidaatfilters:
        def datum(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            zaaktypen=tuple(data.get("zaaktypen") or ()),
            resultaattypen=tuple(data.get("resultaattypen") or ()),
            einddatum_vanaf=datum(data.get("einddatum_vanaf")),
            einddatum_tot=datum(data.get("einddatum_tot")),
            selectielijstklassen=tuple(data.get("selectielijstklassen") or ()),
        )


def vernietigbaar_q(peildatum: date) -> Q:
    """A closed zaak to be destroyed, not archived yet, whose archiefactiedatum has come.

    The first two conditions use the index on (archiefstatus, archiefnominatie), the date the one
    on archiefactiedatum: the database picks the narrower.
    """
    return Q(
        archiefstatus=Archiefstatus.nog_te_archiveren,
        archiefnominatie=VERNIETIGEN,
        einddatum__isnull=False,
        archiefactiedatum__lte=peildatum,
    )


def op_actieve_lijst(*, behalve: int | None = None) -> QuerySet[Lijstitem, Any]:
    """zaak_id of every zaak on an active list (as an item that goes), for a subquery."""
    items = Lijstitem.objects.filter(
        lijst__status__in=ACTIEVE_LIJSTSTATUSSEN, status=Itemstatus.opgenomen, zaak__isnull=False
    )
    if behalve is not None:
        items = items.exclude(lijst_id=behalve)
    return items.values("zaak_id")


def _met_klasse(zaken: QuerySet[Zaak]) -> QuerySet[Zaak]:
    # The zaak's own selectielijstklasse, or else its resultaattype's (closing does not copy it).
    return zaken.annotate(
        klasse=Coalesce(
            NullIf(F("selectielijstklasse"), Value("")),
            F("resultaat__resultaattype__selectielijstklasse"),
        )
    )


def kandidaten(
    *,
    gemeente: Gemeente,
    actor: Actor,
    peildatum: date,
    filters: Kandidaatfilters | None = None,
    behalve_lijst: int | None = None,
) -> QuerySet[Zaak]:
    """Zaken of the gemeente a new list may take on peildatum, in list order: eligible
    (vernietigbaar_q), within the filters, readable by actor (the zaken register's own
    visibility rule: zaaktype and vertrouwelijkheidaanduiding) and not on another active list."""
    filters = filters or Kandidaatfilters()
    qs = (
        zaken_selectors.zaken(actor, "zaken.lezen", columns=False)
        .filter(tenant=gemeente)
        .filter(vernietigbaar_q(peildatum))
        .exclude(pk__in=op_actieve_lijst(behalve=behalve_lijst))
    )
    if filters.zaaktypen:
        qs = qs.filter(
            zaaktype_id__in=ZaakType.objects.filter(
                tenant=gemeente, identificatie__in=filters.zaaktypen
            ).values("pk")
        )
    if filters.resultaattypen:
        qs = qs.filter(resultaat__resultaattype__omschrijving__in=filters.resultaattypen)
    if filters.einddatum_vanaf:
        qs = qs.filter(einddatum__gte=filters.einddatum_vanaf)
    if filters.einddatum_tot:
        qs = qs.filter(einddatum__lte=filters.einddatum_tot)
    if filters.selectielijstklassen:
        klassen = filters.selectielijstklassen
        qs = qs.filter(
            Q(selectielijstklasse__in=klassen)
            | Q(selectielijstklasse="", resultaat__resultaattype__selectielijstklasse__in=klassen)
        )
    return qs.order_by("zaaktype__identificatie", "identificatie", "pk")


@dataclass
class Kandidaat:
    """A zaak as a list item shows it (the snapshot), what goes with it, and the reason it was
    excluded automatically ("" when it may go)."""

    zaak_id: int
    zaak_uuid: uuid_module.UUID
    identificatie: str
    omschrijving: str
    zaaktype_identificatie: str
    zaaktype_omschrijving: str
    resultaattype_omschrijving: str
    selectielijstklasse: str
    selectielijstklasse_weergave: str
    bewaartermijn: str
    einddatum: date | None
    archiefactiedatum: date | None
    vertrouwelijkheidaanduiding: str
    inhoud: dict = field(default_factory=dict)
    reden: str = ""


_KOLOMMEN = (
    "pk",
    "uuid",
    "identificatie",
    "omschrijving",
    "zaaktype__identificatie",
    "zaaktype__omschrijving",
    "resultaat__resultaattype__omschrijving",
    "klasse",
    "resultaat__resultaattype__archiefactietermijn",
    "einddatum",
    "archiefactiedatum",
    "vertrouwelijkheidaanduiding",
    "hoofdzaak_id",
    "archiefnominatie",
    "archiefstatus",
)

Knoop = tuple[str, int | str]  # ("z", zaak pk), ("d", document pk), ("b", besluit pk), ("x", url)


@dataclass
class _Graaf:
    """Zaken, documents, besluiten and outside objects, and what relates them."""

    buren: dict[Knoop, list[Knoop]] = field(default_factory=lambda: defaultdict(list))
    hoofdzaak: dict[int, int] = field(default_factory=dict)  # deelzaak pk -> hoofdzaak pk
    relevant: set[tuple[int, int]] = field(default_factory=set)
    documenten: dict[int, tuple[str, str, int]] = field(default_factory=dict)
    besluiten: dict[int, tuple[str, int | None]] = field(default_factory=dict)

    def verbind(self, a: Knoop, b: Knoop) -> None:
        if a != b:
            self.buren[a].append(b)
            self.buren[b].append(a)


@dataclass(frozen=True)
class _Zaak:
    identificatie: str
    zichtbaar: bool


def analyseer(
    zaken: QuerySet[Zaak], *, actor: Actor, peildatum: date | None = None
) -> list[Kandidaat]:
    """Every zaak of `zaken` as a list item would hold it, in the queryset's order, with what
    goes with it (``inhoud``) and, for one that must stay, the reason (Dutch, shown on the list).

    With peildatum, a zaak that is no longer eligible on it stays too (a list checked again
    before it goes to review). Related zaken the actor may not read are named without their
    identificatie. Eight queries; one more per 5,000 related zaken outside the list.
    """
    rijen = list(_met_klasse(zaken).values(*_KOLOMMEN))
    subquery = zaken.order_by().values("pk")
    per_id = {rij["pk"]: rij for rij in rijen}
    uuids = {str(rij["uuid"]): rij["pk"] for rij in rijen}
    redenen: dict[int, str] = {}
    if peildatum is not None:
        for rij in rijen:
            if reden := _niet_vernietigbaar(rij, peildatum):
                redenen[rij["pk"]] = reden
    gaan = {pk for pk in per_id if pk not in redenen}

    graaf = _Graaf()
    namen: dict[int, _Zaak] = {pk: _Zaak(rij["identificatie"], True) for pk, rij in per_id.items()}
    for rij in rijen:
        if rij["hoofdzaak_id"]:
            _hoofdzaak(graaf, rij["pk"], rij["hoofdzaak_id"])
    for deelzaak, hoofdzaak in Zaak.objects.filter(hoofdzaak_id__in=subquery).values_list(
        "pk", "hoofdzaak_id"
    ):
        _hoofdzaak(graaf, deelzaak, hoofdzaak)
    # relevanteAndereZaken, both ways: every zaak (of any gemeente) that has any, read once. No
    # index finds those naming one of these; the filter reads only rows that have a relation.
    naar_buiten: dict[int, set[str]] = {}  # by uuid, zaken not on the list that these name
    for pk, relaties, identificatie, zaaktype_id, catalogus_id, niveau in Zaak.objects.exclude(
        relevante_andere_zaken=[]
    ).values_list(
        "pk",
        "relevante_andere_zaken",
        "identificatie",
        "zaaktype_id",
        "zaaktype__catalogus_id",
        "vertrouwelijkheidaanduiding",
    ):
        for doel in _uuids(relaties):
            if doel in uuids:
                _relevant(graaf, pk, uuids[doel])
                if pk not in per_id:
                    namen[pk] = _Zaak(
                        identificatie, _mag_lezen(actor, zaaktype_id, catalogus_id, niveau)
                    )
            elif pk in per_id:
                naar_buiten.setdefault(pk, set()).add(doel)
    _documenten(graaf, subquery)

    # Who the zaken outside the list are that a reason or the inhoud names.
    buiten = {n[1] for n in graaf.buren if n[0] == "z"} - namen.keys()
    gevonden, per_uuid = _buiten(actor, {pk for pk in buiten if isinstance(pk, int)}, naar_buiten)
    namen.update(gevonden)
    for pk, doelen in naar_buiten.items():
        for doel in doelen:
            if doel in per_uuid:
                _relevant(graaf, pk, per_uuid[doel])

    ouder = _bewaard(graaf, gaan)
    return [
        _kandidaat(
            rij,
            _inhoud(graaf, namen, rij["pk"]),
            redenen.get(rij["pk"])
            or (_reden(graaf, ouder, namen, rij["pk"]) if ("z", rij["pk"]) in ouder else ""),
        )
        for rij in rijen
    ]


def _niet_vernietigbaar(rij: dict, peildatum: date) -> str:
    """Why a zaak on a list no longer qualifies (it changed since it was put on), or ""."""
    if rij["archiefstatus"] != Archiefstatus.nog_te_archiveren:
        return "De zaak is inmiddels gearchiveerd of overgedragen."
    if rij["archiefnominatie"] != VERNIETIGEN:
        return "De archiefnominatie van de zaak is niet meer ‘vernietigen’."
    if rij["einddatum"] is None:
        return "De zaak is heropend."
    if rij["archiefactiedatum"] is None or rij["archiefactiedatum"] > peildatum:
        return "De archiefactiedatum van de zaak ligt inmiddels na de peildatum van de lijst."
    return ""


def _uuids(relaties: object) -> list[str]:
    """The uuids of the zaken a relevanteAndereZaken value points at (the last path segment)."""
    result = []
    for relatie in relaties if isinstance(relaties, list) else ():
        url = relatie.get("url", "") if isinstance(relatie, dict) else ""
        try:
            result.append(str(uuid_module.UUID(url.rstrip("/").rsplit("/", 1)[-1])))
        except ValueError:
            continue
    return result


def _hoofdzaak(graaf: _Graaf, deelzaak: int, hoofdzaak: int) -> None:
    graaf.hoofdzaak[deelzaak] = hoofdzaak
    graaf.verbind(("z", deelzaak), ("z", hoofdzaak))


def _relevant(graaf: _Graaf, a: int, b: int) -> None:
    graaf.relevant.add((min(a, b), max(a, b)))
    graaf.verbind(("z", a), ("z", b))


def _mag_lezen(actor: Actor, zaaktype_id: int, catalogus_id: int, niveau: str) -> bool:
    return actor.permits(
        "zrc",
        "zaken.lezen",
        type_id=zaaktype_id,
        catalogus_id=catalogus_id,
        vertrouwelijkheid=niveau,
    )


def _documenten(graaf: _Graaf, subquery: QuerySet) -> None:
    """The documents and besluiten of the zaken, and everything else those documents belong to:
    other zaken, besluiten of other zaken or of none, objects outside iwerk. Four queries."""
    van_zaken = ZaakInformatieObject.objects.filter(zaak_id__in=subquery).values(
        "informatieobject_id"
    )
    van_besluiten = BesluitInformatieObject.objects.filter(besluit__zaak_id__in=subquery).values(
        "informatieobject_id"
    )
    documenten = Q(informatieobject_id__in=van_zaken) | Q(informatieobject_id__in=van_besluiten)
    for pk, identificatie, zaak_id in Besluit.objects.filter(zaak_id__in=subquery).values_list(
        "pk", "identificatie", "zaak_id"
    ):
        graaf.besluiten[pk] = (identificatie, zaak_id)
        graaf.verbind(("b", pk), ("z", zaak_id))
    for zaak_id, document_id, document, titel, versie in ZaakInformatieObject.objects.filter(
        documenten
    ).values_list(
        "zaak_id",
        "informatieobject_id",
        "informatieobject__identificatie",
        "informatieobject__titel",
        "informatieobject__versie",
    ):
        graaf.documenten[document_id] = (document, titel, versie)
        graaf.verbind(("z", zaak_id), ("d", document_id))
    for (
        besluit_id,
        identificatie,
        zaak_id,
        document_id,
        document,
        titel,
        versie,
    ) in BesluitInformatieObject.objects.filter(
        documenten | Q(besluit__zaak_id__in=subquery)
    ).values_list(
        "besluit_id",
        "besluit__identificatie",
        "besluit__zaak_id",
        "informatieobject_id",
        "informatieobject__identificatie",
        "informatieobject__titel",
        "informatieobject__versie",
    ):
        graaf.besluiten[besluit_id] = (identificatie, zaak_id)
        graaf.documenten[document_id] = (document, titel, versie)
        graaf.verbind(("b", besluit_id), ("d", document_id))
        if zaak_id is not None:
            graaf.verbind(("b", besluit_id), ("z", zaak_id))
    # The Documenten side also names objects outside iwerk's own registers (an external zaak, a
    # verzoek): iwerk's own zaken and besluiten are host-less paths, already seen above.
    for document_id, objecttype, url in (
        ObjectInformatieObject.objects.filter(documenten)
        .exclude(object_type__in=("zaak", "besluit"), object__startswith="/")
        .values_list("informatieobject_id", "object_type", "object")
    ):
        graaf.verbind(("d", document_id), ("x", f"{objecttype} {url}"))


def _buiten(
    actor: Actor, ids: set[int], naar_buiten: dict[int, set[str]]
) -> tuple[dict[int, _Zaak], dict[str, int]]:
    """The zaken outside the list by pk (and the relevante andere zaken by uuid): how to name
    them, and whose pk a uuid is. One query per 5,000."""
    gezocht: list[tuple[str, int | str]] = [("pk", pk) for pk in sorted(ids)]
    gezocht += [("uuid", u) for u in sorted(set().union(*naar_buiten.values()))]
    namen: dict[int, _Zaak] = {}
    per_uuid: dict[str, int] = {}
    for start in range(0, len(gezocht), _PER_KEER):
        deel = gezocht[start : start + _PER_KEER]
        for pk, key, identificatie, zaaktype_id, catalogus_id, niveau in Zaak.objects.filter(
            Q(pk__in=[v for k, v in deel if k == "pk"])
            | Q(uuid__in=[v for k, v in deel if k == "uuid"])
        ).values_list(
            "pk",
            "uuid",
            "identificatie",
            "zaaktype_id",
            "zaaktype__catalogus_id",
            "vertrouwelijkheidaanduiding",
        ):
            namen[pk] = _Zaak(identificatie, _mag_lezen(actor, zaaktype_id, catalogus_id, niveau))
            per_uuid[str(key)] = pk
    return namen, per_uuid


def _bewaard(graaf: _Graaf, gaan: set[int]) -> dict[Knoop, Knoop | None]:
    """Everything that stays, each with the neighbour it stays for (None: it stays by itself —
    a zaak not going, a besluit without a zaak, an outside object). Breadth first, so a reason
    names the nearest cause."""
    ouder: dict[Knoop, Knoop | None] = {}
    rij: deque[Knoop] = deque()
    for knoop in graaf.buren:
        soort, key = knoop
        if (
            (soort == "z" and key not in gaan)
            or soort == "x"
            or (soort == "b" and isinstance(key, int) and graaf.besluiten[key][1] is None)
        ):
            ouder[knoop] = None
            rij.append(knoop)
    while rij:
        knoop = rij.popleft()
        for buur in graaf.buren[knoop]:
            if buur not in ouder:
                ouder[buur] = knoop
                rij.append(buur)
    return ouder


def _naam(namen: dict[int, _Zaak], pk: int) -> str:
    zaak = namen.get(pk)
    if zaak is None:
        return "een zaak die niet meer bestaat"
    return zaak.identificatie if zaak.zichtbaar else "(een zaak die u niet mag inzien)"


def _reden(
    graaf: _Graaf, ouder: dict[Knoop, Knoop | None], namen: dict[int, _Zaak], pk: int
) -> str:
    """Why zaak pk stays: the path to what it stays for, in one Dutch sentence."""
    pad: list[Knoop] = []
    knoop = ouder[("z", pk)]
    while knoop is not None and len(pad) < 4:
        pad.append(knoop)
        if knoop[0] in ("z", "x"):
            break
        knoop = ouder[knoop]
    if not pad:
        return "Hangt samen met een zaak die bewaard blijft."
    eerste = pad[0]
    if eerste[0] == "z" and isinstance(eerste[1], int):
        andere = eerste[1]
        if graaf.hoofdzaak.get(pk) == andere:
            return f"De hoofdzaak {_naam(namen, andere)} blijft bewaard."
        if graaf.hoofdzaak.get(andere) == pk:
            return f"Deelzaak {_naam(namen, andere)} blijft bewaard."
        return f"Gerelateerde zaak {_naam(namen, andere)} (relevante andere zaak) blijft bewaard."
    eigen_besluit = None
    if eerste[0] == "b":
        eigen_besluit = pad.pop(0)
    if not pad or pad[0][0] != "d":
        return "Hangt samen met een besluit dat bewaard blijft."
    document = _document(graaf, pad.pop(0))
    doel = _doel(graaf, namen, pad)
    if eigen_besluit is not None:
        return f"Besluit {_besluit(graaf, eigen_besluit)} deelt document {document} met {doel}."
    return f"Document {document} hoort ook bij {doel}."


def _document(graaf: _Graaf, knoop: Knoop) -> str:
    gegevens = graaf.documenten.get(knoop[1]) if isinstance(knoop[1], int) else None
    return gegevens[0] if gegevens else "?"


def _besluit(graaf: _Graaf, knoop: Knoop) -> str:
    gegevens = graaf.besluiten.get(knoop[1]) if isinstance(knoop[1], int) else None
    return gegevens[0] if gegevens else "?"


def _doel(graaf: _Graaf, namen: dict[int, _Zaak], pad: list[Knoop]) -> str:
    """What a shared document also belongs to, which stays."""
    if not pad:
        return "iets dat bewaard blijft"
    eerste = pad[0]
    if eerste[0] == "z" and isinstance(eerste[1], int):
        return f"zaak {_naam(namen, eerste[1])}, die bewaard blijft"
    if eerste[0] == "x":
        return f"{eerste[1]} buiten iwerk, dat niet met deze lijst wordt vernietigd"
    besluit = _besluit(graaf, eerste)
    zaak_id = graaf.besluiten[eerste[1]][1] if isinstance(eerste[1], int) else None
    if zaak_id is not None and len(pad) > 1 and pad[1] == ("z", zaak_id):
        return f"besluit {besluit} van zaak {_naam(namen, zaak_id)}, die bewaard blijft"
    return f"besluit {besluit}, dat bewaard blijft"


def _inhoud(graaf: _Graaf, namen: dict[int, _Zaak], pk: int) -> dict:
    """What goes with zaak pk: its documents (with those of its besluiten), its besluiten, and
    the zaken it is related to."""
    buren = graaf.buren.get(("z", pk))
    if not buren:
        return {"documenten": [], "besluiten": [], "relaties": []}
    documenten: dict[int, None] = {}
    besluiten: list[int] = []
    relaties: list[tuple[str, str]] = []
    for buur in buren:
        soort, key = buur
        if not isinstance(key, int):
            continue
        if soort == "d":
            documenten[key] = None
        elif soort == "b" and graaf.besluiten[key][1] == pk:
            besluiten.append(key)
            for via in graaf.buren[buur]:
                if via[0] == "d" and isinstance(via[1], int):
                    documenten[via[1]] = None
        elif soort == "z":
            if graaf.hoofdzaak.get(pk) == key:
                aard = "hoofdzaak"
            elif graaf.hoofdzaak.get(key) == pk:
                aard = "deelzaak"
            else:
                aard = "relevante andere zaak"
            relaties.append((aard, _naam(namen, key)))
    return {
        "documenten": [
            {"identificatie": d[0], "titel": d[1], "versies": d[2]}
            for d in sorted(graaf.documenten[key] for key in documenten)
        ],
        "besluiten": [
            {"identificatie": identificatie}
            for identificatie in sorted({graaf.besluiten[b][0] for b in besluiten})
        ],
        "relaties": [{"aard": aard, "identificatie": naam} for aard, naam in sorted(set(relaties))],
    }


def _kandidaat(rij: dict, inhoud: dict, reden: str) -> Kandidaat:
    klasse = rij["klasse"] or ""
    return Kandidaat(
        zaak_id=rij["pk"],
        zaak_uuid=rij["uuid"],
        identificatie=rij["identificatie"],
        omschrijving=rij["omschrijving"],
        zaaktype_identificatie=rij["zaaktype__identificatie"],
        zaaktype_omschrijving=rij["zaaktype__omschrijving"],
        resultaattype_omschrijving=rij["resultaat__resultaattype__omschrijving"] or "",
        selectielijstklasse=klasse,
        selectielijstklasse_weergave=selectielijstklasse_weergave(klasse),
        bewaartermijn=rij["resultaat__resultaattype__archiefactietermijn"] or "",
        einddatum=rij["einddatum"],
        archiefactiedatum=rij["archiefactiedatum"],
        vertrouwelijkheidaanduiding=rij["vertrouwelijkheidaanduiding"],
        inhoud=inhoud,
        reden=reden,
    )


@functools.lru_cache(maxsize=1024)
def selectielijstklasse_weergave(url: str) -> str:
    """ "1.1 Ingericht" for a Selectielijst resultaat URL the shipped Selectielijst knows (no
    network: the lists are loaded once per process), "" otherwise."""
    if not url:
        return ""
    sleutel = url.rstrip("/").rsplit("/", 1)[-1]
    resultaat = referentielijsten.get_local("resultaten", sleutel)
    if not isinstance(resultaat, referentielijsten.Resultaat):
        return ""
    return f"{referentielijsten.volledig_nummer(resultaat)} {resultaat.naam}"[:300]
