"""Finding a caller in the contact centre (KCC, /werkplek/kcc/): by BSN, achternaam and
geboortedatum, postcode and huisnummer, KvK-nummer, phone number, e-mail address or zaaknummer,
in the werkplek's active gemeente and only as far as the staff member may read there
(`toegang.voor_medewerker`; zaken through the Zaken register's selectors with their actor).

Where a kind of search looks, in this order:
- the Klantinteracties register (partijen by their identificatoren, addresses and digitale
  adressen): bron "klantregister";
- the zaken the staff member may see (the rol that names the BSN or KvK-nummer): bron "zaak";
- the BRP and the Handelsregister, under the contact centre's own doelbinding (the Doelbinding
  rows of zaaktype-identificatie KCC_DOELBINDING, ADR 0054), only for what the register and the
  zaken do not answer, or for what only they can answer (a name with a date of birth, everyone at
  an address). Each such lookup is logged in the inzage log by basisregistraties. When they
  cannot answer (no doelbinding, not reachable), the search goes on with what iwerk knows and
  says so in `Zoekresultaat.meldingen`.

One Treffer per person or company (by BSN or KvK-nummer), those known in the register first.
Each kind is a fixed number of queries (pinned in test_kcc_zoeken.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from iwerk.basisregistraties.fouten import NietGevonden, OngeldigeInvoer, Opgeheven, RegisterFout
from iwerk.basisregistraties.gegevens import Bedrijf, Bevraging, Persoon
from iwerk.basisregistraties.models import KCC_DOEL
from iwerk.basisregistraties.selectors.koppelingen import VERDER
from iwerk.basisregistraties.services import bevragen
from iwerk.core.validators import is_valid_rsin
from iwerk.klantinteracties.models import (
    DigitaalAdres,
    Partij,
    PartijIdentificator,
    Scope,
    SoortDigitaalAdres,
    SoortPartij,
)
from iwerk.klantinteracties.normaliseren import email_zoekwaarde, telefoon_zoekwaarde
from iwerk.klantinteracties.selectors.toegang import Toegangen, voor_medewerker
from iwerk.klantinteracties.selectors.weergave import (
    partij_adres,
    rol_adres,
    rol_geboortedatum,
    rol_kvk,
    rol_naam,
)
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.zaken import selectors as zaken_selectors
from iwerk.zaken.models import Rol, Zaak

# The zaaktype_identificatie of the Doelbinding rows that give the contact centre its purpose for
# the BRP and the Handelsregister (ADR 0054).
KCC_DOELBINDING = KCC_DOEL

SOORTEN: dict[str, str] = {
    "bsn": "BSN",
    "naam": "Achternaam en geboortedatum",
    "adres": "Postcode en huisnummer",
    "kvk": "KvK-nummer",
    "telefoon": "Telefoonnummer",
    "email": "E-mailadres",
    "zaak": "Zaaknummer",
}
NIET_GEVONDEN = {
    "bsn": "Geen klant gevonden met dit BSN.",
    "naam": "Geen klant gevonden met deze achternaam en geboortedatum.",
    "adres": "Geen klant gevonden op dit adres.",
    "kvk": "Geen klant gevonden met dit KvK-nummer.",
    "telefoon": "Geen klant gevonden met dit telefoonnummer.",
    "email": "Geen klant gevonden met dit e-mailadres.",
    "zaak": "Geen zaak gevonden met dit zaaknummer.",
}
KLANTREGISTER, BRP, KVK, ZAAK = "klantregister", "BRP", "KvK", "zaak"
PERSOON, ORGANISATIE = "persoon", "organisatie"
INITIATOR = "initiator"
# Of the partijen at one address, at most this many are read (a care home, an office building).
MAX_OP_ADRES = 200
_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")
_TOEVOEGING = re.compile(r"^[0-9a-zA-Z]{1,4}$")
_NUMMER_OPMAAK = re.compile(r"[\s.\-]")
T = TypeVar("T")


class Zoekfout(Exception):
    """A search the contact centre cannot run, or that found nobody: `bericht` in Dutch for the
    form, `veld` the form field it is about ("" for the form as a whole)."""

    def __init__(self, bericht: str, veld: str = "") -> None:
        super().__init__(bericht)
        self.bericht = bericht
        self.veld = veld


@dataclass(frozen=True)
class Zoekvraag:
    soort: str  # a key of SOORTEN
    waarde: str = ""  # bsn / kvk / telefoon / email / zaak
    achternaam: str = ""
    geboortedatum: date | None = None
    postcode: str = ""
    huisnummer: int | None = None
    huisletter: str = ""
    toevoeging: str = ""


@dataclass(frozen=True)
class Treffer:
    soort: str  # "persoon" | "organisatie"
    naam: str
    bsn: str = ""
    kvk: str = ""
    partij_uuid: UUID | None = None  # known in the Klantinteracties register of this gemeente
    adres: str = ""  # one line: "Keizerstraat 12, 7411 HH Deventer"
    geboortedatum: date | None = None
    bron: str = ""  # KLANTREGISTER | BRP | KVK | ZAAK: where it was found first


@dataclass(frozen=True)
class Zoekresultaat:
    """What a search found, and `meldingen`: what the staff member should know about it (in
    Dutch: a register that could not be asked, a company that was dissolved)."""

    treffers: list[Treffer]
    meldingen: list[str] = field(default_factory=list)


def zoeken(context: Werkplekcontext, vraag: Zoekvraag, *, limiet: int = 20) -> Zoekresultaat:
    """Find the caller; see the module's docstring for where each kind looks.

    Raises Zoekfout for input that is not what the kind needs (a BSN failing the elfproef, an
    e-mail address or phone number that is not one, a postcode that is not one, a missing
    field), for a staff member without access to the gemeente's klantgegevens, and when nobody
    is found (its message then also names what could not be asked).
    """
    zoeker = _SOORTEN_ZOEKERS.get(vraag.soort)
    if zoeker is None:
        raise Zoekfout("Kies waarop u wilt zoeken.", "soort")
    toegang = voor_medewerker(context)
    if not toegang.mag(Scope.lezen, context.gemeente.pk):
        raise Zoekfout("U mag in deze gemeente geen klantgegevens inzien.")
    zoektocht = _Zoektocht(context, toegang)
    treffers = _samenvoegen(zoeker(zoektocht, vraag), limiet)
    if not treffers:
        raise Zoekfout(" ".join([NIET_GEVONDEN[vraag.soort], *zoektocht.meldingen]))
    return Zoekresultaat(treffers, zoektocht.meldingen)


# --- what every kind shares --------------------------------------------------------------------


@dataclass
class _Zoektocht:
    context: Werkplekcontext
    toegang: Toegangen
    meldingen: list[str] = field(default_factory=list)

    def partijen(self) -> QuerySet[Partij]:
        return Partij.objects.filter(self.toegang.zichtbaar(), tenant=self.context.gemeente)

    def per_nummer(self, soort: str, nummers: Iterable[str]) -> dict[str, Partij]:
        """The gemeente's partijen known by these BSNs or KvK-nummers (soort "bsn" or
        "kvk_nummer"), in one query; for a KvK-nummer also a vestiging's partij known by a
        vestigingsnummer under it."""
        nummers = list(nummers)
        if not nummers:
            return {}
        identificatoren = PartijIdentificator.objects.filter(
            self.toegang.zichtbaar(), tenant=self.context.gemeente
        )
        gezocht = identificatoren.filter(code_soort_object_id=soort, object_id__in=nummers)
        if soort == "kvk_nummer":
            # A UNION, not an OR: each part is an index lookup (ki_pid_object, the foreign key).
            onder = identificatoren.filter(sub_identificator_van__in=gezocht.values("pk"))
            gezocht = identificatoren.filter(pk__in=gezocht.values("pk").union(onder.values("pk")))
        rijen = (
            gezocht.filter(identificeerde_partij__isnull=False)
            .select_related("identificeerde_partij", "sub_identificator_van")
            # The company's own partij before a vestiging's.
            .order_by(F("sub_identificator_van_id").asc(nulls_first=True), "pk")
        )
        gevonden: dict[str, Partij] = {}
        for rij in rijen:
            bedrijf = rij.sub_identificator_van
            partij = rij.identificeerde_partij
            assert partij is not None  # filtered above
            gevonden.setdefault(bedrijf.object_id if bedrijf else rij.object_id, partij)
        return gevonden

    def nummers_van(self, partijen: Iterable[Partij]) -> dict[int, tuple[str, str]]:
        """partij pk -> (BSN, KvK-nummer) of these partijen, in one query."""
        ids = [p.pk for p in partijen]
        nummers: dict[int, tuple[str, str]] = dict.fromkeys(ids, ("", ""))
        if ids:
            for partij_id, soort, waarde in PartijIdentificator.objects.filter(
                identificeerde_partij_id__in=ids, code_soort_object_id__in=("bsn", "kvk_nummer")
            ).values_list("identificeerde_partij_id", "code_soort_object_id", "object_id"):
                bsn, kvk = nummers[partij_id]
                nummers[partij_id] = (waarde, kvk) if soort == "bsn" else (bsn, waarde)
        return nummers

    def zaken(self) -> QuerySet[Zaak]:
        return zaken_selectors.zaken(self.context.actor, columns=False).filter(
            tenant=self.context.gemeente
        )

    def rol(self, *, bsn: str = "", kvk: str = "") -> Rol | None:
        """The newest rol naming this BSN or KvK-nummer on a zaak the staff member may see."""
        rollen = Rol.objects.filter(tenant=self.context.gemeente, zaak__in=self.zaken())
        rollen = rollen.filter(bsn=bsn) if bsn else rollen.filter(kvk_nummer=kvk)
        return rollen.order_by("-pk").first()

    def bevraging(self) -> Bevraging:
        actor = self.context.actor
        return Bevraging(
            gemeente_id=self.context.gemeente.pk,
            zaaktype_identificatie=KCC_DOELBINDING,
            kanaal="werkplek",
            gebruikers_id=actor.user_id,
            gebruikers_weergave=actor.user_representation,
        )

    def register(self, vraag: Callable[[], T], veld: str) -> T | None:
        """Ask a basisregistratie; None when it knows nothing or cannot be asked (then said in
        meldingen). Input it refuses is the form's error."""
        try:
            return vraag()
        except NietGevonden:
            return None
        except OngeldigeInvoer as fout:
            raise Zoekfout(fout.bericht, veld) from fout
        except RegisterFout as fout:
            # The register's own words (BuitenBereik: it looked among the gemeente's residents
            # only), without the intake's advice and with the KCC's purpose for the zaaktype's.
            bericht = fout.bericht.replace(VERDER, "").replace("dit zaaktype", "het KCC")
            self.meldingen.append(bericht.strip())
            return None


