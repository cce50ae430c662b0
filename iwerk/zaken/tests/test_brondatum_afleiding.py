"""zrc-021 through the API: the brondatum of the afleidingswijzen that read the zaak's own data —
eigenschap, gerelateerde_zaak, zaakobject — and no date where it cannot be determined."""

from __future__ import annotations

from datetime import date

import pytest

from iwerk.catalogi.models import Eigenschap
from iwerk.core.testing import catalogus as build
from iwerk.zaken.models import Zaak
from iwerk.zaken.tests.test_api import CRS, ZTC, zaak_body

pytestmark = pytest.mark.django_db
Z = "http://testserver/zaken/api/v1"


def _zaaktype(catalogus, wijze: str, **brondatum):
    zt = build.complete_zaaktype(catalogus)
    rt = zt.resultaattypen.get()
    rt.brondatum_afleidingswijze = wijze
    rt.archiefactietermijn = "P10Y"
    for veld, waarde in brondatum.items():
        setattr(rt, f"brondatum_{veld}", waarde)
    rt.save()
    Eigenschap.objects.create(
        tenant=catalogus.tenant, zaaktype=zt, naam="besluitdatum", definitie="Datum besluit",
        specificatie_formaat="datum", specificatie_lengte="8", specificatie_kardinaliteit="1",
    )  # fmt: skip
    zt.concept = False
    zt.save()
    return zt


def _zaak(client, zt, **extra) -> str:
    response = client.post(f"{Z}/zaken", zaak_body(zt, **extra), **CRS)
    assert response.status_code == 201, response.content
    return response.json()["url"]


def _eigenschap(client, zaak: str, zt, waarde: str) -> None:
    eigenschap = f"{ZTC}/eigenschappen/{zt.eigenschappen.get().uuid}"
    body = {"zaak": zaak, "eigenschap": eigenschap, "waarde": waarde}
    assert client.post(f"{zaak}/zaakeigenschappen", body).status_code == 201


def _sluit(client, zaak: str, zt, dag: str = "2026-11-25") -> Zaak:
    rt = zt.resultaattypen.get()
    resultaat = {"zaak": zaak, "resultaattype": f"{ZTC}/resultaattypen/{rt.uuid}"}
    assert client.post(f"{Z}/resultaten", resultaat).status_code == 201
    eind = zt.statustypen.get(volgnummer=2)
    status = {
        "zaak": zaak,
        "statustype": f"{ZTC}/statustypen/{eind.uuid}",
        "datumStatusGezet": f"{dag}T10:00:00+01:00",
    }
    response = client.post(f"{Z}/statussen", status)
    assert response.status_code == 201, response.content
    return Zaak.objects.get(uuid=zaak.rsplit("/", 1)[-1])


def test_eigenschap_the_named_zaakeigenschap_is_the_brondatum(superuser_client, catalogus):
    zt = _zaaktype(catalogus, "eigenschap", datumkenmerk="besluitdatum")
    zaak = _zaak(superuser_client, zt)
    _eigenschap(superuser_client, zaak, zt, "20260401")

    gesloten = _sluit(superuser_client, zaak, zt)

    assert gesloten.startdatum_bewaartermijn == date(2026, 4, 1)
    assert gesloten.archiefactiedatum == date(2036, 4, 1)


def test_eigenschap_missing_leaves_the_archiefactiedatum_empty(superuser_client, catalogus):
    zt = _zaaktype(catalogus, "eigenschap", datumkenmerk="besluitdatum")
    gesloten = _sluit(superuser_client, _zaak(superuser_client, zt), zt)
    assert gesloten.archiefactiedatum is None and gesloten.archiefnominatie


def test_gerelateerde_zaak_the_latest_einddatum_of_the_related_zaken(superuser_client, catalogus):
    zt = _zaaktype(catalogus, "gerelateerde_zaak")
    gewoon = build.complete_zaaktype(catalogus, identificatie="GEWOON")
    gewoon.concept = False
    gewoon.save()
    eerste, tweede = _zaak(superuser_client, gewoon), _zaak(superuser_client, gewoon)
    _sluit(superuser_client, eerste, gewoon, "2026-06-10")
    relaties = [{"url": u, "aardRelatie": "onderwerp"} for u in (eerste, tweede)]
    zaak = _zaak(superuser_client, zt, relevanteAndereZaken=relaties)

    # One related zaak is still open: its einddatum is not known, so neither is the maximum.
    assert _sluit(superuser_client, zaak, zt).archiefactiedatum is None

    _sluit(superuser_client, tweede, gewoon, "2026-09-30")
    zaak = _zaak(superuser_client, zt, relevanteAndereZaken=relaties)
    gesloten = _sluit(superuser_client, zaak, zt)
    assert gesloten.startdatum_bewaartermijn == date(2026, 9, 30)
    assert gesloten.archiefactiedatum == date(2036, 9, 30)


