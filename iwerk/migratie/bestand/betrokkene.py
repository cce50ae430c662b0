"""A row of the betrokkenen sheet as the Zaken register stores a rol: its betrokkeneType and its
betrokkeneIdentificatie with the API's names (every key present, as the API stores it)."""

from __future__ import annotations

from iwerk.core.validators import is_valid_rsin
from iwerk.migratie.bestand.lezen import RolRij
from iwerk.migratie.bestand.verslag import Melding

# Which column says which kind of betrokkene, when betrokkene_type is left empty.
AANWIJZERS = {
    "natuurlijk_persoon": ("bsn",),
    "niet_natuurlijk_persoon": ("rsin",),
    "vestiging": ("kvk_nummer", "vestigingsnummer"),
    "medewerker": ("medewerker",),
    "organisatorische_eenheid": ("organisatorische_eenheid",),
}
# The longest name each kind takes (Zaken API 1.5).
NAAMLENGTE = {
    "natuurlijk_persoon": 200,
    "niet_natuurlijk_persoon": 500,
    "vestiging": 625,
    "medewerker": 200,
    "organisatorische_eenheid": 50,
}


def _soort(rij: RolRij, meldingen: list[Melding]) -> str:
    gevuld = [
        soort for soort, kolommen in AANWIJZERS.items() if any(getattr(rij, k) for k in kolommen)
    ]
    if rij.betrokkene_type:
        vreemd = [s for s in gevuld if s != rij.betrokkene_type]
        if vreemd:
            kolommen = [k for s in vreemd for k in AANWIJZERS[s] if getattr(rij, k)]
            meldingen.append(
                rij.plek.melding(
                    "betrokkene_type",
                    f"een {rij.betrokkene_type.replace('_', ' ')} heeft geen "
                    f"{' of '.join(kolommen)}; één betrokkene per rij.",
                )
            )
        if rij.betrokkene_type not in gevuld and not rij.naam:
            meldingen.append(
                rij.plek.melding(
                    "betrokkene_type",
                    "geen gegevens van de betrokkene: vul een nummer of de naam in.",
                )
            )
        return rij.betrokkene_type
    if len(gevuld) == 1:
        return gevuld[0]
    if not gevuld:
        bericht = (
            "vul betrokkene_type in, of een van bsn, kvk_nummer, rsin, medewerker of "
            "organisatorische_eenheid."
        )
    else:
        kolommen = [k for s in gevuld for k in AANWIJZERS[s] if getattr(rij, k)]
        bericht = f"{' en '.join(kolommen)} horen bij verschillende betrokkenen; één per rij."
    meldingen.append(rij.plek.melding("betrokkene_type", bericht))
    return ""


def betrokkene(rij: RolRij) -> tuple[str, dict, list[Melding]]:
    """(betrokkeneType, betrokkeneIdentificatie, findings) of a row."""
    meldingen: list[Melding] = []
    soort = _soort(rij, meldingen)
    if rij.bsn and not is_valid_rsin(rij.bsn):
        meldingen.append(
            rij.plek.melding("bsn", f"'{rij.bsn}' is geen geldig BSN (9 cijfers, elfproef).")
        )
    if rij.rsin and not is_valid_rsin(rij.rsin):
        meldingen.append(
            rij.plek.melding("rsin", f"'{rij.rsin}' is geen geldig RSIN (9 cijfers, elfproef).")
        )
    if rij.kvk_nummer and not (len(rij.kvk_nummer) == 8 and rij.kvk_nummer.isdigit()):
        meldingen.append(
            rij.plek.melding("kvk_nummer", f"'{rij.kvk_nummer}' is geen KvK-nummer (8 cijfers).")
        )
    if rij.vestigingsnummer and not (
        len(rij.vestigingsnummer) == 12 and rij.vestigingsnummer.isdigit()
    ):
        meldingen.append(
            rij.plek.melding(
                "vestigingsnummer",
                f"'{rij.vestigingsnummer}' is geen vestigingsnummer (12 cijfers).",
            )
        )
    if soort in NAAMLENGTE and len(rij.naam) > NAAMLENGTE[soort]:
        meldingen.append(
            rij.plek.melding(
                "naam", f"hoogstens {NAAMLENGTE[soort]} tekens voor een {soort.replace('_', ' ')}."
            )
        )
    if soort == "medewerker" and len(rij.voorvoegsel) > 10:
        meldingen.append(
            rij.plek.melding("voorvoegsel", "hoogstens 10 tekens voor een medewerker.")
        )
    return soort, identificatie(soort, rij), meldingen


def identificatie(soort: str, rij: RolRij) -> dict:
    if soort == "natuurlijk_persoon":
        return {
            "inpBsn": rij.bsn,
            "anpIdentificatie": "",
            "inpA_nummer": "",
            "geslachtsnaam": rij.naam,
            "voorvoegselGeslachtsnaam": rij.voorvoegsel,
            "voorletters": rij.voorletters,
            "voornamen": rij.voornamen,
            "geslachtsaanduiding": "",
            "geboortedatum": "",
            "verblijfsadres": None,
            "subVerblijfBuitenland": None,
        }
    if soort == "niet_natuurlijk_persoon":
        return {
            "innNnpId": rij.rsin,
            "annIdentificatie": "",
            "statutaireNaam": rij.naam,
            "innRechtsvorm": "",
            "bezoekadres": "",
            "subVerblijfBuitenland": None,
        }
    if soort == "vestiging":
        return {
            "vestigingsNummer": rij.vestigingsnummer,
            "handelsnaam": [rij.naam] if rij.naam else [],
            "verblijfsadres": None,
            "subVerblijfBuitenland": None,
            "kvkNummer": rij.kvk_nummer,
        }
    if soort == "organisatorische_eenheid":
        return {
            "identificatie": rij.organisatorische_eenheid,
            "naam": rij.naam,
            "isGehuisvestIn": "",
        }
    if soort == "medewerker":
        return {
            "identificatie": rij.medewerker,
            "achternaam": rij.naam,
            "voorletters": rij.voorletters,
            "voorvoegselAchternaam": rij.voorvoegsel,
        }
    return {}
