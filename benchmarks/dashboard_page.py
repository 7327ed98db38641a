"""The dashboard's page in headless Chromium: its first screen, each chart's drawing and a
municipality switch, timed in the page with the CPU slowed (Chromium's throttling), and the
budgets of issue 28. Scenario 5 reports these figures; the browser test asserts the budgets.

Honest on a shared machine: another process can only add time to a measurement, never take it
away, so each figure is the least of several measurements (each first screen a fresh page
load, each chart a first drawing after Plotly.purge) and is held against the absolute budget.
A figure over budget in every one of them is over budget, whatever the load.
"""

import os
from pathlib import Path
from typing import Any

MAX_BYTES = int(1.5 * 2**20)  # the whole file
READY_MS = 1500  # the first screen: everything in it drawn, from the start of the page load
CHART_MS = 1500  # each chart's drawing
SWITCH_MS = 500  # choosing a municipality: every chart in sight redrawn
SLOWDOWN = 4  # Chromium's CPU throttling: a common stand-in for a mid-range phone
REPEATS = 3
KUMLA = "1881"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; .ci/run installs it
# No internet here: without these flags Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The tester's two screens: a phone and a laptop.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
SCREENS = (PHONE, DESKTOP)

# Each chart drawn on its own, one after the other (as scrolling brings them), timed in the page:
# the least of `repeats` first drawings (Plotly.purge first: a drawing, not an update).
DRAW_EACH = """async ([repeats, only]) => {
  await window.asfDashboard.plotly();  // loaded while the page is idle: not part of a drawing
  const out = {};
  for (const spec of window.asfDashboard.charts) {
    if (only && !only.includes(spec.id)) continue;
    for (let i = 0; i < repeats; i++) {
      Plotly.purge(document.getElementById(spec.id));
      const t = performance.now();
      await window.asfDashboard.draw(spec.id);
      out[spec.id] = Math.min(out[spec.id] || Infinity, performance.now() - t);
    }
  }
  return out;
}"""
# From the whole region to a municipality, as the selector does it (the charts in sight redrawn,
# its summary brought to the top), until the screen shows it: the least of `repeats`.
SWITCH = """async ([repeats, area]) => {
  let least = Infinity;
  for (let i = 0; i < repeats; i++) {
    await window.asfDashboard.choose('');
    window.scrollTo(0, 0);
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));
    const t = performance.now();
    await window.asfDashboard.choose(area);
    await new Promise(r => requestAnimationFrame(r));  // until the next frame shows it
    least = Math.min(least, performance.now() - t);
  }
  return least;
}"""

# The same choice made while reading a chart (the employees' trend and comparison in sight),
# without the scroll: the charts in sight redrawn with the municipality's line and bar. Before
# it, the page as a reader has it there: the charts near the screen drawn by the page as they
# came near (until no chart's state has changed for five frames), the others not yet.
SWITCH_IN_PLACE = """async ([repeats, area, at]) => {
  let least = Infinity;
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const stale = () => window.asfDashboard.charts.filter(spec => spec.stale).length;
  for (let i = 0; i < repeats; i++) {
    await window.asfDashboard.setArea('');
    document.querySelector(at).scrollIntoView();
    for (let last = -1, same = 0; same < 5; ) {
      await frame();
      const now = stale();
      same = now === last ? same + 1 : 0;
      last = now;
    }
    const t = performance.now();
    await window.asfDashboard.setArea(area);
    await new Promise(r => requestAnimationFrame(r));
    least = Math.min(least, performance.now() - t);
  }
  return least;
}"""
READING = "#ind-asf_employees"
# The charts drawn when the page was written (the plan's, as SVG) that the first screen shows.
PICTURES_IN_SIGHT = """() => [...document.querySelectorAll('.svg-chart')].filter(chart => {
  const box = chart.getBoundingClientRect();
  return box.height > 0 && box.bottom > 0 && box.top < window.innerHeight;
}).map(chart => chart.id)"""


def page_load(browser: Any, path: Path, screen: dict, rate: float, at: str = "") -> dict[str, Any]:
    """One fresh page load at `rate`× slower CPU, opened at the anchor `at` ('' the top): the
    page's own marks (ms from the start of the load), the charts Plotly drew for its first
    screen and the pictures (charts drawn when the page was written) in it."""
    context = browser.new_context(viewport=screen)
    try:
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
        page.goto(path.as_uri() + at)
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        times = page.evaluate("window.asfTimes")
        drawn = page.evaluate("window.asfDashboard.charts.filter(s => !s.stale).map(s => s.id)")
        pictures = page.evaluate(PICTURES_IN_SIGHT)
        return {"times": times, "first_screen_charts": drawn, "pictures": pictures}
    finally:
        context.close()


def _least(loads: list[dict[str, Any]]) -> dict[str, Any]:
    return min(loads, key=lambda load: load["times"]["ready"])


def first_screen(
    browser: Any, path: Path, screen: dict, rate: float, repeats: int, at: str = ""
) -> dict[str, Any]:
    """The least of `repeats` fresh page loads opened at `at` ('' the top): see `page_load`."""
    return _least([page_load(browser, path, screen, rate, at) for _ in range(repeats)])


def in_one_page(
    browser: Any,
    path: Path,
    screen: dict,
    rate: float,
    repeats: int,
    charts: list[str] | None = None,
    switch: bool = True,
) -> dict[str, Any]:
    """In one page at `rate`× slower CPU: each Plotly chart's drawing (or only `charts`'), and
    unless `switch` is False the switch to Kumla from the top and while reading a chart, each
    the least of `repeats`."""
    context = browser.new_context(viewport=screen)
    try:
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        found: dict[str, Any] = {"draws": page.evaluate(DRAW_EACH, [repeats, charts])}
        if switch:
            page.evaluate("window.scrollTo(0, 0)")
            found["switch"] = page.evaluate(SWITCH, [repeats, KUMLA])
            found["in_place"] = page.evaluate(SWITCH_IN_PLACE, [repeats, KUMLA, READING])
        return found
    finally:
        context.close()


