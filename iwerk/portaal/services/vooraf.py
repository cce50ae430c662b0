"""What a form knows before the citizen types: name and address from the BRP (DigiD, also for
the citizen a gemachtigde acts for) or the Handelsregister (eHerkenning), within the purpose
(doelbinding) of the product's zaaktype; the minors the citizen holds gezag over, to choose for
whom the request is; contact details from the last request (ADR 0051).

Asked once per draft, when it is opened (`concepten.openen` calls it only for a new draft): the
answers go into the draft, and with them, under keys no form field can have (a field name
starts with a letter), what the register said — the person or business the rol will name
(`_persoon`) and the minors (`_gezag`). Every register lookup is logged by the lookup service;
a register that is down or a purpose that is missing leaves the fields empty, with a quiet note.
Name and address never come from the sign-in's claims, except with the fallback
IWERK_PORTAAL_PREFILL_UIT_CLAIMS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from iwerk.basisregistraties.fouten import (
    BuitenBereik,
    GeenDoelbinding,
    NietGevonden,
    Opgeheven,
    RegisterFout,
)
from iwerk.basisregistraties.gegevens import Adres, Bedrijf, Bevraging, Persoon
from iwerk.basisregistraties.services import bevragen
from iwerk.core.models import Gemeente
from iwerk.core.weergave import datum
from iwerk.portaal import formulier
from iwerk.portaal.identiteit import Identiteit
from iwerk.portaal.models import Concept, Product

PERSOON = "_persoon"  # who the request is about, as the register (or the fallback) gave it
INGEVULD = "ingevuld"  # in PERSOON: the name and address lines the register filled in
GEZAG = "_gezag"  # the minors the person holds gezag over: [{"bsn", "naam", ...}]
VOOR = "_voor"  # the minor chosen, one of GEZAG
# Fields a register fills; email and telefoon come from the previous request.
UIT_REGISTER = frozenset({"naam", "adres", "postcode", "woonplaats"})
# The kinds of gezag in which the gezaghouder may act for the minor (BRP API Gezag).
GEZAG_HOUDEND = frozenset(
    {"TweehoofdigOuderlijkGezag", "EenhoofdigOuderlijkGezag", "GezamenlijkGezag", "Voogdij"}
)


@dataclass
class Vooraf:
    gegevens: dict = field(default_factory=dict)
    melding: str = ""  # a quiet Dutch note for the citizen, when the register was not asked


def bevraging(gemeente: Gemeente, product: Product, wie: Identiteit) -> Bevraging:
    """A portaal lookup: in the context of the product's zaaktype, asked by the person at the
    keyboard (x-gebruiker "digid:<bsn>" / "eherkenning:<kvk>")."""
    return Bevraging(
        gemeente_id=gemeente.pk,
        zaaktype_identificatie=product.zaaktype_identificatie,
        kanaal="portaal",
        gebruikers_id=wie.gebruiker_id,
        gebruikers_weergave=wie.gebruiker_weergave,
        extra={"product": product.slug},
    )


def vooraf_invullen(gemeente: Gemeente, product: Product, wie: Identiteit | None) -> Vooraf:
    """The answers of a new draft of `product` for `wie`; see the module's docstring."""
    if wie is None:
        return Vooraf()
    velden = [v for v in formulier.velden(product.formulier) if v.get("vooraf_invullen")]
    bekend: dict = {}
    extra: dict = {}
    melding = ""
    if any(v["vooraf_invullen"] in UIT_REGISTER for v in velden):
        bekend, extra, melding = _uit_register(gemeente, product, wie)
    bekend.update(_vorige_contact(gemeente, wie))
    gegevens = {
        veld["naam"]: bekend[veld["vooraf_invullen"]]
        for veld in velden
        if bekend.get(veld["vooraf_invullen"])
    }
    return Vooraf(gegevens={**gegevens, **extra}, melding=melding)


