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


def test_staging_files_left_by_an_interrupted_merge_are_removed_after_their_age(settings, tmp_path):
    """Issue 22.11: a server killed while merging bestandsdelen never reaches store()'s cleanup;
    the worker removes staging files not written to for IWERK_STAGING_OPRUIMEN_NA."""
    import os
    import time

    from iwerk.core import periodiek

    settings.STORAGES = {
        **settings.STORAGES,
        "documenten": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    settings.IWERK_STAGING_OPRUIMEN_NA = 3600
    staging = tmp_path / "staging"
    staging.mkdir()
    achtergelaten = staging / "tmp-afgebroken-samenvoeging"  # a merge killed two hours ago
    achtergelaten.write_bytes(b"half")
    twee_uur_geleden = time.time() - 7200
    os.utime(achtergelaten, (twee_uur_geleden, twee_uur_geleden))
    bezig = staging / "tmp-lopende-upload"  # being written right now
    bezig.write_bytes(b"deel")
    opgeslagen = _stored("inhoud/aa/bb/blijft")
    os.utime(content.storage().path(opgeslagen), (twee_uur_geleden, twee_uur_geleden))

    assert content.remove_staging() == 1
    assert not achtergelaten.exists() and bezig.exists()
    assert content.storage().exists(opgeslagen)  # only staging is looked at
    # The worker runs it as one of its periodic jobs.
    assert periodiek._JOBS["documenten-staging-opruimen"][1] is content.remove_staging
