"""README's demo figures are what the demo loader loads, for every gemeente."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from iwerk.besluiten.models import Besluit
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.demo.registers import Geladen, load_registers
from iwerk.documenten.models import EnkelvoudigInformatieObject

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]

FIGURES = re.compile(
    r"The demo case load: (?P<zaken>[\d,]+) zaken .*?\((?P<per_zaaktype>\d+) per zaaktype and "
    r"gemeente\).*?(?P<archiefzaken>[\d,]+) archived zaken .*?(?P<documenten>[\d,]+) documents "
    r".*?(?P<besluiten>[\d,]+) besluiten",
    re.DOTALL,
)


def _readme() -> dict[str, int]:
    text = (Path(settings.BASE_DIR) / "README.md").read_text()
    found = FIGURES.search(text)
    assert found, "README no longer states the demo case load in the expected sentence"
    return {key: int(value.replace(",", "")) for key, value in found.groupdict().items()}


def test_readme_states_what_the_demo_loads_for_every_gemeente():
    # The whole load, as `iwerk load_demo` does it (about 15 s of CPU): the figures depend on
    # every gemeente's seeded zaken, so no smaller load can stand in for it.
    readme = _readme()
    gemeenten = load_gemeenten()
    geladen = load_registers(
        gemeenten, "http://127.0.0.1:8000", per_zaaktype=readme["per_zaaktype"]
    )
    assert geladen == Geladen(
        zaken=readme["zaken"],
        documenten=readme["documenten"],
        besluiten=readme["besluiten"],
        archiefzaken=readme["archiefzaken"],
    ), "update README.md's demo figures to what `iwerk load_demo` reports"
    for gemeente in gemeenten:  # the receipt of a portaal request does not stop the dossiers
        assert EnkelvoudigInformatieObject.objects.filter(tenant=gemeente).count() > 100
        assert Besluit.objects.filter(tenant=gemeente).exists()
    assert load_registers(gemeenten, "http://127.0.0.1:8000", per_zaaktype=1) == Geladen()
