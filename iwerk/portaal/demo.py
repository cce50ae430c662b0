"""The demo products of every gemeente, with their form definitions. Idempotent."""

from __future__ import annotations

from iwerk.core.models import Gemeente
from iwerk.portaal.models import Product

_CONTACT = {
    "titel": "Contactgegevens",
    "velden": [
        {
            "naam": "telefoon",
            "label": "Telefoonnummer",
            "type": "telefoon",
            "verplicht": True,
            "vooraf_invullen": "telefoon",
        },
        {
            "naam": "email",
            "label": "E-mailadres",
            "type": "email",
            "verplicht": True,
            "vooraf_invullen": "email",
            "hulptekst": "Hierop ontvangt u de bevestiging en berichten over uw aanvraag.",
        },
    ],
}

PRODUCTEN = (
    {
        "slug": "wmo-ondersteuning",
        "naam": "Ondersteuning thuis (Wmo)",
        "samenvatting": "Hulp bij het huishouden, een hulpmiddel of een woningaanpassing als u dat zelf niet kunt regelen.",
        "wat_heeft_u_nodig": "Uw DigiD.\nEen beschrijving van uw situatie.\nEventueel een verklaring van uw huisarts of specialist.",
        "zaaktype_identificatie": "WMO-MAATWERK",
        "betrouwbaarheidsniveau": "digid_midden",
        "doelgroep": "inwoners",
        "volgorde": 10,
        "formulier": {
            "stappen": [
                {
                    "titel": "Uw gegevens",
                    "velden": [
                        {
                            "naam": "naam",
                            "label": "Naam",
                            "type": "tekst",
                            "verplicht": True,
                            "vooraf_invullen": "naam",
                            "hulptekst": "Zoals bekend bij de gemeente; pas het aan als het niet klopt.",
                        },
                        {
                            "naam": "adres",
                            "label": "Adres",
                            "type": "tekst",
                            "verplicht": True,
                            "vooraf_invullen": "adres",
                        },
                        {
                            "naam": "woonplaats",
                            "label": "Woonplaats",
                            "type": "tekst",
                            "verplicht": True,
                            "vooraf_invullen": "woonplaats",
                        },
                    ],
                },
                {
                    "titel": "Uw situatie",
                    "velden": [
                        {
                            "naam": "soort_hulp",
                            "label": "Waarbij heeft u hulp nodig?",
                            "type": "keuze",
                            "verplicht": True,
                            "eigenschap": "soort_voorziening",
                            "opties": [
                                "Huishouden",
                                "Hulpmiddel",
                                "Woningaanpassing",
                                "Vervoer",
                                "Anders",
                            ],
                        },
                        {
                            "naam": "anders",
                            "label": "Welke hulp?",
                            "type": "tekst",
                            "verplicht": True,
                            "toon_als": {"veld": "soort_hulp", "is": "Anders"},
                        },
                        {
                            "naam": "situatie",
                            "label": "Beschrijf uw situatie",
                            "type": "tekstvak",
                            "verplicht": True,
                        },
                        {
                            "naam": "mantelzorg",
                            "label": "Krijgt u al hulp van familie of buren?",
                            "type": "ja_nee",
                        },
                        {
                            "naam": "verklaring",
                            "label": "Verklaring van arts of specialist",
                            "type": "bijlage",
                            "hulptekst": "PDF of foto, hoogstens 10 MB.",
                            "max_mb": 10,
                        },
                    ],
                },
                _CONTACT,
            ]
        },
    },
    {
        "slug": "jeugdhulp",
        "naam": "Jeugdhulp",
        "samenvatting": "Hulp voor uw kind of gezin, zoals opvoedondersteuning, begeleiding of behandeling.",
        "wat_heeft_u_nodig": "Uw DigiD.\nEen beschrijving van de hulpvraag.\nEventueel de verwijsbrief van de huisarts of jeugdarts.",
        "zaaktype_identificatie": "JEUGDHULP",
        "betrouwbaarheidsniveau": "digid_midden",
        "doelgroep": "inwoners",
        "volgorde": 15,
        "formulier": {
            "stappen": [
                {
                    "titel": "Uw gegevens",
                    "velden": [
                        {
                            "naam": "naam",
                            "label": "Naam",
                            "type": "tekst",
                            "verplicht": True,
                            "vooraf_invullen": "naam",
                            "hulptekst": "Zoals bekend bij de gemeente; pas het aan als het niet klopt.",
                        },
                        {
                            "naam": "adres",
                            "label": "Adres",
                            "type": "tekst",
                            "verplicht": True,
                            "vooraf_invullen": "adres",
                        },
                        {
                            "naam": "woonplaats",
                            "label": "Woonplaats",
                            "type": "tekst",
                            "verplicht": True,
                            "vooraf_invullen": "woonplaats",
                        },
                    ],
                },
                {
                    "titel": "De hulpvraag",
                    "velden": [
                        {
                            "naam": "hulpvraag",
                            "label": "Waarbij is hulp nodig?",
                            "type": "tekstvak",
                            "verplicht": True,
                        },
                        {
                            "naam": "verwijzing",
                            "label": "Is er een verwijzing van de huisarts of jeugdarts?",
                            "type": "ja_nee",
                        },
                        {
                            "naam": "verwijsbrief",
                            "label": "Verwijsbrief",
                            "type": "bijlage",
                            "toon_als": {"veld": "verwijzing", "is": True},
                            "hulptekst": "PDF of foto, hoogstens 10 MB.",
                            "max_mb": 10,
                        },
                    ],
                },
                _CONTACT,
            ]
        },
    },
    {
        "slug": "parkeervergunning",
        "naam": "Parkeervergunning voor bewoners",
        "samenvatting": "Parkeren in uw eigen straat in een gebied met betaald parkeren.",
        "wat_heeft_u_nodig": "Uw DigiD en het kenteken van uw auto.",
        "zaaktype_identificatie": "PARKEERVERGUNNING",
        "betrouwbaarheidsniveau": "digid_basis",
        "doelgroep": "inwoners",
        "volgorde": 20,
        "formulier": {
            "stappen": [
                {
                    "titel": "Uw auto",
                    "velden": [
                        {
                            "naam": "kenteken",
                            "label": "Kenteken",
                            "type": "tekst",
                            "verplicht": True,
                            "eigenschap": "kenteken",
                        },
                        {
                            "naam": "lease",
                            "label": "Is het een lease- of bedrijfsauto?",
                            "type": "ja_nee",
                        },
                        {
                            "naam": "leaseverklaring",
                            "label": "Verklaring van de leasemaatschappij",
                            "type": "bijlage",
                            "verplicht": True,
                            "toon_als": {"veld": "lease", "is": True},
                            "max_mb": 5,
                        },
                    ],
                },
                _CONTACT,
            ]
        },
    },
    {
        "slug": "evenementenvergunning",
        "naam": "Evenementenvergunning",
        "samenvatting": "Een vergunning voor een evenement in de openbare ruimte, zoals een markt, festival of sportevenement.",
        "wat_heeft_u_nodig": "eHerkenning (of DigiD als particulier), een situatietekening en een draaiboek.",
        "zaaktype_identificatie": "EVENEMENT",
        "betrouwbaarheidsniveau": "eherkenning_eh3",
        "doelgroep": "iedereen",
        "volgorde": 30,
        "formulier": {
            "stappen": [
                {
                    "titel": "De organisator",
                    "velden": [
                        {
                            "naam": "organisator",
                            "label": "Naam van de organisator",
                            "type": "tekst",
                            "verplicht": True,
                            "vooraf_invullen": "naam",
                            "hulptekst": "Zoals bekend bij de KvK; pas het aan als het niet klopt.",
                        },
                        {
                            "naam": "adres",
                            "label": "Adres",
                            "type": "tekst",
                            "verplicht": True,
                            "vooraf_invullen": "adres",
                        },
                        {
                            "naam": "postcode",
                            "label": "Postcode",
                            "type": "tekst",
                            "verplicht": True,
                            "vooraf_invullen": "postcode",
                        },
                        {
                            "naam": "woonplaats",
                            "label": "Plaats",
                            "type": "tekst",
                            "verplicht": True,
                            "vooraf_invullen": "woonplaats",
                        },
                    ],
                },
                {
                    "titel": "Het evenement",
                    "velden": [
                        {
                            "naam": "naam_evenement",
                            "label": "Naam van het evenement",
                            "type": "tekst",
                            "verplicht": True,
                        },
                        {
                            "naam": "datum",
                            "label": "Datum",
                            "type": "datum",
                            "verplicht": True,
                            "eigenschap": "datum_evenement",
                        },
                        {
                            "naam": "bezoekers",
                            "label": "Verwacht aantal bezoekers",
                            "type": "getal",
                            "verplicht": True,
                            "eigenschap": "bezoekers",
                        },
                        {
                            "naam": "locatie",
                            "label": "Locatie",
                            "type": "locatie",
                            "verplicht": True,
                        },
                        {
                            "naam": "tekening",
                            "label": "Situatietekening",
                            "type": "bijlage",
                            "verplicht": True,
                            "max_mb": 20,
                        },
                    ],
                },
                _CONTACT,
            ]
        },
    },
    {
        "slug": "melding-openbare-ruimte",
        "naam": "Melding openbare ruimte",
        "samenvatting": "Meld een kapotte lantaarnpaal, zwerfafval, een losse stoeptegel of iets anders op straat.",
        "wat_heeft_u_nodig": "Het adres of een omschrijving van de plek, en eventueel een foto. Inloggen is niet nodig.",
        "zaaktype_identificatie": "MOR",
        "betrouwbaarheidsniveau": "geen",
        "doelgroep": "iedereen",
        "volgorde": 5,
        "formulier": {
            "stappen": [
                {
                    "titel": "Uw melding",
                    "velden": [
                        {
                            "naam": "soort",
                            "label": "Wat wilt u melden?",
                            "type": "keuze",
                            "verplicht": True,
                            "eigenschap": "categorie",
                            "opties": [
                                "Straatverlichting",
                                "Afval",
                                "Bestrating",
                                "Groen",
                                "Overig",
                            ],
                        },
                        {
                            "naam": "omschrijving",
                            "label": "Omschrijving",
                            "type": "tekstvak",
                            "verplicht": True,
                        },
                        {
                            "naam": "plek",
                            "label": "Adres of plek",
                            "type": "locatie",
                            "verplicht": True,
                            "eigenschap": "locatie",
                            # No hulptekst: the example place is the gemeente's own
                            # (Gemeente.hulptekst_plek, iwerk/demo/gemeenten.py).
                        },
                        {
                            "naam": "foto",
                            "label": "Foto",
                            "type": "bijlage",
                            "max_mb": 10,
                            "bestandstypen": ["afbeelding"],
                            "hulptekst": "Een foto (JPG of PNG) van hoogstens 10 MB.",
                        },
                        {
                            "naam": "email",
                            "label": "E-mailadres voor updates",
                            "type": "email",
                            "hulptekst": "Vul uw e-mailadres in als u wilt horen wat wij met uw melding doen.",
                        },
                    ],
                }
            ]
        },
    },
)


