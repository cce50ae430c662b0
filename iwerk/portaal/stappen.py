"""One step of a product's form as a Django form, built from the declarative definition.

Django's own fields do the parsing and give the Dutch messages; this module adds what the
definition says: conditional fields (only checked when they apply), attachments of limited size
and type, and the location and address fields (postcode + huisnummer looked up in the BAG, a
description in words, a point on the map: `locatie`).
"""

from __future__ import annotations

import io
from datetime import date

from django import forms
from django.core.validators import RegexValidator

from iwerk.core import virusscan
from iwerk.core.models import Gemeente
from iwerk.portaal import formulier, locatie

JA_NEE = [("ja", "Ja"), ("nee", "Nee")]
STANDAARD_MAX_MB = 10
_TELEFOON = RegexValidator(
    r"^\+?[0-9][0-9 \-()]{7,18}$", "Vul een geldig telefoonnummer in, bijvoorbeeld 0570 123456."
)


def _datum(value):
    return value.isoformat() if isinstance(value, date) else value


def bestand_toegestaan(upload, veld: dict) -> str | None:
    """Why an uploaded file is refused, or None. The content decides, not the name."""
    max_mb = veld.get("max_mb", STANDAARD_MAX_MB)
    if upload.size > max_mb * 1024 * 1024:
        return f"Het bestand is te groot: {upload.size / 1024 / 1024:.1f} MB. Het mag hoogstens {max_mb} MB zijn."
    if upload.size == 0:
        return "Het bestand is leeg."
    soorten = veld.get("bestandstypen", list(formulier.BESTANDSTYPEN))
    begin = upload.read(8)
    upload.seek(0)
    if begin.startswith(b"%PDF-"):
        if "pdf" not in soorten:
            return _soorten_fout(soorten)
    elif not ("afbeelding" in soorten and _is_afbeelding(upload)):
        return _soorten_fout(soorten)
    return _virusvrij(upload)


def _virusvrij(upload) -> str | None:
    """Scanned before it is kept, also as a draft (the zaak's documents are scanned again)."""
    if not virusscan.aan():
        return None
    try:
        gevonden = virusscan.scan(upload.chunks())
    except virusscan.ScanNietBeschikbaar:
        return (
            "Het bestand kon nu niet op virussen worden gecontroleerd. Probeer het later opnieuw."
        )
    finally:
        upload.seek(0)
    if gevonden:
        return "Dit bestand bevat een virus of andere malware en is geweigerd."
    return None


def _soorten_fout(soorten) -> str:
    namen = {"pdf": "PDF", "afbeelding": "foto (JPG of PNG)"}
    return "Dit soort bestand kunnen we niet aannemen. Kies een " + " of ".join(
        namen[s] for s in soorten
    )


def _is_afbeelding(upload) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(upload.read())) as image:
            ok = image.format in ("JPEG", "PNG")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        ok = False
    upload.seek(0)
    return ok


def formaat(upload) -> str:
    upload.seek(0)
    begin = upload.read(8)
    upload.seek(0)
    if begin.startswith(b"%PDF-"):
        return "application/pdf"
    if begin.startswith(b"\x89PNG"):
        return "image/png"
    return "image/jpeg"


def _field(veld: dict, bestaande_bijlage: str | None) -> forms.Field:
    common = {"label": veld["label"], "help_text": veld.get("hulptekst", ""), "required": False}
    soort = veld["type"]
    if soort == "tekst":
        return forms.CharField(max_length=200, **common)
    if soort == "tekstvak":
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 5}), **common)
    if soort == "getal":
        return forms.IntegerField(min_value=0, max_value=10**9, **common)
    if soort == "datum":
        return forms.DateField(
            input_formats=["%Y-%m-%d", "%d-%m-%Y"],
            widget=forms.DateInput(attrs={"type": "date"}),
            **common,
        )
    if soort == "keuze":
        return forms.ChoiceField(
            choices=[(o, o) for o in veld["opties"]], widget=forms.RadioSelect, **common
        )
    if soort == "ja_nee":
        return forms.ChoiceField(choices=JA_NEE, widget=forms.RadioSelect, **common)
    if soort == "email":
        return forms.EmailField(
            max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}), **common
        )
    if soort == "telefoon":
        return forms.CharField(
            max_length=20,
            validators=[_TELEFOON],
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            **common,
        )
    if soort == "bijlage":
        if bestaande_bijlage:
            common["help_text"] = (
                f"{common['help_text']} Al toegevoegd: {bestaande_bijlage}. "
                "Kies een nieuw bestand om het te vervangen."
            ).strip()
        soorten = veld.get("bestandstypen", list(formulier.BESTANDSTYPEN))
        accept = {"pdf": "application/pdf", "afbeelding": "image/jpeg,image/png"}
        return forms.FileField(
            widget=forms.FileInput(
                attrs={
                    "accept": ",".join(accept[s] for s in soorten),
                    "data-max-mb": veld.get("max_mb", STANDAARD_MAX_MB),
                }
            ),
            **common,
        )
    if soort == "locatie":
        # The words; the address parts and the map's point are locatie.subvelden.
        return forms.CharField(max_length=200, **common)
    if soort == "adres":
        # Only the parts (locatie.subvelden) are filled in; this field carries the label.
        return forms.CharField(widget=forms.HiddenInput, **common)
    raise ValueError(f"onbekend veldtype {soort}")


