"""Map tiles from this server itself (a tile set among the static files): a map that works
offline, allowed by the page's CSP as 'self' and by no outside host."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from iwerk.core.kaart import tegelbron


def test_a_tile_path_on_this_server_is_self():
    assert tegelbron("/static/tegels/{z}/{x}/{y}.png") == "'self'"


@pytest.mark.parametrize(
    "url", ["/static/tegels/kaart.png", "//tegels.example.org/{z}/{x}/{y}.png"]
)
def test_a_tile_path_without_placeholders_or_without_scheme_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        tegelbron(url)