def _uit_register(gemeente: Gemeente, product: Product, wie: Identiteit) -> tuple[dict, dict, str]:
    if settings.IWERK_PORTAAL_PREFILL_UIT_CLAIMS and (wie.naam or any(wie.adres.values())):
        return _uit_claims(wie)
    vraag = bevraging(gemeente, product, wie)
    try:
        if wie.middel == "eherkenning" and not wie.handelt_namens:
            bedrijf = bevragen.bedrijf_raadplegen(vraag, wie.nummer)
            return _van_bedrijf(bedrijf)
        persoon = bevragen.persoon_raadplegen(vraag, wie.betrokkene)
    except GeenDoelbinding:
        # This zaaktype may not ask the register (the attempt is logged): typed by the citizen.
        return {}, {}, "Vul uw gegevens zelf in."
    except RegisterFout as fout:
        # The citizen fills it in, and the rol says the data were not checked. The service
        # logged the attempt.
        return {}, {}, _waarom_niet(gemeente, wie, fout)
    return _van_persoon(persoon)


def _waarom_niet(gemeente: Gemeente, wie: Identiteit, fout: RegisterFout) -> str:
    """Why the form is not filled in, for the citizen: what the register said where it is about
    them; for a register that is down, or input it refused, only that it did not work."""
    if isinstance(fout, Opgeheven):
        einde = fout.bedrijf.datum_einde if fout.bedrijf is not None else None
        per = f" per {datum(einde)}" if einde else ""
        return f"Volgens de KvK is dit bedrijf opgeheven{per}. Vul uw gegevens zelf in."
    if isinstance(fout, NietGevonden) and wie.middel == "eherkenning" and not wie.handelt_namens:
        return "Wij vinden uw bedrijf niet in het Handelsregister. Vul uw gegevens zelf in."
    if isinstance(fout, BuitenBereik | NietGevonden):
        wie_niet, welke = (
            ("de persoon voor wie u dit aanvraagt", "de") if wie.handelt_namens else ("u", "uw")
        )
        # Not found without a gemeente filter: the purpose allows any resident of the country.
        brp = f"de BRP van {gemeente.naam}" if isinstance(fout, BuitenBereik) else "de BRP"
        return f"Wij vinden {wie_niet} niet in {brp}. Vul {welke} gegevens zelf in."
    return "Uw gegevens konden nu niet worden opgehaald. Vul ze zelf in."


def _van_persoon(persoon: Persoon) -> tuple[dict, dict, str]:
    adres = persoon.adres
    naam = persoon.volledige_naam or " ".join(
        d for d in (persoon.voornamen, persoon.voorvoegsel, persoon.geslachtsnaam) if d
    )
    bekend = {"naam": naam, **_adresvelden(adres)}
    extra: dict = {
        PERSOON: {
            "bron": "brp",
            "bsn": persoon.bsn,
            "geslachtsnaam": persoon.geslachtsnaam or "",
            "voorvoegsel": persoon.voorvoegsel or "",
            "voornamen": persoon.voornamen or "",
            "geboortedatum": persoon.geboortedatum.isoformat() if persoon.geboortedatum else "",
            "groepen": sorted(persoon.groepen),
            INGEVULD: dict(bekend),
            **_adres_rol(adres),
        }
    }
    minderjarigen = _minderjarigen(persoon)
    if minderjarigen:
        extra[GEZAG] = minderjarigen
    return bekend, extra, ""


def _van_bedrijf(bedrijf: Bedrijf) -> tuple[dict, dict, str]:
    handelsnaam = (bedrijf.handelsnamen or ())[:1]
    naam = handelsnaam[0] if handelsnaam else (bedrijf.naam or "")
    bekend = {"naam": naam, **_adresvelden(bedrijf.adres)}
    extra = {
        PERSOON: {
            "bron": "kvk",
            "kvk": bedrijf.kvk_nummer,
            "handelsnaam": naam,
            "vestigingsnummer": bedrijf.vestigingsnummer,
            "groepen": sorted(bedrijf.groepen),
            INGEVULD: dict(bekend),
            **_adres_rol(bedrijf.adres),
        }
    }
    return bekend, extra, ""


