"""Terminal charts for the progress screen: the step over time, peak distress, minutes.

Each chart is a ChartPanel: a heading, the plot, and a caption that says in words what
the plot shows (how many attempts, how many step-backs, which way distress is going),
so colour and shape are never the only way to read it. Markers differ by shape too:
● an attempt, ▼ a step back, · the trend line (or, in the step chart, the path
between attempts).

textual-plotext (and plotext under it) is imported inside `_plot`, the first time a
chart is drawn: opening the app never pays for it, only the progress screen does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from reintegrate.models import Student
from reintegrate.stats import Progress, WeekMinutes
from screens.widgets.plain import escape

ATTEMPT_MARK = "●"
STEP_BACK_MARK = "▼"
TREND_MARK = "·"
PATH_MARK = "·"  # joins the attempts in the step chart, where there is no trend line
# More bars than this do not fit 80 columns with their labels: longer ranges show the
# average week of each block of weeks instead.
MAX_BARS = 12
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ChartPanel(Vertical):
    """A titled chart with a caption in words below it (or a sentence when empty)."""

    DEFAULT_CSS = """
    ChartPanel { height: auto; }
    ChartPanel > .chart-title { text-style: bold; }
    ChartPanel > .chart-caption { color: $text-muted; }
    ChartPanel > .chart-empty { color: $text-muted; padding: 1 0; }
    ChartPanel > PlotextPlot { height: 10; }
    """

    def __init__(self, title: str, caption: str, plot: Widget | None, empty: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title_text = title
        self.caption = caption
        self.plot = plot
        self.empty = empty

    def compose(self) -> ComposeResult:
        yield Static(escape(self.title_text), classes="chart-title")
        if self.plot is None:
            yield Static(escape(self.empty), classes="chart-empty")
            return
        yield self.plot
        yield Static(escape(self.caption), classes="chart-caption")


def _plot() -> Widget:
    from textual_plotext import PlotextPlot  # lazily: see the module docstring

    plot = PlotextPlot()
    plot.plt.frame(False)  # the panel is the frame; a box costs two rows at 80x24
    return plot


# ---- axes -------------------------------------------------------------------------------


def short_day(day: date) -> str:
    """'2 Nov': an axis label. Built from a table, not strftime, so never localised."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def month_label(day: date) -> str:
    """'Nov 26': an axis label for ranges longer than a few months."""
    return f"{_MONTHS[day.month - 1]} {day.year % 100:02d}"


def date_ticks(start: date, end: date, count: int = 4) -> tuple[list[int], list[str]]:
    """About `count` evenly spaced ticks, as days after `start`, with their labels."""
    span = (end - start).days
    if span <= 0:
        return [0], [short_day(start)]
    label = short_day if span <= 180 else month_label
    positions = sorted({round(span * i / (count - 1)) for i in range(count)})
    return positions, [label(date.fromordinal(start.toordinal() + p)) for p in positions]


