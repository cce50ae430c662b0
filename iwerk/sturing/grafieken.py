"""Charts of the dashboard tables as PNG (matplotlib, Agg backend: no display, no internet).

Each chart shows one table that stands next to it on the page; the chart is an aid for the
eye, the table is the accessible source of the same figures.
"""

from __future__ import annotations

import io

from iwerk.sturing.tabellen import Tabel

KLEUREN = ("#1f5a96", "#d9822b", "#3d8a4e", "#a23b72", "#6b6b6b")
GRAFIEKEN = {
    "trend": "Instroom en uitstroom per week (staven) en de werkvoorraad (lijn)",
    "termijnen": "Open zaken naar termijn",
    "zaaktypen": "Percentage binnen servicenorm en wettelijke termijn per zaaktype",
    "kanalen": "Instroom naar kanaal",
    "teams": "Open en overschreden zaken per team",
}


def _getal(cel) -> float:
    return float(cel.waarde) if isinstance(cel.waarde, int | float) else 0.0


def png(naam: str, tabel: Tabel) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.5, 3.6), dpi=100, layout="constrained")
    ax = fig.subplots()
    rijen = tabel.rijen
    if naam == "trend":
        labels = [r[0].waarde[-3:] for r in rijen]
        x = range(len(rijen))
        ax.bar([i - 0.2 for i in x], [_getal(r[2]) for r in rijen], 0.4, label="Instroom",
               color=KLEUREN[0])  # fmt: skip
        ax.bar([i + 0.2 for i in x], [_getal(r[3]) for r in rijen], 0.4, label="Uitstroom",
               color=KLEUREN[1])  # fmt: skip
        ax.set_xticks(list(x), labels)
        ax2 = ax.twinx()
        ax2.plot(list(x), [_getal(r[4]) for r in rijen], color=KLEUREN[2], marker="o",
                 label="Werkvoorraad")  # fmt: skip
        ax2.set_ylim(bottom=0)
        ax2.set_ylabel("Werkvoorraad")
        ax.set_ylabel("Zaken per week")
        handles = ax.get_legend_handles_labels()
        handles2 = ax2.get_legend_handles_labels()
        ax.legend(handles[0] + handles2[0], handles[1] + handles2[1], loc="upper left",
                  fontsize="small")  # fmt: skip
    elif naam == "zaaktypen":
        rijen = rijen[:-1]  # without the total
        labels = [str(r[0].waarde)[:28] for r in rijen]
        y = range(len(rijen))
        ax.barh([i - 0.2 for i in y], [_getal(r[3]) for r in rijen], 0.4,
                label="Binnen servicenorm", color=KLEUREN[0])  # fmt: skip
        ax.barh([i + 0.2 for i in y], [_getal(r[4]) for r in rijen], 0.4,
                label="Binnen wettelijke termijn", color=KLEUREN[2])  # fmt: skip
        ax.set_yticks(list(y), labels, fontsize="small")
        ax.set_xlim(0, 100)
        ax.set_xlabel("%")
        ax.invert_yaxis()
        ax.legend(loc="lower right", fontsize="small")
    elif naam == "teams":
        labels = [str(r[0].waarde) for r in rijen]
        y = range(len(rijen))
        ax.barh(list(y), [_getal(r[1]) for r in rijen], color=KLEUREN[0], label="Open")
        ax.barh(list(y), [_getal(r[2]) for r in rijen], color=KLEUREN[3], label="Overschreden")
        ax.set_yticks(list(y), labels, fontsize="small")
        ax.invert_yaxis()
        ax.legend(loc="lower right", fontsize="small")
    else:  # termijnen, kanalen: one bar per row
        labels = [str(r[0].waarde) for r in rijen]
        y = range(len(rijen))
        ax.barh(list(y), [_getal(r[1]) for r in rijen], color=KLEUREN[0])
        ax.set_yticks(list(y), labels, fontsize="small")
        ax.invert_yaxis()
        ax.set_xlabel("Zaken")
    from matplotlib.ticker import MaxNLocator

    for as_ in fig.axes:  # counts of zaken: whole numbers on the axes
        (as_.xaxis if naam != "trend" else as_.yaxis).set_major_locator(MaxNLocator(integer=True))
    ax.set_title(GRAFIEKEN[naam], fontsize="medium")
    ax.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def lijnen_png(titel: str, labels: list[str], reeksen: dict[str, list[float]]) -> bytes:
    """A line per series over the labels (e.g. the application count per year per gemeente)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(7.5, 3.2), dpi=100, layout="constrained")
    ax = fig.subplots()
    for kleur, (naam, waarden) in zip(KLEUREN, reeksen.items(), strict=False):
        ax.plot(labels, waarden, marker="o", color=kleur, label=naam)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(titel, fontsize="medium")
    ax.legend(loc="lower left", fontsize="small")
    ax.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
