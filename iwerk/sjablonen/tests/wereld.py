"""The letters' small world: Deventer with a Kapvergunning zaaktype, a zaak with an aanvrager and
a besluit, its handler, and two templates (a besluitbrief using every field, an uitnodiging)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from docx import Document

from iwerk.besluiten.models import Besluit
from iwerk.besluiten.services import BesluitGegevens, register_besluit
from iwerk.catalogi.models import ZaakType
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import demo_medewerker
from iwerk.core.testing.pdftekst import tekst as pdftekst
from iwerk.documenten import content
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.medewerkers.actor import context_for
from iwerk.sjablonen.models import Sjabloon
from iwerk.sjablonen.selectors.sjablonen import huidige_versie
from iwerk.sjablonen.selectors.waarden import Behandelaar
from iwerk.sjablonen.services import brieven
from iwerk.sjablonen.services.sjablonen import maak_sjabloon
from iwerk.zaken.models import Zaak

ONDERWERP = "Besluit op uw aanvraag ({{ zaak.identificatie }})"
# Every field of the catalogue, once at least (test_brieven checks that it stays so).
TEKST = """{{ aanvrager.aanhef }},

Op {{ zaak.startdatum }} ontvingen wij uw aanvraag: {{ zaak.omschrijving }}.
Zaaktype: {{ zaak.zaaktype }}. Status: {{ zaak.status }}.
Servicenorm: {{ zaak.servicenorm_datum }}. Uiterlijk: {{ zaak.uiterlijke_einddatum }}.

Besluit {{ besluit.identificatie }} ({{ besluit.besluittype }}) van {{ besluit.datum }} geldt
vanaf {{ besluit.ingangsdatum }}{% if besluit.vervaldatum %} tot {{ besluit.vervaldatum }}{% endif %}.

{{ besluit.toelichting }}

Aan {{ aanvrager.naam }}, {{ aanvrager.adres }}, {{ aanvrager.postcode_woonplaats }}.

Met vriendelijke groet,
{{ behandelaar.naam }}, {{ behandelaar.email }}
Gemeente {{ gemeente.naam }}, {{ gemeente.telefoon }}, {{ gemeente.email }}, {{ gemeente.website }}
Deventer, {{ vandaag }}"""

UITNODIGING = """{{ aanvrager.aanhef }},

Graag nodigen wij u uit voor een gesprek over uw aanvraag {{ zaak.identificatie }}.

Met vriendelijke groet,
{{ behandelaar.naam }}"""


@dataclass
class Briefwereld:
    gemeenten: dict[str, Gemeente]
    zaaktype: ZaakType
    zaak: Zaak
    besluit: Besluit
    behandelaar: User
    besluitbrief: Sjabloon
    uitnodiging: Sjabloon
    raalte_zaak: Zaak  # handled by rmeijer; Raalte has no templates


def maak(gemeenten: dict[str, Gemeente]) -> Briefwereld:
    """Build the world (the `werkplek_settings` fixture is needed for the documents)."""
    deventer = gemeenten["deventer"]
    Gemeente.objects.filter(pk=deventer.pk).update(
        contact_email="info@deventer.example.nl",
        contact_telefoon="14 0570",
        website="https://www.deventer.example.nl",
    )
    deventer.refresh_from_db()
    behandelaar = demo_medewerker(gemeenten, "jdevries")
    demo_medewerker(gemeenten, "fg")
    rmeijer = demo_medewerker(gemeenten, "rmeijer")
    zaaktype = build.gepubliceerd_zaaktype(
        build.catalogus(deventer),
        "KAP",
        omschrijving="Kapvergunning",
        documenttypen=("Aanvraag", "Beschikking", "Brief"),
        besluittypen=("Omgevingsvergunning kappen",),
        servicenorm="P4W",
    )
    zaak = bouw.zaak(
        zaaktype,
        omschrijving="Kap van een eik aan de Brink",
        startdatum=date(2026, 11, 2),
        initiator=bouw.aanvrager(
            voornamen="Anna",
            geslachtsnaam="Jansen",
            straat="Walstraat",
            huisnummer=3,
            postcode="7411GK",
        ),
        behandelaar=behandelaar,
        vertrouwelijkheid="intern",
    )
    besluit = register_besluit(
        actor=bouw.ALLES,
        besluittype=zaaktype.catalogus.besluittypen.get(omschrijving="Omgevingsvergunning kappen"),
        zaak=zaak,
        gegevens=BesluitGegevens(
            verantwoordelijke_organisatie=deventer.rsin,
            datum=date(2026, 11, 24),
            ingangsdatum=date(2026, 11, 25),
            vervaldatum=date(2031, 11, 25),
            toelichting="U plant binnen een jaar een nieuwe boom.",
        ),
    )
    besluitbrief = maak_sjabloon(
        gemeente=deventer,
        naam="Besluitbrief kapvergunning",
        soort="besluitbrief",
        zaaktype_identificatie="KAP",
        informatieobjecttype_omschrijving="Beschikking",
        # Above the zaak's intern: the document gets the template's level.
        vertrouwelijkheidaanduiding="zaakvertrouwelijk",
        ook_docx=True,
        onderwerp=ONDERWERP,
        tekst=TEKST,
        door="fb",
    )
    uitnodiging = maak_sjabloon(
        gemeente=deventer,
        naam="Uitnodiging gesprek",
        soort="uitnodiging",
        informatieobjecttype_omschrijving="Brief",
        bewerkbaar=False,
        onderwerp="Uitnodiging voor een gesprek",
        tekst=UITNODIGING,
        door="fb",
    )
    raalte_kap = build.gepubliceerd_zaaktype(
        build.catalogus(gemeenten["raalte"]), "KAP", documenttypen=("Beschikking", "Brief")
    )
    raalte_zaak = bouw.zaak(raalte_kap, behandelaar=rmeijer)
    return Briefwereld(
        gemeenten, zaaktype, zaak, besluit, behandelaar, besluitbrief, uitnodiging, raalte_zaak
    )


def plat(tekst: str) -> str:
    """Words of a document on one line: a value that wraps at a line end is found whole."""
    return re.sub(r"\s+", " ", tekst)


def pdf_tekst(data: bytes) -> str:
    return plat(pdftekst(data))


def docx_tekst(data: bytes) -> str:
    return plat("\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs))


JAN = Behandelaar(
    naam="Jan de Vries", email="j.devries@deventer.example.nl", gebruikersnaam="jdevries"
)


def actor(wereld: Briefwereld, username: str = "jdevries", gemeente: str = "deventer"):
    """The werkplek actor of a staff member in a gemeente (as werkplek_view makes it)."""
    user = User.objects.get(username=username)
    context = context_for(user, wereld.gemeenten[gemeente].pk)
    assert context is not None
    return context.actor


def maak_brief(wereld, sjabloon=None, *, door=None, besluit="standaard", tekst=None, zaak=None):
    """A letter through the service, from the template's current version (the besluitbrief and
    the world's besluit unless told otherwise), made by jdevries unless another actor is given."""
    sjabloon = sjabloon or wereld.besluitbrief
    versie = huidige_versie(sjabloon)
    assert versie is not None
    return brieven.maak_brief(
        actor=door or actor(wereld),
        zaak=zaak or wereld.zaak,
        sjabloon=sjabloon,
        versie_id=versie.pk,
        behandelaar=JAN,
        besluit=wereld.besluit if besluit == "standaard" else besluit,
        tekst=tekst,
    )


