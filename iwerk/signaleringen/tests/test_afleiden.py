"""Signals derived from events (ADR 0057): once per event and person, to a person or a team, to
the team while the person is away, never to whoever may not see the zaak."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from iwerk.core.gebeurtenissen import publiceer
from iwerk.core.testing.zaken import ALLES
from iwerk.medewerkers.actor import context_for
from iwerk.medewerkers.models import Afwezigheid, Team
from iwerk.signaleringen.models import Signalering, Soort
from iwerk.signaleringen.tests.hulp import ontvangers
from iwerk.zaken.gebeurtenissen import RolGewijzigd, ZaakTeamGewijzigd
from iwerk.zaken.models import Zaak
from iwerk.zaken.services.rol import add_rol
from iwerk.zaken.services.toewijzing import Medewerker, assign

pytestmark = pytest.mark.django_db

AFWEZIG = " (voor Jdevries Test, afwezig)"


def _in_team(zaak: Zaak, team: Team) -> None:
    Zaak.objects.filter(pk=zaak.pk).update(team=team)
    publiceer(ZaakTeamGewijzigd(zaak.pk, team.pk, None))


def test_assigning_a_behandelaar_signals_them_once(wereld):
    zaak = wereld.zaak(behandelaar=wereld.users["jdevries"])

    assert ontvangers() == {"jdevries": [""]}
    signaal = Signalering.objects.get()
    assert signaal.soort == Soort.zaak_toegewezen and signaal.zaak_id == zaak.pk
    assert signaal.gemeente_id == wereld.deventer.pk
    assert signaal.tekst == f"Zaak {zaak.identificatie} is aan u toegewezen."
    assert signaal.url == f"/werkplek/zaken/{zaak.uuid}/"

    publiceer(RolGewijzigd(zaak.pk, "create"))  # the same event again
    assert Signalering.objects.count() == 1


def test_a_new_assignment_is_a_new_signal_and_other_rollen_are_none(wereld):
    zaak = wereld.zaak()  # the initiator rol: no signal
    assert not Signalering.objects.exists()
    for username in ("jdevries", "mbakker", "jdevries"):
        user = wereld.users[username]
        assign(actor=_actor(wereld, "pjansen"), zaak=zaak, medewerker=_mdw(user))
    assert ontvangers() == {"jdevries": ["", ""], "mbakker": [""]}


def test_assigning_a_zaak_to_yourself_signals_nobody(wereld):
    zaak = wereld.zaak()
    assign(actor=_actor(wereld, "jdevries"), zaak=zaak, medewerker=_mdw(wereld.users["jdevries"]))
    assert zaak.__class__.objects.get(pk=zaak.pk).behandelaar == "jdevries"
    assert not Signalering.objects.exists()


def test_a_team_queue_signals_every_member_who_may_see_the_zaak_once(wereld):
    zaak = wereld.zaak()
    _in_team(zaak, wereld.team)
    publiceer(ZaakTeamGewijzigd(zaak.pk, wereld.team.pk, None))  # heard twice

    # Not the manager (reads no zaken), not syilmaz (another team), not Raalte's Vergunningen.
    assert ontvangers(Soort.zaak_team) == {"jdevries": [""], "mbakker": [""], "pjansen": [""]}
    assert Signalering.objects.first().tekst == (
        f"Zaak {zaak.identificatie} staat in de wachtrij van team Vergunningen."
    )


def test_a_geheim_zaak_is_signalled_only_to_who_may_see_it(wereld):
    zaak = wereld.zaak(vertrouwelijkheid="geheim")
    _in_team(zaak, wereld.team)
    assert ontvangers() == {"pjansen": [""]}

    # A behandelaar rol for someone who may not see it (assign refuses that; the rollen API
    # does not ask): still no signal naming the zaak.
    _behandelaar_rol(zaak, "mbakker")
    assert zaak.__class__.objects.get(pk=zaak.pk).behandelaar == "mbakker"
    assert ontvangers() == {"pjansen": [""]}


def test_the_intake_and_the_behandelaar_get_no_team_signal(wereld):
    zaak = wereld.zaak(behandelaar=wereld.users["jdevries"])
    publiceer(ZaakTeamGewijzigd(zaak.pk, None, wereld.team.pk))  # to the intake: nobody
    _in_team(zaak, wereld.team)
    assert ontvangers(Soort.zaak_team) == {"mbakker": [""], "pjansen": [""]}


def test_while_away_a_persons_signals_go_to_their_team(wereld):
    Afwezigheid.objects.create(gebruiker=wereld.users["jdevries"], afwezig_tot=timezone.localdate())
    zaak = wereld.zaak(behandelaar=wereld.users["jdevries"])

    namens = "Jdevries Test"
    assert ontvangers() == {"mbakker": [namens], "pjansen": [namens]}
    signaal = Signalering.objects.filter(gebruiker__username="mbakker").get()
    assert signaal.tekst == f"Zaak {zaak.identificatie} is aan {namens} toegewezen.{AFWEZIG}"

    # And a team signal skips them: their colleagues have it.
    _in_team(wereld.zaak(), wereld.team)
    assert "jdevries" not in ontvangers(Soort.zaak_team)


def test_an_absence_that_ended_yesterday_no_longer_moves_signals(wereld):
    Afwezigheid.objects.create(
        gebruiker=wereld.users["jdevries"], afwezig_tot=timezone.localdate() - timedelta(days=1)
    )
    wereld.zaak(behandelaar=wereld.users["jdevries"])
    assert ontvangers() == {"jdevries": [""]}


def test_someone_away_without_colleagues_who_may_see_it_keeps_the_signal(wereld):
    Afwezigheid.objects.create(gebruiker=wereld.users["syilmaz"], afwezig_tot=timezone.localdate())
    wereld.zaak(behandelaar=wereld.users["syilmaz"])  # alone in Burgerzaken
    assert ontvangers() == {"syilmaz": [""]}


def test_colleagues_who_may_not_see_the_zaak_do_not_stand_in(wereld):
    Afwezigheid.objects.create(gebruiker=wereld.users["pjansen"], afwezig_tot=timezone.localdate())
    wereld.zaak(vertrouwelijkheid="geheim", behandelaar=wereld.users["pjansen"])
    assert ontvangers() == {"pjansen": [""]}


def test_a_person_of_another_gemeente_is_never_signalled(wereld):
    _behandelaar_rol(wereld.zaak(), "rmeijer")
    assert not Signalering.objects.exists()


def _actor(wereld, username: str):
    context = context_for(wereld.users[username], wereld.deventer.pk)
    assert context is not None
    return context.actor


def _behandelaar_rol(zaak: Zaak, username: str) -> None:
    add_rol(
        actor=ALLES,
        zaak=zaak,
        roltype=zaak.zaaktype.roltypen.get(omschrijving_generiek="behandelaar"),
        betrokkene_type="medewerker",
        betrokkene_identificatie={"identificatie": username, "achternaam": "Test"},
    )


def _mdw(user) -> Medewerker:
    return Medewerker(user.username, user.last_name, f"{user.first_name[:1]}.")
