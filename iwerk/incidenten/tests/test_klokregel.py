"""When the 72-hour clock runs is one rule (`selectors.klok`), used in three places: the clock on
the pages (`klok.stand`), the escalations (`escalaties.escaleren`, a database query) and the
datalek signal in the werkplek header (`lopende_klokken`, a database query). Every combination of
the fields the rule reads is tried at each place against the rule as the law states it.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from iwerk.incidenten.models import Escalatie, Incident, IncidentGemeente
from iwerk.incidenten.selectors import klok, lopende_klokken
from iwerk.incidenten.services import escalaties
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.roles import Rol

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.get_current_timezone())
MOMENT = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.get_current_timezone())

INCIDENT = list(
    itertools.product(
        (None, True, False), (False, True), ("gemeld", "in_behandeling", "afgesloten")
    )
)  # datalek, persoonsgegevens, status
GEMEENTE = list(
    itertools.product((None, True, False), (None, MOMENT), (None, MOMENT))
)  # ap_melden, ap_gemeld_op, ap_ingetrokken_op


def datalek_loopt(datalek, persoonsgegevens, status) -> bool:
    """A (possible) datalek: not judged 'no datalek', personal data involved or judged a
    datalek, not closed (AVG art. 33)."""
    return datalek is not False and bool(persoonsgegevens or datalek) and status != "afgesloten"


def nog_te_melden(ap_melden, ap_gemeld_op, ap_ingetrokken_op) -> bool:
    """The gemeente neither decided not to report, nor reported, nor withdrew its report."""
    return ap_melden is not False and ap_gemeld_op is None and ap_ingetrokken_op is None


@pytest.fixture
def fg(tenant):
    user = get_user_model().objects.create_user("fg", email="fg@example.nl")
    Roltoewijzing.objects.create(gebruiker=user, gemeente=tenant, rol=Rol.privacy_officer)
    return user


def _incidenten(fg, tenant, combinaties) -> dict[int, bool]:
    """One incident per combination, each concerning the gemeente; → pk: whether the clock runs."""
    verwacht = {}
    for n, (i, g) in enumerate(combinaties):
        datalek, persoonsgegevens, status = i
        incident = Incident.objects.create(
            nummer=f"INC-2026-{n:04d}",
            titel=f"Combinatie {n}",
            gemeld_door=fg,
            gemeld_op=T0,
            ontdekt_op=T0,
            datalek=datalek,
            persoonsgegevens=persoonsgegevens,
            status=status,
        )
        ap_melden, gemeld, ingetrokken = g
        IncidentGemeente.objects.create(
            incident=incident,
            gemeente=tenant,
            ap_melden=ap_melden,
            ap_gemeld_op=gemeld,
            ap_ingetrokken_op=ingetrokken,
        )
        verwacht[incident.pk] = datalek_loopt(*i) and nog_te_melden(*g)
    return verwacht


def test_the_clock_on_the_page_and_the_escalations_follow_one_rule(fg, tenant):
    verwacht = _incidenten(fg, tenant, itertools.product(INCIDENT, GEMEENTE))
    lopend = {pk for pk, loopt in verwacht.items() if loopt}
    assert len(verwacht) == 216 and len(lopend) == 12  # 6 running datalekken × 2 open states

    nu = T0 + timedelta(hours=25)
    incidenten = Incident.objects.prefetch_related("betrokken")
    op_de_pagina = {
        i.pk for i in incidenten if klok.stand(i, list(i.betrokken.all()), nu).toestand != "gestopt"
    }
    assert op_de_pagina == lopend

    assert escalaties.escaleren(nu) == len(lopend)
    assert set(Escalatie.objects.values_list("incident_id", flat=True)) == lopend

    # The database conditions on their own, per gemeente and per incident.
    per_gemeente = IncidentGemeente.objects.filter(klok.loopt_q(per_gemeente=True))
    assert set(per_gemeente.values_list("incident_id", flat=True)) == lopend
    datalekken = {
        pk
        for pk, (i, _) in zip(verwacht, itertools.product(INCIDENT, GEMEENTE), strict=True)
        if datalek_loopt(*i)
    }
    per_incident = Incident.objects.filter(klok.loopt_q(per_gemeente=False))
    assert set(per_incident.values_list("pk", flat=True)) == datalekken


def test_the_datalek_signal_follows_the_same_rule(fg, tenant):
    # One incident per incident state, its gemeente still to report: fewer than the 20 shown.
    verwacht = _incidenten(fg, tenant, ((i, (None, None, None)) for i in INCIDENT))
    lopend = {pk for pk, loopt in verwacht.items() if loopt}
    assert len(verwacht) == 18 and len(lopend) == 6

    assert {i.pk for i, _ in lopende_klokken(fg)} == lopend
