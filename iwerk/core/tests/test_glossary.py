"""Every rule code the code uses is defined in docs/glossary.md.

Three kinds of code are looked for: the ZGW standards' anchors (`zrc-007`, `drc-009`, …) anywhere
in the Python files and docs; the checklist codes in test names (`test_b05_…`, `test_b16_b17_…`);
and checklist codes (`B11`, `H3`, …) in comments and docstrings.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GLOSSARY = ROOT / "docs" / "glossary.md"
STANDARD = re.compile(r"\b(?:zrc|drc|ztc|brc|ac|nrc)-\d{3}\b")
TEST_NAME = re.compile(r"^test_((?:[a-i]\d{1,2}_)+)")
CHECKLIST = re.compile(r"\b[A-I]\d{1,2}\b")


def _defined() -> set[str]:
    return set(re.findall(r"^\| `([^`]+)` \|", GLOSSARY.read_text(), flags=re.MULTILINE))


def _python_files() -> list[Path]:
    return [p for p in sorted((ROOT / "iwerk").rglob("*.py")) if "migrations" not in p.parts]


def _checklist(code: str) -> str:
    """b05 → B5: the test-name spelling of a checklist code."""
    return f"{code[0].upper()}{int(code[1:])}"


def _prose(source: str) -> list[str]:
    """The comments and docstrings of a module."""
    tree = ast.parse(source)
    texts = [
        ast.get_docstring(node, clean=False) or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return texts + [t.string for t in tokens if t.type == tokenize.COMMENT]


def used_codes() -> dict[str, set[str]]:
    """Every rule code in use, with where it was found."""
    used: dict[str, set[str]] = {}

    def found(code: str, where: Path) -> None:
        used.setdefault(code, set()).add(str(where.relative_to(ROOT)))

    for path in _python_files():
        source = path.read_text(encoding="utf-8")
        for code in STANDARD.findall(source):
            found(code, path)
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                match = TEST_NAME.match(node.name)
                for code in match.group(1).strip("_").split("_") if match else ():
                    found(_checklist(code), path)
        for text in _prose(source):
            for code in CHECKLIST.findall(text):
                found(code, path)
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        if path != GLOSSARY:
            for code in STANDARD.findall(path.read_text(encoding="utf-8")):
                found(code, path)
    return used


def test_every_rule_code_in_use_is_in_the_glossary():
    used = used_codes()
    assert {"zrc-007", "B5", "H3", "D6"} <= used.keys()  # the scan finds all three kinds
    missing = {code: sorted(where) for code, where in used.items() if code not in _defined()}
    assert not missing, f"Define these codes in docs/glossary.md: {missing}"


def test_the_scan_finds_codes_in_test_names_comments_and_docstrings():
    source = '''"""Docstring naming B28."""
# a comment on H3 and zrc-019
def test_b16_b17_betaling(): pass
def test_zonder_code(): pass
x = "A1 in a string is no rule code"
'''
    prose = " ".join(_prose(source))
    assert set(CHECKLIST.findall(prose)) == {"B28", "H3"}
    assert STANDARD.findall(source) == ["zrc-019"]
    assert TEST_NAME.match("test_b16_b17_betaling").group(1) == "b16_b17_"
    assert TEST_NAME.match("test_zonder_code") is None
    assert _checklist("b05") == "B5" and _checklist("c10") == "C10"
