"""What differs between a person's current BRP data and what a rol stored of them."""

from __future__ import annotations

from typing import Any

from iwerk.basisregistraties import velden
from iwerk.basisregistraties.gegevens import Persoon
from iwerk.basisregistraties.services.omzetten import lees_datum


def _gelijk(brp: Any, opgeslagen: Any) -> bool:
    return (
        " ".join(str(brp or "").split()).casefold()
        == " ".join(str(opgeslagen or "").split()).casefold()
    )


def _verschilt(paren: list[tuple[Any, Any]]) -> bool:
    """Whether any stored value differs from the BRP's; a value the rol did not store (empty)
    is no difference: it was not recorded, not recorded wrong."""
    return any(
        opgeslagen not in (None, "") and not _gelijk(brp, opgeslagen) for brp, opgeslagen in paren
    )


def verschillen(persoon: Persoon, opgeslagen: dict) -> list[str]:
    """Dutch labels of what differs between the BRP data and a rol's stored
    betrokkeneIdentificatie (ZGW natuurlijk_persoon shape: geslachtsnaam, voornamen,
    verblijfsadres.{wplWoonplaatsNaam, gorOpenbareRuimteNaam, aoaHuisnummer, aoaPostcode, …}),
    only over the groups that were asked: e.g. ["Naam", "Adres"]."""
    opgeslagen = opgeslagen if isinstance(opgeslagen, dict) else {}
    labels: list[str] = []
    if "naam" in persoon.groepen and _verschilt(
        [
            (persoon.geslachtsnaam, opgeslagen.get("geslachtsnaam")),
            (persoon.voorvoegsel, opgeslagen.get("voorvoegselGeslachtsnaam")),
            (persoon.voornamen, opgeslagen.get("voornamen")),
        ]
    ):
        labels.append(velden.LABELS["naam"])
    if "geboorte" in persoon.groepen:
        bewaard = opgeslagen.get("geboortedatum")
        datum = lees_datum(bewaard) if isinstance(bewaard, str) else None
        if bewaard and (datum or bewaard) != persoon.geboortedatum:
            labels.append(velden.LABELS["geboorte"])
    if "geslacht" in persoon.groepen and _verschilt(
        [(persoon.geslacht, opgeslagen.get("geslachtsaanduiding"))]
    ):
        labels.append(velden.LABELS["geslacht"])
    if "adres" in persoon.groepen and persoon.adres is not None:
        adres = persoon.adres
        bewaard_adres = opgeslagen.get("verblijfsadres")
        bewaard_adres = bewaard_adres if isinstance(bewaard_adres, dict) else {}
        postcode = str(bewaard_adres.get("aoaPostcode") or "").replace(" ", "")
        paren = [
            (adres.straat, bewaard_adres.get("gorOpenbareRuimteNaam")),
            (adres.huisnummer, bewaard_adres.get("aoaHuisnummer")),
            (adres.huisletter, bewaard_adres.get("aoaHuisletter")),
            (adres.huisnummertoevoeging, bewaard_adres.get("aoaHuisnummertoevoeging")),
            (adres.postcode, postcode),
            (adres.woonplaats, bewaard_adres.get("wplWoonplaatsNaam")),
        ]
        if adres.nummeraanduiding_id:  # a search's address has no BAG identification
            paren.append((adres.nummeraanduiding_id, bewaard_adres.get("aoaIdentificatie")))
        if _verschilt(paren):
            labels.append(velden.LABELS["adres"])
    return labels
