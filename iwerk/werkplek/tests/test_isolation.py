"""Tenant isolation and vertrouwelijkheid on every werkplek page (list, search, URL, download)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import sign_in
from iwerk.zaken.models import Rol, Zaak, ZaakInformatieObject

pytestmark = pytest.mark.django_db


def _pages(client, zaak) -> dict[str, str]:
    return {
        "alle": client.get("/werkplek/?tab=alle").content.decode(),
        "afgerond": client.get("/werkplek/?tab=alle&afgerond=1").content.decode(),
        "zoek-nummer": client.get(f"/werkplek/zoeken/?q={zaak.identificatie}").content.decode(),
    }


def test_a_raalte_behandelaar_never_sees_a_deventer_zaak(werkvoorraad):
    deventer = Zaak.objects.filter(tenant=werkvoorraad.gemeenten["deventer"]).order_by("pk").first()
    client = sign_in("rmeijer")
    # Identificaties repeat between gemeenten (each has its own series): look for the uuid.
    for name, page in _pages(client, deventer).items():
        assert str(deventer.uuid) not in page, name
    assert client.get(f"/werkplek/zaken/{deventer.uuid}/").status_code == 404
    initiator = Rol.objects.filter(
        zaak__tenant=werkvoorraad.gemeenten["deventer"], bsn__gt=""
    ).first()
    page = client.get(f"/werkplek/zoeken/?q={initiator.bsn}").content.decode()
    assert str(initiator.zaak.uuid) not in page
    zio = (
        ZaakInformatieObject.objects.filter(zaak__tenant=werkvoorraad.gemeenten["deventer"])
        .select_related("informatieobject", "zaak")
        .first()
    )
    url = f"/werkplek/zaken/{zio.zaak.uuid}/documenten/{zio.informatieobject.uuid}/"
    assert client.get(url).status_code == 404
    # An action on it is refused the same way, and changes nothing.
    response = client.post(
        f"/werkplek/zaken/{deventer.uuid}/toewijzen/",
        {"medewerker": "rmeijer", "formtoken": "x" * 32},
    )
    assert response.status_code == 404
    assert not Rol.objects.filter(zaak=deventer, medewerker_identificatie="rmeijer").exists()


def test_vertrouwelijkheid_above_the_role_maximum_is_invisible(werkvoorraad):
    zaak = (
        Zaak.objects.filter(tenant=werkvoorraad.gemeenten["deventer"], einddatum__isnull=True)
        .order_by("pk")
        .first()
    )
    Zaak.objects.filter(pk=zaak.pk).update(
        vertrouwelijkheidaanduiding="geheim", omschrijving="Geheime zaak"
    )
    behandelaar = sign_in("jdevries")  # up to zaakvertrouwelijk
    for name, page in _pages(behandelaar, zaak).items():
        assert str(zaak.uuid) not in page, name
    assert behandelaar.get(f"/werkplek/zaken/{zaak.uuid}/").status_code == 404
    teamleider = sign_in("pjansen")  # up to geheim
    assert teamleider.get(f"/werkplek/zaken/{zaak.uuid}/").status_code == 200
    assert (
        str(zaak.uuid)
        in teamleider.get(f"/werkplek/zoeken/?q={zaak.identificatie}").content.decode()
    )


def test_documents_above_the_level_are_hidden_on_a_visible_zaak(werkvoorraad):
    zio = (
        ZaakInformatieObject.objects.filter(
            zaak__tenant=werkvoorraad.gemeenten["deventer"],
            zaak__vertrouwelijkheidaanduiding__in=[
                "openbaar",
                "intern",
                "zaakvertrouwelijk",
                "beperkt_openbaar",
            ],
        )
        .select_related("informatieobject", "zaak")
        .first()
    )
    document = zio.informatieobject
    type(document).objects.filter(pk=document.pk).update(
        vertrouwelijkheidaanduiding="confidentieel"
    )
    client = sign_in("jdevries")
    page = client.get(f"/werkplek/zaken/{zio.zaak.uuid}/").content.decode()
    assert document.titel not in page or document.identificatie not in page
    assert "1 document valt boven uw vertrouwelijkheidsniveau en wordt niet getoond" in page
    assert (
        client.get(f"/werkplek/zaken/{zio.zaak.uuid}/documenten/{document.uuid}/").status_code
        == 404
    )


def test_werkvoorraad_query_count_does_not_grow_with_the_page(werkvoorraad):
    client = sign_in("pjansen")
    client.get("/werkplek/?tab=alle")  # warm the context cache
    counts = []
    for limit in (2, 25):
        ids = list(
            Zaak.objects.filter(tenant=werkvoorraad.gemeenten["deventer"], einddatum__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Zaak.objects.filter(pk__in=ids[limit:]).update(einddatum="2026-01-01")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/werkplek/?tab=alle")
        assert response.status_code == 200
        counts.append(len(queries))
        Zaak.objects.filter(pk__in=ids[limit:]).update(einddatum=None)
    assert counts[0] == counts[1], counts


def test_zaak_page_query_count_does_not_grow_with_documents(werkvoorraad):
    for titel in ("Advies boomdeskundige", "Foto's", "Situatietekening"):
        bouw.zaakdocument(werkvoorraad.zaken[0], titel=titel)
    client = sign_in("pjansen")
    by_count = sorted(
        Zaak.objects.filter(
            tenant=werkvoorraad.gemeenten["deventer"],
            einddatum__isnull=True,
            vertrouwelijkheidaanduiding__in=[
                "openbaar",
                "intern",
                "zaakvertrouwelijk",
                "beperkt_openbaar",
            ],
        ),
        key=lambda z: ZaakInformatieObject.objects.filter(zaak=z).count(),
    )
    few, many = by_count[0], by_count[-1]
    assert (
        ZaakInformatieObject.objects.filter(zaak=many).count()
        > ZaakInformatieObject.objects.filter(zaak=few).count()
    )
    counts = []
    for zaak in (few, many):
        client.get(f"/werkplek/zaken/{zaak.uuid}/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/werkplek/zaken/{zaak.uuid}/").status_code == 200
        counts.append(len(queries))
    assert counts[1] <= counts[0] + 2, counts  # a version list per document would be N queries


def test_not_found_page_is_dutch(werkvoorraad, settings):
    settings.DEBUG = False
    client = sign_in("rmeijer")
    response = client.get("/werkplek/zaken/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()
