"""Intake: a case that came in by phone, e-mail, counter or post, registered with its initiator.

The initiator can be looked up in the BRP (by BSN, by achternaam and geboortedatum, or by
postcode and huisnummer), a company in the KvK, an address in the BAG: each lookup is a submit
button of the one form (name="actie"), so it works without JavaScript and keeps what was typed.
A lookup stores nothing but the inzage row the lookup service writes; what the handler picks
travels signed to the submit (werkplek.basisgegevens), where it fills the rol.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import render
from django.utils import timezone

from iwerk.basisregistraties.fouten import Opgeheven, RegisterFout
from iwerk.basisregistraties.gegevens import Bedrijf, Persoon
from iwerk.basisregistraties.services import bevragen
from iwerk.catalogi.models import ZaakType
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.actor import Werkplekcontext, display_name
from iwerk.medewerkers.formulieren import new_token, once
from iwerk.werkplek import basisgegevens
from iwerk.werkplek.basisgegevens import ADRESVELDEN, Keuze, OngeldigeKeuze
from iwerk.werkplek.forms import IntakeForm, OpzoekenForm
from iwerk.werkplek.views.common import medewerker_of, werkplek
from iwerk.zaken.selectors import zaaktypen_to_register
from iwerk.zaken.services import ZaakGegevens
from iwerk.zaken.services.aanvraag import Initiator, persoon, register_aanvraag, vestiging
from iwerk.zaken.services.toewijzing import assign

ACTIES = frozenset({"brp-bsn", "brp-naam", "brp-adres", "kvk", "bag", "wis-brp", "wis-kvk"})
KIES = ("kies_brp", "kies_kvk", "kies_bag")
# The fields a choice from a register fills, per group it was asked for.
VELDEN = {
    ("brp", "naam"): ("voornamen", "voorvoegsel", "geslachtsnaam"),
    ("brp", "geboorte"): ("geboortedatum",),
    ("brp", "adres"): ADRESVELDEN,
    ("kvk", "naam"): ("handelsnaam",),
    ("kvk", "adres"): ADRESVELDEN,
    ("bag", "adres"): ADRESVELDEN,
}
NUMMER = {"brp": "bsn", "kvk": "kvk_nummer"}
BRON_VAN = {"natuurlijk_persoon": "brp", "vestiging": "kvk"}
PLEK = {"brp": "persoon", "kvk": "bedrijf", "bag": "adres"}  # where a lookup's answer is shown
# The button that lets go of a choice from a register (intake.html).
WIS = {
    "brp": "Andere persoon opzoeken of zelf invullen",
    "kvk": "Ander bedrijf opzoeken of zelf invullen",
}


def _zaaktypen(context: Werkplekcontext) -> QuerySet[ZaakType]:
    """Only the zaaktypen the user's role may register zaken of (issue 23); the service still
    checks the zaaktype posted."""
    return (
        zaaktypen_to_register(context.actor, timezone.localdate())
        .filter(tenant=context.gemeente)
        .order_by("omschrijving")
    )


def _max_vertrouwelijkheid(context: Werkplekcontext) -> str | None:
    grants = context.actor.grants_with("zrc", "zaken.aanmaken")
    if not grants:
        return None
    return max(grants, key=lambda g: g.max_rank).max_vertrouwelijkheid


def _lees_keuzes(
    data: QueryDict | dict, context: Werkplekcontext, zaaktype_identificatie: str
) -> tuple[dict[str, Keuze], dict[str, str]]:
    """The valid choices in data, and per refused one the Dutch reason."""
    keuzes, fouten = {}, {}
    for bron in ("brp", "kvk", "bag"):
        token = data.get(f"{bron}_keuze") or ""
        if not token:
            continue
        try:
            keuzes[bron] = basisgegevens.lees(
                token, bron, context, None if bron == "bag" else zaaktype_identificatie
            )
        except OngeldigeKeuze as fout:
            fouten[bron] = fout.bericht
    return keuzes, fouten


def _initiator(data: dict, keuzes: dict[str, Keuze]) -> Initiator:
    """The initiator from the form; what a register choice holds is taken from the choice."""
    bron = BRON_VAN[data["initiator_type"]]
    keuze = keuzes.get(bron)
    data = dict(data)
    if keuze is not None:
        data |= keuze.gegevens
    adres_id = data.get("adres_id") or ""
    bag = keuzes.get("bag")
    if not adres_id and bag is not None and _zelfde_adres(data, bag.gegevens):
        adres_id = bag.gegevens.get("adres_id") or ""
    verblijf = {
        "straat": data.get("straat"),
        "huisnummer": data.get("huisnummer"),
        "huisletter": data.get("huisletter") or "",
        "huisnummertoevoeging": data.get("huisnummertoevoeging") or "",
        "postcode": data.get("postcode"),
        "woonplaats": data.get("woonplaats"),
        "identificatie": adres_id,
    }
    contact = {
        "emailadres": data.get("emailadres") or "",
        "telefoonnummer": data.get("telefoonnummer") or "",
        "naam": data.get("geslachtsnaam") or data.get("handelsnaam") or "",
    }
    toelichting = keuze.roltoelichting() if keuze else basisgegevens.niet_gecontroleerd(bron)
    if bron == "kvk":
        identificatie = vestiging(
            kvk_nummer=data["kvk_nummer"],
            handelsnaam=data["handelsnaam"],
            vestigingsnummer=data.get("vestigingsnummer") or "",
            **verblijf,
        )
        return Initiator("vestiging", identificatie, contact, roltoelichting=toelichting)
    geboren = data.get("geboortedatum")
    identificatie = persoon(
        bsn=data.get("bsn") or "",
        geslachtsnaam=data["geslachtsnaam"],
        voornamen=data.get("voornamen") or "",
        voorvoegsel=data.get("voorvoegsel") or "",
        geboortedatum=str(geboren) if geboren else "",
        **verblijf,
    )
    return Initiator("natuurlijk_persoon", identificatie, contact, roltoelichting=toelichting)


def _zelfde_adres(data: dict, bag: dict) -> bool:
    def norm(value: Any) -> str:
        return "".join(str(value or "").split()).upper()

    return all(norm(data.get(n)) == norm(bag.get(n)) for n in ADRESVELDEN)


@werkplek_view()
def intake(request: HttpRequest) -> HttpResponseBase:
    context = werkplek(request)
    zaaktypen = _zaaktypen(context)
    post = request.POST
    if request.method == "POST" and (post.get("actie") in ACTIES or any(k in post for k in KIES)):
        return _opzoeken(request, zaaktypen)
    maximum = _max_vertrouwelijkheid(context)
    form = IntakeForm(post or None, zaaktypen=zaaktypen, max_vertrouwelijkheid=maximum)
    keuzes: dict[str, Keuze] = {}
    if request.method == "POST":
        geldig = form.is_valid()
        zaaktype = form.cleaned_data.get("zaaktype")
        keuzes, fouten = _lees_keuzes(post, context, zaaktype.identificatie if zaaktype else "")
        if fouten:  # refused, and dropped from the form: the handler looks up again
            data = post.copy()
            for bron in fouten:
                data[f"{bron}_keuze"] = ""
            form = IntakeForm(data, zaaktypen=zaaktypen, max_vertrouwelijkheid=maximum)
            form.is_valid()
            for bericht in fouten.values():
                form.add_error(None, bericht)
            geldig = False
        if geldig:
            response = _registreren(request, form, keuzes)
            if response is not None:
                return response
    return _pagina(request, form, keuzes, status=400 if request.method == "POST" else 200)


def _registreren(
    request: HttpRequest, form: IntakeForm, keuzes: dict[str, Keuze]
) -> HttpResponseBase | None:
    context = werkplek(request)
    actor = context.actor
    data = form.cleaned_data
    gebruiker = request.user
    assert isinstance(gebruiker, User)  # behind werkplek_view: signed in

    def run() -> str:
        zaak = register_aanvraag(
            actor=actor,
            zaaktype=data["zaaktype"],
            gegevens=ZaakGegevens(
                bronorganisatie=context.gemeente.rsin,
                verantwoordelijke_organisatie=context.gemeente.rsin,
                startdatum=data["startdatum"],
                omschrijving=data["omschrijving"],
                toelichting=data["toelichting"],
                vertrouwelijkheidaanduiding=data["vertrouwelijkheidaanduiding"],
            ),
            initiator=_initiator(data, keuzes),
            kanaal=data["kanaal"],
            toelichting_contact=f"Intake door {display_name(gebruiker)}",
        )
        if data["mij_toewijzen"]:
            assign(actor=actor, zaak=zaak, medewerker=medewerker_of(gebruiker))
        return f"/werkplek/zaken/{zaak.uuid}/"

    return once(request, run, form=form, success="De zaak is geregistreerd.")


def _pagina(
    request: HttpRequest,
    form: IntakeForm,
    keuzes: dict[str, Keuze],
    *,
    status: int = 200,
    zoeken: dict | None = None,
    gekozen: str = "",
) -> HttpResponse:
    """The intake page: the form, what was picked from a register, a lookup's results."""
    bron = BRON_VAN.get(form["initiator_type"].value() or "")
    keuze = keuzes.get(bron) if bron else None
    vast: set[str] = set()
    if bron and keuze is not None:  # filled from the register: shown, not typed over
        vast.add(NUMMER[bron])
        for groep in keuze.groepen:
            vast.update(VELDEN.get((bron, groep), ()))
        _toon_keuze(form, keuze, vast)
        for name in vast:
            form.fields[name].widget.attrs["readonly"] = True
    return render(
        request,
        "werkplek/intake.html",
        {
            "form": form,
            "formtoken": new_token(),
            "nav": "intake",
            "gekozen": [_samenvatting(b, k) for b, k in keuzes.items() if b != "bag"],
            "zoeken": zoeken,
            # The register the address comes from ("" when typed): no BAG lookup then.
            "adres_vast": {"brp": "BRP", "kvk": "KvK"}[bron] if bron and "straat" in vast else "",
            "adres_wis": WIS.get(bron or "", ""),
            "zojuist_gekozen": gekozen,
        },
        status=status,
    )