def test_gerelateerde_zaak_of_another_gemeente_is_not_read(
    superuser_client, catalogus, other_tenant
):
    zt = _zaaktype(catalogus, "gerelateerde_zaak")
    gewoon = build.complete_zaaktype(catalogus, identificatie="GEWOON")
    gewoon.concept = False
    gewoon.save()
    ander = _zaak(superuser_client, gewoon)
    _sluit(superuser_client, ander, gewoon, "2026-06-10")
    Zaak.objects.filter(uuid=ander.rsplit("/", 1)[-1]).update(tenant=other_tenant)
    zaak = _zaak(superuser_client, zt)
    Zaak.objects.filter(uuid=zaak.rsplit("/", 1)[-1]).update(
        relevante_andere_zaken=[{"url": ander, "aard_relatie": "onderwerp"}]
    )
    assert _sluit(superuser_client, zaak, zt).archiefactiedatum is None


def test_zaakobject_the_latest_datumkenmerk_of_the_objects_of_the_type(superuser_client, catalogus):
    zt = _zaaktype(catalogus, "zaakobject", objecttype="overige", datumkenmerk="vergunningsdatum")
    zaak = _zaak(superuser_client, zt)
    for datum in ("2026-02-01", "2026-05-20"):
        body = {
            "zaak": zaak,
            "objectType": "overige",
            "objectTypeOverige": "vergunning",
            "objectIdentificatie": {"overigeData": {"vergunningsdatum": datum}},
        }
        response = superuser_client.post(f"{Z}/zaakobjecten", body)
        assert response.status_code == 201, response.content

    gesloten = _sluit(superuser_client, zaak, zt)

    assert gesloten.startdatum_bewaartermijn == date(2026, 5, 20)
    assert gesloten.archiefactiedatum == date(2036, 5, 20)


def test_zaakobject_known_only_by_its_url_leaves_the_date_open(superuser_client, catalogus):
    zt = _zaaktype(catalogus, "zaakobject", objecttype="overige", datumkenmerk="vergunningsdatum")
    zaak = _zaak(superuser_client, zt)
    body = {
        "zaak": zaak,
        "objectType": "overige",
        "objectTypeOverige": "vergunning",
        "object": "https://objecten.example.nl/api/v2/objects/1",
    }
    assert superuser_client.post(f"{Z}/zaakobjecten", body).status_code == 201
    assert _sluit(superuser_client, zaak, zt).archiefactiedatum is None


def test_a_brondatum_at_the_end_of_time_sets_no_archiefactiedatum(superuser_client, catalogus):
    # 9999-12-31 is a common "no end" placeholder; plus ten years lies past the last date there
    # is: the zaak closes, without an archiefactiedatum (it cannot be determined), not with a 500.
    zt = _zaaktype(catalogus, "eigenschap", datumkenmerk="besluitdatum")
    zaak = _zaak(superuser_client, zt)
    _eigenschap(superuser_client, zaak, zt, "99991231")

    gesloten = _sluit(superuser_client, zaak, zt)

    assert gesloten.einddatum == date(2026, 11, 25)
    assert gesloten.startdatum_bewaartermijn == date(9999, 12, 31)
    assert gesloten.archiefactiedatum is None


def test_of_several_values_of_the_eigenschap_the_latest_decides(superuser_client, catalogus):
    zt = _zaaktype(catalogus, "eigenschap", datumkenmerk="besluitdatum")
    zaak = _zaak(superuser_client, zt)
    for waarde in ("20270101", "20260101"):
        _eigenschap(superuser_client, zaak, zt, waarde)

    assert _sluit(superuser_client, zaak, zt).archiefactiedatum == date(2037, 1, 1)
