"""Vier ogen in the werkplek: the handler's besluit waits for approval; the teamleider sees it on
/werkplek/taken/ and approves it on the zaak page, exactly once however often the form is sent;
the requester and who lacks the role get no buttons and are refused; a rejection needs a reason."""

from __future__ import annotations

import secrets

import pytest
from django.utils import timezone

from iwerk.besluiten.models import Besluit
from iwerk.catalogi.models import BesluitType
from iwerk.core.testing.medewerkers import sign_in
from iwerk.werkverdeling.models import Taak, Taaksoort, Taakstatus
from iwerk.werkverdeling.tests.taken_wereld import bouw_wereld, evenementzaak
from iwerk.zaken.models import Zaak

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
        {
            "besluittype": str(besluittype.pk),
            "datum": vandaag,
            "ingangsdatum": vandaag,
            "toelichting": "Verleend met voorwaarden",
        },
    )


def _sectie(client, zaak) -> str:
    pagina = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    return pagina[pagina.index('id="taken"') : pagina.index('id="status"')]


def test_besluit_waits_and_a_teamleader_approves_it_once(wereld):
    zaak = evenementzaak(wereld)
    handler = sign_in("jdevries")
    response = _besluit(handler, zaak)
    assert response.status_code == 302
    pagina = handler.get(response["Location"]).content.decode()
    assert "Het besluit wacht op goedkeuring door een teamleider." in pagina
    assert not Besluit.objects.filter(zaak=zaak).exists()
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    eigen = _sectie(handler, zaak)
    assert "Vier ogen: besluit ‘Evenementenvergunning’" in eigen
    assert "/goedkeuren/" not in eigen and "U vroeg dit aan" in eigen

    teamleider = sign_in("pjansen")
    wachtend = teamleider.get("/werkplek/taken/?tab=goedkeuren").content.decode()
    assert "Vier ogen: besluit ‘Evenementenvergunning’" in wachtend
    assert "Jdevries de Vries" in wachtend  # who asked
    assert "/goedkeuren/" in _sectie(teamleider, zaak)
    url = f"/werkplek/zaken/{zaak.uuid}/taken/{taak.uuid}/goedkeuren/"
    token = secrets.token_urlsafe(24)
    eerste = _post(teamleider, url, {"toelichting": "Akkoord"}, token)
    assert eerste.status_code == 302
    tweede = _post(teamleider, url, {"toelichting": "Akkoord"}, token)  # double click
    assert tweede.status_code == 302
    assert Besluit.objects.filter(zaak=zaak).count() == 1
    assert Taak.objects.get(pk=taak.pk).status == Taakstatus.goedgekeurd
    # Sent again as a new form: decided already, nothing executed again.
    opnieuw = _post(teamleider, url, {"toelichting": "Nog eens"})
    assert opnieuw.status_code == 400
    assert "Over dit verzoek is al beslist" in opnieuw.content.decode()
    assert Besluit.objects.filter(zaak=zaak).count() == 1
    assert "goedkeuren/" not in teamleider.get("/werkplek/taken/?tab=goedkeuren").content.decode()


def test_the_requester_and_a_handler_without_the_role_are_refused(wereld):
    zaak = evenementzaak(wereld, behandelaar="pjansen")
    teamleider = sign_in("pjansen")
    assert _besluit(teamleider, zaak).status_code == 302
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    url = f"/werkplek/zaken/{zaak.uuid}/taken/{taak.uuid}/goedkeuren/"
    zelf = _post(teamleider, url, {})
    assert zelf.status_code == 400
    assert "U kunt uw eigen besluit niet goedkeuren." in zelf.content.decode()
    assert "pjansen" not in sign_in("hvos").get("/werkplek/taken/?tab=mijn").content.decode()
    behandelaar = sign_in("mbakker")
    assert "/goedkeuren/" not in _sectie(behandelaar, zaak)
    assert "Vier ogen: besluit" not in (
        behandelaar.get("/werkplek/taken/?tab=goedkeuren").content.decode()
    )
    geweigerd = _post(behandelaar, url, {})
    assert geweigerd.status_code == 400
    assert "Alleen een teamleider van Deventer" in geweigerd.content.decode()
    assert _post(sign_in("lsmit"), url, {}).status_code == 404  # Raalte
    assert not Besluit.objects.filter(zaak=zaak).exists()
    assert _post(sign_in("hvos"), url, {}).status_code == 302
    assert Besluit.objects.filter(zaak=zaak).count() == 1


def test_rejection_needs_a_reason_and_the_handler_may_ask_again(wereld):
    zaak = evenementzaak(wereld)
    _besluit(sign_in("jdevries"), zaak)
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    teamleider = sign_in("pjansen")
    url = f"/werkplek/zaken/{zaak.uuid}/taken/{taak.uuid}/afwijzen/"
    leeg = _post(teamleider, url, {"reden": ""})
    assert leeg.status_code == 400
    assert "Schrijf waarom u het verzoek afwijst." in leeg.content.decode()
    assert _post(teamleider, url, {"reden": "Voorwaarden ontbreken"}).status_code == 302
    taak.refresh_from_db()
    assert (taak.status, taak.resultaat) == (Taakstatus.afgewezen, "Voorwaarden ontbreken")
    assert "Voorwaarden ontbreken" in _sectie(sign_in("jdevries"), zaak)
    assert not Besluit.objects.exists()


def test_closing_waits_for_approval_in_the_werkplek(wereld):
    zaak = evenementzaak(wereld)
    handler = sign_in("jdevries")
    verleend = zaak.zaaktype.resultaattypen.get(omschrijving="Verleend")
    url = f"/werkplek/zaken/{zaak.uuid}/afsluiten/"
    response = _post(handler, url, {"resultaattype": str(verleend.pk)})
    assert response.status_code == 302
    assert (
        "Het afsluiten wacht op goedkeuring" in handler.get(response["Location"]).content.decode()
    )
    assert Zaak.objects.get(pk=zaak.pk).einddatum is None
    again = _post(handler, url, {"resultaattype": str(verleend.pk)})
    assert again.status_code == 400
    assert "Er wacht al het afsluiten van deze zaak op goedkeuring" in again.content.decode()
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    goedkeuren = f"/werkplek/zaken/{zaak.uuid}/taken/{taak.uuid}/goedkeuren/"
    assert _post(sign_in("pjansen"), goedkeuren, {}).status_code == 302
    assert Zaak.objects.get(pk=zaak.pk).einddatum == timezone.localdate()
