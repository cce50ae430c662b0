"""Melding openbare ruimte: anonymous or signed in, a place (address and/or map point), a photo,
and status updates by e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from iwerk.catalogi.models import StatusType
from iwerk.portaal.models import Concept
from iwerk.portaal.tests.conftest import SUZANNE, ingelogd, pdf_bestand, png_bestand
from iwerk.portaal.tests.test_mijn_zaken import ALLES
from iwerk.zaken.models import Rol, Zaak, ZaakInformatieObject
from iwerk.zaken.services import set_status

pytestmark = pytest.mark.django_db
MELDING = {
    "soort": "Straatverlichting",
    "omschrijving": "Lantaarnpaal brandt niet meer.",
    "plek": "Brink 12, Deventer",
    "plek_lat": "52.2511",
    "plek_lon": "6.1602",
    "email": "melder@example.nl",
}


def _melden(client, data=None, foto=True) -> tuple[object, str]:
    url = client.post("/deventer/producten/melding-openbare-ruimte/aanvragen/")["Location"]
    response = client.post(url, {**(data or MELDING), **({"foto": png_bestand()} if foto else {})})
    return response, url


def test_an_anonymous_melding_with_photo_and_map_point_becomes_a_zaak(
    portaal, django_capture_on_commit_callbacks
):
    client = Client()
    page = client.get("/deventer/producten/melding-openbare-ruimte/").content.decode()
    assert "Melding doen" in page and "Inloggen" in page  # no sign-in needed
    response, url = _melden(client)
    assert response.status_code == 302 and response["Location"].endswith("/controleren/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response["Location"], {"akkoord": "ja"})
    assert response.status_code == 302

    zaak = Zaak.objects.get()
    assert zaak.zaaktype.identificatie == "MOR" and zaak.tenant == portaal["deventer"]
    assert zaak.zaakgeometrie == {"type": "Point", "coordinates": [6.1602, 52.2511]}
    assert dict(zaak.zaakeigenschappen.values_list("naam", "waarde")) == {
        "categorie": "Straatverlichting",
        "locatie": "Brink 12, Deventer",
    }
    melder = Rol.objects.get(zaak=zaak)
    assert melder.bsn == "" and melder.contactpersoon_rol["emailadres"] == "melder@example.nl"
    titels = set(
        ZaakInformatieObject.objects.filter(zaak=zaak).values_list(
            "informatieobject__titel", flat=True
        )
    )
    assert titels == {"Aanvraag Melding openbare ruimte", "Bijlage: foto.png"}
    (bevestiging,) = mail.outbox
    assert "mijn-zaken" not in bevestiging.body and "status van uw melding" in bevestiging.body

    # The receipt is this browser's; another browser gets nothing.
    uuid = url.split("/")[3]
    assert client.get(f"/deventer/aanvragen/{uuid}/ontvangstbewijs.pdf").status_code == 200
    assert Client().get(f"/deventer/aanvragen/{uuid}/ontvangstbewijs.pdf").status_code == 404

    # Status updates by e-mail, whoever sets the status (here: a service, as the API would).
    opgelost = StatusType.objects.get(zaaktype=zaak.zaaktype, omschrijving="In behandeling")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        set_status(
            actor=ALLES,
            zaak=zaak,
            statustype=opgelost,
            datum_status_gezet=timezone.now(),
            statustoelichting="Een monteur komt deze week.",
        )
    (update,) = mail.outbox
    assert update.to == ["melder@example.nl"]
    assert "In behandeling" in update.body and "Een monteur komt deze week." in update.body


def test_a_melding_works_without_the_map_and_without_an_email_address(portaal):
    client = Client()
    data = {k: v for k, v in MELDING.items() if not k.startswith("plek_") and k != "email"}
    response, _ = _melden(client, data, foto=False)
    assert response.status_code == 302
    client.post(response["Location"], {"akkoord": "ja"})
    zaak = Zaak.objects.get()
    assert zaak.zaakgeometrie is None and not Rol.objects.filter(zaak=zaak).exists()


def test_the_photo_must_be_an_image_and_the_place_is_required(portaal):
    client = Client()
    url = client.post("/deventer/producten/melding-openbare-ruimte/aanvragen/")["Location"]
    response = client.post(url, {**MELDING, "plek": "", "foto": pdf_bestand()})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dit soort bestand kunnen we niet aannemen. Kies een foto (JPG of PNG)" in page
    assert "Vul het adres of een omschrijving van de plek in." in page
    assert "Lantaarnpaal brandt niet meer." in page
    bad = client.post(url, {**MELDING, "plek_lat": "200"})
    assert bad.status_code == 400


def test_a_signed_in_melding_shows_in_mijn_zaken(portaal):
    client = ingelogd()
    response, _ = _melden(client)
    client.post(response["Location"], {"akkoord": "ja"})
    zaak = Zaak.objects.get()
    assert Rol.objects.get(zaak=zaak).bsn == SUZANNE
    assert zaak.identificatie in client.get("/deventer/mijn-zaken/").content.decode()
    assert Concept.objects.get().eigenaar == SUZANNE
