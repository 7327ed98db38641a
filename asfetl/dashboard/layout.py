"""The charts' common frame: colours, titles wrapped to the width, margins, axes and their ticks.

Every chart is laid out twice: wide (a card of 500 px or more) and narrow (a phone, about 330 px).
Plotly neither wraps titles nor makes room for them, so lines and margins are worked out here
from a generous estimate of the text's width.
"""

import math
import textwrap
from typing import Any

from asfetl.dashboard import texts

# Okabe & Ito's palette: told apart with every common kind of colour blindness.
BLUE, SKY, GREEN, ORANGE, VERMILLION, PURPLE, GREY = (
    "#0072B2",
    "#56B4E9",
    "#009E73",
    "#E69F00",
    "#D55E00",
    "#CC79A7",
    "#8C8C8C",
)
INK, MUTED, GRID = "#1a1a1a", "#444444", "#e5e5e5"
# The palette's colours as text: vermillion darkened to 5.0:1 on white (itself 3.9:1); inside a
# bar black, which every bar colour but blue sets off at 5.4:1 or more (white on green: 3.4:1).
VERMILLION_TEXT, INSIDE_BAR_TEXT = "#B84F00", "#000000"
MIN_TEXT = 12  # px: no text on or in a chart is smaller
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# decimal mark, then the thousands separator (Plotly's hover labels use them)
SEPARATORS = {"sv": "," + texts.NBSP, "en": ".,"}
HEIGHT = 360
VARIANTS = (False, True)  # wide, narrow
# The width each variant is laid out for (px) and the widths of its text in characters: a
# character is taken as 0.6 of the font size, wider than most, so that nothing is cut off.
PLOT_WIDTH = {False: 500, True: 300}
TITLE = {False: (15, 54), True: (14, 33)}  # font size, characters per line
SUBTITLE = {False: (12, 68), True: (12, 40)}
LABEL_CHARS = {False: 64, True: 38}  # a line of 12 px text across the whole chart
TICK_COUNT = {False: 6, True: 5}


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters (a longer word keeps its own line); <br> kept."""
    lines: list[str] = []
    for part in text.split("<br>"):
        lines += textwrap.wrap(part, width, break_long_words=False, break_on_hyphens=False) or [""]
    return lines


def text_width(text: str, size: int = 12) -> float:
    """A generous estimate of a line's width in pixels."""
    return 0.6 * size * len(text)


def legend_rows(names: list[str], narrow: bool) -> int:
    """How many rows a horizontal legend of these names takes."""
    rows, used = 0, math.inf
    for name in names:
        width = 44 + text_width(name)
        if used + width > PLOT_WIDTH[narrow] + 40:
            rows, used = rows + 1, 0.0
        used += width
    return rows


def base_layout(
    title: str,
    foot: str,
    lang: str,
    narrow: bool,
    *,
    legend: list[str] | None = None,
    axis_title: bool = True,
    top_extra: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    """Title, then unit and source under it, inside the chart so that a saved image still
    carries them; the legend goes below the plot. Nothing zooms: the page scrolls on a phone."""
    title_size, title_chars = TITLE[narrow]
    sub_size, sub_chars = SUBTITLE[narrow]
    title_lines = wrap(title, title_chars)
    foot_lines = wrap(foot, sub_chars) if foot else []
    top = (
        12
        + 20 * len(title_lines)
        + (14 if len(title_lines) > 1 else 0)
        + (6 + 15 * len(foot_lines) if foot_lines else 0)
        + 16
    )
    bottom = 28 + (24 if axis_title else 0) + 22 * legend_rows(legend or [], narrow) + 8
    layout: dict[str, Any] = {
        # no theme; every chart's bars write inside them in black (Plotly: white or #444)
        "template": {"data": {"bar": [{"insidetextfont": {"color": INSIDE_BAR_TEXT}}]}},
        "title": {
            "text": "<br>".join(title_lines),
            "subtitle": {
                "text": "<br>".join(foot_lines),
                "font": {"size": sub_size, "color": MUTED},
            },
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            # Plotly sets a title of several lines about 14 px higher than one of one line
            "pad": {"t": 10 if len(title_lines) == 1 else 24, "l": 4},
            "font": {"size": title_size},
        },
        "font": {"family": FONT, "size": 12, "color": INK},
        "separators": SEPARATORS[lang],
        "height": HEIGHT,
        "margin": {"l": 10 if narrow else 16, "r": 12 if narrow else 24, "t": top + top_extra},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"font": {"family": FONT}},
        "dragmode": False,
        "showlegend": bool(legend),
        "legend": {
            "orientation": "h",
            "x": 0,
            "xref": "container",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "font": {"size": 12},
        },
        "annotations": [],
    }
    layout["margin"]["b"] = bottom
    layout.update(extra)
    for axis in ("xaxis", "yaxis"):
        layout.setdefault(axis, {})["fixedrange"] = True
    return layout


def foot_text(unit: str, source: str, lang: str, sep: str = "<br>") -> str:
    unit_part = f"{texts.t(lang, 'unit')}: {texts.unit_text(unit, lang)}" if unit else ""
    return sep.join(part for part in (unit_part, source) if part)


def nice_step(span: float, ticks: int, whole: bool) -> float:
    """A step of 1, 2, 2.5 or 5 times a power of ten giving about `ticks` ticks over `span`;
    never below 1 for whole numbers."""
    raw = max(span, 1e-9) / max(ticks - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= raw and not (whole and (step < 1 or not float(step).is_integer())):
            return step
    return max(1.0, 10 * power)


def value_axis(low: float, high: float, lang: str, narrow: bool, whole: bool) -> dict[str, Any]:
    """A fixed range from zero (or below it) to `high`, ticks at round numbers inside it written
    by texts.tick: whole numbers for counts, no abbreviations (226M, 295k), the page's notation."""
    low = min(0.0, low)
    high = high if high > low else low + 1.0  # nothing published: an empty axis from 0 to 1
    step = nice_step(high - low, TICK_COUNT[narrow], whole)
    if math.ceil(high / step) * step <= 1.15 * high:  # a round number just above: end there
        high = math.ceil(high / step) * step
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    values = [i * step for i in range(first, last + 1)]
    written = f"{step:.6g}"
    decimals = len(written.split(".")[1]) if "." in written else 0
    return {
        "range": [low, high],
        "autorange": False,
        "tickmode": "array",
        "tickvals": values,
        "ticktext": [texts.tick(v, decimals, lang) for v in values],
        "gridcolor": GRID,
        "zeroline": True,
        "zerolinecolor": "#888888",
        "fixedrange": True,
    }


def year_axis(years: list[int], narrow: bool) -> dict[str, Any]:
    """Years as whole numbers; on a phone every other year (always the latest) when many."""
    first, last = min(years), max(years)
    step = 2 if narrow and last - first > 6 else 1
    ticks = list(range(last, first - 1, -step))[::-1]
    pad = 0.4 * step + (0.3 if narrow else 0)  # room for half a year's label beside the axis
    return {
        "range": [first - pad, last + pad],
        "autorange": False,
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [str(year) for year in ticks],
        "showgrid": False,
        "linecolor": "#888888",
        "fixedrange": True,
    }
