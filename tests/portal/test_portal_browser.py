"""The portal in headless Chromium against its real server: an enterprise with a link uploads a
file with errors, reads the findings in Swedish, uploads the fixed file and gets a receipt, and
the next run loads exactly that file; another enterprise's file, a personnummer and forged or
expired links are refused; axe-core finds no serious or critical violation on any of its pages."""

import hashlib
import json
import os
import shutil
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from asfetl.operations import pipeline
from tests.dashboard.browser import (
    AXE,
    AXE_RUN,
    DESKTOP,
    PHONE,
    chromium,
)
from tests.pipeline_helpers import working
from tests.portal.server import BodyCounter, link_path, portal_settings, running_portal
from tests.reports.report_files import personnummer, valid_rows, write_csv

# Read now: the autouse fixture `isolated` clears ASFETL_* variables before each test.
SCREENSHOT_DIR = os.environ.get("ASFETL_SCREENSHOT_DIR")
ANSWERED = "Failed to load resource: the server responded with a status of 4"


@pytest.fixture(scope="module")
def browser():
    with chromium(with_axe=True) as launched:
        yield launched


@pytest.fixture
def portal(tmp_path):
    settings = portal_settings(tmp_path)
    with running_portal(settings) as url:
        yield settings, url


def _page(browser, origin: str):
    """A page whose problems (console errors, CSP refusals, requests elsewhere) are collected;
    axe-core is injected as the browser's own script, which the page's CSP does not govern."""
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    problems: list[str] = []

    def console(message) -> None:  # a CSP refusal is an error; a 403 or 422 answer is asserted
        if message.type == "error" and not message.text.startswith(ANSWERED):
            problems.append(f"console: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("request", lambda r: r.url.startswith(origin) or problems.append(f"to {r.url}"))
    return page, problems


def _axe(page, name: str) -> None:
    violations = page.evaluate(AXE_RUN)
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        (Path(SCREENSHOT_DIR) / f"axe-{name}.json").write_text(json.dumps(violations, indent=1))
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], (name, serious)


def _save(page, name: str, tmp_path: Path) -> None:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000, f"{shot} looks blank"
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(SCREENSHOT_DIR) / name)


def _upload(page, name: str, content: bytes) -> None:
    """Choose a file (from memory: nothing of it on disk) and send the form."""
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_selector("#result")


def _csv(tmp_path: Path, rows: list[dict]) -> bytes:
    path = write_csv(tmp_path / "made.csv", rows)
    content = path.read_bytes()
    path.unlink()
    return content


