"""The bounds of a task's assignee and deadline: a team in which nobody may open the zaak gets no
task (an ad-hoc one is refused, a checklist one goes to the zaak's behandelaar, team or intake,
and says so), and a deadline lies between today and two years ahead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.core.api.problems import ValidationFailed
from iwerk.core.testing import zaken as bouw
from iwerk.werkverdeling.models import Taak, Taaksjabloon, Toewijzingsdoel
from iwerk.werkverdeling.services import taken
from iwerk.werkverdeling.tests.taken_wereld import ADVIES, bij_advies, bouw_wereld, context
from iwerk.zaken.gebeurtenissen import StatusGezet
from iwerk.zaken.models import Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]

BLIND = (
    "In team ‘Klantcontactcentrum’ mag niemand deze zaak zien; kies een ander team of een "
    "medewerker."
)


@pytest.fixture
def wereld(gemeenten):
    return bouw_wereld(gemeenten, vier_ogen=False)


def _fout(exc) -> dict[str, str]:
    return {p.name: p.reason for p in exc.value.params}


def test_a_task_is_not_given_to_a_team_in_which_nobody_may_see_the_zaak(wereld):
    # The KCC (fhendriks) reads zaken up to zaakvertrouwelijk; this zaak is vertrouwelijk.
    zaak = bij_advies(wereld, behandelaar="pjansen", vertrouwelijkheid="vertrouwelijk")
    ctx = context(wereld.pjansen, wereld.gemeenten["deventer"])
    with pytest.raises(ValidationFailed) as exc:
        taken.taak_aanmaken(context=ctx, zaak=zaak, titel="Terugbellen", team_id=wereld.kcc.pk)
    assert _fout(exc) == {"team": BLIND}
    taak = Taak.objects.get(zaak=zaak, titel="Advies politie")
    with pytest.raises(ValidationFailed) as exc:
        taken.toewijzen(context=ctx, taak=taak, team_id=wereld.kcc.pk)
    assert _fout(exc) == {"team": BLIND}
    assert Taak.objects.get(pk=taak.pk).medewerker == "pjansen"
    assert not Taak.objects.filter(titel="Terugbellen").exists()
    # A zaakvertrouwelijk zaak: the KCC may see it and gets its call-back.
    gewoon = bij_advies(wereld)
    jdevries = context(wereld.jdevries, wereld.gemeenten["deventer"])
    terugbellen = taken.taak_aanmaken(
        context=jdevries, zaak=gewoon, titel="Terugbellen", team_id=wereld.kcc.pk
    )
    assert terugbellen.team_id == wereld.kcc.pk


def test_a_checklist_team_that_may_not_see_the_zaak_falls_back_and_says_so(wereld):
    Taaksjabloon.objects.filter(titel="Advies politie").update(
        toewijzen_aan=Toewijzingsdoel.team, team=wereld.kcc, omschrijving="Vraag het advies aan."
    )
    # The status change is never refused: the task goes to the behandelaar.
    zaak = bij_advies(wereld, behandelaar="pjansen", vertrouwelijkheid="vertrouwelijk")
    assert zaak.huidige_statustype.omschrijving == ADVIES
    taak = Taak.objects.get(zaak=zaak, titel="Advies politie")
    assert (taak.medewerker, taak.team_id) == ("pjansen", None)
    assert taak.toelichting == (
        "Vraag het advies aan.\n\nBedoeld voor team ‘Klantcontactcentrum’, maar daarin mag "
        "niemand deze zaak zien; daarom is de taak voor de behandelaar van de zaak."
    )
    # Without a behandelaar: the zaak's own team (Vergunningen).
    zonder = bij_advies(wereld, behandelaar=None, vertrouwelijkheid="vertrouwelijk")
    taak = Taak.objects.get(zaak=zonder, titel="Advies politie")
    assert (taak.medewerker, taak.team_id) == ("", wereld.vergunningen.pk)
    assert taak.toelichting.endswith("daarom is de taak voor het team van de zaak.")
    # Without a team either: the intake.
    intake = bouw.zaak(wereld.evenement, vertrouwelijkheid="vertrouwelijk")
    bouw.status(intake, ADVIES)
    taak = Taak.objects.get(zaak=intake, titel="Advies politie")
    assert (taak.medewerker, taak.team_id) == ("", None)
    assert taak.toelichting.endswith("daarom is de taak voor de intake.")
    # A zaak the KCC may see: the fixed team, and no note.
    gewoon = bij_advies(wereld)
    taak = Taak.objects.get(zaak=gewoon, titel="Advies politie")
    assert (taak.team_id, taak.toelichting) == (wereld.kcc.pk, "Vraag het advies aan.")


def test_the_checklist_with_a_fixed_team_costs_one_query_more(wereld):
    Taaksjabloon.objects.filter(titel="Advies politie").update(
        toewijzen_aan=Toewijzingsdoel.team, team=wereld.kcc
    )
    zaak = bij_advies(wereld, behandelaar="pjansen", vertrouwelijkheid="vertrouwelijk")
    status = Status.objects.filter(zaak=zaak).order_by("-pk").first()
    event = StatusGezet(
        zaak_id=zaak.pk, status_id=status.pk, statustype_omschrijving=ADVIES, statustoelichting=""
    )

    def queries() -> int:
        Taak.objects.filter(zaak=zaak).delete()
        with CaptureQueriesContext(connection) as vastgelegd:
            taken.status_bereikt(event)
        assert Taak.objects.filter(zaak=zaak).count() == 3
        return len(vastgelegd)

    met_vast_team = queries()
    Taaksjabloon.objects.update(toewijzen_aan=Toewijzingsdoel.behandelaar, team=None)
    assert met_vast_team == queries() + 1  # whose team may see the zaak: one query for all


def test_a_deadline_more_than_two_years_ahead_is_refused(wereld):
    zaak = bij_advies(wereld)
    ctx = context(wereld.jdevries, wereld.gemeenten["deventer"])
    uiterst = timezone.localdate() + timedelta(days=730)
    for te_ver in (
        uiterst + timedelta(days=1),
        timezone.localdate().replace(year=9999, month=12, day=31),
    ):
        with pytest.raises(ValidationFailed) as exc:
            taken.taak_aanmaken(
                context=ctx, zaak=zaak, titel="Bellen", medewerker="jdevries", deadline=te_ver
            )
        assert _fout(exc) == {
            "deadline": "De deadline ligt meer dan twee jaar vooruit; kies een datum tot en met "
            f"{uiterst.day}-{uiterst.month}-{uiterst.year}."
        }
    assert exc.value.params[0].code == "te-ver"
    assert not Taak.objects.filter(titel="Bellen").exists()
    taak = taken.taak_aanmaken(
        context=ctx, zaak=zaak, titel="Bellen", medewerker="jdevries", deadline=uiterst
    )
    assert taak.deadline == uiterst