class StapForm(forms.Form):
    """The fields of one step. `eerder` holds the answers of all steps so far (for conditions)."""

    def __init__(
        self,
        *args,
        stap: dict,
        eerder: dict,
        bijlagen: dict[str, str],
        hulptekst_plek: str = "",
        gemeente: Gemeente | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.stap = stap
        self.eerder = eerder
        self.bijlagen = bijlagen
        self.gemeente = gemeente
        self.uitkomsten: dict[str, locatie.Uitkomst | None] = {}
        # "Adres zoeken" of one field posts the step only to look its address up.
        self.zoeken = next(
            (
                veld["naam"]
                for veld in stap["velden"]
                if veld["type"] in locatie.SOORTEN and f"{veld['naam']}_zoeken" in self.data
            ),
            "",
        )
        for veld in stap["velden"]:
            field = _field(veld, bijlagen.get(veld["naam"]))
            field.veld = veld
            self.fields[veld["naam"]] = field
            if veld["type"] == "locatie":
                # A place example belongs to the gemeente (its setting), unless the product's
                # form gives its own.
                field.help_text = field.help_text or hulptekst_plek
            if veld["type"] in locatie.SOORTEN:
                self.fields.update(locatie.subvelden(veld))

    def velden(self):
        """Bound fields with their definition (and, for a place or address, its parts and what
        the lookup found), for the template; a field whose condition is on an earlier step and
        does not hold is left out (a condition in this step is toggled live)."""
        hier = {veld["naam"] for veld in self.stap["velden"]}
        return [
            (self[veld["naam"]], veld, self._plaats(veld))
            for veld in self.stap["velden"]
            if not veld.get("toon_als")
            or veld["toon_als"]["veld"] in hier
            or formulier.zichtbaar(veld, self.eerder)
        ]

    def _plaats(self, veld: dict) -> dict | None:
        if veld["type"] not in locatie.SOORTEN:
            return None
        naam = veld["naam"]
        uitkomst = self.uitkomsten.get(naam)
        if not self.is_bound and self.eerder.get(f"{naam}_adres"):
            uitkomst = locatie.Uitkomst(gekozen=locatie.adres_uit(self.eerder[f"{naam}_adres"]))
        return {
            "onderdelen": [self[f"{naam}_{deel}"] for deel in locatie.ONDERDELEN],
            "keuze": self[f"{naam}_adres"],
            "uitkomst": uitkomst,
            "zoeken": f"{naam}_zoeken",
            "fouten": any(
                n in self.errors for n in (naam, *(f"{naam}_{d}" for d in locatie.ONDERDELEN))
            ),
        }

    def full_clean(self) -> None:
        super().full_clean()
        if self.zoeken and self.is_bound:
            # Looking an address up checks that address only; the rest waits for "Volgende".
            eigen = {f"{self.zoeken}_{deel}" for deel in (*locatie.ONDERDELEN, "adres")}
            for naam in [n for n in self.errors if n not in eigen]:
                del self.errors[naam]

    def foutenlijst(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) per error, for the summary above the form."""
        items = []
        for name, errors in self.errors.items():
            if name == "__all__" or name not in self.fields:
                items.append(("", "", " ".join(errors)))
                continue
            bound = self[name]
            anchor = f"{bound.auto_id}_0" if bound.widget_type == "radioselect" else bound.auto_id
            items.append((anchor, bound.label, " ".join(errors)))
        return items

    def _antwoorden(self, cleaned: dict) -> dict:
        merged = dict(self.eerder)
        for veld in self.stap["velden"]:
            value = cleaned.get(veld["naam"])
            if veld["type"] == "ja_nee" and value:
                value = value == "ja"
            merged[veld["naam"]] = value
        return merged

    def clean(self):
        cleaned = super().clean()
        antwoorden = self._antwoorden(cleaned)
        for veld in self.stap["velden"]:
            naam = veld["naam"]
            if naam in self.errors:
                continue
            if not formulier.zichtbaar(veld, antwoorden):
                cleaned[naam] = None
                continue
            value = cleaned.get(naam)
            if veld["type"] in locatie.SOORTEN:
                self._plaats_controleren(veld, cleaned)
                continue
            if veld["type"] == "bijlage":
                if value:
                    reden = bestand_toegestaan(value, veld)
                    if reden:
                        self.add_error(naam, reden)
                elif veld.get("verplicht") and naam not in self.bijlagen:
                    self.add_error(naam, "Voeg een bestand toe.")
                continue
            if veld.get("verplicht") and value in (None, ""):
                self.add_error(naam, "Dit veld is verplicht.")
        return cleaned

    def _plaats_controleren(self, veld: dict, cleaned: dict) -> None:
        """The address looked up (errors on its parts), a choice between addresses made, and a
        required place given in some way: an address, words or a point on the map."""
        naam = veld["naam"]
        uitkomst = locatie.opzoeken(self, veld, self.gemeente, cleaned)
        self.uitkomsten[naam] = uitkomst
        if uitkomst is not None and uitkomst.keuze_nodig and not self.zoeken:
            self.add_error(f"{naam}_adres", "Kies het adres dat u bedoelt.")
        adresdelen = [f"{naam}_{deel}" for deel in locatie.ONDERDELEN]
        if any(n in self.errors for n in adresdelen):
            return
        heeft_adres = uitkomst is not None
        if self.zoeken == naam and not heeft_adres:
            self.add_error(f"{naam}_postcode", "Vul de postcode en het huisnummer in.")
            return
        if not veld.get("verplicht"):
            return
        if veld["type"] == "adres" and not heeft_adres:
            self.add_error(f"{naam}_postcode", "Vul de postcode en het huisnummer in.")
        elif veld["type"] == "locatie" and not (
            heeft_adres
            or cleaned.get(naam)
            or (cleaned.get(f"{naam}_lat") is not None and cleaned.get(f"{naam}_lon") is not None)
        ):
            self.add_error(naam, "Vul het adres of een omschrijving van de plek in.")

    def gegevens(self) -> dict:
        """The answers of this step as JSON values (bijlagen are stored separately)."""
        data = {}
        for veld in self.stap["velden"]:
            naam = veld["naam"]
            if veld["type"] == "bijlage":
                continue
            if veld["type"] in locatie.SOORTEN:
                if formulier.zichtbaar(veld, self._antwoorden(self.cleaned_data)):
                    data.update(
                        locatie.gegevens(veld, self.uitkomsten.get(naam), self.cleaned_data)
                    )
                else:
                    data[naam] = None
                continue
            value = self.cleaned_data.get(naam)
            if veld["type"] == "ja_nee":
                value = None if not value else value == "ja"
            data[naam] = _datum(value)
        return data


def initial(stap: dict, gegevens: dict) -> dict:
    """What a step shows when opened again: the stored answers in the fields' own shape."""
    values = {}
    for veld in stap["velden"]:
        if veld["type"] in locatie.SOORTEN:
            values.update(locatie.initial(veld, gegevens))
            continue
        value = gegevens.get(veld["naam"])
        if veld["type"] == "ja_nee" and value is not None:
            value = "ja" if value else "nee"
        if value is not None:
            values[veld["naam"]] = value
    return values


def tekst(veld: dict, value) -> str:
    """An answer as the summary, the receipt and the zaak show it."""
    if value is None or value == "":
        return "—"
    if veld["type"] == "ja_nee":
        return "Ja" if value else "Nee"
    if veld["type"] == "datum":
        try:
            return date.fromisoformat(value).strftime("%d-%m-%Y")
        except ValueError:
            return str(value)
    return str(value)


def eigenschap_waarde(veld: dict, value) -> str:
    """An answer as zaakeigenschap waarde, in the formats of the Catalogi API (datum: YYYYMMDD)."""
    if veld["type"] == "datum":
        return str(value).replace("-", "")
    return tekst(veld, value)
