"""The Mijn zaken overview lists the citizen's berichten (ADR 0055): newest first, at most 20,
each with its zaak; only their own; a fixed number of queries however many there are."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.berichten.models import Bericht, Gebeurtenis, Kanaal
from iwerk.portaal.tests.conftest import PIETER, SUZANNE, ingelogd
from iwerk.portaal.tests.test_mijn_zaken import aanvragen, wereld  # noqa: F401 - the fixture
from iwerk.zaken.models import Zaak

pytestmark = pytest.mark.django_db


def _bericht(zaak: Zaak, n: int, *, bsn: str = SUZANNE, kanaal: str = Kanaal.mijn_zaken):
    bericht = Bericht.objects.create(
        tenant_id=zaak.tenant_id,
        sleutel=f"test:{zaak.pk}:{n}:{kanaal}",
        gebeurtenis=Gebeurtenis.status_gewijzigd,
        kanaal=kanaal,
        zaak_uuid=zaak.uuid,
        zaak_identificatie=zaak.identificatie,
        identificatie_soort="bsn",
        identificatie=bsn,
        onderwerp=f"Bericht nummer {n}",
        tekst=f"Tekst van bericht {n}",
        volgende_poging=timezone.now(),
    )
    # Distinct moments, oldest first (auto_now_add gives them all "now").
    Bericht.objects.filter(pk=bericht.pk).update(
        aangemaakt=timezone.now() - timedelta(hours=100 - n)
    )
    return bericht


def _onderwerpen(page: str) -> list[str]:
    return re.findall(r"<strong>(Bericht nummer \d+)</strong>", page)


def test_the_overview_lists_the_newest_twenty_with_their_zaak(wereld):  # noqa: F811 - fixture
    burger = ingelogd()
    zaak = aanvragen(burger)
    Bericht.objects.all().delete()  # the registration's own: another test
    for n in range(25):
        _bericht(zaak, n)

    page = burger.get("/deventer/mijn-zaken/").content.decode()

    assert _onderwerpen(page) == [f"Bericht nummer {n}" for n in range(24, 4, -1)]
    assert f'href="/deventer/mijn-zaken/{zaak.uuid}/">Naar zaak {zaak.identificatie}' in page
    assert "Tekst van bericht 24" in page


def test_only_ones_own_mijn_zaken_berichten_are_listed(wereld):  # noqa: F811 - fixture
    suzanne, pieter = ingelogd(), ingelogd(PIETER)
    eigen, van_pieter = aanvragen(suzanne), aanvragen(pieter)
    raalte = aanvragen(suzanne, "raalte")
    Bericht.objects.all().delete()
    _bericht(eigen, 1)
    _bericht(eigen, 2, kanaal=Kanaal.email)  # an e-mail is no message in Mijn zaken
    _bericht(van_pieter, 3, bsn=PIETER)
    _bericht(raalte, 4)
    _bericht(van_pieter, 5)  # addressed to Suzanne's number, about a zaak not hers: not shown

    assert _onderwerpen(suzanne.get("/deventer/mijn-zaken/").content.decode()) == [
        "Bericht nummer 1"
    ]
    assert _onderwerpen(pieter.get("/deventer/mijn-zaken/").content.decode()) == [
        "Bericht nummer 3"
    ]
    assert _onderwerpen(suzanne.get("/raalte/mijn-zaken/").content.decode()) == ["Bericht nummer 4"]


def test_the_overview_costs_a_fixed_number_of_queries(wereld):  # noqa: F811 - fixture
    burger = ingelogd()
    zaak = aanvragen(burger)
    burger.get("/deventer/mijn-zaken/")  # warm the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert burger.get("/deventer/mijn-zaken/").status_code == 200
        return len(captured.captured_queries)

    weinig = queries()
    for n in range(25):
        _bericht(zaak, n)
    aanvragen(burger)
    # Gemeente, session, the zaken, their statussen, the berichten, the drafts; the session's
    # save (its idle clock) in a savepoint.
    assert weinig == queries() == 9
