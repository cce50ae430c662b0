"""Validators for Dutch identification numbers, shared by every channel."""

from __future__ import annotations


def is_valid_rsin(value: str) -> bool:
    """RSIN/BSN: nine digits passing the elfproef (weights 9..2 and -1, sum divisible by 11)."""
    if len(value) != 9 or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and total != 0


def rsin_error(value: str) -> str | None:
    """Dutch reason why value is not an RSIN, or None when it is one."""
    if len(value) != 9 or not value.isdigit():
        return "Een RSIN bestaat uit precies 9 cijfers."
    if not is_valid_rsin(value):
        return "Dit RSIN voldoet niet aan de elfproef."
    return None
