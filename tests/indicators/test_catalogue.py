"""The indicator catalogue carries the facts the SQL and the readers go by: each indicator's
disclosure kind, a ratio's parts, whether it is published; and every family model keeps the
same columns."""

import csv

import duckdb
import pytest

from asfetl.indicators import disclosure, transform
from asfetl.operations import pipeline
from asfetl.paths import PACKAGE_DIR as PROJECT_PACKAGE
from asfetl.paths import sql_dir
from asfetl.warehouse import database
from tests.pipeline_helpers import working

FAMILY_COLUMNS = [
    ("indicator_id", "VARCHAR"), ("area_code", "VARCHAR"), ("year", "INTEGER"),
    ("value", "DOUBLE"), ("status", "VARCHAR"), ("source_detail", "VARCHAR"),
    ("is_sample", "BOOLEAN"), ("updated_at", "TIMESTAMP WITH TIME ZONE"),
    ("built_from", "STRUCT(source_kind VARCHAR, source_ref VARCHAR, source_name VARCHAR, "
                   "received_at TIMESTAMP WITH TIME ZONE)[]"),
]  # fmt: skip


def seed() -> list[dict[str, str]]:
    with (sql_dir() / "seeds" / "indicators.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every model built on the shipped seeds, with nothing loaded yet."""
    con = database.connect(tmp_path_factory.mktemp("catalogue") / "w.duckdb")
    database.migrate(con)
    transform.load_seeds(con, "18")
    transform.run_models(con)
    yield con
    con.close()


def test_every_indicator_has_a_known_disclosure_kind():
    kinds = {row["indicator_id"]: row["disclosure"] for row in seed()}
    assert set(kinds.values()) <= set(disclosure.KINDS)
    # the readers show hidden people counts as <5: the catalogue's units agree with the kind
    units = {row["indicator_id"]: row["unit"] for row in seed()}
    people = {i for i, kind in kinds.items() if kind == "people"}
    assert people == {i for i, unit in units.items() if unit.startswith("personer")}


def test_a_ratios_parts_are_catalogue_indicators_and_rates_have_parts():
    ids = {row["indicator_id"] for row in seed()}
    for row in seed():
        parts = [p.strip() for side in ("numerator", "denominator") for p in row[side].split("+")]
        parts = [p for p in parts if p]
        assert set(parts) <= ids, row["indicator_id"]
        assert (row["disclosure"] == "rate") == bool(parts), row["indicator_id"]


def test_the_mart_catalogue_lists_the_published_indicators_with_their_kind(built):
    rows = dict(built.execute("select indicator_id, disclosure from mart.indicators").fetchall())
    assert rows == {r["indicator_id"]: r["disclosure"] for r in seed() if r["published"] == "true"}
    assert "asf_sales_revenue_sek" not in rows  # a part of the sales share only


@pytest.mark.parametrize(
    "table",
    [t for t in transform.MODELS if t.startswith("intermediate.int_indicator_values")],
)
def test_every_family_model_has_the_family_columns(built, table):
    schema, name = table.split(".")
    columns = built.execute(
        "select column_name, data_type from duckdb_columns() "
        "where schema_name = ? and table_name = ? order by column_index",
        [schema, name],
    ).fetchall()
    assert columns == FAMILY_COLUMNS


def test_an_asf_figure_without_a_catalogue_row_fails_the_run(tmp_path):
    con = database.connect(tmp_path / "w.duckdb")
    try:
        database.migrate(con)
        transform.load_seeds(con, "18")
        con.execute("delete from staging.seed_indicators where indicator_id = 'asf_transitions'")
        con.execute(
            """
            insert into raw.enterprise_reports values (
                'abc', 2, 'f.csv', now(), '769600-0004', 'Kafé', '1880', 2024, 'aktiebolag',
                1, 1, 1, 1, 0, 1.0, 1.0, 0, 0, false, 'run', now())
            """
        )
        with pytest.raises(duckdb.InvalidInputException, match="asf_transitions has no disclosure"):
            transform.run_models(con)
    finally:
        con.close()


def test_every_published_indicator_is_built_by_a_family_on_the_sample_data(settings):
    run = pipeline.run_pipeline(settings, sample=True)
    assert run.status == "success"
    with duckdb.connect(working(settings), read_only=True) as con:  # restricted is private
        built = con.execute("select distinct indicator_id from mart.indicator_values").fetchall()
        published = con.execute("select indicator_id from mart.indicators").fetchall()
        kinds = dict(
            con.execute("select distinct indicator_id, disclosure from restricted.asf_cells")
        .fetchall())  # fmt: skip
        unlinked = con.execute(
            """
            select count(*) from mart.indicator_values as v
            anti join mart.value_lineage as l using (indicator_id, area_code, year)
            """
        ).fetchone()[0]
    assert set(built) == set(published)
    catalogue = {r["indicator_id"]: r["disclosure"] for r in seed()}
    assert kinds == {i: catalogue[i] for i in kinds}
    assert unlinked == 0


def test_readers_show_a_hidden_value_by_its_disclosure_kind_not_its_unit():
    from asfetl.cli import output
    from asfetl.dashboard import texts

    people, money = "people", "money"
    assert output.format_value(None, "suppressed", "kr / SEK", people) == "<5"
    assert output.format_value(None, "suppressed", "personer / people", money) == ".."
    assert texts.symbol("suppressed", people) == "<5"
    assert texts.cell(None, "suppressed", "%", "sv", disclosure="rate") == ".."
    sources = [
        p for p in PROJECT_PACKAGE.rglob("*.py") if 'startswith("personer")' in p.read_text()
    ]
    assert sources == []


def _kolada_catalogue() -> dict[str, dict[str, str]]:
    """Kolada v3's KPI catalogue as recorded on 2026-03-23 (the excerpt in tests/fixtures)."""
    from pathlib import Path

    path = Path(__file__).parents[1] / "fixtures" / "kolada" / "kpi_catalogue_excerpt.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def test_the_kolada_indicators_say_what_kolada_says_they_count():
    """Age band, denominator and what the KPI counts, against Kolada's own words."""
    kolada = _kolada_catalogue()
    ours = {row["indicator_id"]: row for row in seed()}
    breaks = {
        (row["indicator_id"], int(row["from_year"])): row
        for row in csv.DictReader((sql_dir() / "seeds" / "indicator_breaks.csv").open())
    }
    # N31807: all residents, children included; all economic assistance; a living register
    n31807, assistance = kolada["N31807"]["description"], ours["economic_assistance_share"]
    assert "inklusive barn" in n31807 and "levande register" in n31807
    assert "barn inräknade" in assistance["description_sv"]
    assert "children included" in assistance["description_en"]
    assert "inte bara försörjningsstöd" in assistance["description_sv"]
    assert "revideras i efterhand" in assistance["description_sv"]
    assert "revised afterwards" in assistance["description_en"]
    assert "31/12" in n31807 and "den 31/12" in assistance["description_sv"]
    # N03926: a share of the population (residents on 31/12 of T-1), ages 25-65 (25-64 to 2022)
    n03926, long_term = kolada["N03926"], ours["long_term_unemployment_25_64"]
    assert "i befolkningen, 25-65 år" in n03926["title"]
    assert "den 31/12 år T-1" in n03926["description"]
    assert "Till och med 2022 avsåg nyckeltalet åldersgruppen 25-64 år" in n03926["description"]
    assert "andel av befolkningen" in long_term["description_sv"]
    assert "den 31/12 år T−1" in long_term["description_sv"]
    assert "on 31/12 of year T−1" in long_term["description_en"]
    assert "not of the labour force" in long_term["description_en"]
    assert "25–65" in long_term["name_sv"] and "25–64 t.o.m. 2022" in long_term["name_sv"]
    assert ("long_term_unemployment_25_64", 2023) in breaks
    # N02267: ages 20-64, SCB's BAS register, which replaced RAMS from 2020: a break
    n02267, employment = kolada["N02267"], ours["employment_rate_20_64"]
    assert "20-64 år" in n02267["title"] and "(BAS)" in n02267["description"]
    assert "20–64" in employment["name_sv"] and "BAS" in employment["description_sv"]
    assert "RAMS" in employment["description_sv"] and "RAMS" in employment["description_en"]
    assert "RAMS" in breaks[("employment_rate_20_64", 2020)]["note_sv"]
    assert "not comparable" in breaks[("employment_rate_20_64", 2020)]["note_en"]


def test_every_indicator_states_its_export_precision():
    # counts and kronor are written whole, percentages and rates with one decimal
    for row in seed():
        unit = row["unit"].split(" / ")[0]
        whole = unit.startswith(("antal", "personer", "kr"))
        assert row["decimals"] == ("0" if whole else "1"), row["indicator_id"]


# Issue 26's target-group KPIs: indicator id, the ages or unit its names must state (Swedish,
# English) and the words of Kolada's recorded description the catalogue's definition rests on.
TARGET_GROUPS = {
    "N03947": ("programme_activity_support_18_65", "18–65", "i program med aktivitetsstöd"),
    "N03951": ("long_term_unemployment_18_24", "18–24", "dividerat med antal invånare 18-24 år"),
    "N03952": ("long_term_unemployment_18_65", "18–65", "dividerat med antal invånare 18-65 år"),
    "N03945": ("long_term_unemployment_labour_force_25_65", "25–65", "i arbetskraften"),
    "N02797": ("neet_16_24", "16–24", "inte haft inkomster som överskridit ett basbelopp"),
    "N31816": ("long_term_economic_assistance_adults", "", "10-12 månader"),
    "N31858": ("economic_assistance_unemployed_share", "", "står till arbetsmarknadens"),
    "N00957": ("ill_health_days", "", "befolkningen i åldern 16-64 år"),
    "N01703": ("sickness_compensation_fte", "", "helårsekvivalenter med sjukersättning"),
    "N01702": ("activity_compensation_fte", "", "helårsekvivalenter med aktivitetsersättning"),
    "N02268": ("employment_rate_foreign_born_20_64", "20–64", "utrikes födda 20-64 år"),
    "N40011": ("labour_market_measures_net_cost_per_inhabitant", "", "invånare i kommunen 31/12"),
    "N40013": ("labour_market_measures_purchased_share", "", "kostnad för eget åtagande"),
    "N60092": ("region_purchases_from_nonprofits_share", "", "ideella föreningar och stiftelser"),
}


UNITS = {  # the units that are not %
    "N00957": "dagar / days",
    "N01703": "helårsekvivalenter / full-year equivalents",
    "N01702": "helårsekvivalenter / full-year equivalents",
    "N40011": "kr/inv / SEK per inhabitant",
}


def _kolada_kpis() -> dict[str, dict[str, str]]:
    from asfetl.sources.kolada import KPIS_FILE

    with KPIS_FILE.open(encoding="utf-8", newline="") as f:
        return {row["kpi_id"]: row for row in csv.DictReader(f)}


def test_each_target_group_kpi_is_one_seed_row_and_one_catalogue_row_true_to_kolada():
    """Kolada's recorded title (the contract watch compares it), the KPI id and ages in the
    definition, what its type allows said in words, and a unit that is a share only for %."""
    kolada, configured = _kolada_catalogue(), _kolada_kpis()
    ours = {row["indicator_id"]: row for row in seed()}
    for kpi, (indicator, ages, words) in TARGET_GROUPS.items():
        recorded, row, entry = kolada[kpi], ours[indicator], configured[kpi]
        assert entry["indicator_id"] == indicator and entry["kpi_title"] == recorded["title"]
        assert words in recorded["description"], kpi
        assert (entry["unit"] == "%") == ("andel (%)" in recorded["title"]), kpi
        assert row["unit"] == UNITS.get(kpi, "%"), kpi
        assert f"Kolada {kpi}" in row["description_sv"], kpi
        assert f"Kolada {kpi}" in row["description_en"], kpi
        kind = (row["source"], row["disclosure"], row["published"])
        assert kind == ("Källa: Kolada", "none", "true"), kpi
        if kpi not in ("N01703", "N01702"):  # a count has no numerator and denominator
            assert "Täljare" in row["description_sv"] and "Numerator" in row["description_en"]
        if ages:
            assert ages in row["name_sv"] and ages in row["name_en"], kpi
        kind = recorded["municipality_type"]
        only_municipalities = "Municipalities only: Kolada publishes no county value"
        assert (only_municipalities in row["description_en"]) == (kind == "K"), kpi
        assert ("The region only" in row["description_en"]) == (kind == "L"), kpi
    # the recorded types of the table
    types = {kpi: kolada[kpi]["municipality_type"] for kpi in TARGET_GROUPS}
    assert {k for k, t in types.items() if t == "K"} == {
        "N31816", "N31858", "N01703", "N01702", "N40011", "N40013"
    }  # fmt: skip
    assert {k for k, t in types.items() if t == "L"} == {"N60092"}


def test_the_target_group_breaks_are_those_kolada_describes():
    """N03947's ages 18–64 became 18–65 in 2023; N31816's method was revised in 2021 with values
    recomputed from 2017; N02268 comes from BAS, which replaced RAMS in 2020 (as N02267)."""
    kolada, ours = _kolada_catalogue(), {row["indicator_id"]: row for row in seed()}
    breaks = {
        (row["indicator_id"], int(row["from_year"])): row
        for row in csv.DictReader((sql_dir() / "seeds" / "indicator_breaks.csv").open())
    }
    n03947 = kolada["N03947"]["description"]
    assert "Till och med 2022 avsåg nyckeltalet åldersgruppen 18-64 år" in n03947
    assert "18–64" in breaks[("programme_activity_support_18_65", 2023)]["note_sv"]
    assert "18–64 t.o.m. 2022" in ours["programme_activity_support_18_65"]["name_sv"]
    n31816 = kolada["N31816"]["description"]
    assert "Reviderad metod" in n31816 and "från 2021" in n31816 and "från år 2017" in n31816
    note = breaks[("long_term_economic_assistance_adults", 2017)]
    assert "2021" in note["note_sv"] and "before 2017" in note["note_en"]
    assert "(BAS)" in kolada["N02268"]["description"]
    assert "RAMS" in breaks[("employment_rate_foreign_born_20_64", 2020)]["note_en"]
    # no other break is claimed for the target groups: the descriptions state none
    claimed = {i for i, _ in breaks} & {i for i, _, _ in TARGET_GROUPS.values()}
    assert claimed == {
        "programme_activity_support_18_65",
        "long_term_economic_assistance_adults",
        "employment_rate_foreign_born_20_64",
    }
