"""The `asfetl` command as a user runs it: real subprocesses, real warehouse files."""

import csv
import io
import json
import re
import subprocess

import duckdb
import pytest

from tests.conftest import ASFETL, cli_env
from tests.sources.test_scb import PUBLISHED

SAMPLE_YEARS = list(range(2015, 2026))  # 2015–2024 from TAB638, 2025 from TAB5557


def asfetl(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*ASFETL, *args], env=cli_env(**env), capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory, prefect_api):
    """`asfetl run --sample` once, through the Prefect flow, into a fresh folder."""
    folder = tmp_path_factory.mktemp("cli")
    env = {"ASFETL_WAREHOUSE": str(folder / "asf.duckdb"), "PREFECT_API_URL": prefect_api}
    result = asfetl("run", "--sample", **env)
    return result, env


def test_run_sample_succeeds_and_says_it_used_sample_data(published):
    result, _env = published
    assert result.returncode == 0, result.stderr[-3000:]
    assert (
        # Sweden beside the county (issue 26): 11 SCB rows and 434 Kolada rows more loaded
        # (5565 + 445 = 6010), 11 + 196 indicator values more (3126 + 207 = 3333); population by
        # sex (issue 26): SCB's 14 areas × (10 years × men, women + 2025 × men, women, both)
        # = 322 rows instead of 154 (6010 + 168 = 6178), the indicator values unchanged
        "success: 3 payloads (0 unchanged), 6178 rows loaded, 3333 indicator values"
        in result.stdout
    )
    assert "SAMPLE DATA" in result.stdout
    assert (
        "Report files: 8 accepted (124 rows, 52 of them activity follow-ups, "
        "0 superseding earlier reports), 0 rejected" in result.stdout
    )