def test_an_enterprise_fixes_its_report_in_one_sitting_and_the_next_run_loads_it(
    browser, portal, tmp_path
):
    settings, url = portal
    mine, theirs = valid_rows(2)
    page, problems = _page(browser, url)
    page.goto(url + link_path(settings, mine["organisationsnummer"]))
    assert page.inner_text("h1") == "Lämna årsrapport"
    assert mine["organisationsnummer"] in page.inner_text("main")
    assert page.get_attribute("html", "lang") == "sv"
    _axe(page, "upload")
    _save(page, "portal-upload.png", tmp_path)

    # A file with an error: the findings in Swedish, the row as the submitter sees it.
    bad = dict(mine, anstallda_malgrupp=mine["anstallda_totalt"] + 1)
    _upload(page, "årsrapport.csv", _csv(tmp_path, [bad]))
    result = page.inner_text("#result")
    assert "Filen avvisades: ingenting har sparats." in result
    row = page.locator("tr[data-rule=target_group_within_employees]").inner_text()
    assert row.startswith("2\t") and "anstallda_malgrupp (Anställda i målgruppen)" in row
    assert page.evaluate("document.activeElement.id") == "result"  # portal.js ran: CSP allows it
    assert not settings.inbox.exists() or list(settings.inbox.iterdir()) == []
    _axe(page, "findings")
    _save(page, "portal.png", tmp_path)
    page.set_viewport_size(PHONE)  # on a phone: every finding fits, nothing scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _axe(page, "findings-phone")
    _save(page, "portal-phone.png", tmp_path)
    page.set_viewport_size(DESKTOP)

    # Another enterprise's rows through this link: refused, in words.
    _upload(page, "båda.csv", _csv(tmp_path, [mine, theirs]))
    assert (
        f"länken gäller bara organisationsnummer {mine['organisationsnummer']}"
        in page.inner_text("#result")
    )

    # A personnummer: rejected, never echoed, nothing on disk.
    number = personnummer()
    _upload(page, "rapport.csv", _csv(tmp_path, [dict(mine, foretagsnamn=f"Kontakt {number}")]))
    shown = page.content()
    assert "personnummer" in page.inner_text("#result") and number not in shown
    kept = [p for p in tmp_path.rglob("*") if p.is_file() and number.encode() in p.read_bytes()]
    assert kept == [] and (not settings.inbox.exists() or list(settings.inbox.iterdir()) == [])

    # The fixed file: a receipt, and the file in the inbox under the name it gives.
    fixed = _csv(tmp_path, [mine])
    _upload(page, "årsrapport.csv", fixed)
    assert page.inner_text("#result h2") == "Tack! Filen är mottagen."
    receipt = page.inner_text("#result dl")
    sha = hashlib.sha256(fixed).hexdigest()
    (stored,) = list(settings.inbox.iterdir())
    assert sha in receipt and stored.name in receipt and stored.read_bytes() == fixed
    with page.expect_download() as info:
        page.click("text=Ladda ner kvittot")
    assert sha in Path(info.value.path()).read_text(encoding="utf-8")
    _axe(page, "receipt")
    _save(page, "portal-receipt.png", tmp_path)

    page.click("a.lang")  # the same page in English
    page.wait_for_load_state("load")
    assert page.inner_text("h1") == "Submit your annual report"
    _axe(page, "upload-en")
    assert not problems, problems

    # The next scheduled intake (the report-inbox run) loads exactly that file.
    run = pipeline.run_pipeline(settings, sample=False, statistics=False)
    assert run.step_counts["reports"]["accepted"] == 1
    with duckdb.connect(working(settings), read_only=True) as con:
        loaded = con.execute(
            "select distinct file_sha256, file_name, organisationsnummer from raw.enterprise_reports"
        ).fetchall()
    assert loaded == [(sha, stored.name, mine["organisationsnummer"])]


def test_a_forged_or_expired_link_shows_a_plain_403_page(browser, portal):
    settings, url = portal
    good = link_path(settings, "556036-0793")
    expired = link_path(settings, "556036-0793", days=1, now=time.time() - 3 * 86400)
    page, problems = _page(browser, url)
    for path in (good[:-6] + "forged", expired, "/"):
        answer = page.goto(url + path)
        assert answer.status == 403
        assert page.inner_text("h1") == "Åtkomst nekad" and page.locator("form").count() == 0
    _axe(page, "forbidden")
    assert not problems, problems


def test_an_oversized_file_is_answered_413_before_it_is_read(browser, tmp_path):
    settings = portal_settings(tmp_path, report_max_bytes=100_000)
    counted: dict[str, BodyCounter] = {}
    with running_portal(
        settings, wrap=lambda app: counted.setdefault("app", BodyCounter(app))
    ) as url:
        page, problems = _page(browser, url)
        page.goto(url + link_path(settings, "556036-0793"))
        big = b"organisationsnummer;foretagsnamn\r\n" + b"556036-0793;EXEMPEL AB\r\n" * 800_000
        page.set_input_files(
            "#file", files=[{"name": "stor.csv", "mimeType": "text/csv", "buffer": big}]
        )
        with page.expect_navigation() as navigation:
            page.click("button[type=submit]")
        assert navigation.value.status == 413
        assert page.inner_text("h1") == "Filen är för stor"
        assert "Inget har sparats." in page.inner_text("main")
    assert len(big) > 19_000_000 and counted["app"].received < 200_000  # never read it all
    assert not settings.inbox.exists() or list(settings.inbox.iterdir()) == []
    assert not problems, problems


