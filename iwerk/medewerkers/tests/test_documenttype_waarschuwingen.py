"""The catalogue check of issue 23.1: a zaaktype's document types against its behandelaars' roles.

A document type whose default vertrouwelijkheid is above what a behandelaar of the zaaktype may
see hides those documents from them ("vallen boven uw vertrouwelijkheidsniveau"). Beheer gets a
warning (never a refusal, ADR 0024) on the zaaktype page, after publishing and in the export.
"""

from __future__ import annotations

import io
import zipfile

import orjson
import pytest

from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.catalogi.models import InformatieObjectType, ZaakType
from iwerk.catalogi.selectors.export import export_catalogus
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.beheer import verified_client
from iwerk.medewerkers.demo import ZONDER_DEMOZAKEN
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.selectors import documenttype_waarschuwingen

pytestmark = pytest.mark.django_db

RAALTE_AANVRAAG_VERTROUWELIJK = (
    "Documenttype ‘Aanvraag parkeervergunning’ is standaard vertrouwelijk; 2 van de 3 "
    "behandelaars van dit zaaktype in Raalte kunnen deze documenten niet openen: Ahmed van "
    "den Berg (tot en met zaakvertrouwelijk) en Ruud Meijer (tot en met zaakvertrouwelijk)."
)


def _iot(gemeente, omschrijving: str) -> InformatieObjectType:
    return InformatieObjectType.objects.get(tenant=gemeente, omschrijving=omschrijving)


def _zaaktype(gemeente, identificatie: str) -> ZaakType:
    return ZaakType.objects.get(tenant=gemeente, identificatie=identificatie)


def test_demo_catalogue_gives_no_warning_for_any_zaaktype(demo, django_assert_num_queries):
    ids = list(ZaakType.objects.values_list("pk", flat=True))
    assert len(ids) == 3 * 8
    with django_assert_num_queries(4):  # zaaktypen, their ziots, informatieobjecttypen, roles
        assert documenttype_waarschuwingen(ids) == {pk: [] for pk in ids}
    # Every beheer warning, the completeness checks of catalogi included.
    assert catalogi_selectors.zaaktypen_waarschuwingen(ids) == {pk: [] for pk in ids}


@pytest.fixture
def catalogi(demo_staf):
    """The demo's staff and, of the demo catalogue, what these tests look at: Parkeervergunning
    in Olst-Wijhe and Raalte with their document types, and Olst-Wijhe's vertrouwelijke Wmo.
    The texts below count and name the behandelaars of the staff as it was before the second
    teamleiders of issue 29 (demo.ZONDER_DEMOZAKEN), who take no part here."""
    Roltoewijzing.objects.filter(gebruiker__username__in=ZONDER_DEMOZAKEN).delete()
    for slug, documenttypen in (
        ("olst-wijhe", ("Aanvraag parkeervergunning", "Kentekenbewijs")),
        ("raalte", ("Aanvraag parkeervergunning", "Kentekenbewijs")),
    ):
        cat = build.catalogus(demo_staf[slug])
        build.gepubliceerd_zaaktype(
            cat, "PARKEERVERGUNNING", documenttypen=documenttypen, besluittypen=()
        )
        if slug == "olst-wijhe":
            build.gepubliceerd_zaaktype(
                cat, "WMO-MAATWERK", vertrouwelijkheid="vertrouwelijk", documenttypen=("Aanvraag",)
            )
    return demo_staf


def test_a_vertrouwelijk_document_type_above_zaakvertrouwelijk_behandelaars_is_warned(catalogi):
    raalte = catalogi["raalte"]
    InformatieObjectType.objects.filter(pk=_iot(raalte, "Aanvraag parkeervergunning").pk).update(
        vertrouwelijkheidaanduiding="vertrouwelijk"
    )
    parkeren = _zaaktype(raalte, "PARKEERVERGUNNING")

    (waarschuwing,) = catalogi_selectors.zaaktype_waarschuwingen(parkeren)

    assert waarschuwing.code == "documenttype-boven-behandelaars"
    assert waarschuwing.tekst == RAALTE_AANVRAAG_VERTROUWELIJK
    # Lotte Smit (teamleider, up to geheim) opens them; the other gemeenten are untouched.
    others = ZaakType.objects.exclude(pk=parkeren.pk).values_list("pk", flat=True)
    assert not any(catalogi_selectors.zaaktypen_waarschuwingen(others).values())


