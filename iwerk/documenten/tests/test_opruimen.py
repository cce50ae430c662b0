"""Released content stays for the grace period (a running backup still finds it), then goes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from iwerk.documenten import content
from iwerk.documenten.models import VervallenInhoud

pytestmark = pytest.mark.django_db


def _stored(name: str) -> str:
    return content.storage().save(name, ContentFile(b"inhoud"))


def test_released_content_is_removed_only_after_the_grace_period(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documenten": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    settings.IWERK_DOCUMENT_OPRUIMEN_NA = 3600
    oud, nieuw = _stored("inhoud/aa/bb/oud"), _stored("inhoud/cc/dd/nieuw")
    content.release(oud, "", oud)  # empty names (no content) are skipped, doubles once
    content.release(nieuw)
    assert VervallenInhoud.objects.count() == 2

    assert content.remove_released() == 0  # within the grace period: both stay
    assert content.storage().exists(oud) and content.storage().exists(nieuw)

    VervallenInhoud.objects.filter(naam=oud).update(
        verwijderen_na=timezone.now() - timedelta(seconds=1)
    )
    assert content.remove_released() == 1
    assert not content.storage().exists(oud)
    assert content.storage().exists(nieuw)
    assert list(VervallenInhoud.objects.values_list("naam", flat=True)) == [nieuw]
