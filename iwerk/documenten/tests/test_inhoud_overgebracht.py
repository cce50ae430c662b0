"""Content removed after a transfer to the e-Depot (ADR 0047): the Documenten API download says it
is gone to the archive repository (410, code `inhoud-overgebracht`, as the OAS documents), a
version that never had content stays 404, and a list of versions tells removed content apart
in one query."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.archief.models import Archiefinstelling
from iwerk.archief.services.overbrenging import bevestig_ontvangst, maak_overbrenging
from iwerk.catalogi.models import InformatieObjectType, ZaakType
from iwerk.core.models import Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.core.testing.api import register_client
from iwerk.core.testing.archief import afgesloten_zaak
from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.core.testing.documenten import document_body
from iwerk.core.testing.medewerkers import medewerker
from iwerk.documenten import selectors
from iwerk.documenten.models import EnkelvoudigInformatieObject, Versie
from iwerk.documenten.services.archivering import inhoud_verwijderd, inhoud_verwijderd_van
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Zaak, ZaakInformatieObject

pytestmark = pytest.mark.django_db

EIO = "/documenten/api/v1/enkelvoudiginformatieobjecten"


def overbrengen(gemeente: Gemeente, records_manager: User) -> None:
    """Transfer the gemeente's zaken due today to the e-Depot through the real services, with
    the gemeente's setting `inhoud_verwijderen_na_overdracht` on: the package is made and its
    receipt confirmed, so the content of every version of their documents is removed."""
    Archiefinstelling.objects.update_or_create(
        gemeente=gemeente, defaults={"inhoud_verwijderen_na_overdracht": True}
    )
    overbrenging = maak_overbrenging(
        gebruiker=records_manager, gemeente=gemeente, peildatum=timezone.localdate()
    )
    bevestig_ontvangst(
        gebruiker=records_manager, overbrenging=overbrenging, ontvangstbewijs="E-DEPOT-2026/17"
    )


def overgebrachte_zaak(
    gemeente: Gemeente, zaaktype: ZaakType, records_manager: User, **kwargs
) -> Zaak:
    """A closed zaak to keep permanently (iwerk.core.testing.archief.afgesloten_zaak), then
    transferred with its documents' content removed (overbrengen)."""
    zaak = afgesloten_zaak(zaaktype, archiefnominatie="blijvend_bewaren", **kwargs)
    overbrengen(gemeente, records_manager)
    zaak.refresh_from_db()
    return zaak


def documenten_van(zaak: Zaak) -> list[EnkelvoudigInformatieObject]:
    return [
        zio.informatieobject
        for zio in ZaakInformatieObject.objects.filter(zaak=zaak)
        .select_related("informatieobject")
        .order_by("pk")
    ]


@pytest.fixture
def wereld(gemeenten, werkplek_settings):
    deventer = gemeenten["deventer"]
    kap = build.gepubliceerd_zaaktype(build.catalogus(deventer), "KAP")
    div = medewerker(deventer, "div", Rol.div_medewerker)
    zaak = overgebrachte_zaak(deventer, kap, div, documenten=2)
    assert zaak.archiefstatus == "overgedragen"
    return SimpleNamespace(gemeente=deventer, kap=kap, zaak=zaak, documenten=documenten_van(zaak))


def test_download_of_transferred_content_answers_410_gone_naming_the_archive_repository(wereld):
    api = ConformanceRecorder(
        register_client("alles", alle=True), "iwerk.documenten", "/documenten/api/v1"
    )
    document = wereld.documenten[0]
    assert document.versie == 2  # v1 as uploaded, v2 the status `gearchiveerd`

    for query in ("", "?versie=1", "?versie=2"):
        response = api.get(f"{EIO}/{document.uuid}/download{query}")

        assert response.status_code == 410, query
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == 410 and problem["code"] == "inhoud-overgebracht"
        assert "archiefbewaarplaats (e-Depot)" in problem["detail"]
        assert document.identificatie in problem["detail"]
    assert api.violations == [] and api.server_errors == []
    # The metadata stays readable; the version no longer offers a download.
    gegevens = api.get(f"{EIO}/{document.uuid}").json()
    assert gegevens["inhoud"] is None and gegevens["bestandsomvang"] > 0
    assert gegevens["status"] == "gearchiveerd"


def test_a_version_that_never_had_content_is_still_not_found(wereld):
    iot = InformatieObjectType.objects.get(
        catalogus__tenant=wereld.gemeente, omschrijving="Aanvraag"
    )
    api = register_client("alles", alle=True)
    body = document_body(iot)
    for veld in ("inhoud", "bestandsomvang"):
        body.pop(veld, None)
    created = api.post(EIO, body)
    assert created.status_code == 201, created.content

    response = api.get(f"{created.json()['url']}/download")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "(nog) geen inhoud" in response.json()["detail"]


def test_removed_content_of_every_version_is_told_apart_in_one_query(wereld):
    blijft = zaakbouwer.zaak(wereld.kap)  # open: not transferred, its content stays
    zaakbouwer.zaakdocument(blijft, titel="Nog in behandeling")
    documenten = [*wereld.documenten, *documenten_van(blijft)]

    with CaptureQueriesContext(connection) as queries:
        versies = selectors.versies_per_document(documenten)
        verwijderd = inhoud_verwijderd_van(v for lijst in versies.values() for v in lijst)

    assert len(queries) == 1
    overgebracht = {d.pk for d in wereld.documenten}
    for document in documenten:
        nummers = [v.versie for v in versies[document.pk]]
        assert nummers == sorted(nummers, reverse=True)  # newest first
        for versie in versies[document.pk]:
            assert (versie.pk in verwijderd) == (document.pk in overgebracht)
    assert verwijderd == {
        v.pk for v in Versie.objects.filter(document__in=documenten) if inhoud_verwijderd(v)
    }
    assert len(verwijderd) == 4  # two documents, two versions each