def _toon_keuze(form: IntakeForm, keuze: Keuze, vast: set[str]) -> None:
    """The read-only fields show the choice's values: what the submit stores (_initiator),
    whatever the request carried in them."""
    waarden = {n: keuze.gegevens.get(n) or "" for n in vast if n in keuze.gegevens}
    if form.is_bound:
        data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
        for name, waarde in waarden.items():
            data[name] = waarde
        form.data = data
    else:
        form.initial = {**form.initial, **waarden}


def _samenvatting(bron: str, keuze: Keuze) -> dict:
    g = keuze.gegevens
    if bron == "brp":
        naam = " ".join(g.get(n) or "" for n in ("voornamen", "voorvoegsel", "geslachtsnaam"))
        delen = [" ".join(naam.split()), f"BSN {g['bsn']}"]
        if g.get("geboortedatum"):
            jaar, maand, dag = g["geboortedatum"].split("-")
            delen.append(f"geboren {int(dag)}-{int(maand)}-{jaar}")
    else:
        delen = [g.get("handelsnaam") or "", f"KvK-nummer {g['kvk_nummer']}"]
    if "adres" in keuze.groepen:
        delen.append(_adresregel(g))
    return {
        "bron": bron,
        "naam": "BRP" if bron == "brp" else "KvK",
        "tekst": ", ".join(d for d in delen if d),
        "opgevraagd": keuze.opgevraagd_tekst,
        "wis": WIS[bron],
    }