def _uit_claims(wie: Identiteit) -> tuple[dict, dict, str]:
    """The documented fallback: what the broker released, marked as such on the draft."""
    adres = wie.adres or {}
    straat = f"{adres.get('straat', '')} {adres.get('huisnummer', '')}".strip()
    bekend = {
        "naam": wie.naam,
        "adres": straat,
        "postcode": adres.get("postcode", ""),
        "woonplaats": adres.get("woonplaats", ""),
    }
    persoon = {
        "bron": "claims",
        "naam": wie.naam,
        "straat": adres.get("straat", ""),
        "huisnummer": adres.get("huisnummer", ""),
        "postcode": adres.get("postcode", ""),
        "woonplaats": adres.get("woonplaats", ""),
    }
    return bekend, {PERSOON: persoon}, ""


def _adresvelden(adres: Adres | None) -> dict:
    if adres is None:
        return {}
    nummer = f"{adres.huisnummer or ''}{adres.huisletter}"
    if adres.huisnummertoevoeging:
        nummer += f"-{adres.huisnummertoevoeging}"
    postcode = adres.postcode
    if len(postcode) == 6:
        postcode = f"{postcode[:4]} {postcode[4:]}"
    return {
        "adres": f"{adres.straat} {nummer}".strip(),
        "postcode": postcode,
        "woonplaats": adres.woonplaats,
    }


def _adres_rol(adres: Adres | None) -> dict:
    if adres is None:
        return {}
    return {
        "straat": adres.straat,
        "huisnummer": adres.huisnummer or 0,
        "huisletter": adres.huisletter,
        "huisnummertoevoeging": adres.huisnummertoevoeging,
        "postcode": adres.postcode,
        "woonplaats": adres.woonplaats,
        "identificatie": adres.nummeraanduiding_id,
    }


def _minderjarigen(persoon: Persoon) -> list[dict]:
    """The minors this person holds gezag over, from the BRP's gezag group (when the purpose
    allowed it), with name and date of birth from `kinderen` where that group was asked too."""
    if not persoon.gezag:
        return []
    kinderen = {str(k.get("bsn") or ""): k for k in persoon.kinderen or ()}
    gevonden: dict[str, dict] = {}
    for relatie in persoon.gezag:
        bsn = relatie.minderjarige_bsn
        if (
            relatie.type not in GEZAG_HOUDEND
            or not bsn
            or bsn == persoon.bsn
            or (relatie.gezaghouders_bsn and persoon.bsn not in relatie.gezaghouders_bsn)
        ):
            continue
        kind = kinderen.get(bsn, {})
        naam = relatie.minderjarige_naam or str(kind.get("naam") or "")
        geboren = kind.get("geboortedatum")
        gevonden[bsn] = {
            "bsn": bsn,
            "naam": naam or f"Kind met BSN {bsn}",
            **_naamdelen_kind(naam, persoon),
            "geboortedatum": geboren.isoformat() if isinstance(geboren, date) else "",
            "gezag": relatie.type,
        }
    return list(gevonden.values())


def _naamdelen_kind(naam: str, ouder: Persoon) -> dict:
    """voornamen, voorvoegsel and geslachtsnaam of a minor the BRP gave only as a full name (the
    gezag and kinderen groups arrive here as one string). Where it ends in the parent's own
    voorvoegsel + geslachtsnaam, those are the minor's too and the rest are the voornamen.
    Otherwise no voorvoegsel can be known ("Jan de Vries": voorvoegsel "de", or a second
    voornaam?), so the full name is kept as the geslachtsnaam rather than split by a guess."""
    achternaam = " ".join(d for d in (ouder.voorvoegsel, ouder.geslachtsnaam) if d)
    if achternaam and naam.endswith(f" {achternaam}"):
        return {
            "voornamen": naam[: -len(achternaam)].strip(),
            "voorvoegsel": ouder.voorvoegsel or "",
            "geslachtsnaam": ouder.geslachtsnaam or "",
        }
    return {"voornamen": "", "voorvoegsel": "", "geslachtsnaam": naam}


