"""The contact centre's pages (/werkplek/kcc/): who opens them, a caller without a partij opened
by a session key, the inzage log, another gemeente's partij, and who may handle a contactverzoek
(ADR 0054). The flow in a browser: test_browser_kcc.py."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from iwerk.basisregistraties.models import KCC_DOEL, Doelbinding, Register
from iwerk.core.models import Inzage
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import medewerker, sign_in
from iwerk.klantinteracties.models import InterneTaak, Klantcontact, Partij, TaakStatus
from iwerk.klantinteracties.services import kcc
from iwerk.medewerkers.actor import context_for
from iwerk.medewerkers.models import Team
from iwerk.medewerkers.roles import Rol

pytestmark = pytest.mark.django_db

BSN = "999990056"


@pytest.fixture
def wereld(gemeenten, werkplek_settings, registerdubbels):
    deventer = gemeenten["deventer"]
    for gemeente in gemeenten.values():
        Doelbinding.objects.create(
            gemeente=gemeente,
            zaaktype_identificatie=KCC_DOEL,
            register=Register.brp,
            velden=["naam", "geboorte", "adres"],
            doelbinding="BRPACT-Klantcontact",
            verwerking="Klantcontact afhandelen",
        )
    zaaktype = build.gepubliceerd_zaaktype(build.catalogus(deventer), "MOR")
    zaak = bouw.zaak(zaaktype, initiator=bouw.aanvrager(bsn_nummer=BSN, geslachtsnaam="de Boer"))
    medewerker(deventer, "fhendriks", Rol.kcc_medewerker, team="Klantcontactcentrum")
    medewerker(deventer, "jdevries", Rol.behandelaar, team="Vergunningen")
    medewerker(deventer, "syilmaz", Rol.behandelaar, team="Burgerzaken")
    return {"deventer": deventer, "raalte": gemeenten["raalte"], "zaak": zaak}


def _token(page: str) -> str:
    match = re.search(r'name="formtoken" value="([^"]+)"', page)
    assert match
    return match.group(1)


def test_only_roles_with_the_kcc_capability_open_it(wereld):
    assert sign_in("jdevries").get("/werkplek/kcc/").status_code == 403
    kcc_client = sign_in("fhendriks")
    assert kcc_client.get("/werkplek/kcc/").status_code == 200
    # The contact centre handles no zaken: its start page is the KCC, not a werkvoorraad.
    assert kcc_client.get("/werkplek/")["Location"] == "/werkplek/kcc/"


def test_nobody_found_is_an_answer_not_a_form_error(wereld):
    response = sign_in("fhendriks").get("/werkplek/kcc/", {"soort": "kvk", "waarde": "87654321"})
    assert response.status_code == 200
    assert "Geen klant gevonden met dit KvK-nummer." in response.content.decode()


def test_a_bsn_that_fails_the_elfproef_is_a_dutch_field_error(wereld):
    response = sign_in("fhendriks").get("/werkplek/kcc/", {"soort": "bsn", "waarde": "123456788"})
    assert response.status_code == 400
    assert "BSN" in response.content.decode()
    assert not Inzage.objects.filter(soort="klantbeeld").exists()


def test_a_caller_known_only_from_a_zaak_becomes_a_partij_at_the_first_contact(wereld):
    client = sign_in("fhendriks")
    zaak = wereld["zaak"]
    response = client.get("/werkplek/kcc/", {"soort": "zaak", "waarde": zaak.identificatie})
    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith("/werkplek/kcc/klanten/") and BSN not in url  # never a BSN in a URL
    page = client.get(url)
    assert page.status_code == 200
    assert zaak.identificatie in page.content.decode()
    assert (
        Inzage.objects.filter(soort="klantbeeld", bsn=BSN, gebruikers_id="fhendriks").count() == 1
    )
    assert not Partij.objects.exists()  # looking writes nothing to the register

    response = client.post(
        url,
        {
            "formtoken": _token(page.content.decode()),
            "kanaal": "telefoon",
            "onderwerp": "Stand van de melding",
            "zaak": str(zaak.uuid),
            "resultaat": "beantwoord",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    partij = Partij.objects.get(tenant=wereld["deventer"])
    assert response["Location"] == f"/werkplek/kcc/partijen/{partij.uuid}/"
    assert partij.identificatoren.get().object_id == BSN
    contact = Klantcontact.objects.get()
    assert contact.onderwerp == "Stand van de melding"
    assert contact.onderwerpobjecten.get().zaak_uuid == zaak.uuid
    # The same form sent twice (double click, back button): one contact.
    client.post(url, {"formtoken": _token(page.content.decode()), "kanaal": "telefoon"})
    assert Klantcontact.objects.count() == 1


def test_a_contactverzoek_for_a_team_of_another_gemeente_is_refused_in_dutch(wereld):
    client = sign_in("fhendriks")
    partij = Partij.objects.create(tenant=wereld["deventer"], soort_partij="persoon")
    url = f"/werkplek/kcc/partijen/{partij.uuid}/"
    page = client.get(url).content.decode()
    elders = Team.objects.create(gemeente=wereld["raalte"], naam="Publiekszaken")
    response = client.post(
        url,
        {
            "formtoken": _token(page),
            "kanaal": "telefoon",
            "onderwerp": "Terugbelverzoek",
            "resultaat": "contactverzoek",
            "contactverzoek": "on",
            "verzoek_soort": "terugbellen",
            "verzoek_toelichting": "Bel terug",
            "verzoek_team": str(elders.pk),
            "verzoek_uiterlijk_op": (timezone.localtime() + timedelta(days=1)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
        },
    )
    # Not a team of this gemeente: not even a choice of the form.
    assert response.status_code == 400
    assert "Voor team" in response.content.decode()
    assert not Klantcontact.objects.exists()


def test_another_gemeentes_partij_is_not_found(wereld):
    elders = Partij.objects.create(tenant=wereld["raalte"], soort_partij="persoon")
    assert sign_in("fhendriks").get(f"/werkplek/kcc/partijen/{elders.uuid}/").status_code == 404


def test_only_the_assignee_handles_a_contactverzoek_and_overdue_ones_show_in_the_menu(wereld):
    fhendriks = wereld["deventer"].pk
    from django.contrib.auth import get_user_model

    kcc_user = get_user_model().objects.get(username="fhendriks")
    context = context_for(kcc_user, fhendriks)
    taak = kcc.contact_vastleggen(
        context,
        kcc_user,
        kcc.Beller(bsn=BSN, naam="P. de Boer"),
        kcc.Contactgegevens(kanaal="telefoon", onderwerp="Vraag", resultaat="contactverzoek"),
        kcc.Verzoekgegevens(
            soort="vraag",
            toelichting="Hoe lang duurt het nog?",
            uiterlijk_op=timezone.now() + timedelta(hours=2),
            team_id=Team.objects.get(naam="Vergunningen").pk,
        ),
    ).contactverzoek
    assert taak is not None
    url = f"/werkplek/kcc/verzoeken/{taak.uuid}/"

    # Not for a colleague of another team: not even to read (a caller's question and number).
    ander = sign_in("syilmaz")
    assert ander.get(url).status_code == 404
    assert (
        ander.post(
            url, {"formtoken": "x" * 24, "antwoord": "x", "kanaal": "telefoon", "bereikt": "ja"}
        ).status_code
        == 404
    )
    # The contact centre reads it (not handles it); the view is in the inzage log.
    page = sign_in("fhendriks").get(url).content.decode()
    assert "u kunt het niet afhandelen" in page and 'name="antwoord"' not in page
    assert Inzage.objects.filter(soort="contactverzoek", object_uuid=taak.uuid).count() == 1

    InterneTaak.objects.filter(pk=taak.pk).update(uiterlijk_op=timezone.now() - timedelta(hours=1))
    team = sign_in("jdevries")
    werkvoorraad = team.get("/werkplek/").content.decode()
    assert "1 te laat" in werkvoorraad and "Hoe lang duurt het nog?" not in werkvoorraad
    page = team.get(url).content.decode()
    response = team.post(
        url,
        {
            "formtoken": _token(page),
            "antwoord": "Nog twee weken.",
            "kanaal": "telefoon",
            "bereikt": "ja",
        },
    )
    assert response.status_code == 302
    taak.refresh_from_db()
    assert taak.status == TaakStatus.verwerkt
    assert "te laat" not in team.get("/werkplek/").content.decode()  # counted again
    # A colleague who had the form open too: told it was handled, shown the answer.
    page = team.post(
        url,
        {
            "formtoken": _token(page),
            "antwoord": "Ook gebeld.",
            "kanaal": "telefoon",
            "bereikt": "ja",
        },
        follow=True,
    ).content.decode()
    assert "intussen al afgehandeld" in page and "Nog twee weken." in page
    assert Klantcontact.objects.filter(inhoud="Ook gebeld.").count() == 0


def test_a_contactverzoek_is_never_silently_left_out(wereld):
    """Found by the outside test: the result "Contactverzoek gemaakt" with the verzoek's fields
    filled but its box not ticked recorded the contact and dropped the verzoek."""
    client = sign_in("fhendriks")
    partij = Partij.objects.create(tenant=wereld["deventer"], soort_partij="persoon")
    url = f"/werkplek/kcc/partijen/{partij.uuid}/"
    velden = {
        "kanaal": "telefoon",
        "onderwerp": "Terugbelverzoek",
        "resultaat": "contactverzoek",
        "verzoek_soort": "terugbellen",
        "verzoek_uiterlijk_op": (timezone.localtime() + timedelta(days=1)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
    }
    page = client.get(url).content.decode()
    response = client.post(url, {**velden, "formtoken": _token(page)})
    assert response.status_code == 400
    assert "Beschrijf wat de klant vraagt." in response.content.decode()
    assert not Klantcontact.objects.exists()
    team = Team.objects.get(naam="Vergunningen")
    response = client.post(
        url,
        {
            **velden,
            "formtoken": _token(page),
            "verzoek_toelichting": "Bel terug",
            "verzoek_team": str(team.pk),
        },
    )
    assert response.status_code == 302
    assert InterneTaak.objects.get().actoren.get().naam == "Vergunningen"
