"""Fixtures of the zaken tests."""

from __future__ import annotations

import pytest

from iwerk.zaken.services import zaaknummers


@pytest.fixture(autouse=True)
def _no_blocks_of_earlier_tests():
    """Every test starts as a fresh process: no zaaknummers claimed in another test's database."""
    zaaknummers.forget_blocks()
    yield
    zaaknummers.forget_blocks()
