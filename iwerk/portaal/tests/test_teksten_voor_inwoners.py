"""What a resident reads is correct Dutch: names as written, labels instead of codes (issue 23)."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pytest
from django.test import Client

from iwerk.catalogi.models import StatusType
from iwerk.portaal import testidp
from iwerk.portaal.tests.conftest import ingelogd
from iwerk.portaal.tests.test_mijn_zaken import aanvragen

pytestmark = pytest.mark.django_db


def test_the_status_text_keeps_the_capital_of_wmo_and_lowers_common_nouns(portaal):
    suzanne = ingelogd()
    zaak = aanvragen(suzanne, "deventer")
    page = html.unescape(suzanne.get(f"/deventer/mijn-zaken/{zaak.uuid}/").content.decode())
    assert "Uw Wmo maatwerkvoorziening heeft de status" in page
    assert "Uw wmo" not in page

    teksten = set(
        StatusType.objects.filter(zaaktype__tenant=portaal["deventer"], volgnummer=1).values_list(
            "statustekst", flat=True
        )
    )
    begin = {t.split(" heeft de status")[0] for t in teksten}
    assert {
        "Uw Wmo maatwerkvoorziening",
        "Uw Participatiewet levensonderhoud",
        "Uw Woo-verzoek",
        "Uw jeugdhulp",
        "Uw melding openbare ruimte",
        "Uw parkeervergunning",
    } <= begin, begin


def test_the_test_idp_shows_the_level_of_assurance_as_a_label(settings):
    settings.IWERK_TESTIDP = True
    query = urlencode(
        {
            "client_id": testidp.CLIENT_ID,
            "redirect_uri": "http://testserver/portaal/oidc/terug/",
            "response_type": "code",
            "scope": "openid",
            "state": "s",
        }
    )
    response = Client().get(f"/testidp/authorize?{query}")
    page = response.content.decode()
    assert response.status_code == 200, page[:2000]
    assert "Betrouwbaarheidsniveau: <strong>DigiD midden</strong>" in page
    assert "digid_midden" not in page