def _samenvoegen(treffers: Iterable[Treffer], limiet: int) -> list[Treffer]:
    """One Treffer per BSN, KvK-nummer or partij (the first found, completed by the later ones),
    those known in the register first."""
    per_sleutel: dict[tuple[str, str], Treffer] = {}
    for treffer in treffers:
        sleutel = (
            ("bsn", treffer.bsn)
            if treffer.bsn
            else ("kvk", treffer.kvk)
            if treffer.kvk
            else ("partij", str(treffer.partij_uuid))
        )
        eerder = per_sleutel.get(sleutel)
        if eerder is None:
            per_sleutel[sleutel] = treffer
            continue
        aanvulling = {
            k: getattr(treffer, k)
            for k in ("partij_uuid", "adres", "geboortedatum", "naam")
            if not getattr(eerder, k) and getattr(treffer, k)
        }
        per_sleutel[sleutel] = replace(eerder, **aanvulling)
    lijst = sorted(per_sleutel.values(), key=lambda t: t.partij_uuid is None)
    return lijst[:limiet]


def _partij_treffer(partij: Partij, bsn: str, kvk: str, bron: str = KLANTREGISTER) -> Treffer:
    return Treffer(
        soort=ORGANISATIE if partij.soort_partij == SoortPartij.organisatie else PERSOON,
        naam=partij.volledige_naam,
        bsn=bsn,
        kvk=kvk,
        partij_uuid=partij.uuid,
        adres=partij_adres(partij),
        bron=bron,
    )


