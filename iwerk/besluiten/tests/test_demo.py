"""The demo dossiers (documents and besluiten) obey the registers' rules."""

from datetime import date

import pytest

from iwerk.besluiten.demo import load_dossiers
from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.catalogi.demo import load_catalogus
from iwerk.documenten.models import EnkelvoudigInformatieObject, ObjectInformatieObject
from iwerk.zaken.demo import load_zaken
from iwerk.zaken.models import Zaak, ZaakBesluit, ZaakInformatieObject
from iwerk.zaken.services.informatieobject import documents_blocking_close

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]


def test_demo_dossiers_are_consistent(tenant, superuser_client):
    load_catalogus(tenant, "http://testserver")
    load_zaken(tenant, per_zaaktype=5, today=date(2026, 11, 1))
    documenten, besluiten = load_dossiers(tenant)
    assert documenten > 40 and besluiten > 0
    assert load_dossiers(tenant) == (0, 0)  # idempotent
    # Every ZIO and BIO has its mirror, and nothing else is mirrored.
    assert ObjectInformatieObject.objects.count() == (
        ZaakInformatieObject.objects.count() + BesluitInformatieObject.objects.count()
    )
    # Closed zaken could be closed by the rules: no document with unknown gebruiksrecht.
    for zaak in Zaak.objects.filter(einddatum__isnull=False):
        assert documents_blocking_close(zaak) == []
    assert ZaakBesluit.objects.count() == Besluit.objects.count() == besluiten
    for besluit in Besluit.objects.select_related("zaak__zaaktype", "besluittype"):
        assert besluit.besluittype.omschrijving in besluit.zaak.zaaktype.besluittype_omschrijvingen
    # The content is really there, and served through the API.
    document = EnkelvoudigInformatieObject.objects.first()
    response = superuser_client.get(
        f"/documenten/api/v1/enkelvoudiginformatieobjecten/{document.uuid}/download"
    )
    assert tenant.naam.encode() in b"".join(response.streaming_content)
