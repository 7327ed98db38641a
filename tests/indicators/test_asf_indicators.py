"""The plan's ASF indicators on a small fixture whose every value and suppression is worked out
by hand below, through the whole pipeline (reports in the inbox, SCB and Kolada imitated)."""

import duckdb
import pytest

from asfetl.operations import pipeline
from tests.conftest import isolate, served
from tests.imitation.scb import population
from tests.pipeline_helpers import working
from tests.reports.report_files import write_csv

ENTERPRISES = {  # orgnr: (municipality, name, legal form) — Luhn-valid, third digit ≥ 2
    "769600-0004": ("1880", "Kafé Ett ek. för.", "ekonomisk_forening"),
    "769600-0012": ("1880", "Städ Två ek. för.", "ekonomisk_forening"),
    "769600-0020": ("1880", "Flytt Tre AB", "aktiebolag"),
    "769600-0038": ("1881", "Trädgård Fyra ek. för.", "ekonomisk_forening"),
    "769600-0046": ("1883", "Tvätt Fem ideell förening", "ideell_forening"),
}
FIGURES_2024 = {  # employees, target group, participants, to work, to studies, turnover, sales,
    #               public contracts, reserved contracts
    "769600-0004": (10, 6, 12, 2, 1, 5_000_000, 3_000_000, 3, 1),
    "769600-0012": (8, 5, 6, 1, 0, 4_000_000, 2_000_000, 2, 0),
    "769600-0020": (20, 12, 10, 3, 1, 6_000_000, 5_400_000, 4, 2),
    "769600-0038": (3, 2, 4, 1, 0, 1_000_000, 800_000, 1, 1),
    "769600-0046": (7, 4, 9, 2, 0, 2_500_000, 2_000_000, 0, 0),
}
COLUMNS = ("anstallda_totalt", "anstallda_malgrupp", "deltagare", "overgang_arbete",
           "overgang_studier", "omsattning_sek", "forsaljning_sek", "offentliga_avtal",
           "reserverade_avtal")  # fmt: skip


def rows(year, figures):
    return [
        {
            "organisationsnummer": orgnr,
            "foretagsnamn": ENTERPRISES[orgnr][1],
            "kommunkod": ENTERPRISES[orgnr][0],
            "rapportar": year,
            "juridisk_form": ENTERPRISES[orgnr][2],
            **dict(zip(COLUMNS, values, strict=True)),
        }
        for orgnr, values in figures.items()
    ]


@pytest.fixture(scope="module")
def run_once(tmp_path_factory):
    """One run on the fixture for the whole module: its tests only read what it published."""
    folder = tmp_path_factory.mktemp("asf-indicators")
    with pytest.MonkeyPatch.context() as patch, served(isolate(folder, patch)) as settings:
        settings.inbox.mkdir(parents=True)
        one_2026 = {"769600-0004": FIGURES_2024["769600-0004"]}
        write_csv(settings.inbox / "fixture.csv", rows(2024, FIGURES_2024) + rows(2026, one_2026))
        run = pipeline.run_pipeline(settings, sample=False)
        assert run.status == "success" and run.step_counts["reports"]["accepted"] == 1
        yield settings


@pytest.fixture(scope="module")
def published(run_once):
    with duckdb.connect(str(run_once.warehouse), read_only=True) as con:
        return {
            (r[0], r[1], r[2]): (r[3], r[4])
            for r in con.execute(
                "select indicator_id, area_code, year, value, status from mart.indicator_values "
                "where indicator_id like 'asf%'"
            ).fetchall()
        }


def test_counts_for_the_county_come_from_the_enterprises(published):
    v = published
    assert v[("asf_count", "18", 2024)] == (5, "ok")
    assert v[("asf_count", "1880", 2024)] == (3, "ok")
    assert v[("asf_count", "1814", 2024)] == (0, "ok")  # no enterprise: 0, not a gap
    assert v[("asf_employees", "18", 2024)] == (10 + 8 + 20 + 3 + 7, "ok")  # 48
    assert v[("asf_employees", "1880", 2024)] == (38, "ok")
    assert v[("asf_employees_target_group", "18", 2024)] == (29, "ok")
    assert v[("asf_participants", "18", 2024)] == (41, "ok")
    assert v[("asf_transitions", "18", 2024)] == (3 + 1 + 4 + 1 + 2, "ok")  # 11
    assert v[("asf_turnover_sek", "18", 2024)] == (18_500_000, "ok")
    assert v[("asf_turnover_sek", "1880", 2024)] == (15_000_000, "ok")  # largest 6 M = 40 %
    assert v[("asf_public_contracts", "18", 2024)] == (10, "ok")
    assert v[("asf_reserved_contracts", "18", 2024)] == (4, "ok")


