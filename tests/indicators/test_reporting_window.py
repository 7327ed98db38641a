"""Honest years: a year whose reports are still coming in is preliminary, not reported is not 0,
and the headline stays on the latest final year. Every number is worked out below from the
fixture: the sample's 24 enterprises (Lekeberg's one moved to Örebro, so that Lekeberg has none)
reporting for 2023 and 2024, and then a few of them for 2025."""

from dataclasses import replace
from datetime import date

import duckdb
import pandas as pd
import pytest

from asfetl.dashboard import charts, tables
from asfetl.dashboard.model import build_model
from asfetl.dashboard.queries import load_dashboard_data
from asfetl.errors import AsfetlError
from asfetl.operations import pipeline
from asfetl.reports.sample import sample_enterprises, sample_rows
from asfetl.reports.window import ReportingWindow, read_ceased
from tests.reports.report_files import write_csv

ENTERPRISES = [
    replace(e, municipality="1880") if e.municipality == "1814" else e
    for e in sample_enterprises(24, region="18")
]
# Örebro (1880) 8, Kumla (1881) 2, Karlskoga (1883) 2, 1863 1, …; Lekeberg (1814) none
ONE = "742251-4401"  # Örebro: the first report for 2025
NOT_IN_2025 = {"735437-3404", "814347-1558", "742707-4526", "876322-5219", "797403-2281"}
# ^ not reporting for 2025: Karlskoga's (1883) two and the only enterprise of 1863, 1864 and 1862


def rows_for(year, orgnrs):
    chosen = [e for e in ENTERPRISES if e.orgnr in orgnrs]
    return sample_rows(chosen, [year])


def run(settings, today, **changes):
    settings = settings.model_copy(update={"today": today, **changes})
    outcome = pipeline.run_pipeline(settings, sample=False)
    assert outcome.status == "success", outcome.error
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        values = {
            (r[0], r[1], r[2]): (r[3], r[4])
            for r in con.execute(
                "select indicator_id, area_code, year, value, status from mart.indicator_values"
            ).fetchall()
        }
        progress = {
            r[0]: r[1:]
            for r in con.execute(
                "select indicator_id, latest_year, latest_value, latest_status "
                "from mart.plan_progress where area_code = '18'"
            ).fetchall()
        }
        model = build_model(load_dashboard_data(con))
    return values, progress, model


def indicator_of(model, indicator_id):
    return next(i for g in model.goals for i in g.indicators if i.indicator_id == indicator_id)


def headline(model, indicator_id, lang="en"):
    indicator = indicator_of(model, indicator_id)
    year, _ = charts.latest_compared(model, indicator)
    return year, charts.newer_preliminary(model, indicator, year, lang)


@pytest.fixture
def inbox(served_settings):
    served_settings.inbox.mkdir(parents=True)
    everyone = {e.orgnr for e in ENTERPRISES}
    write_csv(
        served_settings.inbox / "earlier.csv",
        rows_for(2023, everyone) + rows_for(2024, everyone),
    )
    write_csv(served_settings.inbox / "first_2025.csv", rows_for(2025, {ONE}))
    return served_settings