def inhoud(uuid) -> bytes:
    """The stored content of a document's current version."""
    document = EnkelvoudigInformatieObject.objects.get(uuid=uuid)
    assert document.huidige_versie is not None
    return b"".join(content.read(document.huidige_versie.inhoud))


# A message text naming every field of the catalogue (test_berichttekst checks that it stays so).
BERICHT = """{{ aanvrager.aanhef }},

Over uw aanvraag {{ zaak.identificatie }} ({{ zaak.omschrijving }}, {{ zaak.zaaktype }}) van
{{ zaak.startdatum }}: de status is {{ zaak.status }}; wij streven naar {{ zaak.servicenorm_datum }}
en beslissen uiterlijk {{ zaak.uiterlijke_einddatum }}.

Besluit {{ besluit.identificatie }} ({{ besluit.besluittype }}) van {{ besluit.datum }} geldt
vanaf {{ besluit.ingangsdatum }} tot {{ besluit.vervaldatum }}. {{ besluit.toelichting }}

Voor {{ aanvrager.naam }}, {{ aanvrager.adres }}, {{ aanvrager.postcode_woonplaats }}.

{{ behandelaar.naam }}, {{ behandelaar.email }}
Gemeente {{ gemeente.naam }}, {{ gemeente.telefoon }}, {{ gemeente.email }}, {{ gemeente.website }}
{{ vandaag }}"""

VAST_BERICHT = """{{ aanvrager.aanhef }},

Uw aanvraag {{ zaak.identificatie }} is compleet. Wij beslissen uiterlijk op
{{ zaak.uiterlijke_einddatum }}.

{{ behandelaar.naam }}"""


def maak_berichtsjablonen(wereld: Briefwereld) -> tuple[Sjabloon, Sjabloon]:
    """Two message templates of Deventer (soort email, no documenttype): one for the KAP
    zaaktype with every field, bewerkbaar; one for all zaaktypen that may not be changed."""
    deventer = wereld.gemeenten["deventer"]
    alles = maak_sjabloon(
        gemeente=deventer,
        naam="Bericht met alle velden",
        soort="email",
        zaaktype_identificatie="KAP",
        onderwerp="Stand van zaken",
        tekst=BERICHT,
        door="fb",
    )
    vast = maak_sjabloon(
        gemeente=deventer,
        naam="Aanvraag compleet",
        soort="email",
        bewerkbaar=False,
        onderwerp="Aanvraag compleet",
        tekst=VAST_BERICHT,
        door="fb",
    )
    return alles, vast
