"""Charts of the dashboard tables as SVG, drawn here without a plotting library (ADR 0035).

Each chart shows one table that stands next to it on the page: the chart is an aid for the eye,
the table the accessible source of the same figures. A chart is laid out once as a handful of
shapes in its own coordinates (a Figuur) and written out twice: as inline SVG for the page and as
a ReportLab Drawing, in vector form, for the monthly PDF. The page gets two layouts, BREED for a
screen and SMAL for a phone (a media query shows one), so a phone shows its text at its own size
instead of a wide drawing scaled down to unreadable letters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from reportlab.graphics import shapes
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from iwerk.sturing.selectors import tabellen
from iwerk.sturing.selectors.selectie import Keuze
from iwerk.sturing.selectors.tabellen import Tabel, tekst

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart also by shape.
KLEUREN = ("#1f5a96", "#b45309", "#2f7a3e", "#a23b72", "#5a5a5a")
TEKST = "#1a1a1a"
RASTER = "#d3d7dc"
BREED = 560
SMAL = 300  # drawn to the full width of a phone: 12 units become 13–14 px
LETTER = 12  # font size in the drawing's units: px on the page, where it is drawn 1:1

GRAFIEKEN = {
    "trend": "Instroom en uitstroom per week (staven) en de werkvoorraad (lijn)",
    "termijnen": "Open zaken naar termijn",
    "zaaktypen": "Percentage binnen servicenorm en wettelijke termijn per zaaktype",
    "kanalen": "Instroom naar kanaal",
    "teams": "Open en overschreden zaken per team",
}


# --- Shapes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vlak:
    x: float
    y: float
    b: float
    h: float
    kleur: str


@dataclass(frozen=True)
class Lijn:
    punten: tuple[tuple[float, float], ...]
    kleur: str
    dikte: float = 1.0


@dataclass(frozen=True)
class Stip:
    x: float
    y: float
    r: float
    kleur: str


@dataclass(frozen=True)
class Tekst:
    x: float
    y: float  # baseline
    tekst: str
    anker: str = "start"  # start | middle | end
    grootte: float = LETTER
    vet: bool = False


@dataclass
class Figuur:
    breedte: float
    hoogte: float
    vormen: list = field(default_factory=list)


def breedte_van(t: str, grootte: float = LETTER, vet: bool = False) -> float:
    """Width of a text (Helvetica metrics; the page's sans-serif font is close enough)."""
    return stringWidth(t, "Helvetica-Bold" if vet else "Helvetica", grootte)


def inkorten(t: str, ruimte: float, grootte: float = LETTER) -> str:
    if breedte_van(t, grootte) <= ruimte:
        return t
    while t and breedte_van(t + "…", grootte) > ruimte:
        t = t[:-1]
    return t.rstrip() + "…"


def _getal(cel) -> float | None:
    w = cel.waarde if hasattr(cel, "waarde") else cel
    return float(w) if isinstance(w, int | float) else None


def schaal(hoogste: float, stappen: int = 4) -> tuple[float, float]:
    """(top, step) of an axis from 0: whole, round steps (1, 2, 5 × 10^k) covering `hoogste`."""
    ruw = max(hoogste, 1) / stappen
    macht = 10 ** math.floor(math.log10(ruw))
    veelvouden = (1, 2, 2.5, 5, 10) if macht >= 10 else (1, 2, 5, 10)
    stap = max(1, int(next(m * macht for m in veelvouden if m * macht >= ruw)))
    return stap * stappen, stap


def _legenda(fig: Figuur, items: list[tuple[str, str, str]], x: float, y: float) -> float:
    """Legend items (label, colour, 'vlak'|'lijn') from (x, y), wrapping; returns the y below."""
    links = x
    for label, kleur, soort in items:
        nodig = 18 + breedte_van(label) + 16
        if x + nodig > fig.breedte and x > links:
            x, y = links, y + LETTER + 8
        if soort == "lijn":
            fig.vormen += [
                Lijn(((x, y - 4), (x + 14, y - 4)), kleur, 2),
                Stip(x + 7, y - 4, 3, kleur),
            ]
        else:
            fig.vormen.append(Vlak(x, y - 10, 12, 10, kleur))
        fig.vormen.append(Tekst(x + 18, y, label))
        x += nodig
    return y + 10


# --- Charts -------------------------------------------------------------------------------------


def trend(tabel: Tabel, breedte: float = BREED) -> Figuur:
    """Inflow and outflow per week as bars (left axis), the werkvoorraad as a line (right axis)."""
    smal = breedte < 480
    fig = Figuur(breedte, 250 if smal else 290)
    rijen = tabel.rijen
    weken = [str(r[0].waarde).split("-")[-1] for r in rijen]  # "2026-W49" → "W49"
    instroom = [_getal(r[2]) or 0 for r in rijen]
    uitstroom = [_getal(r[3]) or 0 for r in rijen]
    voorraad = [_getal(r[4]) or 0 for r in rijen]
    onder = _legenda(
        fig,
        [("Instroom", KLEUREN[0], "vlak"), ("Uitstroom", KLEUREN[1], "vlak"),
         ("Werkvoorraad (rechts)", KLEUREN[2], "lijn")],
        0, LETTER + 2,
    )  # fmt: skip
    links_top, links_stap = schaal(max([*instroom, *uitstroom], default=0))
    rechts_top, rechts_stap = schaal(max(voorraad, default=0))
    x0 = max(breedte_van(str(links_top)), breedte_van("per week", 11)) + 8
    x1 = breedte - max(breedte_van(str(rechts_top)), breedte_van("voorraad", 11)) - 8
    y0, y1 = onder + LETTER + 14, fig.hoogte - LETTER - 10
    fig.vormen += [
        Tekst(0, y0 - 8, "per week", grootte=11),
        Tekst(breedte, y0 - 8, "voorraad", anker="end", grootte=11),
    ]
    for i in range(5):
        y = y1 - (y1 - y0) * i / 4
        fig.vormen.append(Lijn(((x0, y), (x1, y)), RASTER if i else TEKST))
        fig.vormen.append(Tekst(x0 - 5, y + 4, tekst(links_stap * i), anker="end"))
        fig.vormen.append(Tekst(x1 + 5, y + 4, tekst(rechts_stap * i)))
    n = max(len(rijen), 1)
    vak = (x1 - x0) / n
    staaf = vak * 0.34
    punten = []
    for i, week in enumerate(weken):
        midden = x0 + vak * (i + 0.5)
        for j, (waarde, kleur) in enumerate(
            ((instroom[i], KLEUREN[0]), (uitstroom[i], KLEUREN[1]))
        ):
            h = (y1 - y0) * waarde / links_top
            fig.vormen.append(Vlak(midden - staaf + j * staaf, y1 - h, staaf, h, kleur))
        punten.append((midden, y1 - (y1 - y0) * voorraad[i] / rechts_top))
        # Every week on a screen; every other one (ending with this week) on a phone.
        if not smal or (n - 1 - i) % 2 == 0:
            fig.vormen.append(Tekst(midden, fig.hoogte - 4, week, anker="middle"))
    if punten:
        fig.vormen.append(Lijn(tuple(punten), KLEUREN[2], 2))
        fig.vormen += [Stip(x, y, 3, KLEUREN[2]) for x, y in punten]
    return fig


def staven(
    labels: list[str],
    reeksen: list[tuple[str, list[float | None]]],
    breedte: float = BREED,
    *,
    eenheid: str = "",
    hoogste: float | None = None,
) -> Figuur:
    """Horizontal bars, one group per label; on a phone the label stands above its bars."""
    boven = breedte < 480
    balk, tussen = 14, 12
    fig = Figuur(breedte, 0)
    y = 0.0
    if len(reeksen) > 1:
        y = _legenda(fig, [(n, KLEUREN[i], "vlak") for i, (n, _) in enumerate(reeksen)], 0, 14)
        y += 6
    waarden = [w for _, ws in reeksen for w in ws if w is not None]
    top = hoogste or schaal(max(waarden, default=0))[0]
    ruimte_waarde = max([breedte_van(tekst(w) + eenheid) for w in waarden] + [breedte_van("—")]) + 8
    if boven:
        x0 = 0.0
    else:
        x0 = min(max([breedte_van(lbl) for lbl in labels], default=0) + 14, breedte * 0.4)
    x1 = breedte - ruimte_waarde
    begin = y
    for i, label in enumerate(labels):
        if boven:
            y += LETTER + 2
            fig.vormen.append(Tekst(0, y, inkorten(label, breedte)))
            y += 4
        else:
            groep = len(reeksen) * (balk + 2)
            fig.vormen.append(Tekst(x0 - 8, y + groep / 2 + 4, inkorten(label, x0 - 10), "end"))
        for j, (_, ws) in enumerate(reeksen):
            w = ws[i]
            lengte = (x1 - x0) * (w or 0) / top if top else 0
            if lengte:
                fig.vormen.append(Vlak(x0, y, lengte, balk, KLEUREN[j]))
            waarde = "—" if w is None else tekst(int(w) if float(w).is_integer() else w) + eenheid
            fig.vormen.append(Tekst(x0 + lengte + 4, y + balk - 2, waarde))
            y += balk + 2
        y += tussen
    if not boven and labels:
        fig.vormen.append(Lijn(((x0, begin - 2), (x0, y - tussen + 2)), TEKST))
    fig.hoogte = y
    return fig


def lijnen(labels: list[str], reeksen: dict[str, list[float]], breedte: float = BREED) -> Figuur:
    """A line per series over the labels (e.g. the application count per year per gemeente)."""
    smal = breedte < 480
    fig = Figuur(breedte, 250 if smal else 280)
    onder = _legenda(
        fig, [(n, KLEUREN[i % len(KLEUREN)], "lijn") for i, n in enumerate(reeksen)], 0, 14
    )
    top, stap = schaal(max([w for ws in reeksen.values() for w in ws], default=0))
    x0 = breedte_van(str(top)) + 10
    x1 = breedte - 12
    y0, y1 = onder + 12, fig.hoogte - LETTER - 10
    for i in range(5):
        y = y1 - (y1 - y0) * i / 4
        fig.vormen.append(Lijn(((x0, y), (x1, y)), RASTER if i else TEKST))
        fig.vormen.append(Tekst(x0 - 5, y + 4, tekst(stap * i), anker="end"))
    n = max(len(labels), 1)
    vak = (x1 - x0) / n
    elke = max(1, math.ceil((breedte_van("0000") + 10) / vak))
    for i, label in enumerate(labels):
        if (n - 1 - i) % elke == 0:
            fig.vormen.append(Tekst(x0 + vak * (i + 0.5), fig.hoogte - 4, label, anker="middle"))
    for k, waarden in enumerate(reeksen.values()):
        kleur = KLEUREN[k % len(KLEUREN)]
        punten = tuple(
            (x0 + vak * (i + 0.5), y1 - (y1 - y0) * (w or 0) / top) for i, w in enumerate(waarden)
        )
        fig.vormen.append(Lijn(punten, kleur, 2))
        fig.vormen += [Stip(x, y, 3, kleur) for x, y in punten]
    return fig


def figuur(naam: str, tabel: Tabel, breedte: float = BREED) -> Figuur:
    """The chart of one dashboard table (GRAFIEKEN)."""
    rijen = tabel.rijen
    if naam == "trend":
        return trend(tabel, breedte)
    if naam == "zaaktypen":
        rijen = rijen[:-1]  # without the total
        return staven(
            [str(r[0].waarde) for r in rijen],
            [
                ("Binnen servicenorm", [_getal(r[3]) for r in rijen]),
                ("Binnen wettelijke termijn", [_getal(r[4]) for r in rijen]),
            ],
            breedte,
            eenheid="%",
            hoogste=100,
        )
    if naam == "teams":
        return staven(
            [str(r[0].waarde) for r in rijen],
            [("Open", [_getal(r[1]) for r in rijen]),
             ("Termijn overschreden", [_getal(r[2]) for r in rijen])],
            breedte,
        )  # fmt: skip
    # termijnen, kanalen: one bar per row
    return staven(
        [str(r[0].waarde) for r in rijen], [("Zaken", [_getal(r[1]) for r in rijen])], breedte
    )


# --- Output -------------------------------------------------------------------------------------


def _g(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def svg(fig: Figuur, *, id_: str, titel: str, beschrijving: str, klasse: str = "grafiek") -> str:
    """Inline SVG: scales with its box (viewBox), named by its title and description, and
    styled by attributes only (the Content-Security-Policy refuses style attributes)."""
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class={quoteattr(klasse)} '
        f'viewBox="0 0 {_g(fig.breedte)} {_g(fig.hoogte)}" width="{_g(fig.breedte)}" '
        f'height="{_g(fig.hoogte)}" role="img" aria-labelledby="{id_}-titel {id_}-uitleg">',
        f'<title id="{id_}-titel">{escape(titel)}</title>',
        f'<desc id="{id_}-uitleg">{escape(beschrijving)}</desc>',
        f'<g fill="{TEKST}" font-size="{LETTER}">',
    ]
    for v in fig.vormen:
        if isinstance(v, Vlak):
            delen.append(
                f'<rect x="{_g(v.x)}" y="{_g(v.y)}" width="{_g(v.b)}" height="{_g(v.h)}" '
                f'fill="{v.kleur}"/>'
            )
        elif isinstance(v, Lijn):
            punten = " ".join(f"{_g(x)},{_g(y)}" for x, y in v.punten)
            delen.append(
                f'<polyline points="{punten}" fill="none" stroke="{v.kleur}" '
                f'stroke-width="{_g(v.dikte)}"/>'
            )
        elif isinstance(v, Stip):
            delen.append(f'<circle cx="{_g(v.x)}" cy="{_g(v.y)}" r="{_g(v.r)}" fill="{v.kleur}"/>')
        else:
            extra = f' text-anchor="{v.anker}"' if v.anker != "start" else ""
            extra += f' font-size="{_g(v.grootte)}"' if v.grootte != LETTER else ""
            extra += ' font-weight="bold"' if v.vet else ""
            delen.append(f'<text x="{_g(v.x)}" y="{_g(v.y)}"{extra}>{escape(v.tekst)}</text>')
    delen.append("</g></svg>")
    return "".join(delen)


def tekening(fig: Figuur, breedte: float) -> shapes.Drawing:
    """The same figure as a ReportLab Drawing `breedte` points wide: vector in the PDF."""
    s = breedte / fig.breedte
    d = shapes.Drawing(breedte, fig.hoogte * s)
    g = shapes.Group(transform=(s, 0, 0, -s, 0, fig.hoogte * s))  # y downwards, as in SVG
    for v in fig.vormen:
        if isinstance(v, Vlak):
            c = colors.HexColor(v.kleur)
            g.add(shapes.Rect(v.x, v.y, v.b, v.h, fillColor=c, strokeColor=None))
        elif isinstance(v, Lijn):
            punten = [c for p in v.punten for c in p]
            g.add(
                shapes.PolyLine(punten, strokeColor=colors.HexColor(v.kleur), strokeWidth=v.dikte)
            )
        elif isinstance(v, Stip):
            c = colors.HexColor(v.kleur)
            g.add(shapes.Circle(v.x, v.y, v.r, fillColor=c, strokeColor=None))
        else:
            # Text upright again inside the flipped group.
            t = shapes.Group(transform=(1, 0, 0, -1, v.x, v.y))
            t.add(
                shapes.String(
                    0, 0, v.tekst, fontName="Helvetica-Bold" if v.vet else "Helvetica",
                    fontSize=v.grootte, fillColor=colors.HexColor(TEKST), textAnchor=v.anker,
                )
            )  # fmt: skip
            g.add(t)
    d.add(g)
    return d


def html(
    naam: str, fig_breed: Figuur, fig_smal: Figuur, titel: str, beschrijving: str
) -> SafeString:
    """Both layouts of a chart for the page; the stylesheet shows one (by the screen's width)."""
    # Safe: svg() escapes every text; names, numbers and colours are our own.
    return mark_safe(  # noqa: S308
        svg(fig_breed, id_=f"grafiek-{naam}-breed", titel=titel, beschrijving=beschrijving,
            klasse="grafiek grafiek--breed")
        + svg(fig_smal, id_=f"grafiek-{naam}-smal", titel=titel, beschrijving=beschrijving,
              klasse="grafiek grafiek--smal")
    )  # fmt: skip


def dashboardgrafiek(naam: str, tabel: Tabel) -> SafeString:
    """The chart of a dashboard table in both layouts, named for screen readers."""
    return html(
        naam,
        figuur(naam, tabel, BREED),
        figuur(naam, tabel, SMAL),
        f"Grafiek: {GRAFIEKEN[naam]}",
        f"De cijfers staan in de tabel '{tabel.titel}' bij deze grafiek.",
    )


def voor_dashboard(keuze: Keuze, tabs: dict[str, Tabel]) -> dict[str, SafeString]:
    """Every chart of the dashboard, cached with its tables (same key: filters, day, figures)."""
    sleutel = tabellen.cachesleutel(keuze, "grafieken")
    grafieken = cache.get(sleutel)
    if grafieken is None:
        grafieken = {n: dashboardgrafiek(n, tabs[n]) for n in GRAFIEKEN}
        cache.set(sleutel, grafieken, 600)
    return grafieken


def lijnengrafiek(
    naam: str, titel: str, labels: list[str], reeksen: dict[str, list[float]], uitleg: str
) -> SafeString:
    """A line chart in both layouts (used by the portfolio's application count)."""
    return html(naam, lijnen(labels, reeksen, BREED), lijnen(labels, reeksen, SMAL), titel, uitleg)