def test_a_year_with_1_of_24_reports_is_preliminary_and_the_headline_stays(inbox):
    # 15 January 2026: the 2025 reports are due on 31 March 2026
    v, progress, model = run(inbox, date(2026, 1, 15))
    assert v[("asf_count", "18", 2024)] == (24, "ok")
    assert v[("asf_count", "18", 2025)] == (1, "preliminary")
    # coverage: 1 received of 24 expected (the 24 that reported for 2024) = 4.17 %
    assert v[("asf_report_coverage", "18", 2025)] == (pytest.approx(100 / 24), "preliminary")
    assert v[("asf_report_coverage", "18", 2024)] == (100, "ok")  # 24 of 24
    assert v[("asf_report_coverage", "1880", 2025)] == (pytest.approx(100 / 8), "preliminary")
    assert v[("asf_count", "1880", 2025)] == (1, "preliminary")
    # the 11 other municipalities expected reports and have none: not yet reported, not 0
    for code in ("1860", "1861", "1862", "1863", "1864", "1881", "1882", "1883", "1884", "1885"):
        assert v[("asf_count", code, 2025)] == (None, "missing"), code
        assert v[("asf_report_coverage", code, 2025)] == (0, "preliminary"), code
        assert v[("asf_employees", code, 2025)] == (None, "missing"), code
        assert v[("asf_transition_rate", code, 2025)] == (None, "missing"), code
        assert v[("asf_per_10k_inhabitants", code, 2025)] == (None, "missing"), code
    # Lekeberg has no enterprise at all: 0 (marked preliminary with its year), and no coverage
    assert v[("asf_count", "1814", 2024)] == (0, "ok")
    assert v[("asf_count", "1814", 2025)] == (0, "preliminary")
    assert v[("asf_report_coverage", "1814", 2025)] == (None, "missing")
    # no ASF value of 2025 is final, and nothing that was not reported reads 0
    assert not [
        k for k, (_, s) in v.items() if k[0].startswith("asf") and k[2] == 2025 and s == "ok"
    ]
    # plan progress and the dashboard's headline stay on 2024; 2025 is named beside it
    assert progress["asf_count"] == (2024, 24, "ok")
    year, note = headline(model, "asf_count")
    assert year == 2024 and note == "2025: preliminary, 1 of 24 expected reports in (4.2 %)"
    assert headline(model, "asf_count", "sv")[1] == (
        "2025: preliminärt, 1 av 24 väntade årsrapporter inkomna (4,2 %)"
    )
    # the ranking's table names it too
    table = tables.compare_table(model, indicator_of(model, "asf_count"))
    assert "<caption>2025: preliminärt, 1 av 24 väntade årsrapporter inkomna (4,2 %)" in table
    # the trend does not run down to 2025's 1: a gap, then an open circle
    indicator = next(i for g in model.goals for i in g.indicators if i.indicator_id == "asf_count")
    county = charts.trend_chart(model, indicator, "x")["figs"]["en"]["data"][0]
    assert county["x"][-3:] == [2024, 2024.5, 2025] and county["y"][-3:] == [24, None, 1]
    assert county["marker"]["symbol"][-1] == "circle-open"


def test_past_the_due_date_a_year_below_the_threshold_stays_preliminary(inbox):
    run(inbox, date(2026, 1, 15))
    # 1 June 2026: the reports were due on 31 March; 1 of 24 (4.2 %) is below 80 %
    v, progress, model = run(inbox, date(2026, 6, 1))
    assert v[("asf_count", "18", 2025)] == (1, "preliminary")
    assert v[("asf_report_coverage", "18", 2025)][1] == "preliminary"
    assert progress["asf_count"][0] == 2024 and headline(model, "asf_count")[0] == 2024


def test_enough_reports_make_the_year_final_and_a_ceased_enterprise_is_not_expected(inbox):
    reporters = {e.orgnr for e in ENTERPRISES} - NOT_IN_2025 - {ONE}
    write_csv(inbox.inbox / "more_2025.csv", rows_for(2025, reporters))
    # 19 of 24 = 79.17 %: below 80 %, still preliminary past the due date
    v, progress, _ = run(inbox, date(2026, 6, 1))
    assert v[("asf_report_coverage", "18", 2025)] == (pytest.approx(100 * 19 / 24), "preliminary")
    assert v[("asf_count", "18", 2025)] == (19, "preliminary")
    assert progress["asf_count"][0] == 2024
    # 1863's one enterprise (742707-4526) closed at the end of 2024: 19 of 23 = 82.6 %
    (inbox.warehouse.parent / "ceased_enterprises.csv").write_text(
        "organisationsnummer,from_year,note\n742707-4526,2025,closed at the end of 2024\n",
        encoding="utf-8",
    )
    v, progress, model = run(inbox, date(2026, 6, 1))
    assert v[("asf_report_coverage", "18", 2025)] == (pytest.approx(100 * 19 / 23), "ok")
    assert v[("asf_count", "18", 2025)] == (19, "ok")
    assert v[("asf_count", "1863", 2025)] == (0, "ok")  # nobody expected any more
    assert v[("asf_count", "1883", 2025)] == (None, "missing")  # its two have not reported
    assert v[("asf_count", "1864", 2025)] == (None, "missing")
    assert v[("asf_count", "1814", 2025)] == (0, "ok")  # no enterprise at all
    assert v[("asf_count", "1880", 2025)] == (8, "ok")
    # the headline moves to 2025
    assert progress["asf_count"] == (2025, 19, "ok")
    assert headline(model, "asf_count") == (2025, "")