def _rol_treffer(rol: Rol) -> Treffer:
    return Treffer(
        soort=PERSOON if rol.bsn else ORGANISATIE,
        naam=rol_naam(rol),
        bsn=rol.bsn,
        kvk=rol_kvk(rol),
        adres=rol_adres(rol),
        geboortedatum=rol_geboortedatum(rol),
        bron=ZAAK,
    )


def _persoon_treffer(persoon: Persoon, partij: Partij | None) -> Treffer:
    return Treffer(
        soort=PERSOON,
        naam=persoon.volledige_naam or (partij.volledige_naam if partij else ""),
        bsn=persoon.bsn,
        partij_uuid=partij.uuid if partij else None,
        adres=persoon.adres.regel if persoon.adres else (partij_adres(partij) if partij else ""),
        geboortedatum=persoon.geboortedatum,
        bron=BRP,
    )


def _bedrijf_treffer(bedrijf: Bedrijf) -> Treffer:
    naam = bedrijf.naam or next(iter(bedrijf.handelsnamen or ()), "")
    return Treffer(
        soort=ORGANISATIE,
        naam=naam,
        kvk=bedrijf.kvk_nummer,
        adres=bedrijf.adres.regel if bedrijf.adres else "",
        bron=KVK,
    )


# --- the kinds ---------------------------------------------------------------------------------


