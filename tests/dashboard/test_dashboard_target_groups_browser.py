"""The target groups ("Målgrupperna") in headless Chromium at 1440×900 and 390×844, in Swedish and
English: Kumla beside the county and Sweden, every element inside its container, text of 12 px
or more; from the test's own warehouse with Sweden's rows. axe-core runs on the whole sample
page, this section with Sweden and the split by sex in it, in test_dashboard_browser.py."""

from pathlib import Path

import pytest

from asfetl.dashboard.render import write_dashboard
from asfetl.dashboard.target_groups import SECTION_ID
from tests.dashboard.test_dashboard_browser import IDS, SCREENS, _open, _save

SECTION = f"#{SECTION_ID}"
CARD = SECTION + " [lang={lang}] li[data-indicator=long_term_unemployment_18_65]"
# conftest.BENCHMARK_ROWS for 2025, as each language writes them
LINES = {
    "sv": [
        "Kumla\n4,6 %\nkvinnor 4,1 %, män 5,2 %",
        "Örebro län\n5,0 %\nkvinnor 4,5 %, män 5,4 %",
        "Sverige\n3,9 %\nkvinnor 3,6 %, män 4,2 %",
    ],
    "en": [
        "Kumla\n4.6 %\nwomen 4.1 %, men 5.2 %",
        "Örebro län\n5.0 %\nwomen 4.5 %, men 5.4 %",
        "Sweden\n3.9 %\nwomen 3.6 %, men 4.2 %",
    ],
}
# Every shown element of the section inside its parent's box, none scrolling sideways, and
# every text at least 12 px.
PROBLEMS = f"""() => {{
  const out = [];
  document.querySelectorAll('{SECTION} *').forEach(e => {{
    if (!e.getClientRects().length) return;
    const r = e.getBoundingClientRect(), p = e.parentElement.getBoundingClientRect();
    const name = `${{e.tagName}}.${{e.className}} "${{e.textContent.trim().slice(0, 30)}}"`;
    if (r.left < p.left - 0.5 || r.right > p.right + 0.5 || e.scrollWidth > e.clientWidth + 1)
      out.push(`${{name}} ${{r.width}} px wide in ${{p.width}}`);
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own && parseFloat(getComputedStyle(e).fontSize) < 12)
      out.push(`${{name}} ${{getComputedStyle(e).fontSize}}`);
  }});
  return out;
}}"""


@pytest.fixture(scope="module")
def dashboard(benchmarked: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_dashboard(benchmarked, tmp_path_factory.mktemp("tg") / "dashboard.html")


def _shown_lines(page, lang: str) -> list[str]:
    rows = page.locator(CARD.format(lang=lang) + " dl > div:visible")
    return [text.replace("\u00a0", " ") for text in rows.all_inner_texts()]


@pytest.mark.parametrize(("screen", "lang"), SCREENS, ids=IDS)
def test_kumla_beside_the_county_and_sweden_fits_the_screen(
    browser, dashboard, screen, lang, tmp_path
):
    page, problems = _open(browser, dashboard, screen, lang, draw_all=False)  # no chart in it
    page.click(f"nav.toc a[href='{SECTION}']")
    page.wait_for_timeout(150)
    assert _shown_lines(page, lang) == LINES[lang]
    assert page.evaluate(PROBLEMS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    if screen["width"] < 500:
        _save(page, f"dashboard-target-groups-{screen['width']}-{lang}.png", tmp_path, SECTION)

    # another municipality: its line instead of Kumla's; the whole county: the sentence instead
    page.select_option("#area-select", "1880")
    page.wait_for_function("document.querySelector('#area-select').value === '1880'")
    assert _shown_lines(page, lang)[0].startswith("Örebro\n")
    page.select_option("#area-select", "")
    page.wait_for_function("document.querySelector('#area-select').value === ''")
    assert [line.split("\n")[0] for line in _shown_lines(page, lang)] == [
        "Örebro län", "Sverige" if lang == "sv" else "Sweden"
    ]  # fmt: skip
    choose = page.locator(f"{SECTION} [lang={lang}] p[data-area-panel='18']")
    assert choose.is_visible() and "Kumla" not in choose.inner_text()
    assert page.evaluate(PROBLEMS) == []
    assert not problems, problems
