"""The portal's tests' fixtures: its settings, the real server with a client, one report row."""

import httpx
import pytest

from tests.portal.server import portal_settings, running_portal
from tests.reports.report_files import valid_rows


@pytest.fixture
def settings(tmp_path):
    return portal_settings(tmp_path, portal_uploads_per_hour=5)


@pytest.fixture
def portal(settings):
    with running_portal(settings) as url, httpx.Client(base_url=url, timeout=120) as client:
        yield client


@pytest.fixture
def rows():
    return valid_rows(1)
