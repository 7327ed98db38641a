"""The plan's progress chart for a plan still running, in Chromium at both widths and in both
languages: the sample's plan is over (no target is still ahead, so no "expected" mark), this one
runs to 2026 with 2024 its latest final year, so every kind of mark is drawn. None touches a
text (a target's name, its status "efter (2024) · −41,7 %"), every text is 12 px or more and
4.5:1 against what lies behind it, and nothing is cut off or overlapped."""

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from asfetl.dashboard.model import build_model
from asfetl.dashboard.render import render_html
from tests.dashboard.browser import (
    CHART_TEXTS,
    DESKTOP,
    LABEL_PROBLEMS,
    LINES_ACROSS_TEXTS,
    PHONE,
)
from tests.dashboard.test_dashboard_browser import _open

SCREENS = [(DESKTOP, "sv"), (DESKTOP, "en"), (PHONE, "sv"), (PHONE, "en")]
# (status, progress %) of the sample's nine targets, in their order
RUNNING = [
    ("on_track", 60.0),
    ("behind", 10.0),
    ("behind", -2.6),
    ("behind", -41.666667),
    ("behind", 14.3),
    ("behind", -10.6),
    ("on_track", 50.0),
    ("achieved", 130.0),
    ("on_track", 55.0),
]


def running(progress: pd.DataFrame) -> pd.DataFrame:
    """The sample's targets in a plan 2022–2026 seen in 2025: 2024 is their latest final year,
    where a target on its way should be half-way (2 of its 4 years)."""
    frame = progress.copy()
    assert len(frame) == len(RUNNING)
    frame["plan_status"] = [status for status, _ in RUNNING]
    frame["progress_pct"] = [pct for _, pct in RUNNING]
    frame["target_year"] = 2026
    frame["latest_year"] = 2024
    frame["judged_year"] = 2024
    frame["plan_end_year"] = 2026
    frame["period_over"] = False
    frame["break_year"] = None
    return frame


@pytest.fixture(scope="module")
def page_file(data, tmp_path_factory) -> Path:
    model = build_model(data)
    model = dataclasses.replace(model, progress=running(model.progress))
    path = tmp_path_factory.mktemp("running") / "dashboard.html"
    path.write_text(render_html(model, "sv"), encoding="utf-8")
    return path


@pytest.mark.parametrize(("screen", "lang"), SCREENS, ids=[f"{s['width']}-{g}" for s, g in SCREENS])
def test_no_mark_of_a_running_plan_touches_a_text(browser, page_file, screen, lang):
    page, problems = _open(browser, page_file, screen, lang, draw_all=False)  # SVG: drawn
    result = page.evaluate(LINES_ACROSS_TEXTS, "chart-plan-progress")
    # every target's bar, baseline and target marks; the expected mark of the seven ahead
    assert result["kinds"] == ["mark baseline", "mark expected", "mark target"], result
    assert result["marks"] == 9 + 2 * 9 + 8, result  # the achieved one is judged: no "expected"
    behind = "efter (2024) · −41,7 %" if lang == "sv" else "behind (2024) · −41.7 %"
    assert behind in [s.replace("\u00a0", " ") for s in result["statuses"]], result["statuses"]
    assert result["found"] == [], result["found"]
    plan = [t for t in page.evaluate(CHART_TEXTS) if t["chart"] == "chart-plan-progress"]
    assert len(plan) >= 2 * 9 + 5  # names and statuses, title, ticks, legend
    assert min(t["size"] for t in plan) >= 12
    assert min(t["ratio"] for t in plan) >= 4.5, min(plan, key=lambda t: t["ratio"])
    assert [p for p in page.evaluate(LABEL_PROBLEMS) if p.startswith("chart-plan-")] == []
    assert not problems, problems
