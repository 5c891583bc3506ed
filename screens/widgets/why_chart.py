"""The check-in profile over time: one line per purpose, each with its own marker, and
a caption in words, so neither colour nor shape is the only way to read it.

plotext comes in through charts._plot, the first time the chart is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reintegrate.models import PURPOSE_SHORT, Purpose
from screens.widgets.charts import ChartPanel, _plot, date_ticks

MARKERS = {
    Purpose.negative_affect: "●",
    Purpose.social_evaluative: "■",
    Purpose.attention: "▲",
    Purpose.tangible: "◆",
}


def profile_chart(history: Sequence[tuple[date, dict[Purpose, float | None]]]) -> ChartPanel:
    title = "The check-ins over time (0 never to 6 always)"
    if len(history) < 2:
        return ChartPanel(title, "", None,
                          "The chart appears after a second check-in.", id="why-chart")
    start, end = history[0][0], history[-1][0]
    plot = _plot()
    plt = plot.plt
    for purpose in Purpose:
        points = [((on - start).days, scores[purpose]) for on, scores in history if scores[purpose] is not None]
        if points:
            plt.plot([x for x, _ in points], [y for _, y in points], marker=MARKERS[purpose])
    plt.ylim(0, 6)
    plt.yticks([0, 2, 4, 6])
    plt.xlim(0, max(1, (end - start).days))
    plt.xticks(*date_ticks(start, end))
    caption = "; ".join(f"{MARKERS[p]} {PURPOSE_SHORT[p].lower()}" for p in Purpose)
    return ChartPanel(title, f"{len(history)} check-ins. {caption}.", plot, "", id="why-chart")
