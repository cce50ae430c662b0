"""What can go wrong with a lookup, each with the Dutch message the channels show as is."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iwerk.basisregistraties.gegevens import Bedrijf


class RegisterFout(Exception):
    """Base: `bericht` is shown to the user unchanged (Dutch, no technical detail)."""

    code = "register-fout"

    def __init__(self, bericht: str) -> None:
        super().__init__(bericht)
        self.bericht = bericht


class OngeldigeInvoer(RegisterFout):
    """The input cannot be asked for: a BSN that fails the elfproef, a postcode of the wrong form."""

    code = "ongeldige-invoer"


class GeenDoelbinding(RegisterFout):
    """The zaaktype has no purpose for this register, or not for the fields asked."""

    code = "geen-doelbinding"


class BuitenBereik(RegisterFout):
    """The person lives outside the gemeente(s) the zaaktype's purpose allows."""

    code = "buiten-bereik"


class NietGevonden(RegisterFout):
    code = "niet-gevonden"


class Opgeheven(RegisterFout):
    """A KvK number of a company that no longer exists (datumEinde set). `bedrijf` holds what
    the Handelsregister still says about it (the groups the purpose allows)."""

    code = "opgeheven"
    bedrijf: Bedrijf | None = None


class RegisterOnbereikbaar(RegisterFout):
    """No (usable) answer: refused, timed out, 5xx, or an answer outside the contract. The user
    can go on with typed data, which is then marked as not checked."""

    code = "onbereikbaar"
