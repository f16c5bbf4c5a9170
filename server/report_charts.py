"""The report's charts as SVG drawn on the service by pygal, put in the page as they are.

Why pygal: the charts are drawn on the server, so the page needs no JavaScript and no file
from the internet (an office may have none), a printed report has the very same charts as
the screen, and the library is a small pip dependency installed with the service. Its
tooltip script, which it would load from a CDN, is turned off (js=[]).

Each chart brings its colours in an SVG <style> element: a page that forbids inline styles
(the console's Content-Security-Policy) lets exactly those in by their hashes (`style_hashes`).

Each bar carries its value and its label (pygal's <desc class="value"> and
<desc class="x_label">), written as the table beside it writes them: a test reads both.
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import re

import pygal
from pygal.style import Style

WAIT_COLOURS = ("#9ecae1", "#4292c6", "#08519c")
SERVICE_COLOURS = ("#a1d99b", "#41ab5d", "#006d2c")
COUNT_COLOURS = ("#6baed6", "#31a354", "#e6550d")
FONT = "'Noto Sans CJK TC', 'Noto Sans TC', 'Microsoft JhengHei', sans-serif"


def _style(colours: tuple[str, ...]) -> Style:
    return Style(font_family=FONT, background="white", plot_background="white", colors=colours,
                 label_font_size=12, major_label_font_size=12, legend_font_size=13, value_font_size=11,
                 title_font_size=15, tooltip_font_size=12)


def _chart(colours: tuple[str, ...], labels: list[str], formatter, height: int = 300) -> pygal.Bar:
    chart = pygal.Bar(js=[], disable_xml_declaration=True, style=_style(colours), width=640, height=height,
                      legend_at_bottom=True, legend_at_bottom_columns=3, x_labels=labels,
                      x_label_rotation=-45 if len(labels) > 12 and max(map(len, labels)) > 3 else 0, truncate_label=-1,
                      print_values=False, value_formatter=formatter, show_minor_x_labels=True,
                      margin=8, spacing=6)
    return chart


STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
SCRIPT = re.compile(r"<script[^>]*>.*?</script>|<script[^>]*/>", re.S)


def _svg(chart: pygal.Bar) -> str:
    # Without pygal's tooltip script, its configuration script and the hidden tooltip's style
    # attribute have no use: the page runs no inline script (the console's CSP forbids it).
    return SCRIPT.sub("", chart.render(is_unicode=True)).replace(' style="opacity: 0"', "")


def style_hashes(svgs) -> list[str]:
    """CSP sources ('sha256-…') for the <style> elements of these SVGs, as a browser reads
    them in an HTML page (character references decoded)."""
    found = []
    for svg in svgs:
        for text in STYLE.findall(svg):
            digest = hashlib.sha256(html.unescape(text).encode()).digest()
            found.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return list(dict.fromkeys(found))


def minutes(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def counts(groups: list[dict]) -> str:
    """Tickets issued, served and no-shows per group (per day: the day of the month)."""
    labels = [g["short"] for g in groups]
    chart = _chart(COUNT_COLOURS, labels, lambda v: f"{v:.0f}")
    top = max([g["tickets"] for g in groups] + [1])
    step = max(1, math.ceil(top / 8))
    chart.y_labels = list(range(0, top + step, step))  # whole tickets on the axis, never 0.2
    if len(labels) > 31:  # a longer range: a label a week or so
        chart.show_minor_x_labels = False
        chart.x_labels_major_every = max(1, len(labels) // 15)
    chart.add("取號 issued", [g["tickets"] for g in groups])
    chart.add("完成 served", [g["served"] for g in groups])
    chart.add("過號 no-shows", [g["no_shows"] for g in groups])
    return _svg(chart)


def times(groups: list[dict]) -> str:
    """Waiting and service time (mean, median, 90th percentile) per group, in minutes."""
    chart = _chart(WAIT_COLOURS + SERVICE_COLOURS, [g["label"] for g in groups], minutes)
    for part, name in (("wait", "等候 wait"), ("service", "服務 service")):
        for figure, figure_name in (("mean", "平均 mean"), ("median", "中位數 median"), ("p90", "P90")):
            chart.add(f"{name} {figure_name}", [g[part][figure] for g in groups])
    return _svg(chart)


def satisfied(groups: list[dict]) -> str:
    """The share of satisfied ratings (4 or 5), in per cent, per group."""
    rated = [g for g in groups if g["satisfaction"]["ratings"]]
    chart = _chart(("#756bb1",), [g["label"] for g in rated], lambda v: f"{v:.0f}%")
    chart.range = (0, 100)
    chart.show_legend = False  # one series: the caption under the chart names it
    chart.add("滿意 satisfied (4–5) %", [round(g["satisfaction"]["satisfied_share"] * 100) for g in rated])
    return _svg(chart)


SCORE_COLOURS = ("#d7191c", "#fdae61", "#fee08b", "#a6d96a", "#1a9641")   # 1 (red) to 5 (green)
SURVEY_COLOUR = ("#3182bd",)


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def survey_items(items: list[dict]) -> str:
    """The phone survey: how each item was scored, 1 to 5, in per cent of its answers (a bar
    per item, the first on top, its scores stacked from 1 on the left to 5 on the right)."""
    answered = [i for i in items if i["answers"]][::-1]   # pygal draws the first label at the bottom
    longest = max([len(i["label"]) for i in answered] + [1])
    chart = pygal.HorizontalStackedBar(
        js=[], disable_xml_declaration=True, style=_style(SCORE_COLOURS), width=640,
        height=90 + 34 * len(answered), legend_at_bottom=True, legend_at_bottom_columns=5,
        x_labels=[i["label"] for i in answered], truncate_label=-1, print_values=False,
        value_formatter=lambda v: f"{v:.0f}%", margin=8, spacing=6,
        # pygal sizes labels as Latin text (0.6 em a character); a Chinese character is 1 em
        margin_left=8 + int(0.45 * 12 * longest))
    chart.range = (0, 100)
    for n in range(5):
        chart.add(f"{n + 1} 分", [round(i["distribution"][n] / i["answers"] * 100, 1) for i in answered])
    return _svg(chart)


def survey_means(groups: list[dict], by_time: bool = False) -> str:
    """The survey's overall mean score (1–5) per group; over time, a bar per day, week or
    month (the day of the month for a month's days)."""
    labels = [g["short"] if by_time else g["label"] for g in groups]
    chart = _chart(SURVEY_COLOUR, labels, score, height=260)
    chart.range = (0, 5)
    chart.y_labels = [0, 1, 2, 3, 4, 5]
    chart.show_legend = False  # one series: the caption under the chart names it
    if len(labels) > 31:
        chart.show_minor_x_labels = False
        chart.x_labels_major_every = max(1, len(labels) // 15)
    chart.add("平均分數 mean score", [g["mean"] for g in groups])
    return _svg(chart)
