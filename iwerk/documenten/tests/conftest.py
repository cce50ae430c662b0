"""Documenten tests write content to a per-test storage folder."""

from __future__ import annotations

import pytest

from iwerk.core.testing import catalogus as build


@pytest.fixture(autouse=True)
def _documenten_in_a_test_folder(document_storage):
    """Every test here stores content in its own folder (root conftest's document_storage)."""
    return document_storage


@pytest.fixture
def iot(catalogus):
    return build.informatieobjecttype(catalogus, "Aanvraag")
