"""The demo's letter templates per gemeente (ADR 0058): a beschikking for the sociaal domein, a
besluitbrief for the permits and the Woo (the portaal's besluit download uses it too) and, when
the catalogue has the outgoing documenttype "Brief", an ontvangstbevestiging for every zaaktype
(the portaal's receipt) and an uitnodiging for the Wmo keukentafelgesprek; and two texts for the
handler's message to the aanvrager in Mijn zaken (soort email, ADR 0062): an invitation to the
Wmo keukentafelgesprek and a request for missing information for every zaaktype. Idempotent."""

from __future__ import annotations

from iwerk.catalogi.models import InformatieObjectType
from iwerk.core.models import Gemeente
from iwerk.sjablonen.models import Sjabloon
from iwerk.sjablonen.services.sjablonen import maak_sjabloon

BRIEF = "Brief"  # the outgoing documenttype of letters that decide nothing

ONTVANGSTBEVESTIGING = """{{ aanvrager.aanhef }},

Op {{ zaak.startdatum }} hebben wij uw aanvraag ontvangen: {{ zaak.omschrijving }}. Uw zaaknummer
is {{ zaak.identificatie }}. Noem dit nummer als u contact met ons opneemt.

{% if zaak.uiterlijke_einddatum %}
Wij beslissen uiterlijk op {{ zaak.uiterlijke_einddatum }}.{% if zaak.servicenorm_datum %} Wij doen ons best om dat vóór {{ zaak.servicenorm_datum }} te doen.{% endif %}
{% else %}
Wij laten u zo snel mogelijk weten wat wij beslissen.
{% endif %}

{% if gemeente.telefoon %}Heeft u vragen? Bel ons op {{ gemeente.telefoon }}{% if gemeente.email %} of mail naar {{ gemeente.email }}{% endif %}.{% endif %}

Met vriendelijke groet,

{{ behandelaar.naam }}"""

UITNODIGING = """{{ aanvrager.aanhef }},

U heeft bij ons een aanvraag gedaan: {{ zaak.omschrijving }} (zaaknummer {{ zaak.identificatie }}).
Wij willen graag met u praten om samen te bekijken wat u nodig heeft.

Wij nodigen u uit voor een gesprek op [datum] om [tijd]. Het gesprek is bij u thuis en duurt
ongeveer een uur. Iemand die u helpt, zoals een familielid of mantelzorger, mag erbij zijn.

Past het niet? Laat het ons dan weten via {{ behandelaar.email }}.

Met vriendelijke groet,

{{ behandelaar.naam }}"""

BESLUIT = """{{ aanvrager.aanhef }},

Op {{ zaak.startdatum }} vroeg u: {{ zaak.omschrijving }}. In deze brief leest u ons besluit.

Op {{ besluit.datum }} hebben wij besloten over uw aanvraag: {{ besluit.besluittype }}, met
besluitnummer {{ besluit.identificatie }}. Het besluit geldt vanaf {{ besluit.ingangsdatum }}{% if besluit.vervaldatum %} tot en met {{ besluit.vervaldatum }}{% endif %}.

{% if besluit.toelichting %}
Waarom wij zo besluiten: {{ besluit.toelichting }}
{% endif %}

Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de datum van deze brief
bezwaar maken. Schrijf in uw bezwaar uw naam en adres, het zaaknummer {{ zaak.identificatie }},
de datum en waarom u het niet eens bent met het besluit, en onderteken het.

Met vriendelijke groet,

{{ behandelaar.naam }}"""

BERICHT_UITNODIGING = """{{ aanvrager.aanhef }},

U heeft bij ons een aanvraag gedaan: {{ zaak.omschrijving }} (zaaknummer {{ zaak.identificatie }}).
Wij willen graag met u praten over wat u nodig heeft, in een keukentafelgesprek.

Wij komen graag bij u langs op [datum] om [tijd]. Het gesprek duurt ongeveer een uur. Iemand die
u helpt, zoals een familielid of mantelzorger, mag erbij zijn.

Past het niet? Antwoord dan op dit bericht{% if gemeente.telefoon %} of bel ons op {{ gemeente.telefoon }}{% endif %}.

Met vriendelijke groet,

{{ behandelaar.naam }}
Gemeente {{ gemeente.naam }}"""