def load_producten(gemeente: Gemeente) -> int:
    made = 0
    for data in PRODUCTEN:
        _, created = Product.objects.update_or_create(
            tenant=gemeente, slug=data["slug"], defaults={**data, "online_aanvraagbaar": True}
        )
        made += created
    return made


# Requests of the test IdP's people, sent through the portaal as they would be, so that Mijn
# zaken shows something when you sign in as them in the demo. `_persoon` is what the portaal
# keeps of the BRP lookup made when a draft is opened (services.vooraf): the data of the BRP
# test double, so the zaak's rol reads as one sent with the register connected.
AANVRAGEN = (
    (
        "deventer",
        "wmo-ondersteuning",
        "999990007",
        {
            "naam": "Suzanne Moulin",
            "adres": "Brink 12",
            "woonplaats": "Deventer",
            "soort_hulp": "Hulpmiddel",
            "situatie": "Ik heb een rollator nodig om zelfstandig boodschappen te doen.",
            "mantelzorg": True,
            "telefoon": "0570 123456",
            "email": "suzanne.moulin@example.nl",
            "_persoon": {"bron": "brp", "bsn": "999990007", "voornamen": "Suzanne",
                         "geslachtsnaam": "Moulin", "straat": "Brink", "huisnummer": 12,
                         "postcode": "7411BS", "woonplaats": "Deventer",
                         "identificatie": "0150200000100012"},
        },
    ),
    (
        "raalte",
        "parkeervergunning",
        "999990056",
        {
            "kenteken": "XL-123-P",
            "lease": False,
            "telefoon": "0572 654321",
            "email": "pieter.deboer@example.nl",
            "_persoon": {"bron": "brp", "bsn": "999990056", "voornamen": "Pieter",
                         "voorvoegsel": "de", "geslachtsnaam": "Boer", "straat": "Grotestraat",
                         "huisnummer": 3, "postcode": "8101CZ", "woonplaats": "Raalte",
                         "identificatie": "0177200000200003"},
        },
    ),
)  # fmt: skip


def load_aanvragen(gemeente: Gemeente) -> int:
    """The demo requests of this gemeente, once (idempotent by owner and product)."""
    from iwerk.portaal.identiteit import Identiteit
    from iwerk.portaal.models import Concept
    from iwerk.portaal.services import indienen

    made = 0
    for slug, product_slug, bsn, gegevens in AANVRAGEN:
        if slug != gemeente.slug:
            continue
        product = Product.objects.get(tenant=gemeente, slug=product_slug)
        if Concept.objects.filter(tenant=gemeente, product=product, eigenaar=bsn).exists():
            continue
        concept = Concept.objects.create(
            tenant=gemeente,
            product=product,
            middel="digid",
            eigenaar=bsn,
            gegevens=gegevens,
            stap=len(product.formulier["stappen"]) + 1,
            emailadres=str(gegevens["email"]),
        )
        indienen.indienen(concept.pk, Identiteit(middel="digid", nummer=bsn, niveau="digid_midden"))
        made += 1
    return made
