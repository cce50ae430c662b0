"""Validators for Dutch identification numbers, shared by every channel."""

from __future__ import annotations


def is_valid_rsin(value: str) -> bool:
    """RSIN/BSN: nine digits passing the elfproef (weights 9..2 and -1, sum divisible by 11).

    Exactly as the reference implementation computes it (vng-api-common ``validate_rsin``):
    no further condition, so ``000000000`` passes too.
    """
    if len(value) != 9 or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0


GEHEIM_MINIMUM = 32
GEHEIM_TE_KORT = f"Gebruik een geheim van minstens {GEHEIM_MINIMUM} tekens (HS256)."


def check_secret(secret: str) -> None:
    """The one rule for a JWT secret, wherever it is set (CLI, demo, admin, settings): long enough
    that guessing it is hopeless, since the failed-authentication limit cannot stop a correct
    guess (ADR 0030)."""
    if len(secret) < GEHEIM_MINIMUM:
        raise ValueError(GEHEIM_TE_KORT)


def rsin_error(value: str) -> str | None:
    """Dutch reason why value is not an RSIN, or None when it is one."""
    if len(value) != 9 or not value.isdigit():
        return "Een RSIN bestaat uit precies 9 cijfers."
    if not is_valid_rsin(value):
        return "Dit RSIN voldoet niet aan de elfproef."
    return None


class NederlandsVeelgebruiktWachtwoordValidator:
    """Refuse passwords built on words every Dutch guesser tries first (Django's list is
    English): 'wachtwoord', 'welkom', the seasons, the gemeenten of this organisation."""

    WOORDEN = (
        "wachtwoord", "welkom", "geheim", "gemeente", "deventer", "raalte", "olst", "wijhe",
        "zomer", "winter", "lente", "herfst", "voorjaar", "najaar", "iwerk", "qwerty", "azerty",
    )  # fmt: skip

    def validate(self, password: str, user: object = None) -> None:
        from django.core.exceptions import ValidationError

        kaal = password.lower()
        for woord in self.WOORDEN:
            if woord in kaal and len(kaal) - len(woord) < 8:
                raise ValidationError(
                    f"Dit wachtwoord is te makkelijk te raden ('{woord}' met weinig erbij).",
                    code="password_too_common",
                )

    def get_help_text(self) -> str:
        return (
            "Uw wachtwoord mag niet bestaan uit een veelgebruikt woord met een paar tekens erbij."
        )
