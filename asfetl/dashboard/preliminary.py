""" "prel." beside every preliminary mark of a trend line, its coverage on tap or hover: a hollow
circle alone said what it meant only in a footnote."""

from typing import Any

from asfetl.dashboard import texts
from asfetl.dashboard.layout import MIN_TEXT
from asfetl.dashboard.model import Indicator, Model, Point


def prel_marks(
    model: Model, indicator: Indicator, points: list[Point], lang: str, colour: str
) -> list[dict[str, Any]]:
    """An annotation "prel." just above each preliminary point; hovering or tapping it tells
    how many of the expected reports are in (for the newest preliminary year)."""
    from asfetl.dashboard.charts import newer_preliminary  # charts draws these marks

    preliminary = [p for p in points if p.status == "preliminary" and p.published]
    newest = max((p.year for p in preliminary), default=None)
    marks = []
    for p in preliminary:
        note = newer_preliminary(model, indicator, p.year - 1, lang) if p.year == newest else ""
        marks.append(
            {
                "x": p.year,
                "y": float(p.value),
                "xref": "x",
                "yref": "y",
                "yanchor": "bottom",
                "yshift": 7,
                "text": "prel.",
                "hovertext": note or texts.t(lang, "newer_preliminary", year=p.year),
                "showarrow": False,
                "font": {"color": colour, "size": MIN_TEXT},
            }
        )
    return marks