def test_the_window_is_judged_at_its_date():
    window = ReportingWindow(due="03-31", coverage_threshold=80, today=date(2026, 3, 31))
    assert window.last_due_year == 2024  # due on the 31st: not yet past
    assert replace(window, today=date(2026, 4, 1)).last_due_year == 2025
    assert replace(window, today=date(2026, 12, 1)).last_due_year == 2025
    assert replace(window, due="12-31", today=date(2026, 12, 1)).last_due_year == 2024


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("orgnr,from_year\n", "has no column 'organisationsnummer'"),
        ("organisationsnummer,from_year\n12345,2025\n", "row 2, column organisationsnummer"),
        ("organisationsnummer,from_year\n742707-4526,next\n", "row 2, column from_year"),
    ],
)
def test_a_wrong_ceased_file_is_one_sentence_naming_row_and_column(tmp_path, text, message):
    path = tmp_path / "ceased_enterprises.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AsfetlError, match=message):
        read_ceased(path)


def test_a_ceased_file_is_read_with_the_number_normalised(tmp_path):
    path = tmp_path / "ceased_enterprises.csv"
    path.write_text("organisationsnummer,from_year,note\n7427074526,2025,\n", encoding="utf-8")
    assert read_ceased(path).to_dict("records") == [
        {"orgnr": "742707-4526", "from_year": 2025, "note": ""}
    ]
    assert len(read_ceased(tmp_path / "none.csv")) == 0


def test_a_kolada_year_still_all_missing_is_not_the_latest(inbox):
    run(inbox, date(2026, 1, 15))
    with duckdb.connect(str(inbox.warehouse), read_only=True) as con:
        data = load_dashboard_data(con)
    values = data["indicator_values"]
    kolada = values[values.indicator_id == "unemployment_18_65"]
    last, latest_ok = int(kolada.year.max()), int(kolada[kolada.status == "ok"].year.max())
    # Kolada has taken in the next year's KPI but no value yet: every area missing
    empty = kolada[kolada.year == last].assign(year=last + 1, value=float("nan"), status="missing")
    data["indicator_values"] = pd.concat([values, empty], ignore_index=True)
    model = build_model(data)
    indicator = next(
        i for g in model.goals for i in g.indicators if i.indicator_id == "unemployment_18_65"
    )
    assert charts.latest_compared(model, indicator)[0] == latest_ok
    title = charts.trend_chart(model, indicator, "x")["figs"]["en"]["layout"]["title"]["text"]
    assert title.endswith(f"–{latest_ok}"), title


