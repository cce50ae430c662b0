"""Bad input for `iwerk migreer zgw` (issue 30): a real HTTP proxy in front of the source answers
500, waits, corrupts content or data for chosen paths. In each case the message is clear, nothing
is half-imported and the next run, with the source healthy again, finishes the job."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from iwerk.catalogi.models import StatusType, ZaakType
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouw
from iwerk.documenten.models import EnkelvoudigInformatieObject, Versie
from iwerk.migratie.models import Bronobject
from iwerk.migratie.tests.zgw_hulp import BronApi, Regel, Storingsproxy, draai, kleine_wereld
from iwerk.zaken.models import Zaak, ZaakInformatieObject

pytestmark = pytest.mark.django_db


def _uuid(url: str) -> uuid.UUID:
    return uuid.UUID(url.rstrip("/").rsplit("/", 1)[-1])


def _pad(url: str) -> str:
    """The path of a source URL (the proxy serves the same paths)."""
    return "/" + url.split("/", 3)[3]


def _boek(url: str) -> Bronobject:
    return Bronobject.objects.get(bron_url__endswith=_pad(url))


@pytest.fixture
def proxy(kleine_bron):
    with Storingsproxy(kleine_bron.basis_url) as proxy:
        yield proxy


def _via(proxy: Storingsproxy, bron, gemeente, **extra):
    return draai(bron, gemeente, roots=proxy.roots(bron), **extra)


def test_a_source_answering_500_is_retried_until_it_recovers(kleine_bron, tenant, proxy):
    proxy.regels.append(Regel("/zaken/api/v1/zaken", status=500, keer=2))
    proxy.regels.append(Regel("/statussen", status=503, keer=1))

    run, uit = _via(proxy, kleine_bron, tenant)

    assert run.toestand == "klaar" and run.rapport["schoon"], uit
    assert proxy.verzoeken.count("/zaken/api/v1/zaken") == 3
    assert proxy.verzoeken.count("/zaken/api/v1/statussen") == 2
    assert Zaak.objects.count() == 2


def test_a_document_whose_source_times_out_fails_alone_and_comes_with_the_next_run(
    kleine_bron, tenant, proxy
):
    document = kleine_bron.wereld.urls["document1"]
    zaak = kleine_bron.wereld.urls["zaak1"]
    proxy.regels.append(Regel(f"{_pad(document)}/download", vertraging=1.0))

    run, uit = _via(proxy, kleine_bron, tenant, timeout=0.3)

    assert run.toestand == "klaar" and not run.rapport["schoon"], uit
    regel = _boek(document)
    assert regel.toestand == "mislukt"
    assert "geen antwoord" in regel.reden and "ook na 5 nieuwe pogingen" in regel.reden
    assert proxy.verzoeken.count(f"{_pad(document)}/download?versie=1") == 6
    assert not EnkelvoudigInformatieObject.objects.filter(uuid=_uuid(document)).exists()
    # The zaak came without the link to the missing document, and keeps its archive fields
    # for when the document is there (an archived zaak takes no documents).
    assert Zaak.objects.filter(uuid=_uuid(zaak)).exists()
    assert not ZaakInformatieObject.objects.filter(zaak__uuid=_uuid(zaak)).exists()
    assert "document niet gemigreerd" in _boek(zaak).waarschuwing
    assert f"mislukt documenten {proxy.basis_url}{_pad(document)}" in uit

    proxy.regels.clear()
    tweede, uit = _via(proxy, kleine_bron, tenant)

    assert tweede.toestand == "klaar" and tweede.rapport["schoon"], uit
    assert ZaakInformatieObject.objects.filter(zaak__uuid=_uuid(zaak)).count() == 1
    assert _boek(zaak).waarschuwing == ""


def test_a_zaaktype_iwerk_refuses_is_skipped_with_the_reason_and_so_is_all_that_needs_it(
    kleine_bron, tenant, proxy
):
    # The source serves a zaaktype that breaks the standard (a doorlooptijd that is no duration).
    proxy.regels.append(
        Regel(
            "/catalogi/api/v1/zaaktypen",
            bederf=lambda body: body.replace(b'"P8W"', b'"acht weken"'),
        )
    )

    run, uit = _via(proxy, kleine_bron, tenant)

    assert run.toestand == "klaar" and not run.rapport["schoon"], uit
    zaaktype = _boek(kleine_bron.wereld.urls["zaaktype"])
    assert zaaktype.toestand == "overgeslagen"
    assert zaaktype.reden.startswith("doorlooptijd: Ongeldige duur; gebruik ISO 8601")
    for naam in ("zaak1", "zaak2"):
        regel = _boek(kleine_bron.wereld.urls[naam])
        assert regel.toestand == "overgeslagen"
        assert regel.reden.startswith("zaaktype niet gemigreerd: ")
    besluiten = Bronobject.objects.filter(soort="besluit")
    assert {b.reden.split(":")[0] for b in besluiten} == {"zaak niet gemigreerd"}
    # Nothing of it is half in iwerk; the documents (of another type) are.
    assert not ZaakType.objects.exists() and not StatusType.objects.exists()
    assert not Zaak.objects.exists()
    assert EnkelvoudigInformatieObject.objects.count() == 2
    assert "overgeslagen zaaktypen" in uit and "zaaktype niet gemigreerd" in uit

    proxy.regels.clear()
    tweede, uit = _via(proxy, kleine_bron, tenant)

    assert tweede.toestand == "klaar" and tweede.rapport["schoon"], uit
    assert Zaak.objects.count() == 2


def test_a_uuid_iwerk_has_for_another_object_is_refused_and_that_object_left_alone(
    kleine_bron, tenant, other_tenant, proxy
):
    bron_zaak = kleine_bron.wereld.urls["zaak1"]
    zaaktype = build.complete_zaaktype(build.catalogus(other_tenant))
    ZaakType.objects.filter(pk=zaaktype.pk).update(concept=False)
    zaaktype.refresh_from_db()
    ander = zaakbouw.zaak(zaaktype, omschrijving="Van Raalte")
    Zaak.objects.filter(pk=ander.pk).update(uuid=_uuid(bron_zaak))

    run, uit = _via(proxy, kleine_bron, tenant)

    regel = _boek(bron_zaak)
    assert regel.toestand == "overgeslagen" and regel.reden.startswith("uuid-bestaat: ")
    assert regel.uuid is None
    ander.refresh_from_db()
    assert ander.omschrijving == "Van Raalte" and ander.tenant_id == other_tenant.pk
    assert Zaak.objects.filter(tenant=tenant).count() == 1  # the other zaak of the source
    assert run.toestand == "klaar" and not run.rapport["schoon"]
    assert "uuid-bestaat" in uit


@pytest.mark.parametrize(
    ("bederf", "melding"),
    [
        (lambda body: body[:-1] + bytes([body[-1] ^ 0xFF]), "SHA-256 van de inhoud is"),
        (lambda body: body[:-5], "de bron noemt bestandsomvang"),
    ],
    ids=["sha256", "omvang"],
)
def test_content_that_does_not_match_fails_the_whole_document(
    kleine_bron, tenant, proxy, bederf, melding
):
    document = kleine_bron.wereld.urls["document2"]
    proxy.regels.append(Regel(f"{_pad(document)}/download", query="versie=2", bederf=bederf))

    run, uit = _via(proxy, kleine_bron, tenant)

    regel = _boek(document)
    assert regel.toestand == "mislukt" and melding in regel.reden, regel.reden
    # Version 1 was written in the same unit: it is gone with the rest.
    assert not EnkelvoudigInformatieObject.objects.filter(uuid=_uuid(document)).exists()
    assert not Versie.objects.filter(document__uuid=_uuid(document)).exists()
    assert run.rapport["documentversies"]["afwijkend"] == []

    proxy.regels.clear()
    tweede, uit = _via(proxy, kleine_bron, tenant)

    assert tweede.rapport["schoon"], uit
    assert Versie.objects.filter(document__uuid=_uuid(document)).count() == 2


def test_a_source_that_goes_away_stops_the_run_cleanly_and_it_resumes(kleine_bron, tenant, proxy):
    proxy.regels.append(Regel("/besluiten/api/v1", status=503))

    run, uit = _via(proxy, kleine_bron, tenant)

    assert run.toestand == "gestopt", uit
    assert run.melding.startswith("De lijst besluiten van de bron kon niet gelezen")
    assert "HTTP 503, ook na 5 nieuwe pogingen" in run.melding
    assert "De run is gestopt en kan worden hervat." in run.melding
    assert Zaak.objects.count() == 2  # what came before the besluiten stays

    proxy.regels.clear()
    tweede, uit = _via(proxy, kleine_bron, tenant)

    assert tweede.toestand == "klaar" and tweede.rapport["schoon"], uit
    zaken = next(s for s in tweede.rapport["soorten"] if s["soort"] == "zaak")
    assert zaken["ongewijzigd"] == 2 and zaken["gekopieerd"] == 0


def test_objects_failing_one_after_another_stop_the_run(kleine_bron, tenant, proxy):
    # Every audit trail times out: after three objects in a row the source counts as gone.
    proxy.regels.append(Regel("/audittrail", status=502))

    run, uit = _via(proxy, kleine_bron, tenant, max_opeenvolgend=3)

    assert run.toestand == "gestopt", uit
    assert "3 objecten na elkaar niet te lezen" in run.melding
    assert Bronobject.objects.filter(soort="audittrail", toestand="mislukt").count() == 2


def test_a_client_the_source_refuses_stops_at_once_with_the_reason(kleine_bron, tenant, proxy):
    run, uit = _via(proxy, kleine_bron, tenant, secret="een-verkeerd-geheim-van-zeker-32-tekens")

    assert run.toestand == "gestopt"
    assert (
        "De lijst catalogi van de bron kon niet gelezen worden (HTTP 403: geen toegang"
        in run.melding
    )
    assert len(proxy.verzoeken) == 1  # a refusal is not retried
    assert not Bronobject.objects.exists()


def test_api_roots_the_source_does_not_use_in_its_urls_stop_before_anything_is_written(
    kleine_bron, tenant, proxy
):
    proxy.herschrijf = False  # the source names its objects with its own host, not the proxy's

    run, uit = _via(proxy, kleine_bron, tenant)

    assert run.toestand == "gestopt"
    assert run.melding.startswith(
        f"De bron noemt haar catalogi met URL's als {kleine_bron.basis_url}/"
    )
    assert "geef de API-roots zoals de bron ze zelf in haar URL's gebruikt" in run.melding
    assert not Bronobject.objects.exists()


def test_a_closed_hoofdzaak_with_an_open_deelzaak_is_copied_as_the_source_has_it(bron, tenant):
    """The standard lets a deelzaak be added to a closed hoofdzaak; iwerk (like Open Zaak) does
    not close a hoofdzaak with open deelzaken. The copier writes such a tree the way the source
    got there (the hoofdzaak with its eindstatus first) instead of skipping it."""
    api = BronApi(bron)
    wereld = kleine_wereld(api, bron.catalogus, zaken=1)
    hoofdzaak = api.get(wereld.urls["zaak1"])
    assert hoofdzaak["einddatum"]
    deelzaak = api.post(
        api.url("zaken", "zaken"),
        {
            "bronorganisatie": bron.gemeente.rsin,
            "verantwoordelijkeOrganisatie": bron.gemeente.rsin,
            "zaaktype": wereld.urls["zaaktype"],
            "startdatum": "2021-03-01",
            "omschrijving": "Deelzaak na het afsluiten",
            "hoofdzaak": hoofdzaak["url"],
        },
    )["url"]

    run, uit = draai(bron, tenant)

    assert run.toestand == "klaar" and run.rapport["schoon"], uit
    hoofd = Zaak.objects.get(uuid=_uuid(hoofdzaak["url"]))
    deel = Zaak.objects.get(uuid=_uuid(deelzaak))
    assert hoofd.einddatum == date.fromisoformat(hoofdzaak["einddatum"])
    assert deel.hoofdzaak_id == hoofd.pk and deel.einddatum is None
    regel = _boek(hoofdzaak["url"])
    assert regel.toestand == "gekopieerd"
    assert "afgesloten hoofdzaak met open deelzaken" in regel.waarschuwing
    assert "afgesloten hoofdzaak met open deelzaken" in uit
