"""The dashboard tests' one sample warehouse (the pipeline without Prefect), its data and page."""

from pathlib import Path

import pandas as pd
import pytest

from asfetl.dashboard.model import build_model
from asfetl.dashboard.queries import load_dashboard_data
from asfetl.dashboard.render import render_html
from asfetl.operations import pipeline
from asfetl.warehouse.database import connect_read_only
from tests.conftest import offline_settings


@pytest.fixture(scope="package")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One sample warehouse for the dashboard's tests; returns its folder."""
    folder = tmp_path_factory.mktemp("dashboard")
    pipeline.run_pipeline(offline_settings(folder), sample=True)
    return folder / "warehouse"


@pytest.fixture(scope="package")
def data(built: Path) -> dict[str, pd.DataFrame]:
    with connect_read_only(built / "asf.duckdb") as con:
        return load_dashboard_data(con)


@pytest.fixture(scope="package")
def page(data: dict[str, pd.DataFrame]) -> str:
    return render_html(build_model(data), "sv")
