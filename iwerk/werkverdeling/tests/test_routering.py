"""Routing of new zaken: the first rule that fits puts the zaak in its team (and gives it to its
medewerker), by zaaktype, eigenschap and wijk; otherwise the intake. Routed again when an
eigenschap arrives later, until a person takes over."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.core import gebeurtenissen
from iwerk.core.models import AuditTrail
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.zaken import ALLES, toewijzen
from iwerk.werkverdeling.models import Routering, Routeringsregel
from iwerk.werkverdeling.services import routering
from iwerk.werkverdeling.tests.routering_wereld import (
    BRINK,
    COLMSCHATE,
    bouw,
    melding,
)
from iwerk.zaken.gebeurtenissen import ZaakTeamGewijzigd
from iwerk.zaken.models import Rol, Zaak
from iwerk.zaken.services import set_status, set_zaakeigenschap

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(gemeenten, werkplek_settings):
    return bouw(gemeenten)


@pytest.fixture
def verhuizingen():
    """Every ZaakTeamGewijzigd published while the test runs."""
    gezien: list[ZaakTeamGewijzigd] = []
    gebeurtenissen.verbind(ZaakTeamGewijzigd, gezien.append)
    yield gezien
    gebeurtenissen.ontkoppel(ZaakTeamGewijzigd, gezien.append)


def _behandelaar(zaak: Zaak) -> str:
    zaak.refresh_from_db()
    return zaak.behandelaar


def test_a_melding_without_category_or_place_goes_to_the_rest_rule_team(wereld, verhuizingen):
    zaak = melding(wereld.mor)
    assert zaak.team_id == wereld.bor.pk
    assert Routering.objects.get(zaak=zaak).regel == wereld.rest
    assert not Routering.objects.get(zaak=zaak).handmatig
    assert zaak.behandelaar == ""  # the rule names no person
    assert verhuizingen == [ZaakTeamGewijzigd(zaak.pk, wereld.bor.pk, None)]


def test_the_category_routes_to_its_team_and_person_even_when_it_arrives_after_the_zaak(
    wereld, verhuizingen
):
    # register_aanvraag adds the eigenschap after the zaak (as the portaal does): first the rest
    # rule, then the category's.
    zaak = melding(wereld.mor, categorie="  straatVERLICHTING ")
    assert zaak.team_id == wereld.verlichting.pk
    assert Routering.objects.get(zaak=zaak).regel == wereld.categorie
    assert zaak.behandelaar == "lvos"
    rol = Rol.objects.get(zaak=zaak, roltype__omschrijving_generiek="behandelaar")
    assert rol.betrokkene_identificatie["achternaam"] == "Vos"
    assert rol.roltoelichting == "Behandelaar (routering)"
    # The assignment is in the audit trail, by the routing, not by whoever sent the melding.
    assert AuditTrail.objects.filter(
        hoofd_object_uuid=zaak.uuid, resource="rol", gebruikers_weergave="iwerk routering"
    ).exists()
    assert [v.team_id for v in verhuizingen] == [wereld.bor.pk, wereld.verlichting.pk]


def test_another_category_does_not_fit_the_category_rule(wereld):
    assert melding(wereld.mor, categorie="Zwerfafval").team_id == wereld.bor.pk


def test_a_melding_in_the_centre_goes_to_the_wijk_team(wereld):
    assert melding(wereld.mor, geometrie=BRINK).team_id == wereld.centrum.pk
    assert melding(wereld.mor, geometrie=COLMSCHATE).team_id == wereld.bor.pk
    # The first rule that fits wins: the category comes before the wijk.
    zaak = melding(wereld.mor, geometrie=BRINK, categorie="Straatverlichting")
    assert zaak.team_id == wereld.verlichting.pk


def test_without_a_fitting_rule_the_zaak_stays_in_the_intake(wereld, verhuizingen):
    zaak = melding(wereld.geheim)  # no rules for datalekken
    assert zaak.team_id is None
    assert not Routering.objects.filter(zaak=zaak).exists()  # nothing could route it
    # An inactive rule, and a rule of another gemeente, fit nothing.
    Routeringsregel.objects.create(
        gemeente=wereld.gemeenten["deventer"],
        zaaktype_identificatie="DATALEK",
        team=wereld.bor,
        actief=False,
    )
    Routeringsregel.objects.create(
        gemeente=wereld.gemeenten["raalte"], zaaktype_identificatie="DATALEK", team=wereld.raalte
    )
    assert melding(wereld.geheim).team_id is None
    assert verhuizingen == []


def test_a_rule_holds_for_every_version_of_the_zaaktype(wereld):
    nieuw = build.gepubliceerd_zaaktype(
        wereld.mor.catalogus,
        "MOR",
        omschrijving="Melding openbare ruimte (2027)",
        versiedatum=timezone.localdate(),
    )
    assert nieuw.pk != wereld.mor.pk
    assert melding(nieuw).team_id == wereld.bor.pk


def test_a_rule_saved_with_another_gemeentes_team_blocks_nothing(wereld):
    # Past beheer's check (a direct insert): the rule is skipped, the zaak is still registered.
    Routeringsregel.objects.create(
        gemeente=wereld.gemeenten["deventer"],
        zaaktype_identificatie="MOR",
        volgorde=1,
        team=wereld.raalte,
    )
    assert melding(wereld.mor).team_id == wereld.bor.pk


def test_the_rules_person_gets_only_a_zaak_they_may_see(wereld):
    zaak = melding(wereld.mor, categorie="Straatverlichting", vertrouwelijkheid="geheim")
    assert zaak.team_id == wereld.verlichting.pk  # the team's queue, for its teamleider
    assert zaak.behandelaar == ""  # lvos may see up to zaakvertrouwelijk


def test_a_zaak_moved_by_hand_is_not_routed_again(wereld):
    zaak = melding(wereld.mor)
    routering.team_kiezen(actor=ALLES, zaak=zaak, team=wereld.centrum)
    assert Routering.objects.get(zaak=zaak).handmatig
    set_zaakeigenschap(
        actor=ALLES,
        zaak=zaak,
        eigenschap=wereld.mor.eigenschappen.get(naam="categorie"),
        waarde="Straatverlichting",
    )
    zaak.refresh_from_db()
    assert zaak.team_id == wereld.centrum.pk and zaak.behandelaar == ""


def test_a_behandelaar_chosen_by_a_person_stops_the_routing(wereld):
    zaak = melding(wereld.mor)
    toewijzen(zaak, wereld.jdevries)
    set_zaakeigenschap(
        actor=ALLES,
        zaak=zaak,
        eigenschap=wereld.mor.eigenschappen.get(naam="categorie"),
        waarde="Straatverlichting",
    )
    zaak.refresh_from_db()
    assert zaak.team_id == wereld.bor.pk and zaak.behandelaar == "jdevries"


def test_routed_again_the_earlier_rules_person_lets_go(wereld):
    zaak = melding(wereld.mor, categorie="Straatverlichting")
    assert _behandelaar(zaak) == "lvos"
    # The category rule no longer applies (changed in beheer); a new eigenschap routes again.
    Routeringsregel.objects.filter(pk=wereld.categorie.pk).update(actief=False)
    set_zaakeigenschap(
        actor=ALLES,
        zaak=zaak,
        eigenschap=wereld.mor.eigenschappen.get(naam="locatie"),
        waarde="Brink 12",
    )
    zaak.refresh_from_db()
    assert zaak.team_id == wereld.bor.pk
    assert zaak.behandelaar == ""
    assert not Rol.objects.filter(zaak=zaak, roltype__omschrijving_generiek="behandelaar").exists()


def test_moving_to_the_intake_by_hand_lets_the_behandelaar_go(wereld, verhuizingen):
    zaak = melding(wereld.mor)
    toewijzen(zaak, wereld.jdevries)
    routering.team_kiezen(actor=ALLES, zaak=zaak, team=None)
    zaak.refresh_from_db()
    assert zaak.team_id is None and zaak.behandelaar == ""
    assert verhuizingen[-1] == ZaakTeamGewijzigd(zaak.pk, None, wereld.bor.pk)


def test_a_team_of_another_gemeente_is_refused(wereld):
    from iwerk.core.api.problems import ValidationFailed

    zaak = melding(wereld.mor)
    with pytest.raises(ValidationFailed) as fout:
        routering.team_kiezen(actor=ALLES, zaak=zaak, team=wereld.raalte)
    assert [(p.name, p.reason) for p in fout.value.params] == [
        ("team", "Het team hoort bij een andere gemeente.")
    ]
    zaak.refresh_from_db()
    assert zaak.team_id == wereld.bor.pk
    assert not Routering.objects.get(zaak=zaak).handmatig


def test_other_changes_are_heard_without_a_query(wereld, django_assert_num_queries):
    from iwerk.core.audit import Change

    zaak = melding(wereld.mor)
    gehoord: list[Change] = []
    gebeurtenissen.verbind(Change, gehoord.append)
    try:
        set_status(
            actor=ALLES,
            zaak=zaak,
            statustype=wereld.mor.statustypen.order_by("volgnummer")[1],
            datum_status_gezet=timezone.now(),
        )
    finally:
        gebeurtenissen.ontkoppel(Change, gehoord.append)
    assert [c.resource for c in gehoord] == ["status"]
    with django_assert_num_queries(0):
        for change in gehoord:
            routering.on_change(change)


def test_a_zaaktype_without_rules_costs_no_statement(wereld):
    melding(wereld.geheim)  # reads the gemeente's zaaktypen with rules once, into the cache
    with CaptureQueriesContext(connection) as met:
        zaak = melding(wereld.geheim)
    eigen = [q["sql"] for q in met.captured_queries if "werkverdeling_routering" in q["sql"]]
    assert eigen == []
    assert zaak.team_id is None


def test_a_new_rule_routes_the_next_zaak_of_a_zaaktype_that_had_none(wereld):
    assert melding(wereld.geheim).team_id is None  # caches "no rules for datalekken"
    routering.regel_opslaan(
        regel=Routeringsregel(
            gemeente=wereld.gemeenten["deventer"],
            zaaktype_identificatie="DATALEK",
            team=wereld.bor,
            medewerker=wereld.pjansen,
        )
    )
    assert melding(wereld.geheim).team == wereld.bor  # the rule's change moved the cache key


def test_zaken_loaded_without_events_are_routed_on_request(wereld):
    in_hand = melding(wereld.mor)
    toewijzen(in_hand, wereld.jdevries)
    nieuw = melding(wereld.mor, categorie="Straatverlichting")
    gesloten = melding(wereld.mor)
    Zaak.objects.filter(pk=gesloten.pk).update(einddatum=timezone.localdate())
    # As a bulk load leaves them: no Routering, no team.
    Routering.objects.all().delete()
    Zaak.objects.update(team=None)
    assert routering.routeer_open_zaken(wereld.gemeenten["deventer"].pk) == 2
    assert Zaak.objects.get(pk=in_hand.pk).team == wereld.bor
    assert _behandelaar(in_hand) == "jdevries"  # kept
    assert Zaak.objects.get(pk=nieuw.pk).team == wereld.verlichting
    assert Zaak.objects.get(pk=gesloten.pk).team is None
    assert routering.routeer_open_zaken(wereld.gemeenten["deventer"].pk) == 0  # once