def _adresregel(g: dict) -> str:
    nummer = f"{g.get('huisnummer') or ''}{g.get('huisletter') or ''}"
    if g.get("huisnummertoevoeging"):
        nummer += f"-{g['huisnummertoevoeging']}"
    straat = f"{g.get('straat') or ''} {nummer}".strip()
    plaats = f"{g.get('postcode') or ''} {g.get('woonplaats') or ''}".strip()
    return ", ".join(p for p in (straat, plaats) if p)


# --- lookups -------------------------------------------------------------------------------


def _ingevuld(post: QueryDict) -> dict[str, Any]:
    """What the handler typed, as the form's initial values (no errors shown for a lookup)."""
    waarden: dict[str, Any] = {
        name: post.get(name, "") for name in IntakeForm.base_fields if name != "mij_toewijzen"
    }
    waarden["mij_toewijzen"] = "mij_toewijzen" in post
    return waarden


def _opzoeken(request: HttpRequest, zaaktypen: QuerySet[ZaakType]) -> HttpResponse:
    """Run the lookup or choice the handler pressed and show the form again, filled."""
    context = werkplek(request)
    post = request.POST
    zoek = OpzoekenForm(post, zaaktypen=zaaktypen)
    zoek.is_valid()
    zaaktype = zoek.cleaned_data.get("zaaktype")
    ident = zaaktype.identificatie if zaaktype else ""
    ingevuld = _ingevuld(post)
    actie = post.get("actie", "")
    zoeken: dict[str, Any] = {}
    gekozen = ""  # the register whose choice was just made: its summary gets the focus
    vastgelegd = _adres_uit(ingevuld, context, ident)
    if vastgelegd and (actie == "bag" or "kies_bag" in post):
        # The rol gets the chosen person's or company's address: a BAG address must not seem
        # to replace it on the page while the submit stores the other.
        zoeken = {
            "bron": "bag",
            "fout": f"Het adres komt uit {basisgegevens.BRON[vastgelegd]} bij de gekozen "
            f"{'persoon' if vastgelegd == 'brp' else 'bedrijf'} en wordt zo vastgelegd. Wilt u "
            f"een ander adres? Kies dan eerst „{WIS[vastgelegd]}”.",
        }
        actie = "bag"
    elif actie in ("wis-brp", "wis-kvk"):
        ingevuld[f"{actie[4:]}_keuze"] = ""
    elif any(k in post for k in KIES):
        bron = next(k for k in KIES if k in post).removeprefix("kies_")
        token = post.get(f"kies_{bron}", "")
        try:
            keuze = basisgegevens.lees(token, bron, context, None if bron == "bag" else ident)
        except OngeldigeKeuze as fout:
            zoeken = {"bron": bron, "fout": fout.bericht}
        else:
            ingevuld |= {k: v for k, v in keuze.gegevens.items() if k in IntakeForm.base_fields}
            ingevuld[f"{bron}_keuze"] = token
            if bron != "bag":
                ingevuld["initiator_type"] = {"brp": "natuurlijk_persoon", "kvk": "vestiging"}[bron]
                gekozen = bron
    else:
        bron = "bag" if actie == "bag" else "kvk" if actie == "kvk" else "brp"
        reden = zoek.fout(actie)
        if reden:
            zoeken = {"bron": bron, "fout": reden}
        else:
            zoeken = _zoek(context, actie, zoek.cleaned_data, ident)
            if "enig" in zoeken:  # one BAG address: filled at once
                ingevuld |= zoeken.pop("enig")
    keuzes, fouten = _lees_keuzes(ingevuld, context, ident)
    for bron, bericht in fouten.items():  # e.g. the zaaktype changed after the lookup
        ingevuld[f"{bron}_keuze"] = ""
        zoeken = zoeken if zoeken.get("fout") else {"bron": bron, "fout": bericht}
    form = IntakeForm(
        initial=ingevuld,
        zaaktypen=zaaktypen,
        max_vertrouwelijkheid=_max_vertrouwelijkheid(context),
    )
    if zoeken:
        zoeken["plek"] = "adres" if actie in ("bag", "brp-adres") else PLEK[zoeken["bron"]]
    return _pagina(request, form, keuzes, zoeken=zoeken, gekozen=gekozen)


def _adres_uit(ingevuld: dict[str, Any], context: Werkplekcontext, ident: str) -> str:
    """The register (brp, kvk) whose choice fills the initiator's address, or ""."""
    bron = BRON_VAN.get(ingevuld.get("initiator_type") or "")
    if bron is None:
        return ""
    keuze = _lees_keuzes(ingevuld, context, ident)[0].get(bron)
    return bron if keuze is not None and "adres" in keuze.groepen else ""


def _zoek(context: Werkplekcontext, actie: str, data: dict, ident: str) -> dict[str, Any]:
    """Ask the register; the results with a signed choice each, or the register's message."""
    bron = "bag" if actie == "bag" else "kvk" if actie == "kvk" else "brp"
    try:
        if bron == "bag":
            return _adressen(context, data)
        bevraging = basisgegevens.bevraging(context, ident)
        if bron == "kvk":
            bedrijf = bevragen.bedrijf_raadplegen(bevraging, data["kvk_nummer"])
            return _bedrijven(context, ident, [bedrijf])
        if actie == "brp-bsn":
            personen = [bevragen.persoon_raadplegen(bevraging, data["bsn"])]
        elif actie == "brp-naam":
            personen = bevragen.personen_zoeken(
                bevraging,
                geslachtsnaam=data["geslachtsnaam"],
                geboortedatum=data["geboortedatum"],
            )
        else:
            personen = bevragen.personen_zoeken(
                bevraging,
                postcode=data["postcode"].replace(" ", "").upper(),
                huisnummer=data["huisnummer"],
                huisletter=data.get("huisletter") or "",
                huisnummertoevoeging=data.get("huisnummertoevoeging") or "",
            )
        return _personen(context, ident, personen)
    except Opgeheven as fout:
        opgeheven = fout.bedrijf
        naam = opgeheven.naam if opgeheven is not None else ""
        return {"bron": bron, "fout": f"{naam}: {fout.bericht}" if naam else fout.bericht}
    except RegisterFout as fout:
        return {"bron": bron, "fout": fout.bericht}


def _personen(context: Werkplekcontext, ident: str, personen: list[Persoon]) -> dict[str, Any]:
    if not personen:
        return {"bron": "brp", "fout": "Geen persoon gevonden die hieraan voldoet."}
    groepen = personen[0].groepen
    kolommen = ["Naam"]
    kolommen += ["Geboortedatum"] if "geboorte" in groepen else []
    kolommen += ["Adres"] if "adres" in groepen else []
    rijen = []
    for p in personen:
        gegevens, gevraagd = basisgegevens.persoon_gegevens(p)
        naam = basisgegevens.naam(p)
        cellen = [naam]
        if "geboorte" in groepen:
            d = p.geboortedatum
            cellen.append(f"{d.day}-{d.month}-{d.year}" if d else "onbekend")
        if "adres" in groepen:
            cellen.append((p.adres.regel if p.adres else "") or "geen adres bekend")
        rijen.append(
            {
                "naam": naam,
                "cellen": list(zip(kolommen, cellen, strict=True)),
                "token": basisgegevens.teken("brp", context, ident, gegevens, gevraagd),
                "let_op": "Geheimhouding persoonsgegevens: verstrek geen gegevens aan derden."
                if p.geheimhouding
                else "",
            }
        )
    aantal = f"{len(rijen)} {'persoon' if len(rijen) == 1 else 'personen'} gevonden."
    return {"bron": "brp", "kop": "Gevonden in de BRP", "aantal": aantal,
            "kolommen": kolommen, "rijen": rijen}  # fmt: skip


def _bedrijven(context: Werkplekcontext, ident: str, bedrijven: list[Bedrijf]) -> dict[str, Any]:
    kolommen = ["Naam", "KvK-nummer", "Bezoekadres"]
    rijen = []
    for b in bedrijven:
        gegevens, gevraagd = basisgegevens.bedrijf_gegevens(b)
        naam = b.naam or gegevens.get("handelsnaam") or f"KvK-nummer {b.kvk_nummer}"
        cellen = [naam, b.kvk_nummer, (b.adres.regel if b.adres else "") or "—"]
        token = basisgegevens.teken("kvk", context, ident, gegevens, gevraagd)
        rijen.append(
            {"naam": naam, "cellen": list(zip(kolommen, cellen, strict=True)), "token": token}
        )
    return {"bron": "kvk", "kop": "Gevonden in de KvK", "kolommen": kolommen, "rijen": rijen}


def _adressen(context: Werkplekcontext, data: dict) -> dict[str, Any]:
    adressen = bevragen.adressen_zoeken(
        context.gemeente.pk,
        postcode=data["postcode"].replace(" ", "").upper(),
        huisnummer=data["huisnummer"],
        huisletter=data.get("huisletter") or "",
        huisnummertoevoeging=data.get("huisnummertoevoeging") or "",
    )
    if not adressen:
        return {
            "bron": "bag",
            "fout": "De BAG kent dit adres niet. Controleer postcode en huisnummer, of vul "
            "straat en woonplaats zelf in.",
        }
    rijen = []
    for adres in adressen:
        gegevens = basisgegevens.adres_gegevens(adres)
        token = basisgegevens.teken("bag", context, "", gegevens, ("adres",))
        rijen.append({"naam": adres.regel, "cellen": [("Adres", adres.regel)], "token": token})
    if len(rijen) == 1:
        gegevens = basisgegevens.adres_gegevens(adressen[0])
        gevonden = {k: v for k, v in gegevens.items() if k in IntakeForm.base_fields}
        return {
            "bron": "bag",
            "melding": f"Adres gevonden in de BAG: {adressen[0].regel}.",
            "enig": gevonden | {"bag_keuze": rijen[0]["token"]},
        }
    return {"bron": "bag", "kop": "Adressen in de BAG", "aantal": f"{len(rijen)} adressen gevonden.",
            "kolommen": ["Adres"], "rijen": rijen}  # fmt: skip
