"""Named tests for the cross-register rules: E7 (besluit dates feed archiving), B15, D2, D10."""

from __future__ import annotations

from datetime import date

import pytest

from iwerk.autorisaties.models import Applicatie
from iwerk.besluiten.tests.test_api import B, C, D, Z, besluit_body
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.core.testing.documenten import document_body
from iwerk.zaken.models import Zaak
from iwerk.zaken.tests.test_api import CRS, zaak_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]


@pytest.fixture
def setup(catalogus):
    iot = build.informatieobjecttype(catalogus, "Besluitbrief")
    bt = build.besluittype(catalogus, "Toekenning", iots=["Besluitbrief"])
    zt = build.complete_zaaktype(catalogus, besluittype_omschrijvingen=["Toekenning"])
    build.ziot(zt, "Besluitbrief")
    rt = zt.resultaattypen.get()
    rt.brondatum_afleidingswijze = "ingangsdatum_besluit"
    rt.archiefactietermijn = "P10Y"
    rt.save()
    zt.concept = False
    zt.save()
    return zt, bt, iot


def _close(client, zaak, zt):
    rt = zt.resultaattypen.get()
    client.post(f"{Z}/resultaten", {"zaak": zaak, "resultaattype": f"{C}/resultaattypen/{rt.uuid}"})
    eind = zt.statustypen.get(volgnummer=2)
    return client.post(
        f"{Z}/statussen",
        {
            "zaak": zaak,
            "statustype": f"{C}/statustypen/{eind.uuid}",
            "datumStatusGezet": "2026-11-25T10:00:00+01:00",
        },
    )


def test_e07_ingangsdatum_besluit_determines_archiefactiedatum(superuser_client, setup):
    zt, bt, _ = setup
    zaak = superuser_client.post(f"{Z}/zaken", zaak_body(zt), **CRS).json()["url"]
    for ingang in ("2026-12-01", "2027-01-15"):
        body = besluit_body(bt, zaak=zaak, ingangsdatum=ingang)
        assert superuser_client.post(f"{B}/besluiten", body).status_code == 201
    assert _close(superuser_client, zaak, zt).status_code == 201
    closed = Zaak.objects.get()
    # The latest ingangsdatum of the zaak's besluiten is the brondatum (zrc-021).
    assert closed.startdatum_bewaartermijn == date(2027, 1, 15)
    assert closed.archiefactiedatum == date(2037, 1, 15)


def test_b15_archiving_requires_archived_documents(superuser_client, setup):
    zt, _, iot = setup
    zaak = superuser_client.post(f"{Z}/zaken", zaak_body(zt), **CRS).json()["url"]
    doc = superuser_client.post(
        f"{D}/enkelvoudiginformatieobjecten", document_body(iot, indicatieGebruiksrecht=False)
    ).json()
    superuser_client.post(
        f"{Z}/zaakinformatieobjecten", {"zaak": zaak, "informatieobject": doc["url"]}
    )
    archive = {
        "archiefstatus": "gearchiveerd",
        "archiefnominatie": "vernietigen",
        "archiefactiedatum": "2036-01-01",
    }
    refused = superuser_client.patch(zaak, archive, **CRS)
    assert refused.status_code == 400
    assert "documents-not-archived" in {p["code"] for p in refused.json()["invalidParams"]}
    path = doc["url"].removeprefix("http://testserver")
    lock = superuser_client.post(f"{path}/lock").json()["lock"]
    superuser_client.patch(path, {"status": "gearchiveerd", "lock": lock})
    superuser_client.post(f"{path}/unlock", {"lock": lock})
    assert superuser_client.patch(zaak, archive, **CRS).status_code == 200
    # An archived zaak takes no new documents (zrc-022).
    other = superuser_client.post(f"{D}/enkelvoudiginformatieobjecten", document_body(iot)).json()[
        "url"
    ]
    late = superuser_client.post(
        f"{Z}/zaakinformatieobjecten", {"zaak": zaak, "informatieobject": other}
    )
    assert late.json()["invalidParams"][0]["code"] == "zaak-archiefstatus"


def test_d2_alleen_is_gereed_voor_publicatie(superuser_client, setup):
    _, _, iot = setup
    ready = superuser_client.post(
        f"{D}/enkelvoudiginformatieobjecten", document_body(iot, isGereedVoorPublicatie=True)
    ).json()
    draft = superuser_client.post(
        f"{D}/enkelvoudiginformatieobjecten", document_body(iot, isGereedVoorPublicatie=False)
    ).json()
    client = register_client(
        "publicatie",
        autorisaties=[
            {
                "component": "drc",
                "scopes": ["documenten.lezen"],
                "informatieobjecttype": f"{C}/informatieobjecttypen/{iot.uuid}",
                "max_vertrouwelijkheidaanduiding": "zeer_geheim",
            }
        ],
    )
    Applicatie.objects.filter(label="Test publicatie").update(alleen_is_gereed_voor_publicatie=True)
    from iwerk.autorisaties.signals import bump_generation

    bump_generation()
    listed = client.get("/documenten/api/v1/enkelvoudiginformatieobjecten").json()["results"]
    assert [d["url"] for d in listed] == [ready["url"]]
    assert client.get(draft["url"].removeprefix("http://testserver")).status_code == 403


def test_d10_integriteit_and_ondertekening_are_all_or_nothing(superuser_client, setup):
    _, _, iot = setup
    for field, partial in (
        ("integriteit", {"algoritme": "md5"}),
        ("ondertekening", {"soort": "digitaal"}),
    ):
        response = superuser_client.post(
            f"{D}/enkelvoudiginformatieobjecten", document_body(iot, **{field: partial})
        )
        assert response.status_code == 400
        assert all(p["name"].startswith(f"{field}.") for p in response.json()["invalidParams"])
