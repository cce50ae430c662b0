"""A JWT-authenticated test client for the ZGW APIs."""

from __future__ import annotations

import time
from typing import Any

import jwt
import orjson
from django.test import Client

from iwerk.autorisaties.models import Applicatie, ApplicatieClient, Autorisatie, JWTSecret


def make_token(client_id: str, secret: str, *, iat: float | None = None, **claims: Any) -> str:
    payload = {
        "iss": client_id,
        "client_id": client_id,
        "iat": int(time.time() if iat is None else iat),
        "user_id": "tester",
        "user_representation": "Test Gebruiker",
        **claims,
    }
    return jwt.encode(payload, secret, algorithm="HS256")


class ApiClient:
    """Wraps Django's test Client: JSON bodies, JWT header, absolute-URL helpers."""

    def __init__(self, client_id: str, secret: str) -> None:
        self.client_id = client_id
        self.secret = secret
        self.http = Client()

    def _headers(self, extra: dict | None = None) -> dict:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {make_token(self.client_id, self.secret)}"}
        headers.update(extra or {})
        return headers

    def get(self, path: str, data: dict | None = None, **extra):
        return self.http.get(path, data or {}, **self._headers(extra))

    def head(self, path: str, **extra):
        return self.http.head(path, **self._headers(extra))

    def post(self, path: str, body: Any = None, **extra):
        return self.http.post(
            path,
            orjson.dumps(body if body is not None else {}),
            content_type="application/json",
            **self._headers(extra),
        )

    def put(self, path: str, body: Any, **extra):
        return self.http.put(
            path, orjson.dumps(body), content_type="application/json", **self._headers(extra)
        )

    def patch(self, path: str, body: Any, **extra):
        return self.http.patch(
            path, orjson.dumps(body), content_type="application/json", **self._headers(extra)
        )

    def put_multipart(self, path: str, data: dict, **extra):
        """A multipart/form-data PUT (bestandsdelen); file values are (name, bytes) pairs."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

        fields = {
            key: SimpleUploadedFile(value[0], value[1]) if isinstance(value, tuple) else value
            for key, value in data.items()
        }
        return self.http.put(
            path,
            encode_multipart(BOUNDARY, fields),
            content_type=MULTIPART_CONTENT,
            **self._headers(extra),
        )

    def delete(self, path: str, **extra):
        return self.http.delete(path, **self._headers(extra))


def register_client(
    client_id: str,
    *,
    alle: bool = False,
    autorisaties: list[dict] | None = None,
    gemeenten: list | None = None,
    secret: str = "test-secret-of-at-least-32-bytes-long",
) -> ApiClient:
    """Create an applicatie with the given autorisaties directly in the database."""
    JWTSecret.objects.update_or_create(client_id=client_id, defaults={"secret": secret})
    applicatie = Applicatie.objects.create(label=f"Test {client_id}", heeft_alle_autorisaties=alle)
    ApplicatieClient.objects.create(applicatie=applicatie, client_id=client_id)
    for spec in autorisaties or []:
        Autorisatie.objects.create(applicatie=applicatie, **spec)
    if gemeenten:
        applicatie.gemeenten.set(gemeenten)
    from iwerk.autorisaties.signals import bump_generation

    bump_generation()
    return ApiClient(client_id, secret)
