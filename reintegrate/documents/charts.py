"""Small inline SVG charts for the HTML report, written by hand.

No plotting library: the report must be one self-contained file that opens offline,
and the core must stay light. Every chart has a <title> and <desc> for screen readers,
axis labels, and text or line shapes (dashes, triangles) so colour is never the only
signal. The SVG carries no xmlns: it is meant to sit inside an HTML5 page, whose parser
places it in the SVG namespace, and it keeps the report free of any web address.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from reintegrate.schooldays import short_date

WIDTH = 640
HEIGHT = 250
TOP, BOTTOM, RIGHT = 30, 46, 40
INK = "#1f2933"
GRID = "#d5dbe1"
MAIN = "#1d5f8a"
SECOND = "#a4521d"
# Past these counts, labels and markers would pile on each other and bloat the file.
MAX_VALUE_LABELS = 31
MAX_MARKERS = 400


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _n(value: float) -> str:
    """Coordinates with one decimal: small files, no visible loss."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _frame(chart_id: str, title: str, desc: str, body: list[str]) -> str:
    ident = _text(chart_id)
    return "".join([
        f'<svg class="chart" id="{ident}" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="system-ui, sans-serif" font-size="12" fill="{INK}">',
        f'<title id="{ident}-title">{_text(title)}</title>',
        f'<desc id="{ident}-desc">{_text(desc)}</desc>',
        *body,
        "</svg>",
    ])


def _empty(chart_id: str, title: str, message: str) -> str:
    body = [f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">'
            f"{_text(message)}</text>"]
    return _frame(chart_id, title, message, body)


class _Axes:
    """Maps dates (or bar indexes) and values onto the plotting area."""

    def __init__(self, left: float, x_low: float, x_high: float, y_low: float, y_high: float):
        self.left = left
        self.x_low, self.x_high = x_low, x_high
        self.y_low, self.y_high = y_low, y_high

    def x(self, value: float) -> float:
        width = WIDTH - RIGHT - self.left
        if self.x_high == self.x_low:
            return self.left + width / 2
        return self.left + (value - self.x_low) / (self.x_high - self.x_low) * width

    def y(self, value: float) -> float:
        height = HEIGHT - TOP - BOTTOM
        span = (self.y_high - self.y_low) or 1
        return TOP + height - (value - self.y_low) / span * height


def _y_axis(axes: _Axes, ticks: Sequence[tuple[float, str]], label: str) -> list[str]:
    parts = []
    for value, text in ticks:
        y = _n(axes.y(value))
        parts.append(f'<line x1="{_n(axes.left)}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{_n(axes.left - 6)}" y="{y}" text-anchor="end" '
                     f'dominant-baseline="middle">{_text(text)}</text>')
    parts.append(f'<text x="12" y="{TOP + (HEIGHT - TOP - BOTTOM) / 2}" text-anchor="middle" '
                 f'transform="rotate(-90 12 {TOP + (HEIGHT - TOP - BOTTOM) / 2})">'
                 f"{_text(label)}</text>")
    parts.append(f'<line x1="{_n(axes.left)}" x2="{_n(axes.left)}" y1="{TOP}" '
                 f'y2="{HEIGHT - BOTTOM}" stroke="{INK}"/>')
    parts.append(f'<line x1="{_n(axes.left)}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" '
                 f'y2="{HEIGHT - BOTTOM}" stroke="{INK}"/>')
    return parts


