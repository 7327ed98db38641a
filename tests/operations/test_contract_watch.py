"""The source contract watch end to end, against the imitations serving Kolada's real catalogue:
a run configured as the live services are today, one that still names the ended N00914, and a
KPI description changed between two runs."""

import argparse
import csv
import json
from datetime import date, timedelta

import duckdb
import pytest

from asfetl.cli.status import STALE_OR_FAILED, cmd_status
from asfetl.operations import pipeline
from asfetl.settings import load_settings
from asfetl.sources.kolada import kpi_values
from tests.http_server import LocalServer, Reply
from tests.imitation import KoladaImitation, ScbImitation, kolada_data
from tests.imitation.kolada_data import kpi_value

OLD_CONFIGURATION = """kpi_id,indicator_id,kpi_title
N03926,long_term_unemployment_25_64,"Långtidsarbetslöshet 25-64 år, andel (%) av befolkningen"
N03937,unemployment_18_65,"Öppet arbetslösa, andel (%) av befolkningen 18-65 år"
N31807,economic_assistance_share,"Invånare som erhållit ekonomiskt bistånd, andel (%)"
N00914,employment_rate_20_64,"Förvärvsarbetande invånare 20-64 år, andel (%)"
"""


@pytest.fixture
def servers():
    with ScbImitation() as scb, KoladaImitation() as kolada, LocalServer() as hooks:
        hooks.routes["/hook"] = Reply(200, b"ok", {"Content-Type": "text/plain"})
        yield scb, kolada, hooks


def settings_for(tmp_path, servers):
    scb, kolada, hooks = servers
    return load_settings(
        warehouse=tmp_path / "warehouse" / "asf.duckdb",
        scb_base_url=scb.url,
        kolada_base_url=kolada.url,
        notify_url=f"{hooks.url}/hook",
        lock_timeout=0,
        http_give_up_after=30,
    )