def test_indicators_prints_one_row_per_sample_year_for_the_county(published):
    _, env = published
    result = asfetl("indicators", "--indicator", "population", "--area", "18", **env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("SAMPLE DATA")
    header, _rule, *rows = lines[1:]
    assert header.split()[:6] == [
        "indicator_id",
        "area_code",
        "area_name",
        "year",
        "value",
        "status",
    ]
    assert [int(r.split()[4]) for r in rows] == SAMPLE_YEARS  # 'Örebro län' is two words
    assert rows[-3].split()[5] == str(PUBLISHED["18"][0])  # 2023
    assert rows[-2].split()[5] == str(PUBLISHED["18"][1])  # 2024


def test_indicators_as_csv_and_json(published):
    _, env = published
    result = asfetl(
        "indicators", "--area", "Hällefors", "--indicator", "population", "--format", "csv", **env
    )
    assert result.returncode == 0
    assert "SAMPLE DATA" in result.stderr  # on stderr, so the CSV stays clean
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [int(r["year"]) for r in rows] == SAMPLE_YEARS
    assert {r["area_code"] for r in rows} == {"1863"}
    assert float(rows[-2]["value"]) == PUBLISHED["1863"][1]

    result = asfetl(
        "indicators", "--area", "1880", "--year", "2023", "--indicator", "population",
        "--format", "json", **env,
    )  # fmt: skip
    document = json.loads(result.stdout)
    assert document["data_mode"] == "sample"
    (row,) = document["values"]
    assert (row["area_name"], row["value"], row["status"]) == ("Örebro", PUBLISHED["1880"][0], "ok")


def test_indicators_puts_kumla_beside_its_county_and_sweden_with_women_and_men(published):
    """Issue 26's Done-when: every indicator for Kumla in 2024 with the county's and Sweden's
    values beside it, or the reason there is none, and women's and men's values where Kolada
    divides by sex (and SCB, for the population). The figures are read off the sample by hand
    (asfetl/sample_data: kolada/kpi_values.json for 1881, 0018 and 0000;
    scb/TAB638_population.json)."""
    _, env = published
    result = asfetl("indicators", "--area", "Kumla", "--year", "2024", **env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("SAMPLE DATA")
    assert lines[1].split() == [
        "indicator_id", "area_code", "area_name", "year", "value", "status", "women", "men",
        "county", "Sweden", "unit",
    ]  # fmt: skip
    with duckdb.connect(env["ASFETL_WAREHOUSE"], read_only=True) as con:
        published_ids = [
            r[0] for r in con.execute("select indicator_id from mart.indicators").fetchall()
        ]
    listed = [line for line in lines[3:] if line.split() and line.split()[0] in published_ids]
    rows = {line.split()[0]: line for line in listed}
    assert len(listed) == len(rows) == len(published_ids)  # every indicator of the catalogue, once
    kronor = "kr/inv / SEK per inhabitant"
    regions, municipalities = (
        f"not published for {level} by the source" for level in ("regions", "municipalities")
    )
    expected = {
        # A, divided by gender: Kumla T K M, the county, Sweden
        "long_term_unemployment_25_64": r"4\.9\s+ok\s+4\.5\s+5\.3\s+5\.5\s+4\.6\s+%",
        "employment_rate_20_64": r"80\.3\s+ok\s+80\.7\s+79\.9\s+79\.9\s+77\.0\s+%",
        # A, total only
        "economic_assistance_share": r"6\.7\s+ok\s+6\.3\s+5\.1\s+%",
        # K: no county row at Kolada
        "long_term_economic_assistance_adults": rf"2\.9\s+ok\s+2\.5\s+3\.3\s+{regions}\s+1\.9\s+%",
        "labour_market_measures_net_cost_per_inhabitant": rf"1829\s+ok\s+{regions}\s+1304\s+{kronor}",
        # L: the region only
        "region_purchases_from_nonprofits_share": rf"{municipalities}\s+1\.6\s+1\.1\s+%",
        # SCB: 31 December 2024, women (Kon 2) and men (Kon 1) beside the total
        "population": r"22681\s+ok\s+11182\s+11499\s+308375\s+10587710\s+antal / count",
        # the region's own reports: no Sweden beside a county
        "asf_count": r"the region's own reports only\s+antal företag / enterprises",
        # the plan's follow-up: for the region as a whole
        "plan_activities_started": r"for the region as a whole only\s+18\s+the region's own "
        r"reports only\s+antal aktiviteter / activities",
    }
    for indicator, pattern in expected.items():
        assert re.search(rf"^{indicator}\s+1881\s+Kumla\s+2024\s+.*{pattern}$", rows[indicator]), (
            rows[indicator]
        )


def test_status_shows_runs_sources_and_findings(published):
    _, env = published
    result = asfetl("status", **env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Örebro län (18)" in out and "SAMPLE DATA" in out
    runs_section = out.split("Last runs:")[1].split("Sources (")[0]
    assert runs_section.count("success") == 1 and "sample" in runs_section
    # one line per dataset with its requests (the sample: SCB's two tables, one Kolada page)
    assert re.search(r"\nscb\s+population\s+2\s", out) and re.search(
        r"\nkolada\s+kpi_values\s+1\s", out
    )
    assert "scb/TAB638/18" not in out  # not one line per request
    assert "Open data-quality findings: 0" in out
    # the sample's 2025 reports were due on 2026-03-31 and none has come
    assert "2025: 0 of 24 expected reports, due 2026-03-31 (overdue)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("indicators", "--area", "Atlantis"), "--area 'Atlantis' is not an SCB area code or name"),
        (("indicators", "--indicator", "gdp"), "--indicator 'gdp' is not in the catalogue"),
    ],
)
def test_bad_arguments_get_one_sentence(published, args, message):
    _, env = published
    result = asfetl(*args, **env)
    assert result.returncode == 1
    assert result.stderr.strip() == f"asfetl: {message}" or message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_reading_before_any_run_explains_what_to_do(tmp_path):
    for command in ("indicators", "status"):
        result = asfetl(command, ASFETL_WAREHOUSE=str(tmp_path / "none.duckdb"))
        assert result.returncode == 1
        assert (
            "There is no warehouse at" in result.stderr and "asfetl run --sample" in result.stderr
        )
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("command", "phrase"),
    [
        ((), "work-integrating social enterprises"),
        (("run",), "--sample"),
        (("indicators",), "--format"),
        (("status",), "--runs"),
    ],
)
def test_every_command_explains_itself(command, phrase):
    result = asfetl(*command, "--help")
    assert result.returncode == 0
    assert phrase in " ".join(result.stdout.split())  # argparse wraps long lines


def test_unreachable_apis_fail_the_run_with_one_sentence_and_no_traceback(tmp_path, prefect_api):
    result = asfetl(
        "run",
        ASFETL_WAREHOUSE=str(tmp_path / "asf.duckdb"),
        ASFETL_SCB_BASE_URL="http://127.0.0.1:9/api/v2",  # nothing listens on the discard port
        ASFETL_KOLADA_BASE_URL="http://127.0.0.1:9/v3",
        ASFETL_HTTP_GIVE_UP_AFTER="2",
        PREFECT_API_URL=prefect_api,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(
        r"asfetl: SCB population could not be fetched from http://127.0.0.1:9/api/v2: "
        r"SCB /config failed after \d+ attempts in \d+ s "
        r"\(last: could not connect \(connection refused\)\); "
        r"check ASFETL_SCB_BASE_URL and the network, or run with --sample\. "
        r"Kolada KPI values could not be fetched from http://127.0.0.1:9/v3: .*"
        r"check ASFETL_KOLADA_BASE_URL and the network, or run with --sample\.",
        last,
    ), last
    assert not (tmp_path / "asf.duckdb").exists()
    (journal,) = (tmp_path / "runs").glob("*.json")
    assert '"status": "failed"' in journal.read_text()
    status = asfetl("status", ASFETL_WAREHOUSE=str(tmp_path / "asf.duckdb"))
    assert status.returncode == 1 and "failed  SCB population could not be fetched" in status.stdout
    assert "There is no warehouse at" in status.stderr
