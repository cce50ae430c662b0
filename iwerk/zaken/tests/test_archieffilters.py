"""The Zaken API filters an external archive tool uses (issue 26, item 5): archiefnominatie,
archiefactiedatum__lt/__gt, archiefstatus. A client with zaken.lezen for one gemeente's zaaktype
gets exactly the zaken due that it may see, not another gemeente's; a bad date is Problem JSON."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.core.testing.archief import afgesloten_zaak, zaaktype_met_besluit
from iwerk.zaken.models import Zaak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]

Z = "/zaken/api/v1/zaken"
C = "http://testserver/catalogi/api/v1"


def _identificaties(client, **params) -> set[str]:
    response = client.get(Z, params, HTTP_ACCEPT_CRS="EPSG:4326")
    assert response.status_code == 200, response.content
    return {z["identificatie"] for z in response.json()["results"]}


def test_an_archive_tool_finds_exactly_the_zaken_due_it_may_see(gemeenten):
    deventer = zaaktype_met_besluit(build.catalogus(gemeenten["deventer"]), "KAP")
    raalte = zaaktype_met_besluit(build.catalogus(gemeenten["raalte"]), "KAP")
    due = afgesloten_zaak(deventer, documenten=0, archiefactiedatum=date(2020, 1, 1))
    later = afgesloten_zaak(deventer, documenten=0, archiefactiedatum=date(2040, 1, 1))
    bewaren = afgesloten_zaak(
        deventer,
        documenten=0,
        archiefnominatie="blijvend_bewaren",
        archiefactiedatum=date(2021, 1, 1),
    )
    gearchiveerd = afgesloten_zaak(deventer, documenten=0, archiefactiedatum=date(2020, 6, 1))
    Zaak.objects.filter(pk=gearchiveerd.pk).update(archiefstatus="gearchiveerd")
    afgesloten_zaak(raalte, documenten=0, archiefactiedatum=date(2020, 1, 1))  # not Deventer's
    tool = register_client(
        "archieftool-deventer",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.lezen"],
                "zaaktype": f"{C}/zaaktypen/{deventer.uuid}",
                "max_vertrouwelijkheidaanduiding": "geheim",
            }
        ],
    )
    vandaag = timezone.localdate().isoformat()
    assert _identificaties(
        tool,
        archiefnominatie="vernietigen",
        archiefactiedatum__lt=vandaag,
        archiefstatus="nog_te_archiveren",
    ) == {due.identificatie}
    assert _identificaties(tool, archiefactiedatum__gt="2030-01-01") == {later.identificatie}
    assert _identificaties(
        tool, archiefnominatie="blijvend_bewaren", archiefactiedatum__lt=vandaag
    ) == {bewaren.identificatie}
    assert _identificaties(tool, archiefstatus="gearchiveerd") == {gearchiveerd.identificatie}
    assert _identificaties(tool, archiefstatus__in="gearchiveerd,nog_te_archiveren") == {
        due.identificatie,
        later.identificatie,
        bewaren.identificatie,
        gearchiveerd.identificatie,
    }

    for name, value in (
        ("archiefactiedatum__lt", "morgen"),
        ("archiefnominatie", "weg"),  # outside the OAS enum: not "nothing due"
        ("archiefstatus", "vernietigd"),
    ):
        fout = tool.get(Z, {name: value}, HTTP_ACCEPT_CRS="EPSG:4326")
        assert fout.status_code == 400, (name, fout.content)
        assert fout["Content-Type"].startswith("application/problem+json")
        assert fout.json()["invalidParams"][0]["name"].startswith(name)
    # (archiefstatus__in is a list of plain strings in the OAS: an unknown value matches nothing.)
    zoek = tool.post(
        f"{Z}/_zoek",
        {"archiefnominatie": "weg"},
        HTTP_ACCEPT_CRS="EPSG:4326",
        HTTP_CONTENT_CRS="EPSG:4326",
    )
    assert zoek.status_code == 400, zoek.content
