"""Fixtures the report tests share: an empty inbox in tmp_path (the migrated warehouse `con` is
tests/conftest.py's)."""

import pytest


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder
