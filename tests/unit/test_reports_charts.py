"""The inline SVG charts: well-formed, labelled, accessible, and never colour alone."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from reintegrate.documents import charts

START = date(2026, 10, 5)


def _parse(svg: str) -> ET.Element:
    # Inline SVG carries no namespace (HTML5 supplies it); a plain XML parse checks
    # that every tag is closed and every attribute quoted.
    return ET.fromstring(svg)


def _texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter("text")]


def test_line_chart_has_title_desc_axes_values_and_a_dashed_trend():
    points = [(START + timedelta(days=i), v) for i, v in enumerate([8, 6, 5, 3])]
    svg = charts.line_chart(points, chart_id="d", title="Peak distress", y_label="Peak (0-10)",
                            desc="Four attempts", trend=((START, 8.0), (points[-1][0], 3.0)),
                            trend_label="Trend: falling")
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "d-title d-desc"
    assert root.find("title").text == "Peak distress"
    assert root.find("desc").text == "Four attempts"
    texts = _texts(root)
    assert {"8", "6", "5", "3"} <= set(texts)          # every value written out
    assert "Peak (0-10)" in texts and "Date" in texts  # both axes named
    assert "Trend: falling" in texts                   # the trend is named in words
    assert "Mon 5 Oct" in texts                        # dates on the x axis
    trend = [el for el in root.iter("line") if el.get("class") == "trend"]
    assert len(trend) == 1 and trend[0].get("stroke-dasharray")  # a dash, not just a colour
    assert len(list(root.iter("circle"))) == 4


def test_line_chart_puts_higher_values_higher():
    points = [(START, 2), (START + timedelta(days=1), 9)]
    root = _parse(charts.line_chart(points, chart_id="d", title="t", y_label="y"))
    low, high = [float(c.get("cy")) for c in root.iter("circle")]
    assert high < low  # SVG y grows downwards


def test_step_chart_marks_step_backs_with_a_shape_and_a_word():
    points = [(START, 1, False), (START + timedelta(days=1), 3, False),
              (START + timedelta(days=2), 2, True)]
    root = _parse(charts.step_chart(points, chart_id="s", title="Steps",
                                    levels=["Drive past", "Car park", "One lesson"]))
    texts = _texts(root)
    assert texts.count("back") == 1
    assert "Stepped back" in texts and "Step attempted" in texts
    assert [el for el in root.iter("path") if el.get("class") == "step-back"]
    assert {"1", "2", "3"} <= set(texts)


def test_step_chart_names_are_whole_never_cut():
    # The axis numbers the steps; the whole names are in the description (and the
    # report lists them under the chart): a name cut to fit ("2 Stop outside when t…") says less.
    title = "A very long step title that goes on and on"
    root = _parse(charts.step_chart([(START, 1, False)], chart_id="s", title="t", levels=[title]))
    assert not any("…" in t for t in _texts(root))
    assert f"1 {title}" in root.find("desc").text


def test_date_labels_are_never_on_a_weekend():
    # 1 to 31 October 2026: evenly spread labels would fall on Sat 31 Oct and a Sunday.
    start, end = date(2026, 10, 1), date(2026, 10, 31)
    points = [(start + timedelta(days=n), 1, False) for n in range(0, 31, 3)]
    root = _parse(charts.step_chart(points, chart_id="s", title="t", levels=["One"], span=(start, end)))
    labels = [t for t in _texts(root) if t[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
    assert labels and not any(t.startswith(("Sat", "Sun")) for t in labels)


def test_bar_chart_writes_each_value_and_label():
    root = _parse(charts.bar_chart([("Full", 2), ("Partial", 7), ("Missed", 0)], chart_id="b",
                                   title="Days", y_label="School days"))
    assert len(list(root.iter("rect"))) == 3
    texts = _texts(root)
    assert {"Full", "Partial", "Missed", "2", "7", "0"} <= set(texts)
    heights = [float(r.get("height")) for r in root.iter("rect")]
    assert heights[1] > heights[0] > heights[2] == 0


def test_bar_chart_scale_uses_round_numbers():
    root = _parse(charts.bar_chart([("W1", 450)], chart_id="b", title="t", y_label="Minutes"))
    assert {"0", "100", "200", "300", "400", "500"} <= set(_texts(root))


def test_empty_charts_say_so_in_words():
    for svg in (charts.line_chart([], chart_id="a", title="t", y_label="y"),
                charts.step_chart([], chart_id="b", title="t", levels=[]),
                charts.bar_chart([], chart_id="c", title="t", y_label="y")):
        root = _parse(svg)
        assert any("period" in t for t in _texts(root))


def test_text_is_escaped():
    svg = charts.bar_chart([("<b>&", 1)], chart_id='x" onload="y', title="<script>",
                           y_label="y")
    root = _parse(svg)
    assert root.find("title").text == "<script>"
    assert "<script>" not in svg and 'onload="y"' not in svg


def test_thousands_of_points_stay_small():
    points = [(START + timedelta(days=i), i % 11) for i in range(5000)]
    svg = charts.line_chart(points, chart_id="d", title="t", y_label="y")
    root = _parse(svg)
    assert not list(root.iter("circle"))  # markers and labels dropped past a limit
    assert len(svg) < 80_000
    steps = [(START + timedelta(days=i), 1 + (i // 50) % 4, False) for i in range(5000)]
    svg = charts.step_chart(steps, chart_id="s", title="t", levels=["a", "b", "c", "d"])
    path = next(el for el in _parse(svg).iter("path") if el.get("class") is None)
    assert path.get("d").count("V") == 99  # one rise or fall per change of step, no more


def test_the_core_never_imports_textual_or_rich():
    code = ("import sys, reintegrate.stats, reintegrate.documents.charts, reintegrate.documents.reports; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("start, end", [
    (date(2027, 1, 6), date(2027, 2, 5)),   # Leo's month, Wednesday to Friday
    (date(2027, 1, 4), date(2027, 1, 24)),  # ends on a Sunday
    (date(2027, 1, 23), date(2027, 1, 24)),  # a weekend alone: no school day to label
    (date(2027, 1, 23), date(2027, 1, 23)),
])
def test_the_distress_chart_labels_no_weekend_day(start, end):
    # Was: "Sat 23 Jan" under the distress chart. Both charts share the date axis.
    points = [(start, 6.0), (end, 4.0)]
    root = _parse(charts.line_chart(points, chart_id="d", title="t", y_label="Peak distress", span=(start, end)))
    labels = [t for t in _texts(root) if t[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
    assert not any(t.startswith(("Sat", "Sun")) for t in labels), labels
    if end.weekday() < 5 or (end - start).days > 2:
        assert labels
