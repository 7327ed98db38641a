"""Fixtures the report tests share: a migrated warehouse and an empty inbox, both in tmp_path."""

import pytest

from asfetl.warehouse import database


@pytest.fixture
def con(tmp_path):
    """A warehouse file with every migration applied, as a run's build has it."""
    connection = database.connect(tmp_path / "w.duckdb")
    database.migrate(connection)
    yield connection
    connection.close()


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder
