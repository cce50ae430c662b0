"""The contact centre's one screen of a caller (selectors.klantbeeld): their partij and addresses,
every zaak naming their BSN that the staff member may see (status and behandelaar), every earlier
contact, and the open contactverzoeken; a geheim zaak, the contacts about it and their taken stay
hidden; another gemeente's partij does not exist; the number of queries does not grow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import medewerker
from iwerk.klantinteracties.models import (
    Actor,
    ActorKlantcontact,
    Betrokkene,
    InterneTaak,
    Klantcontact,
    Onderwerpobject,
    Partij,
)
from iwerk.klantinteracties.selectors import klantbeeld as module
from iwerk.klantinteracties.selectors.klantbeeld import KlantOnbekend, klantbeeld
from iwerk.klantinteracties.tests import kcc_wereld
from iwerk.klantinteracties.tests.kcc_wereld import (
    GEHEIM_BSN,
    JAN_BSN,
    RAALTE_BSN,
    ZAAK_BSN,
    Wereld,
    digitaal,
    kcc_context,
)
from iwerk.zaken.models import Zaak

pytestmark = pytest.mark.django_db

wereld = kcc_wereld.kcc_wereld  # the search's world, as a fixture here too


def contact(
    gemeente,
    onderwerp: str,
    *,
    dagen: int,
    partij_: Partij | None = None,
    zaak: Zaak | None = None,
    rang: int = 0,
    actor: Actor | None = None,
) -> Klantcontact:
    kc = Klantcontact.objects.create(
        tenant=gemeente,
        kanaal="telefoon",
        onderwerp=onderwerp,
        inhoud=f"Over {onderwerp.lower()}.",
        indicatie_contact_gelukt=True,
        taal="nld",
        plaatsgevonden_op=timezone.now() - timedelta(days=dagen),
        vertrouwelijkheid_rang=rang,
    )
    if partij_ is not None:
        Betrokkene.objects.create(
            tenant=gemeente, had_klantcontact=kc, was_partij=partij_, rol="klant", initiator=True
        )
    if zaak is not None:
        Onderwerpobject.objects.create(
            tenant=gemeente,
            klantcontact=kc,
            object_id=str(zaak.uuid),
            zaak_uuid=zaak.uuid,
            code_objecttype="zaak",
            code_register="openzaak",
            code_soort_object_id="uuid",
        )
    if actor is not None:
        ActorKlantcontact.objects.create(tenant=gemeente, actor=actor, klantcontact=kc)
    return kc


def taak(kc: Klantcontact, actor: Actor, uiterlijk: datetime | None, **velden) -> InterneTaak:
    t = InterneTaak.objects.create(
        tenant=kc.tenant,
        gevraagde_handeling="Terugbellen",
        aanleidinggevend_klantcontact=kc,
        uiterlijk_op=uiterlijk,
        **velden,
    )
    t.actoren.add(actor)
    return t


@dataclass
class Jan:
    wereld: Wereld
    zaken: list[Zaak]  # newest first
    geheim: Zaak
    team: Actor


@pytest.fixture
def jan(wereld) -> Jan:
    """Jan Jansen of the search's world with two zaken he initiated (one assigned, with a
    status), a geheim one, and contacts: a call, a counter visit about his first zaak (without
    him as betrokkene), one about the geheim zaak, one marked vertrouwelijk; open call-backs on
    the call (overdue) and on the hidden ones, and a handled one."""
    deventer = wereld.deventer
    vandaag = timezone.localdate()
    oud = bouw.zaak(
        wereld.zaaktype,
        omschrijving="Kapvergunning eik",
        startdatum=vandaag - timedelta(days=30),
        initiator=bouw.aanvrager(bsn_nummer=JAN_BSN, geslachtsnaam="Jansen"),
    )
    nieuw = bouw.zaak(
        wereld.zaaktype,
        omschrijving="Kapvergunning beuk",
        startdatum=vandaag - timedelta(days=2),
        initiator=bouw.aanvrager(bsn_nummer=JAN_BSN, geslachtsnaam="Jansen"),
    )
    bouw.toewijzen(nieuw, medewerker(deventer, "jdevries", voornaam="Jan", achternaam="de Vries"))
    bouw.status(nieuw, "In behandeling")
    geheim = bouw.zaak(
        wereld.zaaktype,
        vertrouwelijkheid="geheim",
        initiator=bouw.aanvrager(bsn_nummer=JAN_BSN, geslachtsnaam="Jansen"),
    )
    team = Actor.objects.create(
        tenant=deventer, naam="KCC Deventer", soort_actor="organisatorische_eenheid"
    )
    mw = Actor.objects.create(tenant=deventer, naam="Fleur Hendriks", soort_actor="medewerker")
    gesprek = contact(deventer, "Vraag over de eik", dagen=1, partij_=wereld.jan, actor=mw)
    contact(deventer, "Balie: stukken gebracht", dagen=5, zaak=oud)
    verborgen = contact(deventer, "Geheime zaak", dagen=2, partij_=wereld.jan, zaak=geheim, rang=6)
    contact(deventer, "Vertrouwelijk", dagen=3, partij_=wereld.jan, rang=5)
    taak(gesprek, team, timezone.now() - timedelta(hours=1), nummer="0000000001")
    taak(gesprek, mw, None, status="verwerkt")
    taak(verborgen, team, timezone.now() + timedelta(days=1))
    for z in (oud, nieuw):
        z.refresh_from_db()
    return Jan(wereld, [nieuw, oud], geheim, team)


def test_the_screen_shows_the_partij_its_addresses_zaken_contacts_and_open_callbacks(jan):
    wereld = jan.wereld
    jan_partij = wereld.jan
    voorkeur = jan_partij.digitale_adressen.get(soort_digitaal_adres="telefoonnummer")
    Partij.objects.filter(pk=jan_partij.pk).update(voorkeurs_digitaal_adres=voorkeur)

    beeld = klantbeeld(wereld.context, partij_uuid=jan_partij.uuid)

    assert (beeld.naam, beeld.soort, beeld.bsn, beeld.kvk) == ("Jan Jansen", "persoon", JAN_BSN, "")
    assert beeld.partij == jan_partij
    assert [(a.adres, a.voorkeur) for a in beeld.digitale_adressen] == [
        ("+31 6 1234 5678", True),
        ("Jan.Jansen@Example.nl", False),
    ]
    nieuw, oud = jan.zaken
    assert [z.identificatie for z in beeld.zaken] == [nieuw.identificatie, oud.identificatie]
    regel = beeld.zaken[0]
    assert (regel.uuid, regel.zaaktype, regel.status) == (
        nieuw.uuid,
        "Kapvergunning",
        "In behandeling",
    )
    assert (regel.behandelaar, regel.vertrouwelijkheidaanduiding) == (
        "J. de Vries",
        "zaakvertrouwelijk",
    )
    assert (beeld.zaken[1].status, beeld.zaken[1].behandelaar) == ("Ontvangen", "")
    assert [(c.onderwerp, c.medewerker, c.zaak_identificatie) for c in beeld.contacten] == [
        ("Vraag over de eik", "Fleur Hendriks", ""),
        ("Balie: stukken gebracht", "", oud.identificatie),
    ]
    (verzoek,) = beeld.open_verzoeken
    assert (verzoek.nummer, verzoek.toegewezen_aan, verzoek.te_laat) == (
        "0000000001",
        "KCC Deventer",
        True,
    )
    assert (beeld.meer_zaken, beeld.meer_contacten) == (False, False)


def test_a_geheim_zaak_its_contacts_and_their_callbacks_stay_hidden(jan):
    beeld = klantbeeld(jan.wereld.context, bsn=JAN_BSN)

    assert jan.geheim.uuid not in {z.uuid for z in beeld.zaken}
    assert "Geheime zaak" not in {c.onderwerp for c in beeld.contacten}
    assert "Vertrouwelijk" not in {c.onderwerp for c in beeld.contacten}
    assert [v.te_laat for v in beeld.open_verzoeken] == [True]  # not the hidden contact's


def test_staff_allowed_geheim_see_it_all(jan):
    teamleider = kcc_context(jan.wereld.deventer, "pjansen", maximum="geheim")

    beeld = klantbeeld(teamleider, partij_uuid=jan.wereld.jan.uuid)

    assert jan.geheim.uuid in {z.uuid for z in beeld.zaken}
    assert {"Geheime zaak", "Vertrouwelijk"} <= {c.onderwerp for c in beeld.contacten}
    assert len(beeld.open_verzoeken) == 2
    geheim = next(c for c in beeld.contacten if c.onderwerp == "Geheime zaak")
    assert geheim.zaak_identificatie == jan.geheim.identificatie


def test_a_bsn_the_register_does_not_know_shows_the_zaken_and_the_rols_name(wereld):
    beeld = klantbeeld(wereld.context, bsn=ZAAK_BSN)

    assert (beeld.partij, beeld.naam, beeld.soort) == (None, "Piet Zaakman", "persoon")
    assert [z.uuid for z in beeld.zaken] == [wereld.zaak.uuid]
    assert (beeld.digitale_adressen, beeld.contacten, beeld.open_verzoeken) == ([], [], [])


def test_a_bsn_known_by_a_partij_shows_that_partij(wereld):
    beeld = klantbeeld(wereld.context, bsn=JAN_BSN)

    assert beeld.partij == wereld.jan


def test_a_bsn_only_the_brp_knows_takes_the_name_the_search_found(wereld):
    beeld = klantbeeld(wereld.context, bsn="999990007", naam="Suzanne Moulin")

    assert (beeld.naam, beeld.partij, beeld.zaken) == ("Suzanne Moulin", None, [])


def test_only_the_geheim_zaak_of_a_bsn_gives_no_name_nor_zaken(wereld):
    beeld = klantbeeld(wereld.context, bsn=GEHEIM_BSN)

    assert (beeld.naam, beeld.zaken) == ("", [])


def test_a_company_by_kvk_nummer(wereld):
    beeld = klantbeeld(wereld.context, kvk="12345678")

    assert (beeld.partij, beeld.soort, beeld.naam) == (
        wereld.bedrijf,
        "organisatie",
        "Bakkerij Brood",
    )


def test_another_gemeentes_partij_or_a_wrong_number_is_unknown(wereld):
    raalter = Partij.objects.get(tenant=wereld.raalte)

    with pytest.raises(KlantOnbekend):
        klantbeeld(wereld.context, partij_uuid=raalter.uuid)
    assert klantbeeld(wereld.context, bsn=RAALTE_BSN).partij is None
    for nummers in ({"bsn": "123456789"}, {"kvk": "123"}, {}):
        with pytest.raises(LookupError):
            klantbeeld(wereld.context, **nummers)


def test_staff_without_a_role_for_klantgegevens_see_nothing(wereld):
    manager = kcc_context(wereld.deventer, "manager", rol="management")

    with pytest.raises(KlantOnbekend):
        klantbeeld(manager, partij_uuid=wereld.jan.uuid)


def test_more_than_the_maximum_is_said_and_a_contact_about_a_zaak_beyond_it_still_names_it(
    jan, monkeypatch
):
    monkeypatch.setattr(module, "MAX", 1)
    nieuw, oud = jan.zaken

    beeld = klantbeeld(jan.wereld.context, partij_uuid=jan.wereld.jan.uuid)

    assert [z.uuid for z in beeld.zaken] == [nieuw.uuid]
    assert [c.onderwerp for c in beeld.contacten] == ["Vraag over de eik"]
    assert (beeld.meer_zaken, beeld.meer_contacten) == (True, True)
    monkeypatch.setattr(module, "MAX", 2)
    balie = klantbeeld(jan.wereld.context, partij_uuid=jan.wereld.jan.uuid).contacten[1]
    assert balie.zaak_identificatie == oud.identificatie


@pytest.mark.parametrize("meer", [0, 3])
def test_the_screen_costs_a_fixed_number_of_queries(jan, django_assert_num_queries, meer):
    wereld = jan.wereld
    mw = Actor.objects.get(naam="Fleur Hendriks")
    for n in range(meer):  # more zaken, contacts, addresses and taken change nothing
        zaak = bouw.zaak(wereld.zaaktype, initiator=bouw.aanvrager(bsn_nummer=JAN_BSN))
        kc = contact(
            wereld.deventer, f"Extra {n}", dagen=10 + n, partij_=wereld.jan, zaak=zaak, actor=mw
        )
        taak(kc, jan.team, None)
        digitaal(wereld.jan, "email", f"jan{n}@example.nl")

    # partij; its BSN/KvK; its addresses; zaken; their behandelaars; contacts; their actoren;
    # their onderwerpobjecten; open taken; their actoren
    with django_assert_num_queries(10):
        beeld = klantbeeld(wereld.context, partij_uuid=wereld.jan.uuid)
    assert len(beeld.zaken) == 2 + meer
    assert len(beeld.open_verzoeken) == 1 + meer


def test_a_bsn_without_partij_costs_a_fixed_number_of_queries(wereld, django_assert_num_queries):
    # identificator; zaken; their behandelaars; contacts about them; open taken; the rol's name
    with django_assert_num_queries(6):
        klantbeeld(wereld.context, bsn=ZAAK_BSN)
