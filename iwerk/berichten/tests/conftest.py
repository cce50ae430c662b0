"""A zaak of Deventer made through the Zaken API, its initiator a partij of the Klantinteracties
register with an e-mail address and a mobile number, and NotifyNL as a real HTTP double."""

from __future__ import annotations

import uuid

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.registerdubbels import start
from iwerk.klantinteracties.models import (
    DigitaalAdres,
    Partij,
    PartijIdentificator,
    SoortDigitaalAdres,
)
from iwerk.klantinteracties.normaliseren import zoekwaarde

BASE = "http://testserver/zaken/api/v1"
ZTC = "http://testserver/catalogi/api/v1"
BSN = "111222333"
SLEUTEL = f"iwerk-{uuid.UUID(int=1)}-{uuid.UUID(int=2)}"
SJABLOON = str(uuid.UUID(int=3))


@pytest.fixture
def notifynl(settings):
    """NotifyNL's double with an API key, in a thread; iwerk's sms goes there."""
    server = start(sleutels={"notifynl": SLEUTEL})
    settings.IWERK_NOTIFYNL_URL = server.notifynl_url
    settings.IWERK_NOTIFYNL_API_KEY = SLEUTEL
    settings.IWERK_NOTIFYNL_SMS_TEMPLATE = SJABLOON
    settings.IWERK_NOTIFYNL_TIMEOUT = 5
    settings.IWERK_BERICHTEN_SMS = "notifynl"
    settings.IWERK_BERICHTEN_EMAIL = "smtp"
    settings.IWERK_BERICHTEN_BACKOFF = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield server
    server.stop()


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus)
    zt.concept = False
    zt.save()
    return zt


def partij(gemeente, *, email="j.devries@example.nl", telefoon="06 12345678", bsn=BSN):
    p = Partij.objects.create(
        tenant=gemeente,
        soort_partij="persoon",
        contactnaam_voornaam="Jan",
        contactnaam_achternaam="Vries",
        contactnaam_voorvoegsel_achternaam="de",
    )
    PartijIdentificator.objects.create(
        tenant=gemeente,
        identificeerde_partij=p,
        code_objecttype="natuurlijk_persoon",
        code_soort_object_id="bsn",
        object_id=bsn,
        code_register="brp",
    )
    for soort, adres in (
        (SoortDigitaalAdres.email, email),
        (SoortDigitaalAdres.telefoonnummer, telefoon),
    ):
        if adres:
            DigitaalAdres.objects.create(
                tenant=gemeente,
                verstrekt_door_partij=p,
                adres=adres,
                soort_digitaal_adres=soort,
                is_standaard_adres=True,
                zoekwaarde=zoekwaarde(soort, adres),
            )
    return p


def zaak_via_api(api, zaaktype, bsn=BSN) -> str:
    """POST /zaken and the initiator rol (a natuurlijk persoon by BSN); the zaak's URL."""
    zaak = api.post(
        f"{BASE}/zaken",
        {
            "bronorganisatie": "001902763",
            "verantwoordelijkeOrganisatie": "001902763",
            "zaaktype": f"{ZTC}/zaaktypen/{zaaktype.uuid}",
            "startdatum": "2026-03-02",
            "omschrijving": "Aanvraag rolstoel",
        },
        HTTP_ACCEPT_CRS="EPSG:4326",
        HTTP_CONTENT_CRS="EPSG:4326",
    )
    assert zaak.status_code == 201, zaak.content
    url = zaak.json()["url"]
    roltype = zaaktype.roltypen.get(omschrijving_generiek="initiator")
    rol = api.post(
        f"{BASE}/rollen",
        {
            "zaak": url,
            "roltype": f"{ZTC}/roltypen/{roltype.uuid}",
            "betrokkeneType": "natuurlijk_persoon",
            "roltoelichting": "Aanvrager",
            "betrokkeneIdentificatie": {
                "inpBsn": bsn,
                "geslachtsnaam": "Vries",
                "voorletters": "J.",
            },
        },
    )
    assert rol.status_code == 201, rol.content
    return url


def zet_status(api, zaaktype, url, volgnummer=1):
    statustype = zaaktype.statustypen.get(volgnummer=volgnummer)
    antwoord = api.post(
        f"{BASE}/statussen",
        {
            "zaak": url,
            "statustype": f"{ZTC}/statustypen/{statustype.uuid}",
            "datumStatusGezet": "2026-03-03T09:00:00+01:00",
        },
    )
    assert antwoord.status_code == 201, antwoord.content
    return antwoord.json()
