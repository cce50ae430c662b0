"""The place of a request: postcode + huisnummer (+ huisletter, toevoeging) looked up in the BAG,
a description in words, and a point on the map where the installation has one.

A field of type "locatie" (a melding openbare ruimte) takes any of the three; a field of type
"adres" only an address. The citizen always gets on without JavaScript and without a map: the
"Adres zoeken" button posts the step, which shows the address found (or the choice between
toevoegingen, or why none was found). When the BAG does not answer, the typed postcode and
huisnummer are kept and marked as not checked.

What a step stores per field `n` (Concept.gegevens):
- `n`: the place as the summary, the receipt and the zaakeigenschap show it;
- `n_omschrijving`: the words typed (locatie only);
- `n_postcode`, `n_huisnummer`, `n_huisletter`, `n_toevoeging`: what was typed;
- `n_adres`: the BAG address (its fields and identifications) or None;
- `n_bag`: "gevonden", "niet_gecontroleerd" (the BAG did not answer) or None (no address);
- `n_punt`: [lon, lat] from the map, or None.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from django import forms

from iwerk.basisregistraties.fouten import OngeldigeInvoer, RegisterOnbereikbaar
from iwerk.basisregistraties.gegevens import Adres
from iwerk.basisregistraties.models import Register
from iwerk.basisregistraties.selectors import koppelingen
from iwerk.basisregistraties.services import bevragen
from iwerk.core.models import Gemeente

SOORTEN = ("locatie", "adres")
GEVONDEN = "gevonden"
NIET_GECONTROLEERD = "niet_gecontroleerd"
ONDERDELEN = ("postcode", "huisnummer", "huisletter", "toevoeging")
_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")
# The register's own message speaks to a handler (time-outs, typed data marked unchecked); a
# citizen gets what it means for them. An adres field takes no words: the typed address is kept.
BAG_ONBEREIKBAAR = {
    "locatie": "Het adres kan nu niet worden gecontroleerd. U kunt de plek in woorden beschrijven.",
    "adres": "Het adres kan nu niet worden gecontroleerd. U kunt verder met het adres zoals u het "
    "invulde.",
}


def subvelden(veld: dict) -> dict[str, forms.Field]:
    """The form fields besides the field itself: the address parts, the choice between
    addresses (its choices are set after the lookup) and, for a locatie, the map's point."""
    naam = veld["naam"]
    velden: dict[str, forms.Field] = {
        f"{naam}_postcode": forms.CharField(
            label="Postcode",
            max_length=7,
            widget=forms.TextInput(
                attrs={"autocomplete": "postal-code", "size": 7, "spellcheck": "false"}
            ),
            required=False,
        ),
        f"{naam}_huisnummer": forms.IntegerField(
            label="Huisnummer",
            min_value=1,
            max_value=99999,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
            error_messages={
                "invalid": "Vul bij huisnummer alleen cijfers in.",
                "min_value": "Vul een huisnummer van 1 of hoger in.",
                "max_value": "Een huisnummer heeft hoogstens 5 cijfers.",
            },
            required=False,
        ),
        f"{naam}_huisletter": forms.RegexField(
            label="Huisletter",
            regex=r"^[A-Za-z]$",
            widget=forms.TextInput(attrs={"size": 2}),
            error_messages={"invalid": "Een huisletter is één letter, bijvoorbeeld a."},
            required=False,
        ),
        f"{naam}_toevoeging": forms.RegexField(
            label="Toevoeging",
            regex=r"^[A-Za-z0-9]{1,4}$",
            widget=forms.TextInput(attrs={"size": 5}),
            error_messages={
                "invalid": "Een toevoeging is hoogstens 4 letters of cijfers, bijvoorbeeld 2 of bis."
            },
            required=False,
        ),
        # A radio list whose choices are the addresses found (set by opzoeken): the value is
        # checked against them there, not by the field.
        f"{naam}_adres": forms.CharField(
            label="Welk adres bedoelt u?",
            max_length=16,
            widget=forms.RadioSelect,
            required=False,
        ),
    }
    if veld["type"] == "locatie":
        for as_ in ("lat", "lon"):
            velden[f"{naam}_{as_}"] = forms.FloatField(
                required=False,
                widget=forms.HiddenInput,
                min_value=-90 if as_ == "lat" else -180,
                max_value=90 if as_ == "lat" else 180,
            )
    return velden


@dataclass
class Uitkomst:
    """What the lookup of one field found, for the form and the page."""

    adressen: list[Adres] = field(default_factory=list)  # the BAG's matches
    gekozen: Adres | None = None  # the one address the request is about
    onbereikbaar: str = ""  # the BAG did not answer: what that means for the citizen, in Dutch

    @property
    def keuze_nodig(self) -> bool:
        return len(self.adressen) > 1 and self.gekozen is None


def postcode(waarde: str) -> str | None:
    """'7411 bs' → '7411BS'; None when it is no Dutch postcode."""
    match = _POSTCODE.match((waarde or "").strip())
    return f"{match[1]}{match[2].upper()}" if match else None


def opzoeken(
    form: forms.Form, veld: dict, gemeente: Gemeente | None, cleaned: dict
) -> Uitkomst | None:
    """Look the typed address up in the BAG and put what is wrong on the form's fields.

    None when no address part was typed, or a part is wrong (the error is on the form).
    """
    naam = veld["naam"]
    invoer = {deel: cleaned.get(f"{naam}_{deel}") for deel in ONDERDELEN}
    if any(f"{naam}_{deel}" in form.errors for deel in ONDERDELEN):
        return None
    if not any(invoer.values()):
        return None
    if not invoer["postcode"]:
        form.add_error(f"{naam}_postcode", "Vul ook de postcode in.")
    elif postcode(invoer["postcode"]) is None:
        form.add_error(f"{naam}_postcode", "Vul een postcode in als 1234 AB.")
    if not invoer["huisnummer"]:
        form.add_error(f"{naam}_huisnummer", "Vul ook het huisnummer in.")
    code = postcode(invoer["postcode"] or "")
    if code is None or not invoer["huisnummer"]:
        return None
    cleaned[f"{naam}_postcode"] = code
    try:
        adressen = bevragen.adressen_zoeken(
            gemeente.pk if gemeente else 0,
            postcode=code,
            huisnummer=int(invoer["huisnummer"]),
            huisletter=invoer["huisletter"] or "",
            huisnummertoevoeging=invoer["toevoeging"] or "",
        )
    except OngeldigeInvoer as fout:
        form.add_error(f"{naam}_postcode", fout.bericht)
        return None
    except RegisterOnbereikbaar:
        return Uitkomst(onbereikbaar=BAG_ONBEREIKBAAR[veld["type"]])
    if not adressen:
        form.add_error(
            f"{naam}_postcode",
            "Wij vinden geen adres met deze postcode en dit huisnummer. Controleer ze"
            + (", of beschrijf de plek in woorden." if veld["type"] == "locatie" else "."),
        )
        return None
    uitkomst = Uitkomst(adressen=adressen)
    keuzes(form, veld, adressen)
    if len(adressen) == 1:
        uitkomst.gekozen = adressen[0]
    else:
        gekozen = cleaned.get(f"{naam}_adres")
        uitkomst.gekozen = next((a for a in adressen if a.nummeraanduiding_id == gekozen), None)
    return uitkomst


def keuzes(form: forms.Form, veld: dict, adressen: list[Adres]) -> None:
    """The addresses to choose from, as the radio list shows them."""
    widget = form.fields[f"{veld['naam']}_adres"].widget
    widget.choices = [(a.nummeraanduiding_id, a.regel) for a in adressen]


def tekst(
    veld: dict,
    uitkomst: Uitkomst | None,
    cleaned: dict,
    omschrijving: str,
    punt: list | None,
) -> str:
    """The place in one line: the BAG address, or the typed postcode and huisnummer marked as
    not checked, followed by the description; a point on the map when that is all there is."""
    naam = veld["naam"]
    delen = []
    if uitkomst is not None and uitkomst.gekozen is not None:
        delen.append(uitkomst.gekozen.regel)
    elif uitkomst is not None and uitkomst.onbereikbaar:
        code = cleaned.get(f"{naam}_postcode") or ""
        nummer = f"{cleaned.get(f'{naam}_huisnummer')}{cleaned.get(f'{naam}_huisletter') or ''}"
        if cleaned.get(f"{naam}_toevoeging"):
            nummer += f"-{cleaned[f'{naam}_toevoeging']}"
        delen.append(
            f"Postcode {code[:4]} {code[4:]}, huisnummer {nummer} (niet gecontroleerd in de BAG)"
        )
    if omschrijving:
        delen.append(omschrijving)
    if not delen and punt:
        lon, lat = punt
        delen.append(f"Plek op de kaart: {lat:.6f}, {lon:.6f}")
    return " — ".join(delen)


def gegevens(veld: dict, uitkomst: Uitkomst | None, cleaned: dict) -> dict:
    """The stored answers of one locatie or adres field (the keys in the module docstring)."""
    naam = veld["naam"]
    data: dict = {f"{naam}_{deel}": cleaned.get(f"{naam}_{deel}") or None for deel in ONDERDELEN}
    gekozen = uitkomst.gekozen if uitkomst else None
    data[f"{naam}_adres"] = asdict(gekozen) if gekozen else None
    data[f"{naam}_bag"] = (
        GEVONDEN
        if gekozen
        else NIET_GECONTROLEERD
        if uitkomst is not None and uitkomst.onbereikbaar
        else None
    )
    omschrijving = ""
    punt = None
    if veld["type"] == "locatie":
        omschrijving = (cleaned.get(naam) or "").strip()
        lat, lon = (cleaned.get(f"{naam}_{a}") for a in ("lat", "lon"))
        punt = [lon, lat] if lat is not None and lon is not None else None
        data[f"{naam}_omschrijving"] = omschrijving
        data[f"{naam}_punt"] = punt
    data[naam] = tekst(veld, uitkomst, cleaned, omschrijving, punt)
    return data


def initial(veld: dict, gegevens: dict) -> dict:
    """What the field shows when its step is opened again. A draft from before addresses were
    looked up holds only the words, under the field's own name."""
    naam = veld["naam"]
    values: dict = {}
    for deel in ONDERDELEN:
        if gegevens.get(f"{naam}_{deel}") is not None:
            values[f"{naam}_{deel}"] = gegevens[f"{naam}_{deel}"]
    if gegevens.get(f"{naam}_adres"):
        values[f"{naam}_adres"] = gegevens[f"{naam}_adres"].get("nummeraanduiding_id", "")
    if veld["type"] == "locatie":
        omschrijving = gegevens.get(f"{naam}_omschrijving", gegevens.get(naam))
        if omschrijving:
            values[naam] = omschrijving
        if gegevens.get(f"{naam}_punt"):
            values[f"{naam}_lon"], values[f"{naam}_lat"] = gegevens[f"{naam}_punt"]
    return values


def adres_uit(opgeslagen: dict) -> Adres:
    """A stored address (`n_adres`) as the Adres it was."""
    return Adres(**{k: v for k, v in opgeslagen.items() if k in Adres.__dataclass_fields__})


def bag_adres(gegevens: dict, veld: dict) -> Adres | None:
    """The BAG address a sent request names for this field, or None."""
    opgeslagen = gegevens.get(f"{veld['naam']}_adres")
    if not opgeslagen or gegevens.get(f"{veld['naam']}_bag") != GEVONDEN:
        return None
    return adres_uit(opgeslagen)


def object_url(gemeente_id: int, adres: Adres) -> str:
    """The address's resource in the gemeente's BAG (BAG Individuele Bevragingen:
    /adressen/{nummeraanduidingIdentificatie}); empty when the BAG is not connected."""
    try:
        bag = koppelingen.verbinding(gemeente_id, Register.bag)
    except RegisterOnbereikbaar:
        return ""
    return f"{bag.url}/adressen/{adres.nummeraanduiding_id}"


def objectidentificatie(adres: Adres) -> dict:
    """The address as the Zaken API's objectIdentificatie of objectType "adres" (ObjectAdres)."""
    return {
        "identificatie": adres.nummeraanduiding_id,
        "wplWoonplaatsNaam": adres.woonplaats[:80],
        "gorOpenbareRuimteNaam": adres.straat[:80],
        "huisnummer": adres.huisnummer or 0,
        "huisletter": adres.huisletter[:1],
        "huisnummertoevoeging": adres.huisnummertoevoeging[:4],
        "postcode": adres.postcode[:7],
    }
