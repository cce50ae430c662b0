"""Cache generations: one read per request, and a request sees its own bump."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core import generations

pytestmark = pytest.mark.django_db


def test_a_request_reads_every_generation_once_and_sees_its_own_bump():
    generations.bump("zaken")
    generations.bump("catalogi")
    with generations.per_request():
        with CaptureQueriesContext(connection) as queries:
            assert generations.current("zaken") == 1
            assert generations.current("catalogi") == 1
            assert generations.current("nooit-gebumpt") == 0
        assert len(queries) == 1
        generations.bump("zaken")
        assert generations.bumped_here("zaken") and not generations.bumped_here("catalogi")
        assert generations.current("zaken") == 2  # read again: the snapshot predates the bump
        assert generations.current("catalogi") == 1
    assert not generations.in_request()
    with CaptureQueriesContext(connection) as queries:
        assert generations.current("zaken") == 2
        assert generations.current("zaken") == 2
    assert len(queries) == 2  # outside a request nothing is remembered


def test_a_later_request_sees_a_change_committed_after_the_earlier_one():
    with generations.per_request():
        assert generations.current("documenten") == 0
    generations.bump("documenten")  # e.g. another process
    with generations.per_request():
        assert generations.current("documenten") == 1
