"""`asfetl status` as an operator meets it after a live run against the imitations speaking the
real Kolada calendar (every KPI, the county and its 12 municipalities): one screen (Kolada paging
forced), nothing that needs a person, and exit 3 once a KPI ends."""

import argparse
import re

import duckdb
import pytest

from asfetl.cli.status import STALE_OR_FAILED, cmd_status
from asfetl.operations import pipeline
from asfetl.settings import load_settings
from asfetl.sources.kolada import kpi_values
from tests.imitation import KoladaImitation, ScbImitation

SCREEN = 40  # lines


@pytest.fixture
def live(tmp_path, monkeypatch):
    monkeypatch.setattr(kpi_values, "PER_PAGE", 100)  # Kolada's pages: dozens, not one
    yield from _live_run(tmp_path, monkeypatch)


@pytest.fixture
def live_unpaged(tmp_path, monkeypatch):
    """As `live`, in Kolada's own pages (a few, not dozens at 5 calls a second)."""
    yield from _live_run(tmp_path, monkeypatch)


def _live_run(tmp_path, monkeypatch):
    with ScbImitation() as scb, KoladaImitation() as kolada:
        settings = load_settings(
            warehouse=tmp_path / "warehouse" / "asf.duckdb",
            inbox=tmp_path / "warehouse" / "inbox",
            scb_base_url=scb.url,
            kolada_base_url=kolada.url,
            lock_timeout=0,
            http_give_up_after=30,
        )
        monkeypatch.setenv("ASFETL_WAREHOUSE", str(settings.warehouse))
        monkeypatch.setenv("ASFETL_INBOX", str(settings.inbox))
        run = pipeline.run_pipeline(settings, sample=False)
        assert run.status == "success", run.error
        yield settings, kolada


def status(capsys) -> tuple[int, str, str]:
    code = cmd_status(argparse.Namespace(runs=10, check=True, regions_dir=None))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_after_an_ordinary_live_run_status_fits_a_screen_and_needs_nobody(live, capsys):
    settings, kolada = live
    # two uploads from the portal and one file put there by hand wait for the next run
    settings.inbox.mkdir(parents=True, exist_ok=True)
    for name in (
        "portal_7422514401_20261207T090700Z_ab12cd34ef56.csv",
        "portal_8143471558_20261207T091000Z_0123456789ab.xlsx",
        "rapport_2025.csv",
    ):
        (settings.inbox / name).write_bytes(b"organisationsnummer\n")  # fmt: skip
    (settings.inbox / ".asfetl-upload-0123").write_bytes(b"half")  # an upload in progress
    code, out, err = status(capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) <= SCREEN, f"{len(lines)} lines"
    # pages answered (a 429 the imitation's rate limit gave, retried, lands nothing)
    pages = sum(1 for r in kolada.requests if r.path.startswith("/v3/data/") and r.status == 200)
    assert pages > 20  # paging was forced: each page its own request
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        landed = con.execute(
            "select count(*) from ops.payloads where dataset = 'kpi_values'"
        ).fetchone()[0]
    assert landed == pages
    # one line per dataset, with its number of requests; never one line per page
    (kolada_line,) = [line for line in lines if re.match(r"kolada\s+kpi_values\s", line)]
    assert re.match(rf"kolada\s+kpi_values\s+{pages}\s", kolada_line)
    assert not [line for line in lines if "page-" in line]
    assert re.search(r"scb\s+population\s+2\s", out)
    assert "Inbox: 3 file(s) waiting, 2 of them uploaded through the portal" in out
    assert "Reporting years: no report received yet." in out
    # times in Swedish local time, the zone named; never UTC beside it
    assert "Times in Swedish local time (Europe/Stockholm)." in out
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d CES?T", out) and " UTC" not in out
    # the calendar read right: nothing new at the publishers, so nothing late or new
    assert "Source contract findings (latest check): 0" in out
    # out, loaded, next; KPIs sharing a publication day and state share a line
    assert re.search(r"kolada\s+(N\d{5} )*N03926( N\d{5})*\s+2025\s+2025\s+2026\s", out)
    assert "Needs a person: nothing." in out


def test_a_kpi_that_ends_needs_a_person(live_unpaged, capsys):
    settings, kolada = live_unpaged
    title = "Öppet arbetslösa av befolkningen, 18-65 år, andel (%) (-2025)"
    kolada.kpi_overrides["N03937"] = {"title": title}
    run = pipeline.run_pipeline(settings, sample=False)
    assert run.status == "success"  # what is valid is published all the same
    code, out, err = status(capsys)
    assert code == STALE_OR_FAILED and "needs a person (changed, ended)" in err
    assert "ENDED: KPI N03937 is no longer published by Kolada (series ended 2025)" in out
    assert (
        "Next: find the successor (the publisher's catalogue) and change the configuration" in out
    )
    assert len(out.splitlines()) <= SCREEN + 6  # the changed title, old and new, besides