def _vorige_contact(gemeente: Gemeente, wie: Identiteit) -> dict:
    vorige = (
        Concept.objects.filter(
            tenant=gemeente, middel=wie.middel, eigenaar=wie.eigenaar, status="ingediend"
        )
        .order_by("-ingediend_op")
        .only("emailadres", "gegevens")
        .first()
    )
    if vorige is None:
        return {}
    return {"email": vorige.emailadres, "telefoon": vorige.gegevens.get("telefoon") or ""}


def kinderen(concept: Concept) -> list[dict]:
    """The minors the draft's person holds gezag over, as looked up when it was opened."""
    return list(concept.gegevens.get(GEZAG) or [])


def keuze_nodig(concept: Concept) -> bool:
    """Whether the citizen must still say for whom the request is (only with gezag)."""
    return bool(kinderen(concept)) and VOOR not in concept.gegevens


def voor_kiezen(concept: Concept, keuze: str) -> bool:
    """Record for whom the request is: "zelf" or the BSN of one of the looked-up minors.
    Anything else (a BSN typed into the post) is refused: returns False, nothing stored."""
    if keuze == "zelf":
        gekozen: dict | None = {}
    else:
        gekozen = next((k for k in kinderen(concept) if k["bsn"] == keuze), None)
    if gekozen is None:
        return False
    concept.gegevens = {**concept.gegevens, VOOR: gekozen}
    concept.save(update_fields=["gegevens", "gewijzigd"])
    return True


def gekozen_kind(gegevens: dict) -> dict | None:
    """The minor the request is for, only if it is one of the looked-up minors."""
    voor = gegevens.get(VOOR) or {}
    if not voor.get("bsn"):
        return None
    return next((k for k in gegevens.get(GEZAG) or [] if k["bsn"] == voor["bsn"]), None)


def _vergelijkbaar(sleutel: str, waarde: object) -> str:
    tekst = " ".join(str(waarde or "").split()).casefold()
    return tekst.replace(" ", "") if sleutel == "postcode" else tekst


def eigen_opgave(definitie: dict, gegevens: dict) -> str:
    """The name and address the citizen sent, in one line, when they differ from what the
    register filled in (a correction the handler must see); "" when they are the same, or
    when no register filled the form in. Case and spacing are no difference."""
    ingevuld = (gegevens.get(PERSOON) or {}).get(INGEVULD)
    if ingevuld is None:
        return ""
    waarden = {
        veld["vooraf_invullen"]: " ".join(str(gegevens.get(veld["naam"]) or "").split())
        for veld in formulier.velden(definitie)
        if veld.get("vooraf_invullen") in UIT_REGISTER
    }
    if all(_vergelijkbaar(k, v) == _vergelijkbaar(k, ingevuld.get(k)) for k, v in waarden.items()):
        return ""
    plaats = " ".join(w for w in (waarden.get("postcode"), waarden.get("woonplaats")) if w)
    regel = ", ".join(w for w in (waarden.get("naam"), waarden.get("adres"), plaats) if w)
    return regel[:500] or "geen naam en adres"


_HUISNUMMER = re.compile(r"^(?P<straat>.*?)\s+(?P<nummer>\d+)\s*(?P<rest>.*)$")


def getypt(definitie: dict, gegevens: dict) -> dict:
    """Name and address as the citizen typed them in the prefill fields, for a rol when no
    register was asked: {"naam", "straat", "huisnummer", "postcode", "woonplaats"}."""
    waarden = {
        veld["vooraf_invullen"]: str(gegevens.get(veld["naam"]) or "").strip()
        for veld in formulier.velden(definitie)
        if veld.get("vooraf_invullen") in UIT_REGISTER
    }
    regel = waarden.get("adres", "")
    match = _HUISNUMMER.match(regel)
    straat, nummer = (match["straat"], match["nummer"]) if match else (regel, "0")
    return {
        "naam": waarden.get("naam", "")[:200],
        "straat": straat[:80],
        "huisnummer": int(nummer) if len(nummer) <= 5 else 0,
        "postcode": waarden.get("postcode", "")[:7],
        "woonplaats": waarden.get("woonplaats", "")[:80],
    }
