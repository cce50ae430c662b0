"""Redistributing an absent member's work (services.herverdelen): to a colleague who may see it,
back to the team queue, each zaak and task on its own, refusals reported (ADR 0060)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from iwerk.core import gebeurtenissen
from iwerk.core.api.problems import ValidationFailed
from iwerk.medewerkers import services as medewerkers_services
from iwerk.medewerkers.actor import context_for
from iwerk.medewerkers.models import Team
from iwerk.werkverdeling.gebeurtenissen import TaakToegewezen
from iwerk.werkverdeling.models import Taak
from iwerk.werkverdeling.services.herverdelen import (
    Bestemming,
    taken_herverdelen,
    zaken_herverdelen,
)
from iwerk.werkverdeling.tests.werklast_wereld import bouw_wereld
from iwerk.zaken.models import Rol, Zaak

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(gemeenten, werkplek_settings):
    w = bouw_wereld(gemeenten)
    medewerkers_services.afwezig_melden(
        door=w.users["pjansen"],
        gemeente=w.deventer,
        gebruiker=w.users["jdevries"],
        afwezig_tot=w.vandaag + timedelta(days=21),
    )
    return w


def _zaken(wereld, sleutels, naar, *, door="pjansen", van="jdevries"):
    return zaken_herverdelen(
        context=context_for(wereld.users[door], wereld.deventer.pk),
        door=wereld.users[door],
        van=van,
        zaak_uuids=[str(wereld.zaken[k].uuid) for k in sleutels],
        naar=naar,
    )


def _taken(wereld, sleutels, naar):
    return taken_herverdelen(
        context=context_for(wereld.users["pjansen"], wereld.deventer.pk),
        door=wereld.users["pjansen"],
        van="jdevries",
        taak_uuids=[str(wereld.taken[k].uuid) for k in sleutels],
        naar=naar,
    )


def _behandelaar(wereld, sleutel) -> str:
    return Zaak.objects.get(pk=wereld.zaken[sleutel].pk).behandelaar


def test_an_absent_handlers_zaken_go_to_a_colleague_who_may_see_them(wereld):
    uitkomst = _zaken(wereld, ["j1", "j2", "j3"], Bestemming(username="mbakker"))
    ident = {k: wereld.zaken[k].identificatie for k in ("j1", "j2", "j3")}
    assert sorted(uitkomst.gelukt) == sorted([ident["j1"], ident["j2"]])
    # j3 is vertrouwelijk, mbakker sees up to zaakvertrouwelijk: refused, and said why.
    assert uitkomst.mislukt == [
        (
            ident["j3"],
            "Deze zaak is vertrouwelijk; deze medewerker mag zaken tot en met zaakvertrouwelijk "
            "zien en kan de zaak niet openen.",
        )
    ]
    assert uitkomst.niet_gevonden == 0
    assert _behandelaar(wereld, "j1") == _behandelaar(wereld, "j2") == "mbakker"
    assert _behandelaar(wereld, "j3") == "jdevries"
    # One behandelaar rol each: the old one went through the rol service.
    assert (
        Rol.objects.filter(
            zaak=wereld.zaken["j1"], roltype__omschrijving_generiek="behandelaar"
        ).count()
        == 1
    )


def test_zaken_back_to_the_team_queue_keep_or_get_a_team(wereld):
    burgerzaken = Team.objects.get(gemeente=wereld.deventer, naam="Burgerzaken")
    Zaak.objects.filter(pk=wereld.zaken["j2"].pk).update(team=burgerzaken)
    Zaak.objects.filter(pk=wereld.zaken["j3"].pk).update(team=None)
    uitkomst = _zaken(wereld, ["j2", "j3"], Bestemming(team_id=wereld.vergunningen.pk))
    assert len(uitkomst.gelukt) == 2 and not uitkomst.mislukt
    j2, j3 = (Zaak.objects.get(pk=wereld.zaken[k].pk) for k in ("j2", "j3"))
    assert j2.behandelaar == j3.behandelaar == ""
    assert j2.team_id == burgerzaken.pk  # its own team kept
    assert j3.team_id == wereld.vergunningen.pk  # the intake's zaak gets the member's team
    assert not Rol.objects.filter(
        zaak__in=[j2, j3], roltype__omschrijving_generiek="behandelaar"
    ).exists()
    # One team only: "the team" needs no choice.
    assert _zaken(wereld, ["j1"], Bestemming()).gelukt == [wereld.zaken["j1"].identificatie]


def test_zaken_that_are_not_the_members_open_work_are_left_alone(wereld):
    uitkomst = _zaken(wereld, ["m1", "r1", "j-dicht", "s1"], Bestemming(username="mbakker"))
    assert uitkomst.gelukt == [] and uitkomst.niet_gevonden == 4
    assert _behandelaar(wereld, "r1") == "jdevries"  # Raalte's zaak untouched
    assert _behandelaar(wereld, "s1") == "syilmaz"


@pytest.mark.parametrize(
    ("door", "van", "naar", "code"),
    [
        ("pjansen", "jdevries", Bestemming(username="syilmaz"), "geen-collega"),  # other team
        ("pjansen", "jdevries", Bestemming(username="rmeijer"), "geen-collega"),  # Raalte
        ("pjansen", "mbakker", Bestemming(username="jdevries"), "collega-afwezig"),
        ("pjansen", "syilmaz", Bestemming(username="mbakker"), "geen-teamlid"),
        ("mbakker", "jdevries", Bestemming(username="mbakker"), "geen-teamlid"),  # no teamleider
        ("pjansen", "jdevries", Bestemming(team_id=-1), "geen-team"),
    ],
)
def test_a_wrong_choice_is_refused_before_anything_moves(wereld, door, van, naar, code):
    with pytest.raises(ValidationFailed) as excinfo:
        _zaken(wereld, ["j1", "m1"], naar, door=door, van=van)
    assert excinfo.value.params[0].code == code
    assert _behandelaar(wereld, "j1") == "jdevries"
    assert _behandelaar(wereld, "m1") == "mbakker"


def test_a_team_the_member_is_not_in_is_refused(wereld):
    burgerzaken = Team.objects.get(gemeente=wereld.deventer, naam="Burgerzaken")
    with pytest.raises(ValidationFailed) as excinfo:
        _zaken(wereld, ["j1"], Bestemming(team_id=burgerzaken.pk))
    assert excinfo.value.params[0].reason == (
        "Kies een collega of een team van Jan de Vries dat u leidt."
    )


def test_tasks_go_to_a_colleague_who_may_handle_their_zaak(wereld):
    gehoord: list[int] = []

    def hoor(event: TaakToegewezen) -> None:
        gehoord.append(event.taak_id)

    gebeurtenissen.verbind(TaakToegewezen, hoor)
    try:
        uitkomst = _taken(wereld, ["t1", "t2", "t3"], Bestemming(username="mbakker"))
    finally:
        gebeurtenissen.ontkoppel(TaakToegewezen, hoor)
    t = wereld.taken
    assert sorted(uitkomst.gelukt) == sorted(
        [f"{t[k].titel} ({t[k].zaak.identificatie})" for k in ("t1", "t2")]
    )
    # The vertrouwelijke zaak of t3 is beyond mbakker: refused with the reason.
    assert uitkomst.mislukt == [
        (
            f"Geheim overleg ({wereld.zaken['j3'].identificatie})",
            "Deze zaak is vertrouwelijk; deze medewerker mag zaken tot en met zaakvertrouwelijk "
            "zien en kan de zaak niet openen.",
        )
    ]
    medewerkers = dict(Taak.objects.values_list("titel", "medewerker"))
    assert medewerkers["Advies vragen"] == medewerkers["Locatie bekijken"] == "mbakker"
    assert medewerkers["Geheim overleg"] == medewerkers["Raalte"] == "jdevries"
    assert sorted(gehoord) == sorted([t["t1"].pk, t["t2"].pk])


def test_tasks_back_to_the_team_keep_or_get_a_team(wereld):
    burgerzaken = Team.objects.get(gemeente=wereld.deventer, naam="Burgerzaken")
    Taak.objects.filter(pk=wereld.taken["t1"].pk).update(team=burgerzaken)
    uitkomst = _taken(wereld, ["t1", "t3"], Bestemming(team_id=wereld.vergunningen.pk))
    assert len(uitkomst.gelukt) == 2 and not uitkomst.mislukt
    t1, t3 = (Taak.objects.get(pk=wereld.taken[k].pk) for k in ("t1", "t3"))
    assert (t1.medewerker, t1.team_id) == ("", burgerzaken.pk)
    assert (t3.medewerker, t3.team_id) == ("", wereld.vergunningen.pk)


def test_tasks_that_are_not_the_members_open_work_are_left_alone(wereld):
    uitkomst = _taken(wereld, ["t4", "r", "t-af", "vo"], Bestemming(username="mbakker"))
    assert uitkomst.gelukt == [] and uitkomst.niet_gevonden == 4
