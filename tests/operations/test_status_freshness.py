"""Freshness per source against its expected cadence, in `asfetl status` and for notifications."""

import subprocess
from datetime import UTC, date, datetime, timedelta

import yaml

from asfetl.operations import pipeline
from asfetl.operations import status as run_status
from asfetl.operations.freshness import expected_sources, source_freshness
from asfetl.warehouse.database import connect_read_only
from flows.deployments import PREFECT_FILE
from tests.conftest import ASFETL, cli_env
from tests.pipeline_helpers import revised_sample


def freshness_at(settings, now):
    with connect_read_only(settings.warehouse) as con:
        return {(f.source, f.dataset): f for f in source_freshness(con, settings, now)}


def stale_at(settings, now) -> set[str]:
    return {f"{s}/{d}" for (s, d), f in freshness_at(settings, now).items() if f.stale}


def test_a_source_is_stale_once_its_cadence_and_grace_have_passed(settings):
    pipeline.run_pipeline(settings, sample=True)
    now = datetime.now(UTC)
    assert stale_at(settings, now) == set()
    # defaults: SCB and Kolada weekly, the inbox daily, one day of grace
    assert stale_at(settings, now + timedelta(days=1.9)) == set()
    assert stale_at(settings, now + timedelta(days=2.1)) == {"reports/inbox"}
    assert stale_at(settings, now + timedelta(days=7.9)) == {"reports/inbox"}
    assert stale_at(settings, now + timedelta(days=8.1)) == {
        "reports/inbox",
        "scb/population",
        "kolada/kpi_values",
    }
    fresh = freshness_at(settings, now + timedelta(days=3))[("scb", "population")]
    assert round(fresh.age_days) == 3 and fresh.cadence_days == 7 and fresh.state == "ok"


def test_an_unchanged_payload_refreshes_but_one_that_failed_validation_does_not(
    settings, tmp_path, monkeypatch
):
    from asfetl import paths

    pipeline.run_pipeline(settings, sample=True)
    first = freshness_at(settings, None)
    pipeline.run_pipeline(settings, sample=True)  # same payloads: checked, unchanged
    second = freshness_at(settings, None)
    for key in first:
        assert second[key].last_refreshed > first[key].last_refreshed

    bad = revised_sample(tmp_path / "bad", region_code="9999")  # fails validation
    monkeypatch.setattr(paths, "sample_data_dir", lambda: bad)
    assert pipeline.run_pipeline(settings, sample=True).status == "partial"
    third = freshness_at(settings, None)
    assert (
        third[("scb", "population")].last_refreshed == second[("scb", "population")].last_refreshed
    )
    assert (
        third[("kolada", "kpi_values")].last_refreshed
        > second[("kolada", "kpi_values")].last_refreshed
    )


def test_sources_never_refreshed_are_stale(settings):
    pipeline.run_pipeline(settings, sample=True, statistics=False)  # the inbox only
    found = freshness_at(settings, None)
    assert found[("scb", "population")].state == "STALE (never refreshed)"
    assert found[("reports", "inbox")].state == "ok"
    status = run_status.status(settings)
    assert {f"{f.source}/{f.dataset}" for f in status.stale} == {
        "scb/population",
        "kolada/kpi_values",
    }


def test_asfetl_status_prints_freshness_and_flags_stale_sources(settings, sample_run):
    # after a sample run (`sample_run`)
    env = cli_env(ASFETL_WAREHOUSE=str(settings.warehouse))
    fresh = subprocess.run(
        [*ASFETL, "status"], env=env, capture_output=True, text=True, timeout=120
    )
    assert fresh.returncode == 0, fresh.stderr
    section = fresh.stdout.split("Sources (stale: not refreshed within its cadence + 1 days")[1]
    section = section.split("Inbox:")[0]
    assert "every_days" in section and "STALE" not in section
    for source in ("scb", "kolada", "reports"):
        assert f"{source} " in section

    env["ASFETL_KOLADA_CADENCE_DAYS"] = "0.000001"
    env["ASFETL_STALE_GRACE_DAYS"] = "0.000001"
    stale = subprocess.run(
        [*ASFETL, "status"], env=env, capture_output=True, text=True, timeout=120
    )
    assert stale.returncode == 0, stale.stderr
    assert "STALE: kolada/kpi_values was last refreshed" in stale.stdout
    assert "STALE: scb/population" not in stale.stdout

    # for monitoring: --check turns a stale source into exit 3 (and a fresh state into 0)
    checked = subprocess.run(
        [*ASFETL, "status", "--check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 3 and "stale" in checked.stderr
    env.pop("ASFETL_KOLADA_CADENCE_DAYS")
    env.pop("ASFETL_STALE_GRACE_DAYS")
    # fresh again; only the sample's 2025 reports, due on 2026-03-31 and none in, need a person
    calm = subprocess.run(
        [*ASFETL, "status", "--check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert calm.returncode == 3 and "needs a person (overdue)" in calm.stderr, calm.stderr
    assert "OVERDUE: 2025: 0 of 24 expected reports, due 2026-03-31. Next: remind" in calm.stdout
    # judged on 1 March 2026, before 2025's reports are due: nothing needs a person
    pipeline.run_pipeline(settings.model_copy(update={"today": date(2026, 3, 1)}), sample=True)
    calm = subprocess.run(
        [*ASFETL, "status", "--check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert calm.returncode == 0, calm.stderr
    assert "Reporting years: 2022–2024 final." in calm.stdout


def test_cadences_match_the_schedules_in_prefect_yaml(settings):
    """A source refreshed by a schedule must not count as stale between two scheduled runs."""
    deployments = {d["name"]: d for d in yaml.safe_load(PREFECT_FILE.read_text())["deployments"]}
    weekly, daily = deployments["open-statistics"], deployments["report-inbox"]
    assert [s["cron"] for s in weekly["schedules"]] == ["0 5 * * 1"]
    assert [s["cron"] for s in daily["schedules"]] == ["30 6 * * *"]
    assert {s["timezone"] for d in deployments.values() for s in d["schedules"]} == {
        "Europe/Stockholm"
    }
    cadences = expected_sources(settings)
    assert cadences[("scb", "population")] == cadences[("kolada", "kpi_values")] == 7  # weekly
    assert cadences[("reports", "inbox")] == 1  # daily
    assert weekly["parameters"] == {"statistics": True, "reports": False}
    assert daily["parameters"] == {"statistics": False, "reports": True}
