"""Tenant isolation and vertrouwelijkheid over every Zaken endpoint (ZGW A6, B7).

A Deventer client with zaken.lezen on one zaaktype up to `zaakvertrouwelijk` sees the parts of
an `intern` zaak, and nothing of a `geheim` zaak of the same type nor of a Raalte zaak: lists
leave them out, details answer 403, nested lists answer 403, _zoek finds nothing.
"""

from __future__ import annotations

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.core.testing.documenten import document_body
from iwerk.zaken.models import Zaak
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]
Z = "http://testserver/zaken/api/v1"
C = "http://testserver/catalogi/api/v1"
LISTS = (
    "statussen",
    "resultaten",
    "rollen",
    "zaakobjecten",
    "klantcontacten",
    "zaakcontactmomenten",
    "zaakverzoeken",
    "zaakinformatieobjecten",
)


def _zaaktype(cat, identificatie):
    zt = build.complete_zaaktype(cat, identificatie=identificatie)
    build.ziot(zt, "Aanvraag")
    zt.concept = False
    zt.save()
    return zt


def _dossier(client, zt, iot, vertrouwelijkheid, bron) -> dict[str, str]:
    """A zaak with one of every part, made by a client that may do everything."""
    zaak = client.post(
        f"{Z}/zaken",
        zaak_body(
            zt,
            vertrouwelijkheidaanduiding=vertrouwelijkheid,
            bronorganisatie=bron,
            verantwoordelijkeOrganisatie=bron,
        ),
        **CRS,
    ).json()["url"]
    st = zt.statustypen.get(volgnummer=1)
    urls = {"zaken": zaak}
    bodies = {
        "statussen": {
            "zaak": zaak,
            "statustype": f"{C}/statustypen/{st.uuid}",
            "datumStatusGezet": "2026-03-02T09:00:00+01:00",
        },
        "resultaten": {
            "zaak": zaak,
            "resultaattype": f"{C}/resultaattypen/{zt.resultaattypen.get().uuid}",
        },
        "rollen": {
            "zaak": zaak,
            "roltype": f"{C}/roltypen/{zt.roltypen.get().uuid}",
            "betrokkeneType": "medewerker",
            "roltoelichting": "Behandelaar",
            "betrokkeneIdentificatie": {"identificatie": "jdevries"},
        },
        "zaakobjecten": {
            "zaak": zaak,
            "objectType": "overige",
            "objectTypeOverige": "melding",
            "object": "https://objecten.example.nl/api/v2/objects/1",
            "relatieomschrijving": "Betreft",
        },
        "klantcontacten": {"zaak": zaak, "datumtijd": "2026-03-03T10:00:00+01:00"},
        "zaakcontactmomenten": {
            "zaak": zaak,
            "contactmoment": "https://klantinteracties.example.nl/api/v1/contactmomenten/1",
        },
        "zaakverzoeken": {
            "zaak": zaak,
            "verzoek": "https://klantinteracties.example.nl/api/v1/verzoeken/1",
        },
        "zaakinformatieobjecten": {
            "zaak": zaak,
            "informatieobject": client.post(
                "/documenten/api/v1/enkelvoudiginformatieobjecten",
                document_body(iot, bronorganisatie=bron),
            ).json()["url"],
        },
        "zaaknotities": {"gerelateerdAan": zaak, "onderwerp": "Notitie", "tekst": "Intern."},
    }
    for resource, body in bodies.items():
        response = client.post(f"{Z}/{resource}", body)
        assert response.status_code == 201, (resource, response.json())
        urls[resource] = response.json()["url"]
    return urls


def test_b07_every_endpoint_hides_what_the_client_may_not_see(
    superuser_client, catalogus, other_catalogus
):
    deventer = _zaaktype(catalogus, "WMO")
    raalte = _zaaktype(other_catalogus, "WMO")
    iot_d = build.informatieobjecttype(catalogus, "Aanvraag")
    iot_r = build.informatieobjecttype(other_catalogus, "Aanvraag")
    visible = _dossier(superuser_client, deventer, iot_d, "intern", "001902763")
    hidden = [
        _dossier(superuser_client, deventer, iot_d, "geheim", "001902763"),
        _dossier(superuser_client, raalte, iot_r, "openbaar", "001654937"),
    ]
    client = register_client(
        "deventer-wmo",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.lezen", "audittrails.lezen"],
                "zaaktype": f"{C}/zaaktypen/{deventer.uuid}",
                "max_vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
            }
        ],
    )
    for resource in LISTS:
        listed = client.get(f"/zaken/api/v1/{resource}").json()
        rows = listed["results"] if isinstance(listed, dict) else listed
        assert [r["url"] for r in rows] == [visible[resource]], resource
    notities = client.get("/zaken/api/v1/zaaknotities").json()["results"]
    assert [n["url"] for n in notities] == [visible["zaaknotities"]]
    zaken = client.get("/zaken/api/v1/zaken", **CRS).json()["results"]
    assert [z["url"] for z in zaken] == [visible["zaken"]]
    zoek = client.post(
        "/zaken/api/v1/zaken/_zoek",
        {"uuid__in": [h["zaken"].rsplit("/", 1)[-1] for h in hidden]},
        **CRS,
    ).json()
    assert zoek["count"] == 0

    for dossier in hidden:
        for resource, url in dossier.items():
            extra = CRS if resource == "zaken" else {}
            assert client.get(url, **extra).status_code == 403, (resource, url)
        for nested in ("zaakeigenschappen", "besluiten", "audittrail"):
            assert client.get(f"{dossier['zaken']}/{nested}").status_code == 403, nested
    for resource, url in visible.items():
        extra = CRS if resource == "zaken" else {}
        assert client.get(url, **extra).status_code == 200, resource


def test_create_only_client_gets_its_zaak_back(catalogus):
    """A client that may create but not read zaken still gets the 201 with the zaak it made."""
    zt = _zaaktype(catalogus, "INTAKE")
    intake = register_client(
        "intake-formulier",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.aanmaken"],
                "zaaktype": f"{C}/zaaktypen/{zt.uuid}",
                "max_vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
            }
        ],
    )
    created = intake.post(f"{Z}/zaken", zaak_body(zt), **CRS)
    assert created.status_code == 201
    assert created.json()["zaaktype"].endswith(str(zt.uuid))
    assert created.json()["identificatie"] == Zaak.objects.get().identificatie
    assert intake.get(created.json()["url"], **CRS).status_code == 403