def test_no_behandelaar_at_the_level_is_named_as_none_of_them(catalogi):
    olst = catalogi["olst-wijhe"]
    InformatieObjectType.objects.filter(pk=_iot(olst, "Kentekenbewijs").pk).update(
        vertrouwelijkheidaanduiding="zeer_geheim"
    )
    (waarschuwing,) = documenttype_waarschuwingen([_zaaktype(olst, "PARKEERVERGUNNING").pk])[
        _zaaktype(olst, "PARKEERVERGUNNING").pk
    ]
    assert waarschuwing.tekst == (
        "Documenttype ‘Kentekenbewijs’ is standaard zeer geheim; geen van de 3 behandelaars van "
        "dit zaaktype in Olst-Wijhe kan deze documenten openen: Ahmed van den Berg (tot en met "
        "zaakvertrouwelijk), Karin Visser (tot en met zaakvertrouwelijk) en Wendy Dijkstra (tot "
        "en met geheim)."
    )


def test_a_zaaktype_nobody_in_a_handling_role_may_open_is_named(catalogi):
    """Olst-Wijhe's Wmo zaken had no behandelaar who could open them (before its teamleider)."""
    olst = catalogi["olst-wijhe"]
    Roltoewijzing.objects.filter(gemeente=olst, gebruiker__username="wdijkstra").update(
        max_vertrouwelijkheidaanduiding="zaakvertrouwelijk"
    )
    wmo = ZaakType.objects.filter(tenant=olst, vertrouwelijkheidaanduiding="vertrouwelijk").first()
    warnings = documenttype_waarschuwingen([wmo.pk])[wmo.pk]
    assert [w.code for w in warnings] == ["zaaktype-zonder-behandelaars"]
    assert warnings[0].tekst == (
        "Geen behandelaar of teamleider in Olst-Wijhe mag zaken van dit zaaktype zien "
        "(standaard vertrouwelijk): geef iemand een behandelrol tot en met vertrouwelijk."
    )


def test_the_beheer_page_and_the_export_show_the_warning(catalogi, client, django_user_model):
    raalte = catalogi["raalte"]
    InformatieObjectType.objects.filter(pk=_iot(raalte, "Aanvraag parkeervergunning").pk).update(
        vertrouwelijkheidaanduiding="vertrouwelijk"
    )
    parkeren = _zaaktype(raalte, "PARKEERVERGUNNING")
    beheerder = verified_client(
        client,
        django_user_model.objects.create_superuser("beheer", "b@example.nl", "lang-wachtwoord-26"),
    )

    page = beheerder.get(f"/admin/catalogi/zaaktype/{parkeren.pk}/change/").content.decode()
    assert "2 van de 3 behandelaars van dit zaaktype in Raalte kunnen deze documenten" in page

    with zipfile.ZipFile(io.BytesIO(export_catalogus(parkeren.catalogus))) as archive:
        manifest = orjson.loads(archive.read("manifest.json"))
    assert [(w["identificatie"], w["tekst"]) for w in manifest["waarschuwingen"]] == [
        ("PARKEERVERGUNNING", RAALTE_AANVRAAG_VERTROUWELIJK)
    ]


def test_one_behandelaar_below_and_long_lists_read_as_dutch():
    from iwerk.medewerkers.selectors import _tekst

    assert _tekst("Foto", "intern", "Deventer", 3, [("Jan de Vries", 1)]) == (
        "Documenttype ‘Foto’ is standaard intern; 1 van de 3 behandelaars van dit zaaktype in "
        "Deventer kan deze documenten niet openen: Jan de Vries (tot en met beperkt openbaar)."
    )
    veel = [(f"Medewerker {i}", 3) for i in range(8)]
    assert _tekst("Foto", "geheim", "Deventer", 9, veel).endswith(
        ": Medewerker 0 (tot en met zaakvertrouwelijk), Medewerker 1 (tot en met "
        "zaakvertrouwelijk), Medewerker 2 (tot en met zaakvertrouwelijk), Medewerker 3 (tot en "
        "met zaakvertrouwelijk) en 4 anderen."
    )