BERICHT_AANVULLEN = """{{ aanvrager.aanhef }},

Wij behandelen uw aanvraag van {{ zaak.startdatum }}: {{ zaak.omschrijving }} (zaaknummer
{{ zaak.identificatie }}). Om erover te kunnen beslissen, hebben wij nog het volgende van u nodig:

[wat de aanvrager nog moet sturen]

Wilt u dit binnen twee weken sturen? Antwoord dan op dit bericht{% if gemeente.email %} of mail naar {{ gemeente.email }}{% endif %}.
Noem daarbij uw zaaknummer.

Met vriendelijke groet,

{{ behandelaar.naam }}
Gemeente {{ gemeente.naam }}"""

# zaaktype: (soort, naam, documenttype, vertrouwelijkheidaanduiding, ook als Word-bestand)
BESLUITEN: dict[str, tuple[str, str, str, str, bool]] = {
    "WMO-MAATWERK": (
        "beschikking",
        "Beschikking Wmo-maatwerkvoorziening",
        "Beschikking",
        "vertrouwelijk",
        True,
    ),
    "JEUGDHULP": ("beschikking", "Beschikking jeugdhulp", "Beschikking", "confidentieel", True),
    "PW-LEVENSONDERHOUD": (
        "beschikking",
        "Beschikking bijstand",
        "Beschikking",
        "vertrouwelijk",
        True,
    ),
    "EVENEMENT": (
        "besluitbrief",
        "Besluitbrief evenementenvergunning",
        "Besluit evenementenvergunning",
        "zaakvertrouwelijk",
        False,
    ),
    "PARKEERVERGUNNING": (
        "besluitbrief",
        "Besluitbrief parkeervergunning",
        "Besluit parkeervergunning",
        "zaakvertrouwelijk",
        False,
    ),
    "WOO-VERZOEK": ("besluitbrief", "Besluitbrief Woo-verzoek", "Woo-besluit", "intern", True),
}


def load_sjablonen(gemeente: Gemeente) -> int:
    """Create the gemeente's demo templates that its catalogue allows; returns how many were new.

    Needs the demo catalogus (catalogi.demo.load_catalogus). The ontvangstbevestiging and the
    uitnodiging need the documenttype "Brief" in it; without it they are left out. The message
    texts need no documenttype.
    """
    nieuw = 0

    def maak(naam: str, **gegevens: object) -> None:
        nonlocal nieuw
        if Sjabloon.objects.filter(gemeente=gemeente, naam=naam).exists():
            return
        maak_sjabloon(gemeente=gemeente, naam=naam, door="demo", **gegevens)  # type: ignore[arg-type]
        nieuw += 1

    for zaaktype, (soort, naam, documenttype, niveau, docx) in BESLUITEN.items():
        maak(
            naam,
            soort=soort,
            zaaktype_identificatie=zaaktype,
            informatieobjecttype_omschrijving=documenttype,
            vertrouwelijkheidaanduiding=niveau,
            ook_docx=docx,
            onderwerp="Besluit op uw aanvraag ({{ zaak.identificatie }})",
            tekst=BESLUIT,
        )
    if InformatieObjectType.objects.filter(
        tenant=gemeente, omschrijving=BRIEF, concept=False
    ).exists():
        maak(
            "Ontvangstbevestiging",
            soort="ontvangstbevestiging",
            informatieobjecttype_omschrijving=BRIEF,
            bewerkbaar=False,
            onderwerp="Ontvangstbevestiging: {{ zaak.zaaktype }}",
            tekst=ONTVANGSTBEVESTIGING,
        )
        maak(
            "Uitnodiging keukentafelgesprek",
            soort="uitnodiging",
            zaaktype_identificatie="WMO-MAATWERK",
            informatieobjecttype_omschrijving=BRIEF,
            vertrouwelijkheidaanduiding="vertrouwelijk",
            ook_docx=True,
            onderwerp="Uitnodiging voor een gesprek over uw aanvraag",
            tekst=UITNODIGING,
        )
    # Texts of the handler's message in Mijn zaken (no document); [..] is the handler's to fill.
    maak(
        "Bericht: uitnodiging keukentafelgesprek",
        soort="email",
        zaaktype_identificatie="WMO-MAATWERK",
        onderwerp="Uitnodiging keukentafelgesprek",
        tekst=BERICHT_UITNODIGING,
    )
    maak(
        "Bericht: aanvullende gegevens nodig",
        soort="email",
        onderwerp="Aanvullende gegevens nodig",
        tekst=BERICHT_AANVULLEN,
    )
    return nieuw
