"""The intake offers only the zaaktypen the user's role may register zaken for (issue 23)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.catalogi.models import ZaakType
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.medewerkers import demo_medewerker, sign_in
from iwerk.zaken.models import Zaak

pytestmark = pytest.mark.django_db

INTAKE = "/werkplek/zaken/nieuw/"


@pytest.fixture
def deventer(tenant, catalogus, werkplek_settings):
    """Deventer with jdevries (behandelaar, at most zaakvertrouwelijk) and two zaaktypen named as
    in the demo: one at his level (Evenementenvergunning), one above it (Jeugdhulp)."""
    demo_medewerker({"deventer": tenant}, "jdevries")
    build.gepubliceerd_zaaktype(catalogus, "EVENEMENT", omschrijving="Evenementenvergunning")
    build.gepubliceerd_zaaktype(
        catalogus, "JEUGDHULP", omschrijving="Jeugdhulp", vertrouwelijkheid="confidentieel"
    )
    return tenant


def _offered(page: str) -> dict[str, str]:
    select = re.search(r'<select name="zaaktype"[^>]*>(.*?)</select>', page, re.S).group(1)
    return {
        label.strip(): value
        for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)
    }


def _zaaktype(gemeente, omschrijving: str) -> ZaakType:
    return ZaakType.objects.get(tenant=gemeente, omschrijving=omschrijving, concept=False)


def test_a_handler_is_offered_only_the_zaaktypen_his_role_may_register(deventer):
    client = sign_in("jdevries")  # behandelaar, at most zaakvertrouwelijk
    page = client.get(INTAKE).content.decode()
    offered = _offered(page)
    assert str(_zaaktype(deventer, "Evenementenvergunning").pk) in offered.values()
    assert "Jeugdhulp" not in page  # confidentieel: above his role's maximum
    assert str(_zaaktype(deventer, "Jeugdhulp").pk) not in offered.values()


def test_posting_a_zaaktype_that_was_not_offered_is_still_refused(deventer):
    client = sign_in("jdevries")
    page = client.get(INTAKE).content.decode()
    token = re.search(r'name="formtoken" value="([^"]+)"', page).group(1)
    before = Zaak.objects.count()
    response = client.post(
        INTAKE,
        {
            "formtoken": token,
            "zaaktype": _zaaktype(deventer, "Jeugdhulp").pk,
            "kanaal": "telefoon",
            "omschrijving": "Verzoek jeugdhulp",
            "startdatum": timezone.localdate().isoformat(),
            "initiator_type": "natuurlijk_persoon",
            "geslachtsnaam": "Haverkamp",
        },
    )
    assert response.status_code == 400
    assert Zaak.objects.count() == before


def test_the_intake_query_count_does_not_grow_with_zaaktypen(deventer):
    catalogus = _zaaktype(deventer, "Evenementenvergunning").catalogus
    client = sign_in("jdevries")
    client.get(INTAKE)
    counts = []
    for extra in range(3):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(INTAKE).content.decode()
        counts.append(len(queries))
        build.gepubliceerd_zaaktype(
            catalogus, f"ZT-EXTRA-{extra}", omschrijving=f"Extra zaaktype {extra}"
        )
        build.gepubliceerd_zaaktype(
            catalogus,
            f"ZT-GEHEIM-{extra}",
            omschrijving=f"Geheim zaaktype {extra}",
            vertrouwelijkheid="geheim",
        )
    assert "Extra zaaktype 1" in page and "Geheim zaaktype" not in page
    assert counts[0] == counts[1] == counts[2], counts
