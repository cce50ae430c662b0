"""Migration writes in the Documenten services (ADR 0063): a document keeps the source's uuid,
each version its beginRegistratie, its gebruiksrechten their uuid; only inside `migratie()`."""

from __future__ import annotations

import uuid as uuidlib
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from iwerk.core.migratie import migratie
from iwerk.core.testing.zaken import ALLES
from iwerk.documenten import services
from iwerk.documenten.models import Gebruiksrecht, Versie

pytestmark = pytest.mark.django_db
EERSTE = datetime(2019, 3, 4, 10, 0, tzinfo=UTC)
TWEEDE = datetime(2019, 5, 1, 10, 0, tzinfo=UTC)


def _invoer(iot, inhoud: bytes, **extra) -> services.Invoer:
    gegevens = {
        "bronorganisatie": iot.tenant.rsin,
        "identificatie": "DOC-OUD-1",
        "titel": "Aanvraag",
        "auteur": "M. Moulin",
        "creatiedatum": "2019-03-04",
        "taal": "dut",
    }
    return services.Invoer(informatieobjecttype=iot, gegevens=gegevens, inhoud=inhoud, **extra)


def test_a_migrated_document_keeps_its_uuid_and_every_versions_begin_registratie(iot):
    gegeven = uuidlib.uuid4()
    with migratie():
        document, _ = services.create_document(
            actor=ALLES, invoer=_invoer(iot, b"een", uuid=gegeven, begin_registratie=EERSTE)
        )
        lock = services.lock_document(actor=ALLES, document=document)
        document.refresh_from_db()
        services.update_document(
            actor=ALLES,
            document=document,
            lock=lock,
            invoer=_invoer(iot, b"twee", uuid=uuidlib.uuid4(), begin_registratie=TWEEDE),
        )
        recht = services.save_part(
            actor=ALLES,
            document=document,
            obj=Gebruiksrecht(),
            fields={"startdatum": EERSTE, "omschrijving_voorwaarden": "Geen"},
            uuid=(recht_uuid := uuidlib.uuid4()),
        )
    document.refresh_from_db()
    assert document.uuid == gegeven  # an update never moves the uuid
    assert list(
        Versie.objects.filter(document=document)
        .order_by("versie")
        .values_list("versie", "begin_registratie")
    ) == [(1, EERSTE), (2, TWEEDE)]
    assert recht.uuid == recht_uuid


def test_outside_a_migration_the_uuid_and_begin_registratie_are_the_registers(iot):
    gegeven = uuidlib.uuid4()
    voor = timezone.now()
    document, _ = services.create_document(
        actor=ALLES, invoer=_invoer(iot, b"een", uuid=gegeven, begin_registratie=EERSTE)
    )
    assert document.uuid != gegeven
    assert document.huidige_versie.begin_registratie >= voor
