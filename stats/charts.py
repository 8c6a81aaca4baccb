"""Charts of a series, drawn with matplotlib (SVG or PNG files).

Every chart carries its title, axis labels, the data source, the day it was
made and the "as known on" stamp, so that a chart quoted alone still says
what it shows.
"""

from __future__ import annotations

import io
import math
from datetime import date
from pathlib import Path

from stats.reports import label

FORMATS = ("svg", "png")


def chart_bytes(
    points: list[date],
    lines: dict[str, list[int | None]],
    *,
    title: str,
    stamp: str,
    fmt: str,
    xlabel: str = "date",
    ylabel: str = "persons held",
) -> bytes:
    """Draw one line per entry of `lines` (None: a suppressed point, left out)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 4.5), dpi=100)
    axes = figure.add_subplot()
    for name, values in lines.items():
        shown = [math.nan if value is None else value for value in values]
        axes.plot(points, shown, label=name, linewidth=1.5)  # type: ignore[arg-type]
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_ylim(bottom=0)
    axes.grid(True, alpha=0.3)
    if len(lines) > 1:
        axes.legend(fontsize="small", loc="upper left")
    figure.text(0.01, 0.01, stamp, fontsize=7, color="#444444")
    # Fixed margins: tight_layout would measure every label, half the time.
    figure.subplots_adjust(left=0.09, right=0.98, top=0.92, bottom=0.17)
    out = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    # The same figures make the same file: SVG ids are otherwise random.
    with matplotlib.rc_context({"svg.hashsalt": "rollcall"}):
        figure.savefig(out, format=fmt, metadata=metadata)
    pyplot.close("all")
    return out.getvalue()


def chart_format(path: Path) -> str:
    """The chart format from a file name; ValueError when not .svg or .png."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{path}: a chart is a .svg or .png file")
    return fmt


def line_name(by: str | None, value: str | None) -> str:
    return "political prisoners" if by is None else label(by, value)