def rows(settings, sql):
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def status(settings, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.setenv("ASFETL_WAREHOUSE", str(settings.warehouse))
    code = cmd_status(argparse.Namespace(runs=3, check=True, regions_dir=None))
    return code, capsys.readouterr().out


def hooks_sent(servers) -> list[dict]:
    return [json.loads(seen.body) for seen in servers[2].seen]


def test_configured_as_live_today_publishes_employment_from_n02267(tmp_path, servers):
    settings = settings_for(tmp_path, servers)
    run = pipeline.run_pipeline(settings, sample=False)
    assert run.status == "success"
    employment = rows(
        settings,
        "select value, source from mart.indicator_values "
        "where indicator_id = 'employment_rate_20_64' and area_code = '1880' and year = 2024",
    )
    assert employment == [(kpi_value("N02267", "1880", 2024, "T"), "Källa: Kolada, N02267")]
    assert rows(settings, "select count(*) from ops.source_findings") == [(0,)]
    landed = rows(
        settings,
        "select source, dataset, count(*) from ops.payloads "
        "where dataset like '%metadata' group by all order by 1",
    )
    assert landed == [("kolada", "kpi_metadata", 1), ("scb", "table_metadata", 2)]
    kpi_calls = [r for r in servers[1].requests if r.path.startswith("/v3/kpi/")]
    # one call: the 18 configured KPIs fit Kolada's list of 25
    assert [r.path for r in kpi_calls] == [
        f"/v3/kpi/{','.join(sorted(kpi_values.kpi_indicators()))}"
    ]
    assert not any(h["event"] == "source_changed" for h in hooks_sent(servers))
    # every configured KPI is watched: listed, under its configured title, with its calendar
    watched = rows(
        settings,
        "select object_id, listed, title, latest_period, next_publication "
        "from ops.source_definitions where source = 'kolada' order by 1",
    )
    with kpi_values.KPIS_FILE.open(encoding="utf-8") as f:
        titles = {row["kpi_id"]: row["kpi_title"] for row in csv.DictReader(f)}
    assert [w[0] for w in watched] == sorted(titles) and len(watched) == 18
    for kpi, listed, title, latest, next_publication in watched:
        served = max(y for y in kolada_data.YEARS if kolada_data.has_data(kpi, "0000", y))
        assert (listed, title, latest) == (True, titles[kpi], served), kpi
        assert next_publication > date.today(), kpi


def test_a_target_group_kpi_ended_or_late_is_found_like_the_first_four(
    tmp_path, servers, monkeypatch, capsys
):
    """Issue 26's KPIs are watched as the first four are: N31816 titled as ended, N02797 (two
    years late by design) past its publication day without its period."""
    settings = settings_for(tmp_path, servers)
    pipeline.run_pipeline(settings, sample=False)
    ended = kolada_data.catalogue()["N31816"]["title"] + " (-2025)"
    overdue = (date.today() - timedelta(days=10)).isoformat()
    servers[1].kpi_overrides["N31816"] = {"title": ended}
    servers[1].kpi_overrides["N02797"] = {"publication_date": overdue}
    pipeline.run_pipeline(settings, sample=False)
    latest = (
        "select object_id, kind from ops.source_findings where run_id = "
        "(select arg_max(run_id, checked_at) from ops.source_definitions) order by all"
    )
    found = rows(settings, latest)
    assert ("N31816", "ended") in found and ("N02797", "late") in found
    assert {kpi for kpi, _ in found} == {"N31816", "N02797"}
    code, out = status(settings, monkeypatch, capsys)
    assert code == STALE_OR_FAILED and "N31816" in out and "its 2025 data" in out


def test_a_configuration_naming_n00914_publishes_the_rest_and_says_it_ended(
    tmp_path, servers, monkeypatch, capsys
):
    configured = tmp_path / "kolada_kpis.csv"
    configured.write_text(OLD_CONFIGURATION, encoding="utf-8")
    monkeypatch.setattr(kpi_values, "KPIS_FILE", configured)
    kpi_values.kpi_indicators.cache_clear()
    try:
        settings = settings_for(tmp_path, servers)
        run = pipeline.run_pipeline(settings, sample=False)
    finally:
        kpi_values.kpi_indicators.cache_clear()
    assert run.status == "success"  # what is valid is published
    published = dict(
        rows(settings, "select indicator_id, count(value) from mart.indicator_values group by 1")
    )
    assert published["long_term_unemployment_25_64"] > 0 and published["population"] > 0
    assert published.get("employment_rate_20_64", 0) == 0
    said = "KPI N00914 is no longer published by Kolada (series ended 2021)."
    assert rows(settings, "select object_id, kind, message from ops.source_findings") == [
        ("N00914", "ended", said)
    ]
    assert said in run.summary and "## Source contract" in run.summary
    (hook,) = [h for h in hooks_sent(servers) if h["event"] == "source_changed"]
    assert said in hook["text"] and hook["findings"][0]["object_id"] == "N00914"
    code, out = status(settings, monkeypatch, capsys)
    assert code == STALE_OR_FAILED
    assert f"ENDED: {said}" in out


def test_a_description_changed_between_two_runs_is_reported_with_old_and_new_text(
    tmp_path, servers, monkeypatch, capsys
):
    settings = settings_for(tmp_path, servers)
    pipeline.run_pipeline(settings, sample=False)
    old = rows(
        settings, "select description from ops.source_definitions where object_id = 'N03926'"
    )[0][0]
    assert "Till och med 2022 avsåg nyckeltalet åldersgruppen 25-64 år" in old
    new = old.replace("25-65 år", "25-66 år")
    servers[1].kpi_overrides["N03926"] = {"description": new}
    second = pipeline.run_pipeline(settings, sample=False)
    assert second.status == "success"
    assert rows(
        settings,
        "select object_id, field, old_value, new_value from ops.definition_changes",
    ) == [("N03926", "description", old, new)]
    (finding,) = rows(settings, "select kind, message from ops.source_findings")
    assert finding[0] == "changed" and old in finding[1] and new in finding[1]
    (hook,) = [h for h in hooks_sent(servers) if h["event"] == "source_changed"]
    assert new in hook["text"]
    code, out = status(settings, monkeypatch, capsys)
    assert (
        code == STALE_OR_FAILED and "CHANGED: Kolada changed the description of KPI N03926" in out
    )
    assert f"was: {old}" in out and f"now: {new}" in out
    # the next run finds nothing new: the finding clears, the history stays
    pipeline.run_pipeline(settings, sample=False)
    _, out = status(settings, monkeypatch, capsys)
    assert "Source contract findings (latest check): 0" in out and f"now: {new}" in out


def test_a_late_publication_and_new_data_not_loaded(tmp_path, servers, monkeypatch, capsys):
    """Kolada's calendar: publ_period is the period the publication on publication_date delivers.
    Ten days past that day without the period (the imitation serves up to 2025): late, which
    needs a person. On the day itself: new data out and not yet loaded, which does not."""
    settings = settings_for(tmp_path, servers)
    overdue = (date.today() - timedelta(days=10)).isoformat()
    servers[1].kpi_overrides["N31807"] = {"publication_date": overdue, "publ_period": "2026"}
    pipeline.run_pipeline(settings, sample=False)
    kinds = rows(settings, "select object_id, kind from ops.source_findings order by all")
    assert kinds == [("N31807", "late")]  # not also "new data": nothing new has come
    code, out = status(settings, monkeypatch, capsys)
    assert code == STALE_OR_FAILED
    assert "LATE (10 days)" in out and "its 2026 data" in out
    assert "in " in out  # the other KPIs: when their next publication is due
    today = date.today().isoformat()
    servers[1].kpi_overrides["N31807"] = {"publication_date": today, "publ_period": "2026"}
    pipeline.run_pipeline(settings, sample=False)
    latest = (
        "select object_id, kind from ops.source_findings where run_id = "
        "(select arg_max(run_id, checked_at) from ops.source_definitions)"
    )
    assert rows(settings, latest) == [("N31807", "new_data")]
    code, out = status(settings, monkeypatch, capsys)
    assert code == 0 and "new data published, not yet loaded (newest loaded: 2025)" in out
    # the webhook told of the late publication only: new data out is no alarm
    (hook,) = [h for h in hooks_sent(servers) if h["event"] == "source_changed"]
    assert hook["findings"][0]["kind"] == "late"
    del servers[1].kpi_overrides["N31807"]
    pipeline.run_pipeline(settings, sample=False)
    assert rows(
        settings,
        "select count(*) from ops.source_findings where run_id = "
        "(select arg_max(run_id, checked_at) from ops.source_definitions)",
    ) == [(0,)]
