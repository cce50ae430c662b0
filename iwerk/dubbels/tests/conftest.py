"""The doubles' own tests ask them over real HTTP (tests/vragen.py)."""

from __future__ import annotations

import pytest

from iwerk.dubbels.tests.vragen import Vrager


@pytest.fixture
def vraag(registerdubbels):
    return Vrager(registerdubbels)
