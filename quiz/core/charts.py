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
        (str(i), str(i), n) if i == top else (f"{i}–{i + 1}", f"{i} to under {i + 1}", n) for i, n in enumerate(counts)
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


def percent_bins(frequencies: Mapping[float, int], max_score: int, bins: int = 10) -> list[tuple[str, str, int]]:
    """Scores grouped into ``bins`` equal bands of the maximum: (short label, long label, attempts).

    Ten bands of ten percent each keep a 41-point quiz to ten legible bars; the top band includes
    a full score ("90–100%").
    """
    counts = [0] * bins
    width = 100 // bins
    for score, n in frequencies.items():
        percent = 100 * score / max_score if max_score else 0
        counts[min(max(int(percent // width + 1e-9), 0), bins - 1)] += n
    labels = []
    for i, n in enumerate(counts):
        low, high = i * width, (i + 1) * width
        if i == bins - 1:
            labels.append((f"{low}–{high}%", f"{low}% to {high}%", n))
        else:
            labels.append((f"{low}–{high - 1}%", f"{low}% to under {high}%", n))
    return labels


def scatter(
    chart_id: str,
    title: str,
    desc: str,
    points: Sequence[tuple[str, float, float]],
    x_axis: str,
    y_axis: str,
    x_range: tuple[float, float] = (-1.0, 4.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    bands: Sequence[tuple[float, str]] = (),
) -> Markup:
    """Labelled points on two axes, e.g. students by discernment (x) and bias (y).

    Each point carries its label as text beside it; ``bands`` draws dashed horizontal lines with a
    written caption (the bias thresholds), so a region is named, never told by colour.
    """
    width, height, left, bottom, top, right = 640, 380, 56, 48, 16, 16
    plot_w, plot_h = width - left - right, height - bottom - top
    (x0, x1), (y0, y1) = x_range, y_range

    def px(x: float) -> float:
        return left + plot_w * (min(max(x, x0), x1) - x0) / (x1 - x0)

    def py(y: float) -> float:
        return top + plot_h * (1 - (min(max(y, y0), y1) - y0) / (y1 - y0))

    body = [f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="{GRID}"/>']
    for tick in range(math.ceil(x0), math.floor(x1) + 1):
        body.append(f'<line x1="{px(tick):.1f}" y1="{top}" x2="{px(tick):.1f}" y2="{top + plot_h}" stroke="{GRID}"/>')
        body.append(_text(px(tick), top + plot_h + 16, f"{tick:g}", size=11, fill=MUTED))
    for tick in range(math.ceil(y0), math.floor(y1) + 1):
        body.append(_text(left - 6, py(tick) + 4, f"{tick:g}", anchor="end", size=11, fill=MUTED))
    for value, caption in bands:
        body.append(
            f'<line x1="{left}" y1="{py(value):.1f}" x2="{left + plot_w}" y2="{py(value):.1f}" stroke="{MUTED}" '
            f'stroke-dasharray="6 4"/>'
        )
        body.append(_text(left + plot_w - 4, py(value) - 4, caption, anchor="end", size=11, fill=MUTED))
    for label, x, y in points:
        body.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="{BAR}"/>')
        right_half = px(x) > left + plot_w * 0.6  # labels on the right run leftwards, so none is cut off
        body.append(
            _text(px(x) + (-6 if right_half else 6), py(y) - 6, label, anchor="end" if right_half else "start", size=10)
        )
    body.append(_text(left + plot_w / 2, height - 8, x_axis, fill=MUTED))
    body.append(
        f'<text x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" font-size="12" fill="{MUTED}" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">{escape(y_axis)}</text>'
    )
    return _frame(chart_id, title, desc, width, height, body)
