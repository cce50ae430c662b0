"""Fixtures of the signals' tests (the world itself: hulp.py)."""

from __future__ import annotations

import pytest

from iwerk.signaleringen.tests.hulp import Wereld, maak_wereld


@pytest.fixture
def wereld(gemeenten, werkplek_settings) -> Wereld:
    return maak_wereld(gemeenten)
