"""From a zaak to its Zaakfeit: the deadlines after opschorting, the netto doorlooptijd, the
kanaal and the team — the derivations every figure shares, in one place."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.roles import Rol as Werkplekrol
from iwerk.referentielijsten.selectors import communicatiekanalen
from iwerk.sturing.models import Zaakfeit
from iwerk.zaken.models import KlantContact, Resultaat, Zaak

_KANAAL_WOORDEN = (
    ("internet", ("internet", "portaal", "web", "digitaal", "e-formulier")),
    ("email", ("e-mail", "email", "mail")),
    ("telefoon", ("telefoon", "telefonisch", "tel")),
    ("balie", ("balie", "loket")),
    ("post", ("post", "brief")),
    ("intern", ("intern",)),
)

_ZAAK_VELDEN = (
    "id",
    "tenant_id",
    "zaaktype_id",
    "behandelaar",
    "communicatiekanaal",
    "startdatum",
    "einddatum",
    "einddatum_gepland",
    "uiterlijke_einddatum_afdoening",
    "opschorting_indicatie",
    "opgeschort_sinds",
    "opgeschorte_dagen",
    "archiefnominatie",
    "vertrouwelijkheidaanduiding",
)


def kanaal_van(naam: str) -> str:
    """The channel group of a communicatiekanaal or klantcontact kanaal name."""
    naam = (naam or "").strip().lower()
    for kanaal, woorden in _KANAAL_WOORDEN:
        if any(naam == w or naam.startswith(w) for w in woorden):
            return kanaal
    return "onbekend"


def _kanaal_per_uuid() -> dict[str, str]:
    return {str(k.uuid): kanaal_van(k.naam) for k in communicatiekanalen()}


def teams(tenant_ids: Iterable[int] | None = None) -> dict[tuple[int, str], int]:
    """(gemeente, medewerker identificatie) → team of the behandelaar in that gemeente."""
    rows = Roltoewijzing.objects.filter(
        team__isnull=False, rol__in=[Werkplekrol.behandelaar, Werkplekrol.teamleider]
    )
    if tenant_ids is not None:
        rows = rows.filter(gemeente_id__in=list(tenant_ids))
    result: dict[tuple[int, str], int] = {}
    # A behandelaar role names the team the work is done in; a teamleider's team only counts
    # for someone without one.
    for gemeente_id, username, team_id, rol in rows.values_list(
        "gemeente_id", "gebruiker__username", "team_id", "rol"
    ).order_by("rol"):
        key = (gemeente_id, username)
        if rol == Werkplekrol.behandelaar or key not in result:
            result[key] = team_id
    return result


def bereken(zaak_ids: list[int], team_van: dict[tuple[int, str], int]) -> list[Zaakfeit]:
    """The facts of these zaken as they are now; zaken that no longer exist yield nothing."""
    rows = list(Zaak.objects.filter(pk__in=zaak_ids).values(*_ZAAK_VELDEN))
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    met_resultaat = set(Resultaat.objects.filter(zaak_id__in=ids).values_list("zaak_id", flat=True))
    per_uuid = _kanaal_per_uuid()
    kanalen: dict[int, str] = {}
    zonder = []
    for r in rows:
        uuid = r["communicatiekanaal"].rstrip("/").rsplit("/", 1)[-1]
        if uuid in per_uuid:
            kanalen[r["id"]] = per_uuid[uuid]
        else:
            zonder.append(r["id"])
    if zonder:
        # The first klantcontact tells how the request came in.
        for zaak_id, kanaal in (
            KlantContact.objects.filter(zaak_id__in=zonder)
            .order_by("zaak_id", "datumtijd", "pk")
            .values_list("zaak_id", "kanaal")
        ):
            kanalen.setdefault(zaak_id, kanaal_van(kanaal))
    return [
        _feit(r, kanalen.get(r["id"], "onbekend"), r["id"] in met_resultaat, team_van) for r in rows
    ]


def _plus(day: date | None, days: int) -> date | None:
    return day + timedelta(days=days) if day and days else day


def _feit(
    r: dict, kanaal: str, heeft_resultaat: bool, team_van: dict[tuple[int, str], int]
) -> Zaakfeit:
    einddatum = r["einddatum"]
    opgeschort = r["opgeschort_sinds"] if r["opschorting_indicatie"] else None
    # Closed while still suspended: the clock stood still until the end, so the deadlines move
    # by the days of this last opschorting as well.
    laatste_stilstand = (einddatum - opgeschort).days if einddatum and opgeschort else 0
    laatste_stilstand = max(laatste_stilstand, 0)
    netto = None
    if einddatum:
        netto = max(
            (einddatum - r["startdatum"]).days - r["opgeschorte_dagen"] - laatste_stilstand, 0
        )
    return Zaakfeit(
        zaak_id=r["id"],
        tenant_id=r["tenant_id"],
        zaaktype_id=r["zaaktype_id"],
        team_id=team_van.get((r["tenant_id"], r["behandelaar"]), 0) if r["behandelaar"] else 0,
        behandelaar=r["behandelaar"],
        kanaal=kanaal,
        startdatum=r["startdatum"],
        einddatum=einddatum,
        servicenorm_datum=_plus(r["einddatum_gepland"], laatste_stilstand),
        wettelijke_datum=_plus(r["uiterlijke_einddatum_afdoening"], laatste_stilstand),
        opgeschort_sinds=None if einddatum else opgeschort,
        netto_doorlooptijd=netto,
        heeft_resultaat=heeft_resultaat,
        heeft_archiefnominatie=bool(r["archiefnominatie"]),
        vertrouwelijkheid=VERTROUWELIJKHEID_ORDER.get(r["vertrouwelijkheidaanduiding"], 0),
    )
