"""A handler closes an open demo zaak with a resultaat (issue 23: the demo's documents blocked it)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from iwerk.core.testing.medewerkers import sign_in
from iwerk.zaken.models import Resultaat, Zaak
from iwerk.zaken.services.informatieobject import documents_blocking_close

pytestmark = pytest.mark.django_db


def _open_demo_zaak_with_documents(gemeente) -> Zaak:
    return (
        Zaak.objects.filter(
            tenant=gemeente,
            einddatum__isnull=True,
            zaaktype__omschrijving="Evenementenvergunning",
            zaakinformatieobjecten__isnull=False,
        )
        .distinct()
        .order_by("pk")
        .first()
    )


def test_a_handler_closes_an_open_demo_zaak_with_a_resultaat(demo):
    zaak = _open_demo_zaak_with_documents(demo["deventer"])
    assert zaak is not None
    client = sign_in("jdevries")
    url = f"/werkplek/zaken/{zaak.uuid}/"
    page = client.get(url).content.decode()
    assert "Afsluiten met resultaat" in page
    token = re.search(r'name="formtoken" value="([^"]+)"', page).group(1)
    resultaattype = zaak.zaaktype.resultaattypen.order_by("pk").first()
    response = client.post(
        url + "afsluiten/",
        {"formtoken": token, "resultaattype": resultaattype.pk, "toelichting": "Verleend"},
    )
    assert response.status_code == 302, re.findall(
        r"<li[^>]*>(.*?)</li>", response.content.decode(), re.S
    )[:8]
    zaak.refresh_from_db()
    assert zaak.einddatum == timezone.localdate()
    assert Resultaat.objects.get(zaak=zaak).resultaattype == resultaattype


def test_the_close_blocker_for_gebruiksrecht_is_dutch_prose_and_names_no_document(demo):
    """A title could be above the closer's vertrouwelijkheid: the refusal counts, never names."""
    zaak = _open_demo_zaak_with_documents(demo["deventer"])
    document = zaak.zaakinformatieobjecten.select_related("informatieobject").first()
    document = document.informatieobject
    type(document).objects.filter(pk=document.pk).update(indicatie_gebruiksrecht=None)
    [error] = [e for e in documents_blocking_close(zaak) if "gebruiksrecht" in e.code]
    assert error.code == "indicatiegebruiksrecht-unset"
    assert "indicatieGebruiksrecht" not in error.reason
    assert "true" not in error.reason and "false" not in error.reason
    assert error.reason.startswith(
        "Van elk document van de zaak moet bekend zijn of er gebruiksrechten voor gelden"
    )
    assert document.titel not in error.reason
    assert error.reason.endswith("dat is nog niet zo voor 1 document.")
