"""The layers of docs/architecture.md hold: every app imports only from the layers below it.

The order is the contract in `.importlinter` (import-linter, also run by `make check`); grimp
reads every import statement, also those inside functions, where cycles used to hide. Tests and
the test helpers (`core.testing`) are outside the layers. Relations between models name their
target as a string, which no import shows: the last test holds them to the same order.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import grimp
import pytest
from django.apps import apps
from importlinter.application.use_cases import read_user_options
from importlinter.cli import lint_imports
from importlinter.configuration import configure
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[3]
CONFIG = str(ROOT / ".importlinter")

# Model relations that point up a layer, with why they stay. No import shows them; a new one
# fails the last test until it is moved or written down here.
RELATIONS_UPWARD = {
    # A cost item may name an application: the column came before the order of the two apps was
    # written down; moving it to the portfolio side would move data (issue 24 moves none).
    ("sturing", "Kostenpost", "applicatie"): "portfolio",
}


def _contract() -> tuple[LayersContract, list[str]]:
    configure()
    options = read_user_options(CONFIG)
    (contract_options,) = [c for c in options.contracts_options if c["type"] == "layers"]
    contract = LayersContract(
        name=contract_options["name"],
        session_options=options.session_options,
        contract_options=contract_options,
    )
    return contract, contract_options["layers"]


def _levels() -> dict[str, int]:
    """App (or top-level module) name -> its layer, higher above."""
    _, layers = _contract()
    levels = {}
    for level, layer in enumerate(reversed(layers)):
        for name in layer.replace(":", "|").split("|"):
            levels[name.strip().strip("()")] = level
    return levels


def test_every_import_follows_the_layers(capsys):
    result = lint_imports(config_filenames=(CONFIG,), no_cache=True, no_logo=True)
    assert result == 0, capsys.readouterr().out


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("iwerk", cache_dir=None)


# The cycles the layers broke (issue 24), each an import inside a function.
CYCLES = [
    ("iwerk.zaken.services.status", "iwerk.besluiten.services", "zaken -> besluiten"),
    ("iwerk.core.metrics", "iwerk.notificaties.models", "core -> notificaties"),
    ("iwerk.sturing.demo", "iwerk.portfolio.models", "sturing -> portfolio"),
    ("iwerk.incidenten.views", "iwerk.werkplek.access", "incidenten -> werkplek"),
]


@pytest.mark.parametrize(("importer", "imported", "rule"), CYCLES, ids=[c[2] for c in CYCLES])
def test_each_former_cycle_breaks_the_contract(graph, importer, imported, rule):
    contract, _ = _contract()
    assert contract.check(deepcopy(graph), verbose=False).kept
    with_cycle = deepcopy(graph)
    if imported not in with_cycle.modules:
        with_cycle.add_module(imported)
    with_cycle.add_import(
        importer=importer, imported=imported, line_number=1, line_contents="import inside a def"
    )
    assert not contract.check(with_cycle, verbose=False).kept, rule


def test_an_import_inside_a_function_is_in_the_graph(graph):
    # BesluitenConfig.ready imports the zaken slot it fills inside the method.
    assert graph.direct_import_exists(
        importer="iwerk.besluiten.apps", imported="iwerk.zaken.services.archiving"
    )


def test_model_relations_follow_the_layers():
    levels = _levels()
    upward = {}
    for model in apps.get_models():
        app = model._meta.app_config.name
        if not app.startswith("iwerk."):
            continue
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue
            target = field.related_model._meta.app_config.name
            if not target.startswith("iwerk."):
                continue
            source, target = app.removeprefix("iwerk."), target.removeprefix("iwerk.")
            if levels[target] > levels[source]:
                upward[(source, model.__name__, field.name)] = target
    assert upward == RELATIONS_UPWARD


def test_a_new_app_outside_the_layers_breaks_the_contract(graph):
    # `exhaustive`: an app nobody placed in a layer (here a made-up `nieuweapp`) is
    # refused, so the next capability cannot grow outside the order unnoticed.
    contract, _ = _contract()
    with_app = deepcopy(graph)
    with_app.add_module("iwerk.nieuweapp")
    with_app.add_module("iwerk.nieuweapp.services")
    with_app.add_import(
        importer="iwerk.nieuweapp.services",
        imported="iwerk.zaken.services.status",
        line_number=1,
        line_contents="from iwerk.zaken.services import status",
    )
    assert not contract.check(with_app, verbose=False).kept
