"""Checking a template's text before it is saved: only the catalogue's fields, ``{% if %}`` and a
few text filters (ADR 0058).

The text is parsed with Jinja2's sandboxed environment and its syntax tree walked: anything the
catalogue does not name (``{{ zaak.foo }}``, ``{{ zaak.zaaktype.catalogus }}``), any call,
computation, loop, assignment or include is refused with a Dutch message and its line number.
The same environment renders the letters (services.weergave), so what passed this check is all
a letter can show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.sjablonen.velden import FILTERS, GROEPEN, PER_NAAM, VELDEN

MAX_TEKST = 20_000
MAX_ONDERWERP = 200
# How deep a text may nest ({% if %} in {% if %}, brackets in brackets) and how many operators,
# filters, dots, and/or/not one tag may hold. Jinja's parser and compiler recurse per level: a
# deeper text would end in a RecursionError (a server error) instead of a Dutch message.
MAX_DIEPTE = 10
MAX_DELEN = 50
TE_DIEP = "De tekst is te diep genest; vereenvoudig de voorwaarden en haakjes."


def _default(value: object, vervanging: str = "") -> object:
    # A field without a value is "" (never undefined): the replacement applies to "" too.
    return value if value not in (None, "") else vervanging


def omgeving() -> SandboxedEnvironment:
    """The one Jinja2 environment of templates: sandboxed, every field must exist, plain text."""
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,  # plain text: the PDF and the werkplek escape it themselves
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters = {naam: env.filters[naam] for naam in FILTERS if naam != "default"}
    env.filters["default"] = _default
    env.tests = {}
    env.globals = {}
    return env


@dataclass
class Gebruik:
    """What a checked text uses: field names and their groups (besluit, aanvrager, …)."""

    velden: set[str] = field(default_factory=set)

    @property
    def groepen(self) -> set[str]:
        return {naam.split(".", 1)[0] for naam in self.velden}


def _kies_uit(naam: str) -> str:
    groep = naam.split(".", 1)[0]
    binnen = [v.naam for v in VELDEN if v.groep == groep and "." in v.naam]
    if binnen and groep in GROEPEN:
        return "kies uit " + ", ".join(binnen)
    groepen = [g for g in GROEPEN if g != "vandaag"]
    return "kies een veld van " + ", ".join(f"{g}." for g in groepen) + " of vandaag"


def _naam(node: nodes.Node) -> str | None:
    """zaak.identificatie for Getattr(Name(zaak), identificatie); None for anything else."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        binnen = _naam(node.node)
        return f"{binnen}.{node.attr}" if binnen else None
    return None


class _Controle:
    def __init__(self, veldnaam: str) -> None:
        self.veldnaam = veldnaam
        self.fouten: list[str] = []
        self.gebruik = Gebruik()

    def fout(self, node: nodes.Node, tekst: str) -> None:
        self.fouten.append(f"Regel {node.lineno}: {tekst}")

    def niet_toegestaan(self, node: nodes.Node) -> None:
        soort = {
            nodes.For: "{% for %}",
            nodes.Macro: "{% macro %}",
            nodes.Assign: "{% set %}",
            nodes.AssignBlock: "{% set %}",
            nodes.Include: "{% include %}",
            nodes.Import: "{% import %}",
            nodes.FromImport: "{% from %}",
            nodes.Extends: "{% extends %}",
            nodes.Block: "{% block %}",
            nodes.FilterBlock: "{% filter %}",
            nodes.With: "{% with %}",
            nodes.CallBlock: "{% call %}",
            nodes.Call: "een aanroep met ( )",
            nodes.Getitem: "een veld met [ ]",
            nodes.Concat: "tekst samenvoegen met ~",
            nodes.CondExpr: "een if binnen {{ }}",
            nodes.Test: "een test met is",
        }.get(type(node))
        if soort is None:
            if isinstance(node, nodes.BinExpr | nodes.UnaryExpr):
                soort = "een berekening"
            elif isinstance(node, nodes.Literal):
                soort = "een vaste waarde binnen {{ }}"
            else:
                soort = "deze opmaak"
        self.fout(
            node,
            f"{soort} is niet toegestaan. Gebruik alleen velden als {{{{ zaak.identificatie }}}}, "
            "{% if %} … {% endif %} en de filters " + ", ".join(FILTERS) + ".",
        )

    def blok(self, body: list[nodes.Node]) -> None:
        for node in body:
            if isinstance(node, nodes.Output):
                for deel in node.nodes:
                    if not isinstance(deel, nodes.TemplateData):
                        self.uitvoer(deel)
            elif isinstance(node, nodes.If):
                self.voorwaarde(node.test)
                self.blok(node.body)
                for anders in node.elif_:
                    self.voorwaarde(anders.test)
                    self.blok(anders.body)
                self.blok(node.else_)
            else:
                self.niet_toegestaan(node)

    def veld(self, node: nodes.Node) -> None:
        naam = _naam(node)
        if naam is None:
            self.niet_toegestaan(node)
        elif naam not in PER_NAAM:
            self.fout(node, f"onbekend veld {{{{ {naam} }}}}; {_kies_uit(naam)}.")
        else:
            self.gebruik.velden.add(naam)

    def uitvoer(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Filter):
            if node.node is None or node.kwargs or node.dyn_args or node.dyn_kwargs:
                self.niet_toegestaan(node)
                return
            if node.name not in FILTERS:
                self.fout(
                    node,
                    f"het filter {node.name} bestaat hier niet; kies uit {', '.join(FILTERS)}.",
                )
            elif node.args and (
                node.name != "default"
                or len(node.args) > 1
                or not isinstance(node.args[0], nodes.Const)
                or not isinstance(node.args[0].value, str)
            ):
                self.fout(
                    node,
                    f"het filter {node.name} krijgt geen waarde mee"
                    + (
                        "; default krijgt één tekst tussen aanhalingstekens."
                        if node.name == "default"
                        else "."
                    ),
                )
            self.uitvoer(node.node)
        else:
            self.veld(node)

    def voorwaarde(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Not):
            self.voorwaarde(node.node)
        elif isinstance(node, nodes.And | nodes.Or):
            self.voorwaarde(node.left)
            self.voorwaarde(node.right)
        elif isinstance(node, nodes.Compare):
            delen = [node.expr, *(op.expr for op in node.ops)]
            if any(op.op not in ("eq", "ne") for op in node.ops):
                self.fout(node, "vergelijk alleen met == of !=.")
            for deel in delen:
                if isinstance(deel, nodes.Const) and isinstance(deel.value, str):
                    continue
                self.uitvoer(deel)
        else:
            self.uitvoer(node)


