"""What the werkplek's zaak actions share beyond the staff forms (iwerk.medewerkers.formulieren)."""

from __future__ import annotations

from iwerk.zaken.services.toewijzing import Medewerker


def medewerker_of(user) -> Medewerker:
    """A werkplek user as the medewerker of a behandelaar rol."""
    return Medewerker(
        identificatie=user.get_username(),
        achternaam=user.last_name or user.get_username(),
        voorletters=f"{user.first_name[0]}." if user.first_name else "",
    )
