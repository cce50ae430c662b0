"""The three gemeenten with their gemeentecodes and the demo's purposes, and a bevraging in the
context of a zaak of one of them. The registers are the test doubles (`registerdubbels`)."""

from __future__ import annotations

import pytest

from iwerk.core.models import Gemeente
from iwerk.demo.basisregistraties import load_doelbindingen

GEMEENTECODES = {"deventer": "0150", "olst-wijhe": "0175", "raalte": "0177"}


@pytest.fixture
def regio(gemeenten):
    """Deventer, Olst-Wijhe and Raalte with their CBS codes and the demo's doelbindingen."""
    for slug, code in GEMEENTECODES.items():
        Gemeente.objects.filter(pk=gemeenten[slug].pk).update(gemeentecode=code)
        gemeenten[slug].gemeentecode = code
    load_doelbindingen(list(gemeenten.values()))
    return gemeenten