_ONBEKENDE_TAG = re.compile(r"Encountered unknown tag '(\w+)'")


def _syntaxfout(fout: TemplateSyntaxError) -> str:
    bericht = fout.message or ""
    tag = _ONBEKENDE_TAG.search(bericht)
    if tag and tag.group(1) in ("endif", "elif", "else"):
        uitleg = f"{{% {tag.group(1)} %}} staat hier zonder {{% if %}} ervoor."
    elif tag:
        uitleg = (
            f"{{% {tag.group(1)} %}} is niet toegestaan; gebruik alleen {{% if %}}, {{% elif %}}, "
            "{% else %} en {% endif %}."
        )
    elif "'if'" in bericht and bericht.lower().startswith("unexpected end of template"):
        uitleg = "een {% if %} is niet afgesloten met {% endif %}."
    elif bericht.lower().startswith("unexpected end of template"):
        uitleg = "een {{ of {% is niet afgesloten met }} of %}."
    elif bericht.startswith("Expected an expression"):
        uitleg = "tussen {{ en }} hoort een veld, bijvoorbeeld {{ zaak.identificatie }}."
    else:
        uitleg = "de opmaak klopt hier niet; controleer de {{ }} en {% %}."
    return f"Regel {fout.lineno}: {uitleg}"


def te_diep(tekst: str) -> int | None:
    """The line where the text nests deeper than MAX_DIEPTE or a tag has more than MAX_DELEN
    parts, or None. Reads the lexer's flat token stream (no recursion); a text the lexer refuses
    is left to the parser, which names the error."""
    ifs = haakjes = delen = 0
    tagnaam = False  # the next name is the tag's: if, endif, …
    try:
        for regel, soort, waarde in omgeving().lex(tekst):
            if soort in ("block_begin", "variable_begin"):
                haakjes = delen = 0
                tagnaam = soort == "block_begin"
            elif soort == "name" and tagnaam:
                tagnaam = False
                ifs += {"if": 1, "endif": -1}.get(waarde, 0)
            elif soort == "name" and waarde in ("and", "or", "not"):
                delen += 1
            elif soort == "operator":
                delen += 1
                haakjes += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(waarde, 0)
            if ifs > MAX_DIEPTE or haakjes > MAX_DIEPTE or delen > MAX_DELEN:
                return regel
    except TemplateSyntaxError:
        return None
    return None


def controleer_tekst(tekst: str, veldnaam: str = "tekst") -> tuple[Gebruik, list[InvalidParam]]:
    """The fields a template text uses, and what is wrong with it (as invalid params of veldnaam)."""
    if (regel := te_diep(tekst)) is not None:
        return Gebruik(), [InvalidParam(veldnaam, "te-diep", f"Regel {regel}: {TE_DIEP}")]
    controle = _Controle(veldnaam)
    try:
        boom = omgeving().parse(tekst)
        controle.blok(boom.body)
    except TemplateSyntaxError as fout:
        return Gebruik(), [InvalidParam(veldnaam, "syntax", _syntaxfout(fout))]
    except RecursionError:  # not expected after te_diep; never a server error
        return Gebruik(), [InvalidParam(veldnaam, "te-diep", TE_DIEP)]
    return controle.gebruik, [InvalidParam(veldnaam, "veld", f) for f in controle.fouten]


def controleer(
    *, onderwerp: str, tekst: str, max_tekst: int = MAX_TEKST, waarom_max: str = ""
) -> Gebruik:
    """Check a template's subject and text; returns the fields they use together.

    Rules: both are filled and not too long (the text at most max_tekst, waarom_max saying why
    when that is less than MAX_TEKST); not nested deeper than MAX_DIEPTE; only the catalogue's fields (velden.VELDEN),
    ``{% if %}``/``{% elif %}``/``{% else %}`` with ==, !=, and, or, not, and the filters of
    velden.FILTERS. Raises ValidationFailed (names "onderwerp", "tekst") with every error found.
    """
    fouten: list[InvalidParam] = []
    gebruik = Gebruik()
    for naam, waarde, maximum in (
        ("onderwerp", onderwerp, MAX_ONDERWERP),
        ("tekst", tekst, max_tekst),
    ):
        if not waarde.strip():
            fouten.append(InvalidParam(naam, "required", f"Vul de {naam} van de brief in."))
            continue
        if len(waarde) > maximum:
            fouten.append(
                InvalidParam(
                    naam,
                    "max_length",
                    f"De {naam} is te lang (hoogstens {maximum} tekens"
                    + (f"; {waarom_max}" if naam == "tekst" and waarom_max else "")
                    + ").",
                )
            )
            continue
        deel, deelfouten = controleer_tekst(waarde, naam)
        gebruik.velden |= deel.velden
        fouten += deelfouten
    if fouten:
        raise ValidationFailed(fouten)
    return gebruik