def test_the_settings_that_decide_a_years_status_are_in_the_fingerprint(tmp_path):
    from asfetl.indicators.transform import inputs_fingerprint

    def fingerprint(ceased=None, **window):
        settings = {"due": "03-31", "coverage_threshold": 80, "today": date(2026, 12, 1)}
        return inputs_fingerprint("18", 2015, ReportingWindow(**{**settings, **window}), ceased)

    base = fingerprint()
    assert fingerprint(today=date(2026, 4, 2)) == base  # the same years are past due
    assert fingerprint(today=date(2026, 3, 1)) != base  # 2025 not yet due
    assert fingerprint(due="06-30") == fingerprint(due="06-30", today=date(2026, 7, 1))
    assert fingerprint(coverage_threshold=90) != base
    ceased = tmp_path / "ceased_enterprises.csv"
    assert fingerprint(ceased) == base  # no file: nothing ceased
    ceased.write_text("organisationsnummer,from_year\n742707-4526,2025\n", encoding="utf-8")
    assert fingerprint(ceased) != base


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("report_due", "31-03", "ASFETL_REPORT_DUE='31-03' must be a month and day as MM-DD"),
        ("report_coverage_threshold", 120, "must be a percentage from 0 to 100"),
    ],
)
def test_a_wrong_reporting_setting_is_one_sentence(name, value, message):
    from asfetl.errors import SettingsError
    from asfetl.settings import load_settings

    with pytest.raises(SettingsError, match=message):
        load_settings(**{name: value})
    assert load_settings(report_due="3-1").report_due == "03-01"


def test_a_year_due_with_no_report_at_all_is_overdue_not_absent(served_settings):
    """December 2026, reports for 2023 and 2024 only: 2025's were due on 2026-03-31 and none has
    come. 2025 has its rows all the same: 0 of 24 (the 24 that reported for 2024), missing; each
    ASF figure missing where enterprises are expected. 2026 (due 2027-03-31) is not shown yet."""
    served_settings.inbox.mkdir(parents=True)
    everyone = {e.orgnr for e in ENTERPRISES}
    write_csv(
        served_settings.inbox / "earlier.csv",
        rows_for(2023, everyone) + rows_for(2024, everyone),
    )
    v, _, model = run(served_settings, date(2026, 12, 7))
    assert v[("asf_report_coverage", "18", 2025)] == (0, "missing")
    assert v[("asf_count", "18", 2025)] == (None, "missing")
    # per municipality: expected where its enterprises reported for 2024 (worked out from the
    # fixture: Örebro 8 with Lekeberg's one moved there, …), and none of them in
    expected = {}
    for e in ENTERPRISES:
        expected[e.municipality] = expected.get(e.municipality, 0) + 1
    assert sum(expected.values()) == 24 and expected["1880"] == 8 and "1814" not in expected
    for code in expected:
        assert v[("asf_report_coverage", code, 2025)] == (0, "missing"), code
        assert v[("asf_count", code, 2025)] == (None, "missing"), code
        assert v[("asf_employees", code, 2025)] == (None, "missing"), code
        assert v[("asf_transition_rate", code, 2025)] == (None, "missing"), code
    # Lekeberg expects nobody: no coverage, and no enterprise is 0 (not final)
    assert v[("asf_report_coverage", "1814", 2025)] == (None, "missing")
    assert v[("asf_count", "1814", 2025)] == (0, "preliminary")
    assert not [k for k in v if k[0].startswith("asf") and k[2] == 2026]
    with duckdb.connect(str(served_settings.warehouse), read_only=True) as con:
        years = con.execute(
            "select year, expected, reported, coverage_pct, due_date, state "
            "from mart.reporting_years order by year"
        ).fetchall()
        lineage = con.execute(
            "select count(distinct source_ref) from mart.value_lineage "
            "where indicator_id = 'asf_report_coverage' and area_code = '18' and year = 2025"
        ).fetchone()[0]
    assert years == [
        (2023, 24, 24, 100.0, date(2024, 3, 31), "final"),
        (2024, 24, 24, 100.0, date(2025, 3, 31), "final"),
        (2025, 24, 0, 0.0, date(2026, 3, 31), "overdue"),
    ]
    assert lineage == 1  # its 0 of 24 rests on the one file that reported for 2024
    # the dashboard says so beside the latest final year
    year, note = headline(model, "asf_count")
    assert year == 2024 and note == "2025: 0 of 24 expected reports, due 2026-03-31"
    # before the due date, a year with no report is not shown yet
    v, _, _ = run(served_settings, date(2026, 3, 1))
    assert not [k for k in v if k[0].startswith("asf") and k[2] == 2025]
