"""Ask the running doubles over real HTTP; every answer is checked against the official OAS."""

from __future__ import annotations

import requests

from iwerk.core.testing.registerdubbels import valideer_bag_antwoord, valideer_brp_antwoord


class Vrager:
    def __init__(self, server):
        self.server = server

    def brp(self, body, *, headers=None, valideer=True, **opties) -> requests.Response:
        """POST /personen; the answer must follow the OAS for its status."""
        antwoord = requests.post(
            self.server.brp_url + "/personen", json=body, headers=headers, timeout=10, **opties
        )
        if valideer:
            valideer_brp_antwoord(antwoord.status_code, antwoord.json())
        return antwoord

    def bag(self, pad, template, *, params=None, headers=None, valideer=True) -> requests.Response:
        """GET on the BAG; the answer must follow the OAS of `template` for its status."""
        antwoord = requests.get(
            self.server.bag_url + pad, params=params, headers=headers, timeout=10
        )
        assert antwoord.headers["api-version"] == "2.0.0"
        if valideer:
            valideer_bag_antwoord(template, antwoord.status_code, antwoord.json())
        return antwoord

    def kvk(self, pad, *, params=None, headers=None) -> requests.Response:
        return requests.get(self.server.kvk_url + pad, params=params, headers=headers, timeout=10)


def raadpleeg(*bsns: str, fields=("burgerservicenummer",), **extra) -> dict:
    return {
        "type": "RaadpleegMetBurgerservicenummer",
        "burgerservicenummer": list(bsns),
        "fields": list(fields),
        **extra,
    }