def _nummer(waarde: str) -> str:
    return _NUMMER_OPMAAK.sub("", waarde)


def _cijfers(waarde: str) -> bool:
    """Only the digits 0-9: str.isdigit also passes other scripts' digits (full-width "９"),
    which no register's number contains."""
    return waarde.isascii() and waarde.isdigit()


def bsn_fout(bsn: str) -> str | None:
    if not bsn:
        return "Vul een BSN in."
    if len(bsn) != 9 or not _cijfers(bsn):
        return "Een BSN bestaat uit 9 cijfers."
    if not is_valid_rsin(bsn):
        return "Dit BSN voldoet niet aan de elfproef; controleer het nummer."
    return None


def _op_bsn(zoektocht: _Zoektocht, vraag: Zoekvraag) -> list[Treffer]:
    bsn = _nummer(vraag.waarde)
    if fout := bsn_fout(bsn):
        raise Zoekfout(fout, "waarde")
    return _persoon(zoektocht, bsn)


def _persoon(zoektocht: _Zoektocht, bsn: str, rol: Rol | None = None) -> list[Treffer]:
    """A person by BSN: the register's partij, else the rol on a visible zaak, else the BRP."""
    partij = zoektocht.per_nummer("bsn", [bsn]).get(bsn)
    if partij is not None:
        return [_partij_treffer(partij, bsn, "")]
    rol = rol or zoektocht.rol(bsn=bsn)
    if rol is not None:
        return [_rol_treffer(rol)]
    bevraging = zoektocht.bevraging()
    persoon = zoektocht.register(lambda: bevragen.persoon_raadplegen(bevraging, bsn), "waarde")
    return [_persoon_treffer(persoon, None)] if persoon else []


def _op_kvk(zoektocht: _Zoektocht, vraag: Zoekvraag) -> list[Treffer]:
    kvk = _nummer(vraag.waarde)
    if not kvk:
        raise Zoekfout("Vul een KvK-nummer in.", "waarde")
    if len(kvk) != 8 or not _cijfers(kvk):
        raise Zoekfout("Een KvK-nummer bestaat uit 8 cijfers.", "waarde")
    return _bedrijf(zoektocht, kvk)


def _bedrijf(zoektocht: _Zoektocht, kvk: str, rol: Rol | None = None) -> list[Treffer]:
    """A company by KvK-nummer: the register's partij (or a vestiging's), else the rol on a
    visible zaak, else the Handelsregister."""
    partij = zoektocht.per_nummer("kvk_nummer", [kvk]).get(kvk)
    if partij is not None:
        return [_partij_treffer(partij, "", kvk)]
    rol = rol or zoektocht.rol(kvk=kvk)
    if rol is not None:
        return [_rol_treffer(rol)]
    bevraging = zoektocht.bevraging()

    def raadplegen() -> Bedrijf | None:
        try:
            return bevragen.bedrijf_raadplegen(bevraging, kvk)
        except Opgeheven as fout:  # still the caller: shown, with what it means
            zoektocht.meldingen.append(fout.bericht)
            return fout.bedrijf

    bedrijf = zoektocht.register(raadplegen, "waarde")
    return [_bedrijf_treffer(bedrijf)] if bedrijf else []


