"""Tasks inside a zaak: the checklist of a status, ad-hoc tasks with their refusals, completing
and reassigning, and the open verplichte tasks that keep the zaak from moving on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from iwerk.catalogi.models import ZaakType
from iwerk.core import gebeurtenissen
from iwerk.core.api.problems import PermissionDenied, ValidationFailed
from iwerk.core.testing import zaken as bouw
from iwerk.werkverdeling.gebeurtenissen import TaakAfgerond, TaakToegewezen
from iwerk.werkverdeling.models import Taak, Taaksjabloon, Taakstatus, Toewijzingsdoel
from iwerk.werkverdeling.services import afhandeling, taken
from iwerk.werkverdeling.tests.taken_wereld import (
    ADVIES,
    bij_advies,
    bouw_wereld,
    context,
    evenementzaak,
)
from iwerk.zaken.gebeurtenissen import StatusGezet
from iwerk.zaken.models import Status, Zaak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]


@pytest.fixture
def wereld(gemeenten):
    return bouw_wereld(gemeenten, vier_ogen=False)


@pytest.fixture
def gehoord():
    """The TaakToegewezen and TaakAfgerond events published during the test."""
    events: list = []
    gebeurtenissen.verbind(TaakToegewezen, events.append)
    gebeurtenissen.verbind(TaakAfgerond, events.append)
    yield events
    gebeurtenissen.ontkoppel(TaakToegewezen, events.append)
    gebeurtenissen.ontkoppel(TaakAfgerond, events.append)


def _open(zaak):
    return list(
        Taak.objects.filter(zaak=zaak, status=Taakstatus.open)
        .order_by("pk")
        .values_list("titel", flat=True)
    )


def test_reaching_a_status_creates_its_checklist_for_the_behandelaar(wereld, gehoord):
    zaak = bij_advies(wereld)
    lijst = list(Taak.objects.filter(zaak=zaak).order_by("pk"))
    assert [t.titel for t in lijst] == [
        "Advies politie",
        "Advies brandweer",
        "Veiligheidsplan beoordelen",
    ]
    assert [t.verplicht for t in lijst] == [True, True, False]
    statustype = zaak.zaaktype.statustypen.get(omschrijving=ADVIES)
    for taak in lijst:
        assert (taak.medewerker, taak.team_id) == ("jdevries", None)
        assert taak.deadline == timezone.localdate() + timedelta(days=14)
        assert taak.statustype_id == statustype.pk
        assert taak.tenant_id == zaak.tenant_id
    assert [e.taak_id for e in gehoord] == [t.pk for t in lijst]


def test_without_behandelaar_the_task_goes_to_the_zaak_team_else_the_template_team(wereld):
    zaak = bouw.zaak(wereld.evenement)  # nobody, no team: the intake
    Taaksjabloon.objects.filter(titel="Advies politie").update(team=wereld.kcc)
    Taaksjabloon.objects.filter(titel="Advies brandweer").update(
        toewijzen_aan=Toewijzingsdoel.team, team=wereld.vergunningen
    )
    bouw.status(zaak, ADVIES)
    voor = dict(Taak.objects.filter(zaak=zaak).values_list("titel", "team_id"))
    assert voor == {
        "Advies politie": wereld.kcc.pk,  # the template's team as fallback
        "Advies brandweer": wereld.vergunningen.pk,  # a fixed team
        "Veiligheidsplan beoordelen": None,  # the intake
    }
    ander = evenementzaak(wereld, behandelaar=None)  # in team Vergunningen's queue
    bouw.status(ander, ADVIES)
    assert set(Taak.objects.filter(zaak=ander).values_list("team_id", flat=True)) == {
        wereld.vergunningen.pk
    }


def test_reaching_the_status_again_does_not_duplicate_open_tasks(wereld):
    zaak = bij_advies(wereld)
    Taak.objects.filter(zaak=zaak, titel="Veiligheidsplan beoordelen").update(
        status=Taakstatus.afgerond
    )
    bouw.status(zaak, ADVIES)
    assert _open(zaak) == ["Advies politie", "Advies brandweer", "Veiligheidsplan beoordelen"]
    assert Taak.objects.filter(zaak=zaak).count() == 4  # only the completed one again


def test_inactive_templates_and_other_gemeenten_give_no_tasks(wereld):
    Taaksjabloon.objects.filter(titel="Advies politie").update(actief=False)
    zaak = bij_advies(wereld)
    assert "Advies politie" not in _open(zaak)
    raalte = bouw.zaak(
        ZaakType.objects.get(tenant=wereld.gemeenten["raalte"]),
        initiator=bouw.aanvrager(woonplaats="Raalte"),
    )
    bouw.status(raalte, ADVIES)
    assert not Taak.objects.filter(zaak=raalte).exists()


def test_a_status_without_checklist_costs_no_query(wereld, django_assert_num_queries):
    zaak = evenementzaak(wereld)
    status = Status.objects.filter(zaak=zaak).first()
    event = StatusGezet(
        zaak_id=zaak.pk,
        status_id=status.pk,
        statustype_omschrijving="Besluit genomen",
        statustoelichting="",
    )
    taken.status_bereikt(event)  # reads the statuses with a checklist once, into the cache
    with django_assert_num_queries(1):
        taken.status_bereikt(event)  # the generation only (outside a request)
    assert not Taak.objects.filter(zaak=zaak).exists()


def test_a_new_checklist_task_is_heard_by_the_next_status_change(wereld):
    zaak = evenementzaak(wereld)
    status = Status.objects.filter(zaak=zaak).first()
    event = StatusGezet(
        zaak_id=zaak.pk, status_id=status.pk, statustype_omschrijving="Besluit genomen",
        statustoelichting="",
    )  # fmt: skip
    taken.status_bereikt(event)  # caches "no checklist names Besluit genomen"
    taken.sjabloon_opslaan(
        Taaksjabloon(
            gemeente=zaak.tenant,
            zaaktype_identificatie=zaak.zaaktype.identificatie,
            statustype_omschrijving="Besluit genomen",
            titel="Besluit publiceren",
        )
    )
    taken.status_bereikt(event)
    assert list(Taak.objects.filter(zaak=zaak).values_list("titel", flat=True)) == [
        "Besluit publiceren"
    ]


# --- Ad hoc ---------------------------------------------------------------------------------------


def test_handler_adds_a_task_for_a_colleague_at_the_current_status(wereld, gehoord):
    zaak = bij_advies(wereld)
    taak = taken.taak_aanmaken(
        context=context(wereld.jdevries, wereld.gemeenten["deventer"]),
        zaak=zaak,
        titel="  Locatie bekijken ",
        toelichting="Samen met de organisator",
        medewerker="mbakker",
        deadline=timezone.localdate(),
        verplicht=True,
    )
    assert (taak.titel, taak.medewerker, taak.team_id, taak.verplicht) == (
        "Locatie bekijken",
        "mbakker",
        None,
        True,
    )
    assert taak.statustype_id == zaak.huidige_statustype_id
    assert taak.aangemaakt_door == "jdevries"
    assert gehoord[-1] == TaakToegewezen(taak_id=taak.pk)


def _fout(exc) -> dict[str, str]:
    return {p.name: p.reason for p in exc.value.params}


def test_ad_hoc_task_refusals_are_dutch_and_name_the_field(wereld):
    zaak = bij_advies(wereld, vertrouwelijkheid="vertrouwelijk", behandelaar=None)
    ctx = context(wereld.pjansen, wereld.gemeenten["deventer"])

    def aanmaken(**kwargs):
        return taken.taak_aanmaken(context=ctx, zaak=zaak, titel="Bellen", **kwargs)

    # jdevries may see zaken up to zaakvertrouwelijk only: this one would be a 404 to him.
    with pytest.raises(ValidationFailed) as exc:
        aanmaken(medewerker="jdevries")
    assert "vertrouwelijk" in _fout(exc)["medewerker"]
    # lsmit works in Raalte only.
    with pytest.raises(ValidationFailed) as exc:
        aanmaken(medewerker="lsmit")
    assert "gemeente" in _fout(exc)["medewerker"]
    with pytest.raises(ValidationFailed) as exc:
        aanmaken(team_id=wereld.raalte_team.pk)
    assert _fout(exc)["team"] == (
        "Team Publiekszaken hoort bij Raalte, niet bij de gemeente van deze zaak."
    )
    # The KCC reads zaken up to zaakvertrouwelijk only: its task here would belong to nobody.
    with pytest.raises(ValidationFailed) as exc:
        aanmaken(team_id=wereld.kcc.pk)
    assert _fout(exc)["team"] == (
        "In team ‘Klantcontactcentrum’ mag niemand deze zaak zien; kies een ander team of een "
        "medewerker."
    )
    with pytest.raises(ValidationFailed) as exc:
        aanmaken(team_id=wereld.vergunningen.pk, deadline=timezone.localdate() - timedelta(days=1))
    assert "verleden" in _fout(exc)["deadline"]
    with pytest.raises(ValidationFailed) as exc:
        aanmaken()
    assert "medewerker" in _fout(exc)
    with pytest.raises(ValidationFailed) as exc:
        aanmaken(medewerker="pjansen", team_id=wereld.kcc.pk)
    assert "niet allebei" in _fout(exc)["team"]
    assert not Taak.objects.filter(titel="Bellen").exists()
    # Vergunningen: pjansen (up to geheim) may open it.
    assert aanmaken(team_id=wereld.vergunningen.pk).team_id == wereld.vergunningen.pk


def test_only_who_handles_the_zaak_adds_tasks_and_not_on_a_closed_zaak(wereld):
    zaak = evenementzaak(wereld)
    with pytest.raises(PermissionDenied):
        taken.taak_aanmaken(
            context=context(wereld.fhendriks, wereld.gemeenten["deventer"]),
            zaak=zaak,
            titel="Terugbellen",
            team_id=wereld.kcc.pk,
        )
    gesloten = bouw.afsluiten(evenementzaak(wereld))
    with pytest.raises(ValidationFailed) as exc:
        taken.taak_aanmaken(
            context=context(wereld.jdevries, wereld.gemeenten["deventer"]),
            zaak=gesloten,
            titel="Nog iets",
            medewerker="jdevries",
        )
    assert "afgesloten" in _fout(exc)["nonFieldErrors"]


# --- Completing and reassigning -------------------------------------------------------------------


def test_the_assignee_team_completes_its_task_without_handling_the_zaak(wereld, gehoord):
    zaak = evenementzaak(wereld)
    deventer = wereld.gemeenten["deventer"]
    taak = taken.taak_aanmaken(
        context=context(wereld.jdevries, deventer),
        zaak=zaak,
        titel="Aanvrager terugbellen",
        team_id=wereld.kcc.pk,
    )
    kcc = context(wereld.fhendriks, deventer)
    with pytest.raises(ValidationFailed) as exc:
        taken.afronden(context=kcc, taak=taak, resultaat="  ")
    assert "resultaat" in _fout(exc)
    taken.afronden(context=kcc, taak=taak, resultaat="Gebeld, aanvraag aangevuld")
    taak.refresh_from_db()
    assert (taak.status, taak.resultaat, taak.afgerond_door) == (
        Taakstatus.afgerond,
        "Gebeld, aanvraag aangevuld",
        "fhendriks",
    )
    assert taak.afgerond_op is not None
    assert gehoord[-1] == TaakAfgerond(taak_id=taak.pk)
    with pytest.raises(ValidationFailed) as exc:
        taken.afronden(context=kcc, taak=taak, resultaat="Nog eens")
    assert "al afgerond" in _fout(exc)["nonFieldErrors"]


def test_someone_who_neither_handles_nor_is_assigned_cannot_complete(wereld):
    zaak = bij_advies(wereld)
    taak = Taak.objects.get(zaak=zaak, titel="Advies politie")
    with pytest.raises(PermissionDenied):
        taken.afronden(
            context=context(wereld.fhendriks, wereld.gemeenten["deventer"]),
            taak=taak,
            resultaat="Klaar",
        )
    with pytest.raises(PermissionDenied):  # another gemeente: not even readable
        taken.afronden(
            context=context(wereld.lsmit, wereld.gemeenten["raalte"]), taak=taak, resultaat="x"
        )
    assert Taak.objects.get(pk=taak.pk).status == Taakstatus.open


def test_reassigning_announces_again_and_checks_the_new_assignee(wereld, gehoord):
    zaak = bij_advies(wereld)
    taak = Taak.objects.get(zaak=zaak, titel="Advies politie")
    ctx = context(wereld.jdevries, wereld.gemeenten["deventer"])
    gehoord.clear()
    taken.toewijzen(context=ctx, taak=taak, team_id=wereld.vergunningen.pk)
    taak.refresh_from_db()
    assert (taak.medewerker, taak.team_id) == ("", wereld.vergunningen.pk)
    assert gehoord == [TaakToegewezen(taak_id=taak.pk)]
    taken.toewijzen(context=ctx, taak=taak, team_id=wereld.vergunningen.pk)
    assert len(gehoord) == 1  # the same team again: nothing happened
    with pytest.raises(ValidationFailed):
        taken.toewijzen(context=ctx, taak=taak, medewerker="lsmit")
    assert Taak.objects.get(pk=taak.pk).team_id == wereld.vergunningen.pk


# --- What keeps a zaak from moving on -------------------------------------------------------------


def test_open_mandatory_tasks_block_the_next_status_naming_them(wereld):
    zaak = bij_advies(wereld)
    actor = context(wereld.jdevries, wereld.gemeenten["deventer"]).actor
    besluit = zaak.zaaktype.statustypen.get(omschrijving="Besluit genomen")
    with pytest.raises(ValidationFailed) as exc:
        afhandeling.status_zetten(actor=actor, zaak=zaak, statustype=besluit, toelichting="")
    assert _fout(exc) == {
        "statustype": "De zaak kan niet verder: de verplichte taken ‘Advies politie’ en "
        "‘Advies brandweer’ zijn nog open."
    }
    assert Zaak.objects.get(pk=zaak.pk).huidige_statustype.omschrijving == ADVIES
    ctx = context(wereld.jdevries, wereld.gemeenten["deventer"])
    taken.afronden(
        context=ctx,
        taak=Taak.objects.get(zaak=zaak, titel="Advies politie"),
        resultaat="Positief",
    )
    with pytest.raises(ValidationFailed) as exc:
        afhandeling.status_zetten(actor=actor, zaak=zaak, statustype=besluit, toelichting="")
    assert _fout(exc)["statustype"] == (
        "De zaak kan niet verder: de verplichte taak ‘Advies brandweer’ is nog open."
    )
    # Going back, or staying at the status, is not moving past it.
    ontvangen = zaak.zaaktype.statustypen.get(omschrijving="Aanvraag ontvangen")
    afhandeling.status_zetten(actor=actor, zaak=zaak, statustype=ontvangen, toelichting="")
    taken.afronden(
        context=ctx,
        taak=Taak.objects.get(zaak=zaak, titel="Advies brandweer"),
        resultaat="Positief",
    )
    afhandeling.status_zetten(actor=actor, zaak=zaak, statustype=besluit, toelichting="")
    assert Zaak.objects.get(pk=zaak.pk).huidige_statustype_id == besluit.pk


def test_mandatory_tasks_block_closing_and_optional_ones_lapse(wereld):
    zaak = bij_advies(wereld)
    ctx = context(wereld.jdevries, wereld.gemeenten["deventer"])
    verleend = zaak.zaaktype.resultaattypen.get(omschrijving="Verleend")
    with pytest.raises(ValidationFailed) as exc:
        afhandeling.afsluiten(actor=ctx.actor, zaak=zaak, resultaattype=verleend, toelichting="")
    assert "‘Advies politie’ en ‘Advies brandweer’" in _fout(exc)["resultaattype"]
    assert Zaak.objects.get(pk=zaak.pk).einddatum is None
    for titel in ("Advies politie", "Advies brandweer"):
        taken.afronden(
            context=ctx, taak=Taak.objects.get(zaak=zaak, titel=titel), resultaat="Akkoord"
        )
    assert (
        afhandeling.afsluiten(
            actor=ctx.actor, zaak=zaak, resultaattype=verleend, toelichting="Klaar"
        )
        is None
    )
    assert Zaak.objects.get(pk=zaak.pk).einddatum == timezone.localdate()
    assert Taak.objects.get(zaak=zaak, titel="Veiligheidsplan beoordelen").status == (
        Taakstatus.vervallen
    )
