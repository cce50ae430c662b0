"""The start page speaks to people, not in setting names (issue 23)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_demo_notice_about_the_virus_scanner_names_no_setting(settings):
    settings.DEMO_MODE = True
    settings.IWERK_CLAMAV = ""
    page = Client().get("/").content.decode()
    assert 'id="zonder-virusscan"' in page
    assert "bestanden die u uploadt, worden niet op virussen gecontroleerd" in page
    assert "IWERK_CLAMAV" not in page
