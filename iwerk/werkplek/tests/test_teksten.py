"""Counts read as Dutch ("1 zaak", "2 zaken"), never "zaak/zaken" or "document(en)"."""

from __future__ import annotations

import re
from datetime import UTC

import pytest

from iwerk.core.testing.medewerkers import sign_in
from iwerk.core.weergave import aantal, datum, ja_nee, moment
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.zaken.models import Zaak, ZaakInformatieObject

pytestmark = pytest.mark.django_db
SCHUINE_STREEP = re.compile(r"zaak/zaken|\w\((en|s)\)")


def _open_zaken(gemeente, n: int, **filters) -> list[Zaak]:
    return list(
        Zaak.objects.filter(
            tenant=gemeente,
            einddatum__isnull=True,
            vertrouwelijkheidaanduiding__in=["openbaar", "intern", "zaakvertrouwelijk"],
            **filters,
        )
        .distinct()
        .order_by("pk")[:n]
    )


def _melding(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_bulk_assignment_counts_zaken_in_dutch(werkvoorraad):
    client = sign_in("pjansen")  # a teamleider assigns any zaak to anyone
    een, twee, drie = _open_zaken(werkvoorraad.gemeenten["deventer"], 3)
    page = _melding(
        client.post(
            "/werkplek/toewijzen/", {"medewerker": "jdevries", "zaak": [str(een.uuid)]}, follow=True
        )
    )
    assert "1 zaak toegewezen aan Jan de Vries." in page
    page = _melding(
        client.post(
            "/werkplek/toewijzen/",
            {"medewerker": "jdevries", "zaak": [str(twee.uuid), str(drie.uuid)]},
            follow=True,
        )
    )
    assert "2 zaken toegewezen aan Jan de Vries." in page
    assert not SCHUINE_STREEP.search(page)


def test_search_and_hidden_documents_count_in_dutch(werkvoorraad):
    client = sign_in("jdevries")
    (zaak,) = _open_zaken(
        werkvoorraad.gemeenten["deventer"],
        1,
        zaakinformatieobjecten__isnull=False,
    )
    page = _melding(client.get(f"/werkplek/zoeken/?q={zaak.identificatie}"))
    assert "1 zaak gevonden" in page and not SCHUINE_STREEP.search(page)

    document = ZaakInformatieObject.objects.filter(zaak=zaak).values("informatieobject_id")[:1]
    EnkelvoudigInformatieObject.objects.filter(pk__in=document).update(
        vertrouwelijkheidaanduiding="geheim"
    )
    page = _melding(client.get(f"/werkplek/zaken/{zaak.uuid}/"))
    assert "1 document valt boven uw vertrouwelijkheidsniveau en wordt niet getoond." in page, page
    assert not SCHUINE_STREEP.search(page)


def test_values_read_as_dutch():
    from datetime import date, datetime

    assert aantal(1, "zaak", "zaken") == "1 zaak" and aantal(0, "zaak", "zaken") == "0 zaken"
    assert datum(date(2026, 12, 5)) == "5 december 2026"
    # 13:03 UTC is 14:03 in Deventer in winter.
    assert moment(datetime(2026, 12, 5, 13, 3, tzinfo=UTC)) == "5 december 2026 om 14:03"
    assert ja_nee(True) == "Ja" and ja_nee(False) == "Nee" and ja_nee(None) == "—"


def test_the_audit_viewer_describes_changes_in_words(werkvoorraad):
    from iwerk.core.models import Gemeente

    teamleider = sign_in("pjansen")
    (zaak,) = _open_zaken(werkvoorraad.gemeenten["deventer"], 1)
    teamleider.post("/werkplek/toewijzen/", {"medewerker": "jdevries", "zaak": [str(zaak.uuid)]})
    fg = sign_in("fg")
    if fg.get("/werkplek/").status_code == 302:  # the FG works for all three gemeenten
        fg.post("/werkplek/gemeente/", {"gemeente": Gemeente.objects.get(slug="deventer").pk})
    page = _melding(fg.get(f"/werkplek/audit/?zaak={zaak.identificatie}&soort=wijzigingen"))
    assert "Betrokkene toegevoegd: Behandelaar, J. de Vries" in page, page[-2000:]
    assert f"Zaak {zaak.identificatie}" in page
    assert not re.search(r"\(\d+: \d+\)|\d+: medewerker|Object aangemaakt|\b1 schakels", page)