def _op_naam(zoektocht: _Zoektocht, vraag: Zoekvraag) -> list[Treffer]:
    achternaam = vraag.achternaam.strip()
    if not achternaam:
        raise Zoekfout("Vul een achternaam in.", "achternaam")
    if vraag.geboortedatum is None:
        raise Zoekfout("Vul een geboortedatum in.", "geboortedatum")
    if vraag.geboortedatum > timezone.localdate():
        raise Zoekfout("Een geboortedatum ligt niet in de toekomst.", "geboortedatum")
    bevraging = zoektocht.bevraging()
    personen = zoektocht.register(
        lambda: bevragen.personen_zoeken(
            bevraging, geslachtsnaam=achternaam, geboortedatum=vraag.geboortedatum
        ),
        "achternaam",
    )
    return _personen(zoektocht, personen or [])


def _personen(zoektocht: _Zoektocht, personen: list[Persoon]) -> list[Treffer]:
    partijen = zoektocht.per_nummer("bsn", [p.bsn for p in personen])
    return [_persoon_treffer(p, partijen.get(p.bsn)) for p in personen]


def _postcode(waarde: str) -> str:
    if not waarde.strip():
        raise Zoekfout("Vul een postcode in.", "postcode")
    if not (m := _POSTCODE.match(waarde.strip())):
        raise Zoekfout("Vul een postcode in als 1234 AB.", "postcode")
    return f"{m[1]}{m[2].upper()}"


def _op_adres(zoektocht: _Zoektocht, vraag: Zoekvraag) -> list[Treffer]:
    postcode = _postcode(vraag.postcode)
    huisnummer = vraag.huisnummer
    if huisnummer is None:
        raise Zoekfout("Vul een huisnummer in.", "huisnummer")
    if not 1 <= huisnummer <= 99999:
        raise Zoekfout("Een huisnummer ligt tussen 1 en 99999.", "huisnummer")
    huisletter, toevoeging = vraag.huisletter.strip(), vraag.toevoeging.strip()
    if huisletter and not (len(huisletter) == 1 and huisletter.isalpha()):
        raise Zoekfout("Een huisletter is één letter.", "huisletter")
    if toevoeging and not _TOEVOEGING.match(toevoeging):
        raise Zoekfout("Een toevoeging bestaat uit hoogstens 4 letters of cijfers.", "toevoeging")
    # Clients write a postcode with or without its space, in either case: each spelling is one
    # index lookup (tenant, postcode, huisnummer).
    spellingen = {postcode, f"{postcode[:4]} {postcode[4:]}"}
    spellingen |= {s.lower() for s in spellingen}
    op_adres = Q()
    for prefix in ("bezoekadres", "correspondentieadres"):
        op_adres |= Q(**{f"{prefix}_postcode__in": spellingen, f"{prefix}_huisnummer": huisnummer})
    gewenst = (huisletter + toevoeging).lower()
    partijen = [
        p
        for p in zoektocht.partijen().filter(op_adres).order_by("pk")[:MAX_OP_ADRES]
        if not gewenst or _toevoeging_van(p, huisnummer, spellingen) == gewenst
    ]
    nummers = zoektocht.nummers_van(partijen)
    treffers = [_partij_treffer(p, *nummers[p.pk]) for p in partijen]
    bevraging = zoektocht.bevraging()
    personen = zoektocht.register(
        lambda: bevragen.personen_zoeken(
            bevraging,
            postcode=postcode,
            huisnummer=huisnummer,
            huisletter=huisletter,
            huisnummertoevoeging=toevoeging,
        ),
        "postcode",
    )
    return treffers + _personen(zoektocht, personen or [])


def _toevoeging_van(partij: Partij, huisnummer: int, spellingen: set[str]) -> str:
    """The letter and toevoeging of the partij's address that matched, in one lower-case word."""
    for prefix in ("bezoekadres", "correspondentieadres"):
        if (
            getattr(partij, f"{prefix}_postcode") in spellingen
            and getattr(partij, f"{prefix}_huisnummer") == huisnummer
        ):
            toevoeging = getattr(partij, f"{prefix}_huisnummertoevoeging")
            return re.sub(r"[^0-9a-z]", "", toevoeging.lower())
    return ""


