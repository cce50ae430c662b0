"""The three member municipalities of the i-werkorganisatie, as demo tenants."""

from __future__ import annotations

from iwerk.core.models import Gemeente


def _logo(initial: str, colour: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-hidden="true">'
        f'<rect width="64" height="64" rx="8" fill="{colour}"/>'
        f'<text x="32" y="42" font-size="30" text-anchor="middle" fill="#fff" font-family="sans-serif">{initial}</text></svg>'
    )


GEMEENTEN = (
    {
        "slug": "deventer",
        "naam": "Deventer",
        "rsin": "001902763",
        "gemeentecode": "0150",
        "primaire_kleur": "#a4002d",
        "contact_email": "info@deventer.example.nl",
        "contact_telefoon": "14 0570",
        "website": "https://www.deventer.nl",
        "hulptekst_plek": "Bijvoorbeeld: Brink 12, of: bij de speeltuin in het Rijsterborgherpark.",
        "inwoners": 102000,
    },
    {
        "slug": "olst-wijhe",
        "naam": "Olst-Wijhe",
        "rsin": "001731592",
        "gemeentecode": "0175",
        "primaire_kleur": "#00652e",
        "contact_email": "info@olst-wijhe.example.nl",
        "contact_telefoon": "14 0570",
        "website": "https://www.olst-wijhe.nl",
        "hulptekst_plek": "Bijvoorbeeld: Langstraat 10 in Wijhe, of: bij de pont over de IJssel in Olst.",
        "inwoners": 18500,
    },
    {
        "slug": "raalte",
        "naam": "Raalte",
        "rsin": "001654937",
        "gemeentecode": "0177",
        "primaire_kleur": "#004b87",
        "contact_email": "info@raalte.example.nl",
        "contact_telefoon": "14 0572",
        "website": "https://www.raalte.nl",
        "hulptekst_plek": "Bijvoorbeeld: Plein 1 in Raalte, of: bij het station in Heino.",
        "inwoners": 38500,
    },
)


def load_gemeenten() -> list[Gemeente]:
    result = []
    for data in GEMEENTEN:
        fields = {**data, "logo": _logo(data["naam"][0], data["primaire_kleur"])}
        gemeente, _ = Gemeente.objects.update_or_create(slug=data["slug"], defaults=fields)
        result.append(gemeente)
    return result
