"""Small charts drawn as SVG on the server: no JavaScript, printable, and named for screen readers.

Each chart is an ``<svg role="img">`` with a title and a description, and every page that shows
one shows a table with the same numbers beside it. One series per chart, in the calm accent, so
nothing is told by colour alone; values are written on the bars and points.
"""

import math
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

INK = "#1f2328"
MUTED = "#57606a"
GRID = "#d0d7de"
BAR = "#0f6e6e"


def _frame(chart_id: str, title: str, desc: str, width: int, height: int, body: list[str]) -> Markup:
    # Every piece of text in the chart is escaped on its way in; the rest is numbers.
    return Markup(  # noqa: S704
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "middle", size: int = 12, fill: str = INK) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}">{escape(text)}</text>'
    )


def score_bins(frequencies: Mapping[float, int], max_score: int) -> list[tuple[str, str, int]]:
    """Scores grouped into whole points: (short label, long label, attempts), lowest first.

    With partial credit a bin holds "3 to under 4"; the top bin is exactly the maximum.
    """
    top = max(max_score, math.ceil(max(frequencies, default=0)))
    counts = [0] * (top + 1)
    for score, n in frequencies.items():
        counts[min(math.floor(score + 1e-9), top)] += n
    if all(abs(s - round(s)) < 1e-9 for s in frequencies):
        return [(str(i), str(i), n) for i, n in enumerate(counts)]
    return [
        (str(i), str(i), n) if i == top else (f"{i}–{i + 1}", f"{i} to under {i + 1}", n)
        for i, n in enumerate(counts)
    ]


def column_chart(chart_id: str, title: str, desc: str, bars: Sequence[tuple[str, str, int]], axis: str) -> Markup:
    """Vertical bars with their counts on top, for a score distribution."""
    width, height, left, bottom, top = 640, 260, 40, 44, 24
    plot_w, plot_h = width - left - 10, height - bottom - top
    biggest = max((n for *_, n in bars), default=0) or 1
    step = plot_w / max(len(bars), 1)
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="{GRID}"/>']
    for i, (label, _, n) in enumerate(bars):
        h = plot_h * n / biggest
        x = left + i * step + step * 0.15
        body.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" fill="{BAR}"/>'
        )
        body.append(_text(x + step * 0.35, top + plot_h - h - 6, str(n)))
        body.append(_text(x + step * 0.35, top + plot_h + 16, label, size=11))
    body.append(_text(left + plot_w / 2, height - 6, axis, fill=MUTED))
    return _frame(chart_id, title, desc, width, height, body)


def percent_bars(chart_id: str, title: str, desc: str, bars: Sequence[tuple[str, float | None]]) -> Markup:
    """Horizontal bars on a 0–100 % scale with the percentage written at the end of each."""
    label_w, width, row = 250, 640, 28
    height = row * len(bars) + 30
    plot_w = width - label_w - 60
    body = []
    for tick in (0, 50, 100):
        x = label_w + plot_w * tick / 100
        body.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{height - 22}" stroke="{GRID}"/>')
        body.append(_text(x, height - 6, f"{tick}%", size=11, fill=MUTED))
    for i, (label, value) in enumerate(bars):
        y = 6 + i * row
        body.append(_text(label_w - 8, y + 15, label, anchor="end"))
        if value is None:
            body.append(_text(label_w + 4, y + 15, "no answers yet", anchor="start", fill=MUTED))
            continue
        w = plot_w * value / 100
        body.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{row - 10}" fill="{BAR}"/>')
        body.append(_text(label_w + w + 6, y + 14, f"{value:.0f}%", anchor="start"))
    return _frame(chart_id, title, desc, width, height, body)


def score_line(chart_id: str, title: str, desc: str, points: Sequence[tuple[str, float]], max_score: int) -> Markup:
    """A student's scores in the order they were made, each point labelled with its score."""
    width, height, left, bottom, top = 640, 220, 40, 40, 24
    plot_w, plot_h = width - left - 30, height - bottom - top
    ceiling = max(max_score, max((v for _, v in points), default=0)) or 1
    step = plot_w / max(len(points) - 1, 1)
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 20}" y2="{top + plot_h}" stroke="{GRID}"/>',
        f'<line x1="{left}" y1="{top}" x2="{width - 20}" y2="{top}" stroke="{GRID}" stroke-dasharray="4 4"/>',
        _text(left - 6, top + 4, f"{ceiling:g}", anchor="end", size=11, fill=MUTED),
        _text(left - 6, top + plot_h + 4, "0", anchor="end", size=11, fill=MUTED),
    ]
    coords = [
        (left + (i * step if len(points) > 1 else plot_w / 2), top + plot_h - plot_h * v / ceiling)
        for i, (_, v) in enumerate(points)
    ]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(f'<polyline points="{path}" fill="none" stroke="{BAR}" stroke-width="2"/>')
    for (x, y), (label, value) in zip(coords, points, strict=True):
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{BAR}"/>')
        body.append(_text(x, y - 10, f"{value:g}"))
        body.append(_text(x, top + plot_h + 18, label, size=11))
    return _frame(chart_id, title, desc, width, height, body)