def _with_draws(figures: dict[str, Any], draws: dict[str, float]) -> dict[str, Any]:
    slowest = max(draws, key=draws.get)
    return {
        **figures,
        "slowest_chart": slowest,
        "slowest_chart_ms": round(draws[slowest]),
        "charts": len(draws),
        "all_charts_ms": round(sum(draws.values())),
        "chart_ms": {chart: round(ms, 1) for chart, ms in draws.items()},
    }


def measure(
    browser: Any,
    path: Path,
    screen: dict,
    rate: float,
    repeats: int = REPEATS,
    charts: list[str] | None = None,
) -> dict[str, Any]:
    """At `rate`× slower CPU, in milliseconds: the first screen opened at the top and opened at
    the plan (its charts in it, drawn as SVG when the page was written: no Plotly to wait for),
    each the least of `repeats` fresh loads; each Plotly chart's drawing (or only `charts`') and
    a switch to Kumla."""
    top = first_screen(browser, path, screen, rate, repeats)
    plan = first_screen(browser, path, screen, rate, repeats, "#plan")
    page = in_one_page(browser, path, screen, rate, repeats, charts)
    figures = {
        "rate": rate,
        "width": screen["width"],
        "ready_ms": round(top["times"]["ready"]),
        "phases_ms": {name: round(ms) for name, ms in top["times"].items()},
        "first_screen_charts": top["first_screen_charts"],
        "ready_at_charts_ms": round(plan["times"]["ready"]),
        "phases_at_charts_ms": {name: round(ms) for name, ms in plan["times"].items()},
        "charts_at_charts": plan["first_screen_charts"],
        "pictures_at_charts": plan["pictures"],
        "switch_ms": round(page["switch"]),
        "switch_in_place_ms": round(page["in_place"]),
        "load_average": round(os.getloadavg()[0], 2),
    }
    return _with_draws(figures, page["draws"])


def worth_throttling(at_full_speed: dict[str, float], slowest: int = 8) -> list[str]:
    """The charts to draw again at SLOWDOWN×, from each chart's drawing at 1× (`chart_ms`): the
    `slowest` ones, and every one that could reach CHART_MS even if throttling slowed it by
    twice SLOWDOWN. A chart left out took under CHART_MS / (2 × SLOWDOWN) at 1×, so it is within
    budget at SLOWDOWN× with a factor of two to spare. (Throttling costs as much CPU as the slow
    phone would: drawing all 64 at 4× burns about 12 s of CPU for what these few say.)"""
    ranked = sorted(at_full_speed, key=at_full_speed.get, reverse=True)
    could_reach = [c for c in ranked if at_full_speed[c] * 2 * SLOWDOWN >= CHART_MS]
    return sorted(set(ranked[:slowest]) | set(could_reach), key=ranked.index)


def over_budget(figures: dict[str, Any]) -> list[str]:
    """What a 4× measurement misses of issue 28's budgets (the first screen opened at the top
    and at the plan's charts, each chart's drawing, a municipality switch), in words; [] when
    it is within."""
    misses = []
    for key, budget in (("ready_ms", READY_MS), ("ready_at_charts_ms", READY_MS),
                        ("slowest_chart_ms", CHART_MS), ("switch_ms", SWITCH_MS)):  # fmt: skip
        if figures[key] > budget:
            misses.append(f"{key} {figures[key]} > {budget}")
    return misses


def least_of_rounds(
    browser: Any,
    path: Path,
    screen: dict,
    rate: float,
    rounds: int = 3,
    repeats: int = REPEATS,
    charts: list[str] | None = None,
) -> dict[str, Any]:
    """`measure`, then up to `rounds` - 1 more times only what is still over budget (the first
    screen at the top or at the plan, the charts over budget, the switch), keeping each figure's
    least: a quiet machine is measured once; a busy one gets more chances to show what the page
    itself takes (a figure can only come out too high, never too low), and a round costs only
    what it looks at again. The browser test takes one measurement of each kind per round
    (`repeats=1`) and more rounds: the same least, found only as far as it needs looking for."""
    figures = measure(browser, path, screen, rate, repeats, charts)
    figures["rounds"] = 1
    while over_budget(figures) and figures["rounds"] < rounds:
        for key, at in (("ready_ms", ""), ("ready_at_charts_ms", "#plan")):
            if figures[key] > READY_MS:
                load = first_screen(browser, path, screen, rate, repeats, at)
                figures[key] = min(figures[key], round(load["times"]["ready"]))
        slow = [chart for chart, ms in figures["chart_ms"].items() if ms > CHART_MS]
        switch = figures["switch_ms"] > SWITCH_MS
        if slow or switch:
            page = in_one_page(browser, path, screen, rate, repeats, slow, switch)
            if slow:
                draws = {**figures["chart_ms"]}
                for chart in slow:
                    draws[chart] = min(draws[chart], page["draws"][chart])
                figures = _with_draws(figures, draws)
            if switch:
                figures["switch_ms"] = min(figures["switch_ms"], round(page["switch"]))
                figures["switch_in_place_ms"] = min(
                    figures["switch_in_place_ms"], round(page["in_place"])
                )
        figures["rounds"] += 1
    return figures
