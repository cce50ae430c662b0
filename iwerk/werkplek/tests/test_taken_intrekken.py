"""Vier ogen without a deadlock in the werkplek: the requester withdraws their own open request
with "Verzoek intrekken" (only they see the button; anyone else is refused), the only teamleider
is told why they cannot ask, and a task's deadline and team are checked on the form."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from iwerk.besluiten.models import Besluit
from iwerk.catalogi.models import BesluitType
from iwerk.core.testing.medewerkers import sign_in
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.werkverdeling.models import Taak, Taaksoort, Taakstatus
from iwerk.werkverdeling.tests.taken_wereld import bouw_wereld, evenementzaak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]


@pytest.fixture
def wereld(gemeenten):
    return bouw_wereld(gemeenten)


def _post(client, url: str, data: dict, token: str = ""):
    return client.post(url, {"formtoken": token or secrets.token_urlsafe(24), **data})


def _besluit(client, zaak):
    besluittype = BesluitType.objects.get(omschrijving="Evenementenvergunning")
    vandaag = timezone.localdate().isoformat()
    return _post(
        client,
        f"/werkplek/zaken/{zaak.uuid}/besluiten/",
        {"besluittype": str(besluittype.pk), "datum": vandaag, "ingangsdatum": vandaag},
    )


def _sectie(client, zaak) -> str:
    pagina = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    return pagina[pagina.index('id="taken"') : pagina.index('id="status"')]


def test_the_requester_withdraws_their_request_on_the_zaak_page(wereld):
    zaak = evenementzaak(wereld, behandelaar="pjansen")
    teamleider = sign_in("pjansen")
    assert _besluit(teamleider, zaak).status_code == 302
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    url = f"/werkplek/zaken/{zaak.uuid}/taken/{taak.uuid}/intrekken/"
    eigen = _sectie(teamleider, zaak)
    assert f'action="{url}"' in eigen and "Verzoek intrekken" in eigen
    # Neither the approver nor the handler gets the button, and a post is refused.
    for wie in ("hvos", "mbakker"):
        client = sign_in(wie)
        assert "Verzoek intrekken" not in _sectie(client, zaak)
        geweigerd = _post(client, url, {})
        assert geweigerd.status_code == 400
        assert "Alleen wie het verzoek deed, kan het intrekken." in geweigerd.content.decode()
    assert _post(sign_in("lsmit"), url, {}).status_code == 404  # Raalte
    assert Taak.objects.get(pk=taak.pk).status == Taakstatus.open
    response = _post(teamleider, url, {})
    assert response.status_code == 302
    pagina = teamleider.get(response["Location"]).content.decode()
    assert "Uw verzoek is ingetrokken; u kunt het opnieuw vragen." in pagina
    taak.refresh_from_db()
    assert (taak.status, taak.resultaat) == (
        Taakstatus.vervallen,
        "Ingetrokken door Pjansen Jansen.",
    )
    assert "Ingetrokken door Pjansen Jansen." in _sectie(sign_in("hvos"), zaak)
    assert "Verzoek intrekken" not in _sectie(teamleider, zaak)
    assert not Besluit.objects.filter(zaak=zaak).exists()
    opnieuw = _post(teamleider, url, {})
    assert opnieuw.status_code == 400
    assert "Over dit verzoek is al beslist (vervallen)." in opnieuw.content.decode()


def test_the_only_teamleider_is_told_nobody_could_approve(wereld):
    Roltoewijzing.objects.filter(gebruiker=wereld.hvos).delete()
    zaak = evenementzaak(wereld, behandelaar="pjansen")
    response = _besluit(sign_in("pjansen"), zaak)
    assert response.status_code == 400
    assert (
        "Er is geen andere teamleider die deze zaak mag zien; niemand kan dit goedkeuren. Vraag "
        "functioneel beheer om een tweede teamleider of pas de vier-ogenregel aan."
    ) in response.content.decode()
    assert not Taak.objects.filter(zaak=zaak).exists()


def test_the_task_form_refuses_a_far_deadline_and_a_blind_team(wereld):
    zaak = evenementzaak(wereld, behandelaar="pjansen", vertrouwelijkheid="vertrouwelijk")
    client = sign_in("pjansen")
    uiterst = timezone.localdate() + timedelta(days=730)
    assert f'max="{uiterst.isoformat()}"' in _sectie(client, zaak)
    url = f"/werkplek/zaken/{zaak.uuid}/taken/"
    response = _post(
        client, url, {"titel": "Bellen", "medewerker": "pjansen", "deadline": "9999-12-31"}
    )
    assert response.status_code == 400
    assert "De deadline ligt meer dan twee jaar vooruit" in response.content.decode()
    response = _post(client, url, {"titel": "Bellen", "team": str(wereld.kcc.pk)})
    assert response.status_code == 400
    assert (
        "In team ‘Klantcontactcentrum’ mag niemand deze zaak zien; kies een ander team of een "
        "medewerker."
    ) in response.content.decode()
    assert not Taak.objects.filter(zaak=zaak).exists()
    ok = _post(client, url, {"titel": "Bellen", "team": str(wereld.vergunningen.pk)})
    assert ok.status_code == 302
