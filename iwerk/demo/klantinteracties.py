"""Demo content of the Klantinteracties register: the test IdP's citizens and businesses as
partijen of their own gemeente, with an e-mail address and a phone number (the e-mail preferred)
and a short contact history (a call and a counter visit, handled by the gemeente's KCC team);
and per gemeente an applicatie with an API token, as a contact-centre client would have.

Written straight into the tables (as the other demo loaders do, without audit trail), once:
a partij that already has its identificator is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from iwerk.autorisaties.models import Applicatie, ApplicatieClient
from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.core.models import Gemeente
from iwerk.klantinteracties.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    DigitaalAdres,
    InterneTaak,
    Klantcontact,
    Partij,
    PartijIdentificator,
    Token,
)
from iwerk.klantinteracties.normaliseren import zoekwaarde
from iwerk.klantinteracties.selectors.toegang import sleutel_hash
from iwerk.klantinteracties.services.common import nummer
from iwerk.klantinteracties.services.kcc import actor_voor_team
from iwerk.klantinteracties.services.toegang import toegang_geven
from iwerk.medewerkers.models import Team

# The demo API tokens (demo mode only; README lists them). 40 characters like real ones.
DEMO_TOKENS = {
    "deventer": "kcc-demo-deventer-0000000000000000000000",
    "olst-wijhe": "kcc-demo-olst-wijhe-00000000000000000000",
    "raalte": "kcc-demo-raalte-0000000000000000000000000",
}


@dataclass(frozen=True)
class DemoPartij:
    gemeente: str
    soort: str  # persoon / organisatie
    nummer_soort: str  # bsn / kvk_nummer
    nummer: str
    voornaam: str
    voorvoegsel: str
    achternaam: str
    email: str
    telefoon: str
    contacten: tuple[tuple[str, str, str, str], ...]  # (kanaal, onderwerp, inhoud, dagen geleden)


PARTIJEN = (
    DemoPartij("deventer", "persoon", "bsn", "999990007", "Suzanne", "", "Moulin",
               "suzanne.moulin@example.nl", "+31612345678",
               (("telefoon", "Vraag over Wmo-aanvraag",
                 "Mevrouw vraagt wanneer het keukentafelgesprek plaatsvindt.", "12"),
                ("balie", "Afspraak paspoort", "Afspraak gemaakt voor een nieuw paspoort.", "40"))),
    DemoPartij("raalte", "persoon", "bsn", "999990056", "Pieter", "de", "Boer",
               "pieter.deboer@example.nl", "+31623456789",
               (("telefoon", "Parkeervergunning", "Meneer vraagt of de vergunning al verleend is.",
                 "5"),)),
    DemoPartij("olst-wijhe", "persoon", "bsn", "999990214", "Fatima", "el", "Amrani",
               "fatima.elamrani@example.nl", "+31634567890",
               (("telefoon", "Jeugdhulp voor dochter",
                 "Mevrouw vraagt welke stappen nodig zijn voor jeugdhulp.", "3"),
                ("e-mail", "Bewijsstukken", "Mevrouw stuurt een verklaring van de school na.",
                 "1"))),
    DemoPartij("deventer", "organisatie", "kvk_nummer", "68750110", "", "",
               "Evenementenbureau IJsselvallei B.V.", "info@ijsselvallei-events.example.nl",
               "+31570700700",
               (("telefoon", "Evenementenvergunning Stadsfestival",
                 "Vraag over de termijn van de vergunning.", "20"),)),
    DemoPartij("raalte", "organisatie", "kvk_nummer", "69599084", "", "", "Sallands Bouwbedrijf",
               "info@sallandsbouw.example.nl", "+31572350350", ()),
)  # fmt: skip


def _kcc_team(gemeente: Gemeente) -> Actor:
    team, _ = Actor.objects.get_or_create(
        tenant=gemeente,
        soort_actor="organisatorische_eenheid",
        naam=f"KCC {gemeente.naam}",
        defaults={"omschrijving": "Klantcontactcentrum", "telefoonnummer": "0570693000"},
    )
    return team


def _partij(gemeente: Gemeente, demo: DemoPartij) -> Partij | None:
    if PartijIdentificator.objects.filter(
        tenant=gemeente, code_soort_object_id=demo.nummer_soort, object_id=demo.nummer
    ).exists():
        return None
    persoon = demo.soort == "persoon"
    partij = Partij.objects.create(
        tenant=gemeente,
        nummer=nummer(gemeente.pk, "partij", Partij),
        soort_partij=demo.soort,
        indicatie_actief=True,
        voorkeurstaal="nld",
        contactnaam_voornaam=demo.voornaam,
        contactnaam_voorvoegsel_achternaam=demo.voorvoegsel,
        contactnaam_achternaam=demo.achternaam if persoon else "",
        naam="" if persoon else demo.achternaam,
    )
    PartijIdentificator.objects.create(
        tenant=gemeente,
        identificeerde_partij=partij,
        code_objecttype="natuurlijk_persoon" if persoon else "niet_natuurlijk_persoon",
        code_register="brp" if persoon else "hr",
        code_soort_object_id=demo.nummer_soort,
        object_id=demo.nummer,
    )
    email = DigitaalAdres.objects.create(
        tenant=gemeente,
        verstrekt_door_partij=partij,
        adres=demo.email,
        soort_digitaal_adres="email",
        zoekwaarde=zoekwaarde("email", demo.email),
        is_standaard_adres=True,
        omschrijving="E-mail",
    )
    DigitaalAdres.objects.create(
        tenant=gemeente,
        verstrekt_door_partij=partij,
        adres=demo.telefoon,
        soort_digitaal_adres="telefoonnummer",
        zoekwaarde=zoekwaarde("telefoonnummer", demo.telefoon),
        is_standaard_adres=True,
        omschrijving="Mobiel",
    )
    partij.voorkeurs_digitaal_adres = email
    partij.save(update_fields=["voorkeurs_digitaal_adres"])
    return partij


GEVOELIG = ("wmo", "jeugdhulp")


def _contacten(gemeente: Gemeente, partij: Partij, demo: DemoPartij, team: Actor) -> None:
    nu = timezone.now()
    for kanaal, onderwerp, inhoud, dagen in demo.contacten:
        # Care matters (Wmo, Jeugdwet) are vertrouwelijk, as their zaken are: the KCC, which
        # reads up to zaakvertrouwelijk, does not see them; the consulent does (ADR 0054).
        gevoelig = any(w in f"{onderwerp} {inhoud}".lower() for w in GEVOELIG)
        contact = Klantcontact.objects.create(
            tenant=gemeente,
            nummer=nummer(gemeente.pk, "klantcontact", Klantcontact),
            kanaal=kanaal,
            onderwerp=onderwerp,
            inhoud=inhoud,
            indicatie_contact_gelukt=True,
            taal="nld",
            plaatsgevonden_op=nu - timedelta(days=int(dagen)),
            vertrouwelijk=gevoelig,
            vertrouwelijkheid_rang=VERTROUWELIJKHEID_ORDER["vertrouwelijk"] if gevoelig else 0,
        )
        Betrokkene.objects.create(
            tenant=gemeente,
            was_partij=partij,
            had_klantcontact=contact,
            rol="klant",
            initiator=True,
            contactnaam_voornaam=partij.contactnaam_voornaam,
            contactnaam_voorvoegsel_achternaam=partij.contactnaam_voorvoegsel_achternaam,
            contactnaam_achternaam=partij.contactnaam_achternaam,
            organisatienaam=partij.naam,
        )
        ActorKlantcontact.objects.create(tenant=gemeente, actor=team, klantcontact=contact)


# Per demo citizen an open contactverzoek (ADR 0054) for the team that handles their kind of
# zaak: (team, gevraagde handeling, toelichting, hours until the deadline; negative: overdue).
CONTACTVERZOEKEN = {
    "999990007": ("Wmo", "Terugbellen", "Mevrouw wil weten of de scootmobiel al besteld is. "
                  "Terugbellen op: 06 12345678", 26),
    "999990056": ("Publiekszaken", "Terugbellen", "Meneer vraagt of hij de parkeervergunning "
                  "al kan gebruiken. Terugbellen op: 06 23456789", -3),
    "999990214": ("Sociaal domein", "Vraag beantwoorden", "Mevrouw vraagt welke "
                  "bewijsstukken nog nodig zijn voor de jeugdhulp.", 50),
}  # fmt: skip


def _contactverzoek(gemeente: Gemeente, partij: Partij, demo: DemoPartij) -> None:
    """An open contactverzoek from the partij's latest contact, for a team of the gemeente
    (the werkvoorraad of its members shows it; the one for Raalte is overdue)."""
    verzoek = CONTACTVERZOEKEN.get(demo.nummer)
    team = Team.objects.filter(gemeente=gemeente, naam=verzoek[0]).first() if verzoek else None
    contact = (
        Klantcontact.objects.filter(tenant=gemeente, betrokkenen__was_partij=partij)
        .order_by("-plaatsgevonden_op")
        .first()
    )
    if verzoek is None or team is None or contact is None:
        return
    _, handeling, toelichting, uren = verzoek
    taak = InterneTaak.objects.create(
        tenant=gemeente,
        nummer=nummer(gemeente.pk, "internetaak", InterneTaak),
        gevraagde_handeling=handeling,
        aanleidinggevend_klantcontact=contact,
        toelichting=toelichting,
        uiterlijk_op=timezone.now() + timedelta(hours=uren),
    )
    taak.actoren.add(actor_voor_team(team))


def _token(gemeente: Gemeente) -> None:
    sleutel = DEMO_TOKENS.get(gemeente.slug)
    if sleutel is None or Token.objects.filter(sleutel_hash=sleutel_hash(sleutel)).exists():
        return
    applicatie, _ = Applicatie.objects.get_or_create(label=f"KCC {gemeente.naam} (demo)")
    toegang = toegang_geven(applicatie, gemeente, max_vertrouwelijkheidaanduiding="vertrouwelijk")
    Token.objects.create(
        toegang=toegang, sleutel_hash=sleutel_hash(sleutel), omschrijving="demo-token"
    )


# The demo's ZGW clients (README) may use the Klantinteracties API with their JWT as well.
DEMO_JWT_CLIENTS = {"iwerk-demo": None, "iwerk-demo-deventer": "deventer"}


def _jwt_toegang(gemeenten: list[Gemeente]) -> None:
    for client_id, slug in DEMO_JWT_CLIENTS.items():
        client = ApplicatieClient.objects.filter(client_id=client_id).select_related("applicatie")
        gevonden = client.first()
        if gevonden is None:
            continue
        for gemeente in gemeenten:
            if slug is None or gemeente.slug == slug:
                toegang_geven(
                    gevonden.applicatie,
                    gemeente,
                    max_vertrouwelijkheidaanduiding="geheim" if slug is None else "vertrouwelijk",
                )


@transaction.atomic
def load_klantinteracties(gemeenten: list[Gemeente]) -> int:
    """The demo partijen, their addresses and contacts, and the demo tokens; the number of new
    partijen."""
    per_slug = {g.slug: g for g in gemeenten}
    nieuw = 0
    for gemeente in gemeenten:
        _token(gemeente)
    _jwt_toegang(gemeenten)
    for demo in PARTIJEN:
        gemeente = per_slug.get(demo.gemeente)
        if gemeente is None:
            continue
        partij = _partij(gemeente, demo)
        if partij is None:
            continue
        _contacten(gemeente, partij, demo, _kcc_team(gemeente))
        _contactverzoek(gemeente, partij, demo)
        nieuw += 1
    return nieuw