def test_small_counts_and_their_partners_are_suppressed(published):
    v = published
    hidden = (None, "suppressed")
    # employees: Kumla 3 is small; Karlskoga's 7 is one enterprise's staff (fewer than 3)
    assert v[("asf_employees", "1881", 2024)] == hidden
    assert v[("asf_employees", "1883", 2024)] == hidden
    # target group: Kumla 2 and Karlskoga 4 are both small (2 + 4 = 6 pins neither down)
    assert v[("asf_employees_target_group", "1881", 2024)] == hidden
    assert v[("asf_employees_target_group", "1883", 2024)] == hidden
    assert v[("asf_employees_target_group", "1880", 2024)] == (23, "ok")
    # participants: Kumla 4 is small; Karlskoga's 9 is the smallest partner
    assert v[("asf_participants", "1881", 2024)] == hidden
    assert v[("asf_participants", "1883", 2024)] == hidden
    assert v[("asf_participants", "1880", 2024)] == (28, "ok")
    # transitions: Kumla 1 and Karlskoga 2, both small
    assert v[("asf_transitions", "1881", 2024)] == hidden
    assert v[("asf_transitions", "1883", 2024)] == hidden
    # financials: one enterprise each in Kumla and Karlskoga (fewer than 3)
    assert v[("asf_turnover_sek", "1881", 2024)] == hidden
    assert v[("asf_turnover_sek", "1883", 2024)] == hidden
    assert v[("asf_count", "1881", 2024)] == (1, "ok")  # the number of enterprises is public


def test_rates_are_hand_computed_and_suppressed_with_their_parts(published):
    v = published
    rate, status = v[("asf_transition_rate", "18", 2024)]
    assert status == "ok" and rate == pytest.approx(100 * 11 / (41 + 29))  # 15.71 %
    assert v[("asf_transition_rate", "1880", 2024)][0] == pytest.approx(100 * 8 / (28 + 23))
    assert v[("asf_transition_rate", "1881", 2024)] == (None, "suppressed")
    assert v[("asf_transition_rate", "1883", 2024)] == (None, "suppressed")  # participants hidden
    assert v[("asf_transition_rate", "1814", 2024)] == (None, "missing")  # nobody to move on
    share, _ = v[("asf_sales_share", "18", 2024)]
    assert share == pytest.approx(100 * 13_200_000 / 18_500_000)  # 71.35 %
    assert v[("asf_sales_share", "1880", 2024)][0] == pytest.approx(100 * 10_400_000 / 15_000_000)
    assert v[("asf_sales_share", "1881", 2024)] == (None, "suppressed")


def test_per_10k_uses_the_same_years_population_or_is_preliminary(published):
    v = published
    assert v[("asf_per_10k_inhabitants", "18", 2024)] == (pytest.approx(5 / 308375 * 10000), "ok")
    assert v[("asf_per_10k_inhabitants", "1881", 2024)] == (pytest.approx(1 / 22681 * 10000), "ok")
    # 2026 has no population yet: the latest (2025, TAB5557) is used and the value is preliminary
    latest = population("TAB5557", "1880", 2025)
    assert v[("asf_per_10k_inhabitants", "1880", 2026)] == (
        pytest.approx(1 / latest * 10000),
        "preliminary",
    )


def test_nothing_unsuppressed_reaches_the_mart(run_once):
    with duckdb.connect(str(run_once.warehouse), read_only=True) as con:
        leaked = con.execute(
            """
            select count(*) from mart.indicator_values
            where (status = 'suppressed' and value is not null)
               or indicator_id = 'asf_sales_revenue_sek'
            """
        ).fetchone()[0]
        schemas = {
            r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()
        }
    assert leaked == 0
    assert schemas == {"mart", "ops"}  # the unprotected cells stay in the private working file
    with duckdb.connect(working(run_once), read_only=True) as con:
        assert con.execute("select count(*) from restricted.asf_cells").fetchone()[0] > 0


def test_each_suppressed_value_says_why(run_once):
    with duckdb.connect(str(run_once.warehouse), read_only=True) as con:
        reasons = {
            (r[0], r[1]): r[2]
            for r in con.execute(
                "select indicator_id, area_code, suppression_reason from mart.indicator_values "
                "where year = 2024 and (status = 'suppressed') = (suppression_reason is null)"
            ).fetchall()
        }
        why = dict(
            ((r[0], r[1]), r[2])
            for r in con.execute(
                "select indicator_id, area_code, suppression_reason from mart.indicator_values "
                "where year = 2024 and status = 'suppressed'"
            ).fetchall()
        )
    assert reasons == {}  # a reason exactly where a value is suppressed
    assert why[("asf_employees", "1881")] == "primary"  # 3 people
    assert why[("asf_employees", "1883")] == "few_enterprises"  # 7 people, one enterprise's
    assert why[("asf_turnover_sek", "1881")] == "few_enterprises"  # one enterprise
    # its parts: transitions 2 (primary), participants 9 of one enterprise: the first reason
    assert why[("asf_transition_rate", "1883")] == "primary"