def nice_ticks(top: float, count: int = 4) -> list[int]:
    """Round-numbered ticks from 0 to at least `top` (at most `count` + 1 of them)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, round(step))
    return list(range(0, int(step * math.ceil(top / step)) + 1, step))


def _bucket(start: date, end: date) -> int:
    """Days that fall in one character of even a very wide chart (at least 1)."""
    return max(1, (end - start).days // 400)


def thin(points: Sequence[tuple[int, int]], bucket: int) -> list[tuple[int, int]]:
    """Drop points that would be drawn on top of one already kept (same value, within
    `bucket` days): years of attempts draw in a fraction of the time, and look the same."""
    if bucket <= 1:
        return list(points)
    seen: set[tuple[int, int]] = set()
    kept = []
    for x, y in points:
        key = (x // bucket, y)
        if key not in seen:
            seen.add(key)
            kept.append((x, y))
    return kept


def _span(p: Progress) -> tuple[date, date]:
    first = p.range.start
    return first, max(p.range.end, first)


# ---- the charts -------------------------------------------------------------------------


def step_chart(p: Progress, student: Student) -> ChartPanel:
    """The ladder step at each attempt, drawn as stairs; step-backs marked ▼."""
    title = "Ladder step at each attempt (1 is the easiest)"
    points = [s for s in p.steps if s.position is not None]
    if not points:
        return ChartPanel(title, "", None, "No attempts in this period.", id="chart-steps")
    start, end = _span(p)
    # The path needs a corner only where the step changed: a long run at one step is
    # one line, however many attempts it holds.
    xs: list[int] = [(points[0].on - start).days]
    ys: list[int] = [points[0].position]  # type: ignore[list-item]
    for point in points[1:]:
        if point.position != ys[-1]:
            x = (point.on - start).days
            xs += [x, x]
            ys += [ys[-1], point.position]  # type: ignore[list-item]
    xs.append((points[-1].on - start).days)
    ys.append(ys[-1])
    plot = _plot()
    plt = plot.plt
    plt.plot(xs, ys, marker=PATH_MARK, color="gray")
    bucket = _bucket(start, end)
    ahead = thin([((s.on - start).days, s.position) for s in points if not s.stepped_back], bucket)
    plt.scatter([x for x, _ in ahead], [y for _, y in ahead], marker=ATTEMPT_MARK)
    backs = [s for s in points if s.stepped_back]
    if backs:
        shown = thin([((s.on - start).days, s.position) for s in backs], bucket)
        plt.scatter([x for x, _ in shown], [y for _, y in shown], marker=STEP_BACK_MARK, color="red")
    low = min(ys)
    high = max(ys)
    plt.ylim(low - 0.5, high + 0.5)
    every = max(1, math.ceil((high - low + 1) / 5))
    ticks = list(range(low, high + 1, every))
    plt.yticks(ticks, [str(t) for t in ticks])
    plt.xlim(0, (end - start).days)
    plt.xticks(*date_ticks(start, end))
    steps = len(student.ladder.active)
    caption = (f"{ATTEMPT_MARK} each attempt, {STEP_BACK_MARK} a step back: {len(points)} attempts, "
               f"{len(backs)} step-back{'' if len(backs) == 1 else 's'}; from step {points[0].position} to step "
               f"{points[-1].position} of {steps}.")
    return ChartPanel(title, caption, plot, "", id="chart-steps")


def distress_chart(p: Progress) -> ChartPanel:
    """Peak distress (0–10) at each attempt, with a least-squares trend line."""
    title = "Peak distress at each attempt (0 to 10)"
    if not p.distress:
        return ChartPanel(title, "", None, "No peak distress recorded in this period.",
                          id="chart-distress")
    # Lazily, like plotext: the reports module loads its templates' engine. The words
    # are the reports' own, so the screen and a report describe the trend alike.
    from reintegrate.documents.reports import trend_words

    start, end = _span(p)
    plot = _plot()
    plt = plot.plt
    caption = f"{ATTEMPT_MARK} each attempt ({len(p.distress)} with a peak recorded)"
    t = p.distress_trend
    # The trend first, the attempts over it: a line through few points passes through
    # them, and drawn last it covered every marker the caption promises.
    if t is not None:
        first, last = p.distress[0][0], p.distress[-1][0]
        plt.plot([(first - start).days, (last - start).days], [t.at(first), t.at(last)],
                 marker=TREND_MARK, color="gray")
        caption += f"; {TREND_MARK} trend: {trend_words(t.slope_per_week)}."
    else:
        caption += "; not enough records yet for a trend."
    shown = thin([((on - start).days, v) for on, v in p.distress], _bucket(start, end))
    plt.scatter([x for x, _ in shown], [y for _, y in shown], marker=ATTEMPT_MARK)
    plt.ylim(0, 10)
    plt.yticks([0, 2, 4, 6, 8, 10])
    plt.xlim(0, (end - start).days)
    plt.xticks(*date_ticks(start, end))
    return ChartPanel(title, caption, plot, "", id="chart-distress")


def week_blocks(weeks: Sequence[WeekMinutes], most: int = MAX_BARS) -> tuple[int, list[tuple[date, int]]]:
    """(weeks per bar, [(first Monday, average minutes a week)]): every week when they
    fit, else blocks of equal length (the last may be shorter)."""
    size = max(1, math.ceil(len(weeks) / most))
    blocks = []
    for i in range(0, len(weeks), size):
        block = weeks[i:i + size]
        blocks.append((block[0].monday, round(sum(w.minutes for w in block) / len(block))))
    return size, blocks


def minutes_chart(p: Progress) -> ChartPanel:
    """Minutes in school each week, weeks with none included."""
    title = "Minutes in school each week"
    if not p.weeks:
        return ChartPanel(title, "", None, "No weeks in this period yet.", id="chart-minutes")
    size, blocks = week_blocks(p.weeks)
    label = short_day if (blocks[-1][0] - blocks[0][0]).days <= 180 else month_label
    values = [minutes for _, minutes in blocks]
    plot = _plot()
    plt = plot.plt
    plt.bar([label(monday) for monday, _ in blocks], values, marker="█", width=0.6)
    ticks = nice_ticks(max(values))
    plt.ylim(0, ticks[-1])
    plt.yticks(ticks)
    total = sum(w.minutes for w in p.weeks)
    busiest = max(p.weeks, key=lambda w: w.minutes)
    each = "week, starting on the Monday shown" if size == 1 else (
        f"average week over {size} weeks, from the Monday shown")
    caption = (f"Each bar is one {each}. {total} minutes in all over {len(p.weeks)} week{'' if len(p.weeks) == 1 else 's'}; "
               f"most in the week of {short_day(busiest.monday)}: {busiest.minutes} minutes.")
    if not total:
        caption = ("No time in school yet this week." if len(p.weeks) == 1
                   else f"No time in school yet over these {len(p.weeks)} weeks.")
    return ChartPanel(title, caption, plot, "", id="chart-minutes")


def attendance_chart(p: Progress) -> ChartPanel:
    """School days attended in full, in part, and missed: the bars carry their names."""
    title = "School days by attendance"
    a = p.attendance
    if not a.school_days:
        return ChartPanel(title, "", None, "There were no school days in this period.",
                          id="chart-attendance")
    plot = _plot()
    plt = plot.plt
    values = [a.full, a.partial, a.missed]
    plt.bar([f"Full {a.full}", f"Partial {a.partial}", f"Missed {a.missed}"], values,
            marker="█", width=0.5)
    ticks = nice_ticks(max(values))
    plt.ylim(0, ticks[-1])
    plt.yticks(ticks)
    caption = (f"{a.school_days} school days; attended at least in part: {a.attended_percent} %, "
               f"tier {a.tier}.")
    return ChartPanel(title, caption, plot, "", id="chart-attendance")


def progress_charts(p: Progress, student: Student) -> list[ChartPanel]:
    return [step_chart(p, student), distress_chart(p), minutes_chart(p), attendance_chart(p)]
