"""CONTRIBUTING's recipes, done: adding a Kolada KPI is two seed rows and nothing else.

The recipe is carried out on a copy of the project (its package, SQL and suites), which then
runs in live mode against the local imitations of SCB and Kolada; the new indicator must be
published with the imitation's values, with its lineage and in the catalogue.
"""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.imitation import KoladaImitation, ScbImitation
from tests.imitation.kolada_data import kpi_value

PROJECT = Path(__file__).resolve().parents[2]
NEW_KPI, NEW_INDICATOR = "N01951", "residents_per_kolada"  # Kolada's own population count

RUN = """
from asfetl.operations.pipeline import run_pipeline
from asfetl.settings import load_settings
run = run_pipeline(load_settings(), sample=False)
print(run.status)
"""


def copy_project(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "_project", "*.pyc")
    for part in ("asfetl", "sql", "expectations"):
        shutil.copytree(PROJECT / part, target / part, ignore=ignore)
    return target


def append_row(path: Path, values: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert set(values) <= set(header), f"{path.name} has no column {set(values) - set(header)}"
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow([values.get(c, "") for c in header])


def test_adding_a_kolada_kpi_is_two_seed_rows(tmp_path):
    copy = copy_project(tmp_path / "project")
    # The recipe: one row in the source's KPI list, one in the indicator catalogue.
    append_row(
        copy / "asfetl" / "sources" / "kolada" / "kolada_kpis.csv",
        {
            "kpi_id": NEW_KPI,
            "indicator_id": NEW_INDICATOR,
            "kpi_title": "Invånare totalt, antal",
            "unit": "antal",
        },
    )
    append_row(
        copy / "sql" / "seeds" / "indicators.csv",
        {
            "indicator_id": NEW_INDICATOR,
            "name_sv": "Invånare enligt Kolada",
            "name_en": "Residents according to Kolada",
            "description_sv": "Antal invånare den 31 december. Kolada N01951 (SCB).",
            "description_en": "Number of residents on 31 December. Kolada N01951 (SCB).",
            "unit": "antal / count",
            "source": "Källa: Kolada",
            "plan_goal": "context",
            "higher_is_better": "",
            "disclosure": "none",
            "published": "true",
            "decimals": "0",
        },
    )
    changed = subprocess.run(
        ["git", "diff", "--no-index", "--name-only", str(PROJECT / "sql"), str(copy / "sql")],
        capture_output=True,
        text=True,
    ).stdout.split()
    assert [Path(p).name for p in changed] == ["indicators.csv"]

    warehouse = tmp_path / "wh" / "asf.duckdb"
    with ScbImitation() as scb, KoladaImitation() as kolada:
        env = {
            **os.environ,
            "PYTHONPATH": str(copy),
            "ASFETL_WAREHOUSE": str(warehouse),
            "ASFETL_SCB_BASE_URL": scb.url,
            "ASFETL_KOLADA_BASE_URL": kolada.url,
            "ASFETL_HTTP_GIVE_UP_AFTER": "30",
        }
        done = subprocess.run(
            [sys.executable, "-c", RUN], env=env, cwd=tmp_path, capture_output=True, text=True
        )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split()[-1] == "success"

    with duckdb.connect(str(warehouse), read_only=True) as con:
        values = dict(
            con.execute(
                "select area_code || '/' || year, value from mart.indicator_values "
                "where indicator_id = ? and status = 'ok'",
                [NEW_INDICATOR],
            ).fetchall()
        )
        lineage = con.execute(
            "select count(*) from mart.value_lineage where indicator_id = ?", [NEW_INDICATOR]
        ).fetchone()[0]
        catalogue = con.execute(
            "select name_en from mart.indicators where indicator_id = ?", [NEW_INDICATOR]
        ).fetchall()
    assert values["1880/2023"] == kpi_value(NEW_KPI, "1880", 2023, "T")
    assert values["18/2020"] == kpi_value(NEW_KPI, "0018", 2020, "T")
    assert values["00/2020"] == kpi_value(NEW_KPI, "0000", 2020, "T")  # Sweden beside it
    # Sweden, the county and its 12 municipalities, every year
    assert len(values) == 14 * len({k.split("/")[1] for k in values})
    assert lineage == len(values)
    assert catalogue == [("Residents according to Kolada",)]
