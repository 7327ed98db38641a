"""Checks against the real SCB and Kolada services: facts the code relies on but that were never
confirmed from these machines. Never run in CI (no internet); run by hand with `pytest -m live`."""

import pytest
import requests

from asfetl.settings import load_settings
from asfetl.sources import kolada
from asfetl.sources.scb import POPULATION_TABLES
from asfetl.sources.scb.pxweb import PxWebClient

pytestmark = pytest.mark.live


def test_scb_population_tables_have_the_codes_asfetl_asks_for():
    client = PxWebClient(load_settings().scb_base_url)
    config = client.config()
    assert config.max_cells > 0 and config.max_calls > 0
    for table in POPULATION_TABLES:
        meta = client.metadata(table.table_id)
        assert table.contents_code in meta.variable("ContentsCode").values
        for variable, total in table.totals.items():
            assert total in meta.variable(variable).values, (table.table_id, variable)
        # every code of sex asfetl asks for, and no code for both it does not (issue 26)
        assert set(meta.variable("Kon").values) == set(table.sexes), table.table_id


def test_kolada_kpis_exist():
    base = load_settings().kolada_base_url
    for kpi in kolada.kpi_indicators():
        response = requests.get(f"{base}/kpi/{kpi}", timeout=30)
        response.raise_for_status()
        assert response.json()["values"], kpi
