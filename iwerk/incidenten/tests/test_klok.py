"""The 72-hour clock stops for a closed incident: no escalations, no running clock.

Built small (one gemeente, one FG) so it runs without the demo world.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from iwerk.incidenten import services
from iwerk.incidenten.models import Escalatie
from iwerk.incidenten.selectors import klok
from iwerk.incidenten.services import escalaties
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.roles import Rol

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def fg(tenant):
    user = get_user_model().objects.create_user("fg", email="fg@example.nl", first_name="Bas")
    Roltoewijzing.objects.create(gebruiker=user, gemeente=tenant, rol=Rol.privacy_officer)
    return user


def _datalek(fg, tenant, titel: str, *, melden: bool = True):
    """A datalek, decided 'report to the AP' for the gemeente but not reported yet."""
    incident = services.melden(
        user=fg,
        gemeente=tenant,
        gegevens={"titel": titel, "categorie": "verlies_apparaat", "ontdekt_op": T0},
    )
    services.beoordelen(user=fg, incident=incident, datalek=True, reden="BSN", gemeenten=[tenant])
    services.ap_besluiten(user=fg, incident=incident, gemeente=tenant, melden=melden, reden="Hoog")
    incident.refresh_from_db()
    return incident


def test_a_closed_incident_is_never_escalated_and_its_clock_stops(fg, tenant, time_machine):
    time_machine.move_to(T0 + timedelta(hours=1), tick=False)
    gesloten = _datalek(fg, tenant, "Gesloten: laptop teruggevonden")
    services.afsluiten(user=fg, incident=gesloten, afhandeling="Teruggevonden", lessen="")
    gesloten.refresh_from_db()
    open_ = _datalek(fg, tenant, "Open: laptop nog zoek")
    mail.outbox.clear()

    # At 24 hours only the open one escalates: the closed one is still 'to report', not reported.
    time_machine.move_to(T0 + timedelta(hours=24), tick=False)
    assert escalaties.escaleren() == 1
    assert list(Escalatie.objects.values_list("incident__titel", "uur")) == [
        ("Open: laptop nog zoek", 24)
    ]
    (bericht,) = mail.outbox
    assert bericht.subject == f"[{open_.nummer}] Meldtermijn datalek: nog 48 uur"
    assert bericht.to == ["fg@example.nl"]
    assert f"Het incident {open_.nummer} 'Open: laptop nog zoek' is 24 uur geleden ontdekt" in (
        bericht.body
    )
    assert "(02-11-2026 09:00) en raakt gemeente Deventer." in bericht.body
    assert "Uiterste meldmoment: 05-11-2026 09:00." in bericht.body
    assert f"/werkplek/incidenten/{open_.uuid}/" in bericht.body
    # The same for every later moment.
    time_machine.move_to(T0 + timedelta(hours=61), tick=False)
    assert escalaties.escaleren() == 2  # 48 and 60 for the open one
    assert [m.subject.rsplit(": ", 1)[1] for m in mail.outbox[1:]] == ["nog 24 uur", "nog 12 uur"]
    assert not Escalatie.objects.filter(incident=gesloten).exists()

    assert klok.stand(gesloten, list(gesloten.betrokken.all())).toestand == "gestopt"
    assert klok.stand(open_, list(open_.betrokken.all())).toestand == "urgent"


def test_a_decision_not_to_report_stops_the_escalations(fg, tenant, time_machine):
    time_machine.move_to(T0 + timedelta(hours=1), tick=False)
    incident = _datalek(fg, tenant, "Mail aan verkeerde ontvanger", melden=False)
    time_machine.move_to(T0 + timedelta(hours=30), tick=False)
    assert escalaties.escaleren() == 0
    assert klok.stand(incident, list(incident.betrokken.all())).toestand == "gestopt"


def test_judged_no_datalek_stops_the_clock_even_with_personal_data(fg, tenant, time_machine):
    time_machine.move_to(T0 + timedelta(hours=1), tick=False)
    incident = services.melden(
        user=fg,
        gemeente=tenant,
        gegevens={"titel": "Phishing", "ontdekt_op": T0, "persoonsgegevens": True},
    )
    assert klok.stand(incident, list(incident.betrokken.all())).toestand == "loopt"
    services.beoordelen(
        user=fg, incident=incident, datalek=False, reden="Niets gelekt", gemeenten=[tenant]
    )
    incident.refresh_from_db()
    assert incident.persoonsgegevens and incident.datalek is False
    assert klok.stand(incident, list(incident.betrokken.all())).toestand == "gestopt"
    time_machine.move_to(T0 + timedelta(hours=30), tick=False)
    assert escalaties.escaleren() == 0
