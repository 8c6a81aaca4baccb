"""The home page's chart of the count over time, drawn once at publish time.

A plain SVG (no script, no fonts, no outside file) of the suppressed daily
series: a suppressed day is a gap in the line, never a guess. The words of
the chart (its `<title>` and `<desc>`) depend on the page's language, so the
file holds the placeholders `TITLE` and `DESC` (in `{{ }}`), which the page
replaces with its own escaped, translated text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28
MOST_POINTS = 600
TITLE = "{{TITLE}}"
DESC = "{{DESC}}"


def thinned(
    dates: Sequence[str], totals: Sequence[int | None]
) -> list[tuple[str, int | None]]:
    """At most MOST_POINTS evenly spaced points, always the last one."""
    points = list(zip(dates, totals, strict=True))
    step = max(1, -(-len(points) // MOST_POINTS))
    kept = points[::step]
    if points and kept[-1] != points[-1]:
        kept.append(points[-1])
    return kept


def segments(
    points: Sequence[tuple[str, int | None]], top: int
) -> list[list[tuple[float, float]]]:
    """Runs of shown points as SVG coordinates; a suppressed point breaks a run."""
    span = max(len(points) - 1, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    runs: list[list[tuple[float, float]]] = [[]]
    for i, (_, value) in enumerate(points):
        if value is None:
            runs.append([])
            continue
        x = LEFT + inner_w * i / span
        y = TOP + inner_h * (1 - value / top) if top else TOP + inner_h
        runs[-1].append((round(x, 1), round(y, 1)))
    return [simplified(run) for run in runs if run]


def simplified(run: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The run without the inner points of level stretches (same line drawn)."""
    kept = [
        point
        for i, point in enumerate(run)
        if i in (0, len(run) - 1) or not (run[i - 1][1] == point[1] == run[i + 1][1])
    ]
    return kept


def count_chart(series: dict[str, Any]) -> str:
    """The SVG of the series' total, with TITLE and DESC placeholders."""
    points = thinned(series.get("dates", []), series.get("total", []))
    shown = [value for _, value in points if value is not None]
    top = max(shown, default=0)
    bottom_y = HEIGHT - BOTTOM
    lines = []
    for run in segments(points, top):
        coordinates = " ".join(f"{x},{y}" for x, y in run)
        if len(run) == 1:
            x, y = run[0]
            lines.append(f'<circle cx="{x}" cy="{y}" r="2" fill="#1f4e79"/>')
        else:
            lines.append(
                f'<polyline points="{coordinates}" fill="none" '
                'stroke="#1f4e79" stroke-width="2"/>'
            )
    first = points[0][0] if points else ""
    last = points[-1][0] if points else ""
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            'role="img" aria-labelledby="chart-title chart-desc" class="chart">',
            f'<title id="chart-title">{TITLE}</title>',
            f'<desc id="chart-desc">{DESC}</desc>',
            f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom_y}" stroke="#555"/>',
            f'<line x1="{LEFT}" y1="{bottom_y}" x2="{WIDTH - RIGHT}" '
            f'y2="{bottom_y}" stroke="#555"/>',
            f'<text x="{LEFT - 4}" y="{TOP + 10}" text-anchor="end" '
            f'font-size="12" fill="#222">{top}</text>',
            f'<text x="{LEFT - 4}" y="{bottom_y}" text-anchor="end" '
            'font-size="12" fill="#222">0</text>',
            f'<text x="{LEFT}" y="{HEIGHT - 8}" font-size="12" fill="#222">'
            f"{first}</text>",
            f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end" '
            f'font-size="12" fill="#222">{last}</text>',
            *lines,
            "</svg>",
        ]
    )
