"""No module of iwerk is over 600 lines (docs/architecture.md, "Inside an app"): a module that
grows past about 500 is split along its seams. Migrations are generated and exempt."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
GRENS = 600


def test_no_module_is_over_600_lines():
    te_lang = {
        path.relative_to(PACKAGE).as_posix(): n
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > GRENS
    }
    assert te_lang == {}
