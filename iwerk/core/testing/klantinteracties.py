"""A client of the Klantinteracties API with the API's own `Authorization: Token …`."""

from __future__ import annotations

from iwerk.autorisaties.models import Applicatie
from iwerk.core.models import Gemeente
from iwerk.core.testing.api import ApiClient

BASE = "http://testserver/klantinteracties/api/v1"


class TokenClient(ApiClient):
    def __init__(self, token: str) -> None:
        super().__init__("", "")
        self.token = token

    def _headers(self, extra: dict | None = None) -> dict:
        headers = {"HTTP_AUTHORIZATION": f"Token {self.token}"}
        headers.update(extra or {})
        return headers


def ki_client(
    gemeente: Gemeente,
    *,
    scopes: list[str] | None = None,
    max_vertrouwelijkheidaanduiding: str = "geheim",
    label: str = "KCC-applicatie",
) -> TokenClient:
    """An applicatie with a Toegang to the gemeente's register and a token for it."""
    from iwerk.klantinteracties.services.toegang import toegang_geven, token_uitgeven

    applicatie = Applicatie.objects.create(label=f"{label} {gemeente.naam}")
    toegang = toegang_geven(
        applicatie,
        gemeente,
        scopes=scopes,
        max_vertrouwelijkheidaanduiding=max_vertrouwelijkheidaanduiding,
    )
    return TokenClient(token_uitgeven(toegang, "test"))
