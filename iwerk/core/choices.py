"""Enumerations shared by several ZGW registers, with the spec's literal values."""

from django.db import models


class Vertrouwelijkheidaanduiding(models.TextChoices):
    openbaar = "openbaar", "Openbaar"
    beperkt_openbaar = "beperkt_openbaar", "Beperkt openbaar"
    intern = "intern", "Intern"
    zaakvertrouwelijk = "zaakvertrouwelijk", "Zaakvertrouwelijk"
    vertrouwelijk = "vertrouwelijk", "Vertrouwelijk"
    confidentieel = "confidentieel", "Confidentieel"
    geheim = "geheim", "Geheim"
    zeer_geheim = "zeer_geheim", "Zeer geheim"


# Ordered from least to most confidential (ZGW: "maximaal toegelaten ... (inclusief)").
VERTROUWELIJKHEID_ORDER: dict[str, int] = {
    value: rank for rank, value in enumerate(Vertrouwelijkheidaanduiding.values)
}


def vertrouwelijkheid_rank(value: str) -> int:
    return VERTROUWELIJKHEID_ORDER[value]


def vertrouwelijkheden_up_to(maximum: str) -> list[str]:
    """Every aanduiding at or below maximum, for an IN filter that can use an index."""
    limit = VERTROUWELIJKHEID_ORDER[maximum]
    return [value for value, rank in VERTROUWELIJKHEID_ORDER.items() if rank <= limit]
