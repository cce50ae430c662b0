"""Phase 1: the catalogue — catalogi, informatieobjecttypen, besluittypen, and every zaaktype
version with its statustypen, roltypen, resultaattypen, eigenschappen, zaakobjecttypen and
zaaktype-informatieobjecttypen (one unit per version), published where the source published it.

Every list is read whole, concepts included (`status=alles`), and grouped by zaaktype, so a
zaaktype's hash covers its children and an unchanged version costs no request beyond the lists.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from iwerk.migratie.services import Regel
from iwerk.migratie.zgw.eenheden import op_volgorde, schrijf_object, spiegel
from iwerk.migratie.zgw.herschrijven import hash_van
from iwerk.migratie.zgw.kopieren import Eenheid, Kopieerder, volgorde

# The children of a zaaktype, in the order they are written (statustypen before what names
# them), and whether their list takes the `status` filter.
KINDEREN = (
    ("statustype", "statustypen", True),
    ("roltype", "roltypen", True),
    ("resultaattype", "resultaattypen", True),
    ("eigenschap", "eigenschappen", True),
    ("zaakobjecttype", "zaakobjecttypen", False),
    ("zaaktypeinformatieobjecttype", "zaaktype-informatieobjecttypen", True),
)
ALLES = {"status": "alles"}
# child soort -> the zaaktype's list of them (the order they were made in at the source)
VELDEN = {
    "statustype": "statustypen",
    "roltype": "roltypen",
    "resultaattype": "resultaattypen",
    "eigenschap": "eigenschappen",
    "zaakobjecttype": "zaakobjecttypen",
}


def _op_url(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda item: item["url"])


def _geldig(item: dict) -> tuple[str, str]:
    return (
        str(item.get("omschrijving") or item.get("identificatie") or ""),
        str(item.get("beginGeldigheid") or ""),
    )


def kopieer(k: Kopieerder) -> None:
    root = k.root("catalogi")
    catalogussen = k.lijst("catalogus", f"{root}/catalogussen")
    iots = sorted(
        k.lijst("informatieobjecttype", f"{root}/informatieobjecttypen", ALLES), key=_geldig
    )
    besluittypen = sorted(k.lijst("besluittype", f"{root}/besluittypen", ALLES), key=_geldig)
    zaaktypen = sorted(
        k.lijst("zaaktype", f"{root}/zaaktypen", ALLES),
        key=lambda z: (str(z.get("identificatie")), str(z.get("beginGeldigheid"))),
    )
    kinderen: dict[str, dict[str, list[dict]]] = {}
    for soort, naam, met_status in KINDEREN:
        per_zaaktype: dict[str, list[dict]] = defaultdict(list)
        for item in k.lijst(soort, f"{root}/{naam}", ALLES if met_status else None):
            per_zaaktype[str(item.get("zaaktype"))].append(item)
        kinderen[soort] = per_zaaktype
    # In the order they were made at the source (the catalogus lists them so); that is the
    # order iwerk lists them in, e.g. an informatieobjecttype's besluittypen.
    gemaakt: dict[str, list[str]] = {
        "informatieobjecttypen": [],
        "besluittypen": [],
        "zaaktypen": [],
    }
    for catalogus in catalogussen:
        for veld, urls in gemaakt.items():
            urls += catalogus.get(veld) or []
    iots = op_volgorde(iots, gemaakt["informatieobjecttypen"])
    besluittypen = op_volgorde(besluittypen, gemaakt["besluittypen"])
    zaaktypen = op_volgorde(zaaktypen, gemaakt["zaaktypen"])
    for soort, items in (
        ("catalogus", catalogussen),
        ("informatieobjecttype", iots),
        ("besluittype", besluittypen),
        ("zaaktype", zaaktypen),
    ):
        k.voorlaad_bezet(soort, items)

    k.voortgang.begin("catalogus", len(catalogussen))
    for catalogus in catalogussen:
        k.verwerk(
            Eenheid(
                "catalogus",
                catalogus["url"],
                hash_van(catalogus),
                lambda c=catalogus: [schrijf_object(k, "catalogus", c)[1]],
            )
        )
    k.voortgang.klaar()
    k.actor_vernieuwen()  # its grants now name the catalogi just made

    k.voortgang.begin("informatieobjecttype", len(iots))
    for iot in iots:
        k.verwerk(
            Eenheid(
                "informatieobjecttype",
                iot["url"],
                hash_van(iot),
                lambda i=iot: _schrijf_type(k, "informatieobjecttype", i, hash_van(i)),
                afhankelijk=[("catalogus", iot.get("catalogus", ""))],
            )
        )
    k.voortgang.klaar()

    k.voortgang.begin("besluittype", len(besluittypen))
    for besluittype in besluittypen:
        k.verwerk(
            Eenheid(
                "besluittype",
                besluittype["url"],
                hash_van(besluittype),
                lambda b=besluittype: _schrijf_type(k, "besluittype", b, hash_van(b)),
                afhankelijk=[("catalogus", besluittype.get("catalogus", ""))]
                + [
                    ("informatieobjecttype", u)
                    for u in besluittype.get("informatieobjecttypen") or []
                ],
            )
        )
    k.voortgang.klaar()

    eenheden = [_zaaktype_eenheid(k, zaaktype, kinderen) for zaaktype in zaaktypen]
    k.voortgang.begin("zaaktype", len(eenheden))
    for eenheid in volgorde(eenheden):
        k.verwerk(eenheid)
    k.voortgang.klaar()
    k.actor_vernieuwen()


def _zaaktype_eenheid(
    k: Kopieerder, zaaktype: dict, kinderen: dict[str, dict[str, list[dict]]]
) -> Eenheid:
    url = zaaktype["url"]
    eigen = {soort: _op_url(kinderen[soort].get(url, [])) for soort, _, _ in KINDEREN}
    h = hash_van(zaaktype, *(eigen[soort] for soort, _, _ in KINDEREN))
    afhankelijk = [("catalogus", zaaktype.get("catalogus", ""))]
    afhankelijk += [("besluittype", u) for u in zaaktype.get("besluittypen") or []]
    afhankelijk += [("deelzaaktype", u) for u in zaaktype.get("deelzaaktypen") or []]
    for ziot in eigen["zaaktypeinformatieobjecttype"]:
        afhankelijk.append(("informatieobjecttype", ziot.get("informatieobjecttype", "")))
    for resultaattype in eigen["resultaattype"]:
        afhankelijk += [("besluittype", u) for u in resultaattype.get("besluittypen") or []]
        afhankelijk += [
            ("informatieobjecttype", u) for u in resultaattype.get("informatieobjecttypen") or []
        ]
    return Eenheid(
        "zaaktype",
        url,
        h,
        lambda: _schrijf_zaaktype(k, zaaktype, eigen, h),
        afhankelijk=afhankelijk,
    )


def _schrijf_type(k: Kopieerder, soort: str, data: dict, h: str) -> list[Regel]:
    antwoord, regel = schrijf_object(k, soort, data, hash_=h)
    _publiceer(k, data, antwoord)
    return [regel]


def _schrijf_zaaktype(
    k: Kopieerder, zaaktype: dict, eigen: dict[str, list[dict]], h: str
) -> list[Regel]:
    antwoord, regel = schrijf_object(k, "zaaktype", zaaktype, hash_=h)
    regels = [regel]
    waarschuwingen: list[str] = []
    for soort, _, _ in KINDEREN:
        if soort == "zaaktypeinformatieobjecttype":
            items = op_volgorde(
                eigen[soort], zaaktype.get("informatieobjecttypen"), "informatieobjecttype"
            )
        else:
            items = op_volgorde(eigen[soort], zaaktype.get(VELDEN[soort]))
        # A refused child fails the version: a published zaaktype without one of its
        # statustypen or resultaattypen would let zaken be closed differently than at the source.
        nieuw, meldingen = spiegel(k, soort, zaaktype["url"], items, streng=True)
        regels += nieuw
        waarschuwingen += meldingen
    _publiceer(k, zaaktype, antwoord)
    regel.waarschuwing = "; ".join(waarschuwingen)
    return regels


def _publiceer(k: Kopieerder, data: dict, antwoord: Any) -> None:
    """Publish in iwerk what the source published (through the API's publish endpoint)."""
    if data.get("concept") is False and isinstance(antwoord, dict) and antwoord.get("concept"):
        k.schrijver.post(f"{k.iwerk_url(data['url'])}/publish")