def _op_digitaal_adres(zoektocht: _Zoektocht, soort: str, zoekwaarde: str) -> list[Treffer]:
    """The partijen that gave this address, or whose betrokkene gave it at a contact the staff
    member may see (the contact's rank hides its betrokkene's addresses)."""
    zichtbaar = Q(verstrekt_door_partij__isnull=False) | Q(
        zoektocht.toegang.zichtbaar(
            "verstrekt_door_betrokkene__had_klantcontact__vertrouwelijkheid_rang"
        ),
        verstrekt_door_betrokkene__was_partij__isnull=False,
    )
    adressen = (
        DigitaalAdres.objects.filter(
            zichtbaar,
            tenant=zoektocht.context.gemeente,
            soort_digitaal_adres=soort,
            zoekwaarde=zoekwaarde,
        )
        .select_related("verstrekt_door_partij", "verstrekt_door_betrokkene__was_partij")
        .order_by("pk")[:MAX_OP_ADRES]
    )
    partijen: dict[int, Partij] = {}
    for adres in adressen:
        betrokkene = adres.verstrekt_door_betrokkene
        partij = adres.verstrekt_door_partij or (betrokkene.was_partij if betrokkene else None)
        if partij is not None and partij.tenant_id == zoektocht.context.gemeente.pk:
            partijen.setdefault(partij.pk, partij)
    nummers = zoektocht.nummers_van(partijen.values())
    return [_partij_treffer(p, *nummers[p.pk]) for p in partijen.values()]


def _op_telefoon(zoektocht: _Zoektocht, vraag: Zoekvraag) -> list[Treffer]:
    if not vraag.waarde.strip():
        raise Zoekfout("Vul een telefoonnummer in.", "waarde")
    nummer = telefoon_zoekwaarde(vraag.waarde)
    nationaal = len(nummer) == 10 and nummer.startswith("0") and _cijfers(nummer)
    buitenland = nummer.startswith("+") and _cijfers(nummer[1:]) and 8 <= len(nummer) <= 16
    if not (nationaal or buitenland):
        raise Zoekfout(
            "Dit is geen telefoonnummer. Vul het nummer in met netnummer, bijvoorbeeld "
            "0570 693 000 of 06 12345678, of met landnummer (+31 6 12345678).",
            "waarde",
        )
    return _op_digitaal_adres(zoektocht, SoortDigitaalAdres.telefoonnummer, nummer)


def _op_email(zoektocht: _Zoektocht, vraag: Zoekvraag) -> list[Treffer]:
    adres = email_zoekwaarde(vraag.waarde)
    if not adres:
        raise Zoekfout("Vul een e-mailadres in.", "waarde")
    try:
        validate_email(adres)
    except ValidationError:
        raise Zoekfout("Dit is geen e-mailadres, zoals naam@voorbeeld.nl.", "waarde") from None
    return _op_digitaal_adres(zoektocht, SoortDigitaalAdres.email, adres)


def _op_zaak(zoektocht: _Zoektocht, vraag: Zoekvraag) -> list[Treffer]:
    """The initiator of a zaak the staff member may see, as a person or company (the register's
    partij when known; else as the rol names them: no register is asked for a name iwerk has)."""
    nummer = vraag.waarde.strip()
    if not nummer:
        raise Zoekfout("Vul een zaaknummer in.", "waarde")
    zaken = zoektocht.zaken().filter(identificatie__in={nummer, nummer.upper()})
    rol = (
        Rol.objects.filter(zaak__in=zaken, roltype__omschrijving_generiek=INITIATOR)
        .order_by("-pk")
        .first()
    )
    if rol is None:
        if zaken.exists():
            raise Zoekfout("Bij deze zaak is geen initiator bekend.")
        return []
    if rol.bsn:
        return _persoon(zoektocht, rol.bsn, rol)
    if kvk := rol_kvk(rol):
        return _bedrijf(zoektocht, kvk, rol)
    raise Zoekfout(
        "De initiator van deze zaak is niet bekend met een BSN of KvK-nummer. Zoek de klant op "
        "naam, adres, telefoonnummer of e-mailadres."
    )


_SOORTEN_ZOEKERS: dict[str, Callable[[_Zoektocht, Zoekvraag], list[Treffer]]] = {
    "bsn": _op_bsn,
    "naam": _op_naam,
    "adres": _op_adres,
    "kvk": _op_kvk,
    "telefoon": _op_telefoon,
    "email": _op_email,
    "zaak": _op_zaak,
}
