"""Shared fixtures: two gemeenten, catalogi and JWT clients with different autorisaties."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tenant(db):
    return build.gemeente("Deventer", "deventer", "001902763")


@pytest.fixture
def other_tenant(db):
    return build.gemeente("Raalte", "raalte", "001654937")


@pytest.fixture
def catalogus(tenant):
    return build.catalogus(tenant)


@pytest.fixture
def other_catalogus(other_tenant):
    return build.catalogus(other_tenant)


@pytest.fixture
def superuser_client(db):
    """heeftAlleAutorisaties: the shared organisation's own tools."""
    return register_client("alles", alle=True)


@pytest.fixture
def tenant_client(tenant):
    """A client of Deventer with every catalogi scope and the gemeente linked."""
    return register_client(
        "deventer-app",
        autorisaties=[{"component": "ztc", "scopes": ["catalogi.lezen", "catalogi.schrijven"]}],
        gemeenten=[tenant],
    )
