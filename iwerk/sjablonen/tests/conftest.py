from __future__ import annotations

import pytest

from iwerk.sjablonen.tests import wereld


@pytest.fixture
def briefwereld(gemeenten, werkplek_settings) -> wereld.Briefwereld:
    return wereld.maak(gemeenten)