def _date_axis(axes: _Axes, start: date, end: date, label: str) -> list[str]:
    """Up to six evenly spread date labels (fewer when narrow) along the bottom, and the axis name."""
    first, last = start.toordinal(), end.toordinal()
    room = int((WIDTH - RIGHT - axes.left) // 95) + 1  # a label needs about 95 px
    count = min(6, room, last - first + 1)
    parts = []
    placed: set[int] = set()
    for index in range(count):
        ordinal = _weekday(first if count == 1 else round(first + index * (last - first) / (count - 1)),
                           first, last)
        if ordinal in placed or date.fromordinal(ordinal).weekday() >= 5:
            continue  # a span inside one weekend has no school day to label
        placed.add(ordinal)
        x = _n(axes.x(ordinal))
        parts.append(f'<line x1="{x}" x2="{x}" y1="{HEIGHT - BOTTOM}" '
                     f'y2="{HEIGHT - BOTTOM + 4}" stroke="{INK}"/>')
        parts.append(f'<text x="{x}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                     f"{_text(short_date(date.fromordinal(ordinal)))}</text>")
    parts.append(f'<text x="{_n(axes.left + (WIDTH - RIGHT - axes.left) / 2)}" '
                 f'y="{HEIGHT - 6}" text-anchor="middle">{_text(label)}</text>')
    return parts


def _weekday(ordinal: int, first: int, last: int) -> int:
    """A label on a weekday: a Saturday moves to the Friday before, a Sunday to the Monday
    after (inside the axis), since nothing happens at school at weekends."""
    weekday = date.fromordinal(ordinal).weekday()
    for moved in ((ordinal - 1, ordinal + 2) if weekday == 5 else (ordinal + 1, ordinal - 2) if weekday == 6 else ()):
        if first <= moved <= last:
            return moved
    return ordinal


def _span(points: Sequence[tuple[date, object]], span: tuple[date, date] | None):
    if span is not None and span[0] <= span[1]:
        return span
    return points[0][0], points[-1][0]


def line_chart(points: Sequence[tuple[date, float]], *, chart_id: str, title: str,
               y_label: str, y_max: float = 10, desc: str = "",
               span: tuple[date, date] | None = None,
               trend: tuple[tuple[date, float], tuple[date, float]] | None = None,
               trend_label: str = "Trend", series_label: str = "",
               empty_message: str = "Nothing recorded in this period.") -> str:
    """Values over dates (sorted), with an optional dashed straight trend line."""
    if not points:
        return _empty(chart_id, title, empty_message)
    start, end = _span(points, span)
    axes = _Axes(44, start.toordinal(), end.toordinal(), 0, y_max)
    step = 2 if y_max <= 10 else max(1, round(y_max / 5))
    ticks = [(v, str(v)) for v in range(0, int(y_max) + 1, step)]
    body = _y_axis(axes, ticks, y_label) + _date_axis(axes, start, end, "Date")
    coords = [(axes.x(day.toordinal()), axes.y(value)) for day, value in points]
    path = " ".join(f"{_n(x)},{_n(y)}" for x, y in coords)
    body.append(f'<polyline points="{path}" fill="none" stroke="{MAIN}" stroke-width="2"/>')
    if len(points) <= MAX_MARKERS:
        body += [f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{MAIN}"/>' for x, y in coords]
    if len(points) <= MAX_VALUE_LABELS:
        body += [f'<text x="{_n(x)}" y="{_n(y - 7)}" text-anchor="middle" font-size="10">'
                 f"{_text(_n(value))}</text>" for (x, y), (_, value) in zip(coords, points)]
    legend = [(f'<line x1="{_n(axes.left)}" x2="{_n(axes.left + 22)}" y1="12" y2="12" '
               f'stroke="{MAIN}" stroke-width="2"/>'), series_label or y_label]
    body.append(legend[0])
    body.append(f'<text x="{_n(axes.left + 28)}" y="16">{_text(legend[1])}</text>')
    if trend is not None:
        (d1, v1), (d2, v2) = trend
        clamp = lambda v: min(max(v, 0), y_max)  # noqa: E731 - a trend may run off the scale
        body.append(f'<line class="trend" x1="{_n(axes.x(d1.toordinal()))}" '
                    f'y1="{_n(axes.y(clamp(v1)))}" x2="{_n(axes.x(d2.toordinal()))}" '
                    f'y2="{_n(axes.y(clamp(v2)))}" stroke="{SECOND}" stroke-width="2" '
                    f'stroke-dasharray="6 4"/>')
        body.append(f'<line x1="{WIDTH / 2}" x2="{WIDTH / 2 + 22}" y1="12" y2="12" '
                    f'stroke="{SECOND}" stroke-width="2" stroke-dasharray="6 4"/>')
        body.append(f'<text x="{WIDTH / 2 + 28}" y="16">{_text(trend_label)}</text>')
    return _frame(chart_id, title, desc, body)


def step_chart(points: Sequence[tuple[date, int, bool]], *, chart_id: str, title: str,
               levels: Sequence[str], desc: str = "",
               span: tuple[date, date] | None = None,
               empty_message: str = "No attempts recorded in this period.") -> str:
    """Ladder position over time as a staircase. `points` are (date, 1-based position,
    stepped back); `levels` names positions 1..n. Step-backs get a triangle and a word.
    The axis shows step numbers only: a name cut to fit says less than the number with
    the whole names listed under the chart (the report does that)."""
    if not points:
        return _empty(chart_id, title, empty_message)
    start, end = _span(points, span)
    top = max([len(levels)] + [p for _, p, _ in points])
    axes = _Axes(56, start.toordinal(), end.toordinal(), 0.5, top + 0.5)
    ticks = [(n, str(n)) for n in range(1, top + 1)]
    body = _y_axis(axes, ticks, "Step") + _date_axis(axes, start, end, "Date")
    names = "; ".join(f"{n} {title}" for n, title in enumerate(levels, start=1))
    desc = f"{desc} Steps: {names}." if names else desc
    # Years of attempts put many points in one pixel column: only changes are drawn.
    first_x, first_y = _n(axes.x(points[0][0].toordinal())), _n(axes.y(points[0][1]))
    path = [f"M{first_x},{first_y}"]
    last_x, last_y = first_x, first_y
    for day, position, _ in points[1:]:
        x, y = _n(axes.x(day.toordinal())), _n(axes.y(position))
        if y != last_y:
            if x != last_x:
                path.append(f"H{x}")
            path.append(f"V{y}")
            last_x, last_y = x, y
    end_x = _n(axes.x(points[-1][0].toordinal()))
    if end_x != last_x:
        path.append(f"H{end_x}")
    body.append(f'<path d="{" ".join(path)}" fill="none" stroke="{MAIN}" stroke-width="2"/>')
    backs = sum(1 for *_, back in points if back)
    for day, position, back in points:
        if (back and backs > MAX_MARKERS) or (not back and len(points) > MAX_MARKERS):
            continue
        x, y = axes.x(day.toordinal()), axes.y(position)
        if back:
            body.append(f'<path class="step-back" d="M{_n(x - 5)},{_n(y - 4)} '
                        f'H{_n(x + 5)} L{_n(x)},{_n(y + 5)} Z" fill="{SECOND}"/>')
            if backs <= MAX_VALUE_LABELS:
                body.append(f'<text x="{_n(x)}" y="{_n(y + 17)}" text-anchor="middle" '
                            f'font-size="10">back</text>')
        else:
            body.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{MAIN}"/>')
    body.append(f'<line x1="{_n(axes.left)}" x2="{_n(axes.left + 22)}" y1="12" y2="12" '
                f'stroke="{MAIN}" stroke-width="2"/>')
    body.append(f'<text x="{_n(axes.left + 28)}" y="16">Step attempted</text>')
    body.append(f'<path d="M{WIDTH / 2 + 6},8 H{WIDTH / 2 + 16} L{WIDTH / 2 + 11},17 Z" '
                f'fill="{SECOND}"/>')
    body.append(f'<text x="{WIDTH / 2 + 22}" y="16">Stepped back</text>')
    return _frame(chart_id, title, desc, body)


def bar_chart(bars: Sequence[tuple[str, float]], *, chart_id: str, title: str,
              y_label: str, x_label: str = "", desc: str = "",
              empty_message: str = "Nothing recorded in this period.") -> str:
    """One bar per label, each with its value written above it."""
    if not bars:
        return _empty(chart_id, title, empty_message)
    # A floor of 4 keeps a chart of small counts on whole-number ticks.
    y_max = _nice_ceiling(max([4.0] + [value for _, value in bars]))
    intervals = 4 if str(int(y_max)).startswith(("2", "4")) else 5
    ticks = [(y_max * i / intervals, _n(y_max * i / intervals)) for i in range(intervals + 1)]
    axes = _Axes(52, 0, len(bars), 0, y_max)
    body = _y_axis(axes, ticks, y_label)
    slot = (WIDTH - RIGHT - axes.left) / len(bars)
    every = max(1, -(-len(bars) // 12))  # at most a dozen labels under the bars
    for index, (label, value) in enumerate(bars):
        x = axes.x(index) + slot * 0.15
        y = axes.y(value)
        body.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(slot * 0.7)}" '
                    f'height="{_n(HEIGHT - BOTTOM - y)}" fill="{MAIN}"/>')
        middle = _n(x + slot * 0.35)
        if len(bars) <= MAX_VALUE_LABELS:
            body.append(f'<text x="{middle}" y="{_n(y - 4)}" text-anchor="middle" '
                        f'font-size="10">{_text(_n(value))}</text>')
        if index % every == 0:
            body.append(f'<text x="{middle}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                        f'font-size="10">{_text(label)}</text>')
    if x_label:
        body.append(f'<text x="{_n(axes.left + (WIDTH - RIGHT - axes.left) / 2)}" '
                    f'y="{HEIGHT - 6}" text-anchor="middle">{_text(x_label)}</text>')
    return _frame(chart_id, title, desc, body)


def _nice_ceiling(value: float) -> float:
    """A round top for the scale (10, 20, 50, 100, ...) so the ticks read easily."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 < value:
        magnitude *= 10
    for factor in (1, 2, 4, 5, 10):
        if magnitude * factor >= value:
            return magnitude * factor
    return magnitude * 10
