"""Found by the fuzzer: an abonnement's auth value that cannot be an HTTP header answered 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("auth", ["Bearer Ā-niet-latin1", "Bearer x\r\nX-Injectie: ja"])
def test_an_auth_value_that_is_no_header_is_refused_with_400(superuser_client, auth):
    response = superuser_client.post(
        "/notificaties/api/v1/abonnement",
        {
            "callbackUrl": "http://127.0.0.1:9/callback",
            "auth": auth,
            "kanalen": [{"naam": "zaken", "filters": {}}],
        },
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "auth"
