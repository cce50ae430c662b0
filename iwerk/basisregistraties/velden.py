"""The field groups a doelbinding can allow, per register, and what each asks of the register.

A group is what beheer ticks for a zaaktype ("naam", "adres", …); `BRP[groep]` are the paths
sent in the BRP request's `fields`. The burgerservicenummer is always asked for: it identifies
the person the lookup was made for and is what a rol stores.

Of `adressering` only the address lines and the land are asked: its aanhef, aanschrijfwijze and
gebruikInLopendeTekst are made of the name and the sex ("Geachte mevrouw Moulin"), which an
address-only purpose does not allow.
"""

from __future__ import annotations

from iwerk.basisregistraties.models import Register

BRP_ALTIJD = ("burgerservicenummer",)

BRP: dict[str, tuple[str, ...]] = {
    "naam": ("naam",),
    "geboorte": ("geboorte",),
    "geslacht": ("geslacht",),
    "adres": (
        "verblijfplaats",
        "adressering.adresregel1",
        "adressering.adresregel2",
        "adressering.adresregel3",
        "adressering.land",
        "gemeenteVanInschrijving",
    ),
    "gezag": ("gezag",),
    "partners": ("partners",),
    "kinderen": ("kinderen",),
    "ouders": ("ouders",),
    "nationaliteit": ("nationaliteiten",),
    "overlijden": ("overlijden",),
}

# The zoek-operations answer with PersoonBeperkt: only these groups can be asked for there.
BRP_ZOEKEN = ("naam", "geboorte", "geslacht", "adres")
# The top-level fields of PersoonBeperkt: of a group's paths only those under these are asked in
# a zoek (the address of a PersoonBeperkt is its `adressering`; `verblijfplaats` is not there).
BRP_BEPERKT = frozenset({"burgerservicenummer", "naam", "geboorte", "geslacht", "adressering"})

KVK: dict[str, tuple[str, ...]] = {
    "naam": ("naam", "handelsnamen", "statutaireNaam"),
    "adres": ("adressen",),
    "rechtsvorm": ("rechtsvorm",),
    "activiteiten": ("sbiActiviteiten",),
}

BAG: dict[str, tuple[str, ...]] = {"adres": ("adres",)}

GROEPEN: dict[str, dict[str, tuple[str, ...]]] = {
    Register.brp: BRP,
    Register.kvk: KVK,
    Register.bag: BAG,
}

LABELS = {
    "naam": "Naam",
    "geboorte": "Geboortedatum en -plaats",
    "geslacht": "Geslacht",
    "adres": "Adres",
    "gezag": "Gezag",
    "partners": "Partners",
    "kinderen": "Kinderen",
    "ouders": "Ouders",
    "nationaliteit": "Nationaliteit",
    "overlijden": "Overlijden",
    "rechtsvorm": "Rechtsvorm",
    "activiteiten": "SBI-activiteiten",
}
