"""The dashboard in a real browser: headless Chromium renders every chart and both switches work."""

import os
import shutil
from pathlib import Path

import pytest

from asfetl.operations import pipeline
from tests.conftest import offline_settings

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
# Read now: the autouse fixture `isolated` clears ASFETL_* variables before each test.
SCREENSHOT_DIR = os.environ.get("ASFETL_SCREENSHOT_DIR")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason=f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium",
)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard the pipeline wrote after a sample run (no Prefect)."""
    folder = tmp_path_factory.mktemp("browser")
    settings = offline_settings(folder)
    pipeline.run_pipeline(settings, sample=True)
    path = settings.warehouse_dir / "exports" / "dashboard.html"
    assert path.is_file(), "the pipeline writes the dashboard after publishing"
    return path


def _not_blank(png: Path) -> None:
    from PIL import Image

    with Image.open(png) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1_000_000) or []
        assert rgb.size[0] >= 1000 and rgb.size[1] >= 700
    assert len(colours) > 50, f"{png} has {len(colours)} colours: it looks blank"
    most = max(count for count, _ in colours)
    assert most < 0.9 * rgb.size[0] * rgb.size[1], f"{png} is almost one colour"


def test_the_dashboard_renders_and_switches_in_chromium(dashboard, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on(
                "console",
                lambda m: (
                    problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
                ),
            )
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            page.goto(dashboard.as_uri())
            page.wait_for_selector("body[data-ready=true]", timeout=60_000)

            # every chart drawn by Plotly, with at least one trace in it
            charts = page.eval_on_selector_all(
                ".chart",
                """nodes => nodes.map(n => ({
                    id: n.id,
                    svg: n.querySelectorAll('.main-svg').length,
                    traces: n.querySelectorAll('.trace').length,
                    title: (n.querySelector('.gtitle') || {}).textContent || ''}))""",
            )
            assert len(charts) >= 30
            for chart in charts:
                assert chart["svg"] >= 1 and chart["traces"] >= 1, chart
                assert chart["title"], chart

            # a municipality: its panel, its line in the trend chart, its row marked
            def area_heading() -> str:
                return page.inner_text("[data-area-panel]:not([hidden]) h2")

            assert "Örebro län" in area_heading()
            legend = "#chart-asf_count-trend .legend"
            assert "Kumla" not in page.text_content(legend)
            page.select_option("#area-select", "1881")
            page.wait_for_function("document.querySelector('#area-select').value === '1881'")
            page.wait_for_timeout(300)
            assert "Kumla" in area_heading()
            assert "Kumla" in page.text_content(legend)
            assert page.locator("tr.selected[data-area-row='1881']").count() > 0

            # the language: headings and the charts' titles
            assert page.inner_text("#page-title").startswith("Handlingsplanen")
            page.click("button[data-set-lang=en]")
            page.wait_for_function("document.documentElement.lang === 'en'")
            page.wait_for_timeout(300)
            assert page.inner_text("#page-title").startswith("The action plan")
            assert "The municipality in figures: Kumla" in area_heading()
            title = page.text_content("#chart-asf_count-compare .gtitle")
            assert "municipalities" in title
            assert page.get_attribute("button[data-set-lang=en]", "aria-pressed") == "true"

            shot = tmp_path / "dashboard.png"
            page.screenshot(path=str(shot))
            assert not problems, problems
        finally:
            browser.close()
    _not_blank(shot)
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(SCREENSHOT_DIR) / "dashboard.png")