# Every visible control's box: WCAG 2.2's 24 × 24 px target (2.5.8).
SMALL_TARGETS = """() => [...document.querySelectorAll('a, button, input, select, summary')]
  .filter(e => e.type !== 'hidden' && e.getClientRects().length)
  .map(e => ({what: e.outerHTML.slice(0, 80), r: e.getBoundingClientRect()}))
  .filter(e => e.r.width < 24 || e.r.height < 24)
  .map(e => `${e.what} ${e.r.width.toFixed(1)}×${e.r.height.toFixed(1)}`)"""


def _targets_and_width(page, name: str) -> None:
    assert page.evaluate(SMALL_TARGETS) == [], name
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


def test_an_enterprise_opening_its_link_on_a_phone_sees_its_name_year_and_template(
    browser, tmp_path
):
    """Issue 28, items 4 and 5: the greeting, the prefilled template, the controls' size, a
    cross-column finding naming its values, the same file twice: at both widths, both languages."""
    settings = portal_settings(tmp_path, today=date(2026, 12, 7))
    (row,) = valid_rows(1, years=(2025,))
    row.update(kommunkod="1881", foretagsnamn="Kafé Kumla ek. för.")
    settings.inbox.mkdir(parents=True)
    write_csv(settings.inbox / "rapport_2025.csv", [row])
    pipeline.run_pipeline(settings, sample=False, statistics=False)
    with running_portal(settings) as url:
        page, problems = _page(browser, url)
        page.set_viewport_size(PHONE)
        page.goto(url + link_path(settings, row["organisationsnummer"]))
        greeting = page.inner_text("#greeting")
        assert "Välkommen, Kafé Kumla ek. för. (Kumla)" in greeting
        assert "Nästa rapport gäller 2026 och ska vara inne senast 31 mars 2027." in greeting
        assert page.locator("#greeting").is_visible() and page.locator(".templates a").count() == 2
        assert page.locator(".templates a").first.bounding_box()["y"] < PHONE["height"]
        with page.expect_download() as info:
            page.click(".templates a[href*='template.csv']")
        template = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()
        assert template[0].startswith("Organisationsnummer;Företagsnamn;Kommunkod;Rapportår;")
        assert template[1].startswith(f"{row['organisationsnummer']};Kafé Kumla ek. för.;1881;2026")
        _targets_and_width(page, "upload-phone")
        _axe(page, "enterprise-phone")
        _save(page, "portal-enterprise-phone.png", tmp_path)

        bad = dict(row, anstallda_totalt=-3, anstallda_malgrupp=10)
        _upload(page, "årsrapport.csv", _csv(tmp_path, [bad]))
        rules = page.eval_on_selector_all(
            "#result tr[data-rule]", "r => r.map(e => e.dataset.rule)"
        )
        assert rules == ["anstallda_totalt_not_negative", "target_group_within_employees"]
        assert "anställda i målgruppen 10 är fler än anställda totalt \u22123" in page.inner_text(
            "#result"
        )
        _targets_and_width(page, "findings-phone")
        _axe(page, "findings-named-phone")

        fixed = _csv(tmp_path, [dict(row, rapportar=2026, kommunkod="Kumla")])
        _upload(page, "rapport_2026.csv", fixed)
        assert page.inner_text("#result h2") == "Tack! Filen är mottagen."
        _targets_and_width(page, "receipt-phone")
        page.set_viewport_size(DESKTOP)
        _targets_and_width(page, "receipt-desktop")
        _upload(page, "samma.csv", fixed)
        assert page.inner_text("#result h2") == "Filen är redan mottagen"
        assert len([p for p in settings.inbox.iterdir() if p.name.startswith("portal_")]) == 1
        _axe(page, "already")

        page.click("a.lang")
        page.wait_for_load_state("load")  # its stylesheet too: a click waits only for the page
        assert "Welcome, Kafé Kumla ek. för. (Kumla)" in page.inner_text("#greeting")
        _targets_and_width(page, "upload-en-desktop")
        page.set_viewport_size(PHONE)
        _targets_and_width(page, "upload-en-phone")
        _axe(page, "enterprise-en-phone")
        assert not problems, problems
