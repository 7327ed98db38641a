"""The run journal: a run that died after publishing keeps the record it published."""

import duckdb

from asfetl.operations import pipeline, runs


def test_a_run_killed_after_publishing_stays_recorded_as_published(settings, monkeypatch):
    # Die between the swap and dropping the journal file: the file still says 'running'.
    monkeypatch.setattr(runs, "forget", lambda runs_dir, records: None)
    first = pipeline.run_pipeline(settings, sample=True)
    (journalled,) = runs.read_journal(settings.runs_dir)
    assert journalled.run_id == first.run_id and journalled.status == "running"
    monkeypatch.undo()

    second = pipeline.run_pipeline(settings, sample=True)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        recorded = con.execute(
            "select run_id, status, error_message from ops.runs order by started_at"
        ).fetchall()
    assert recorded == [(first.run_id, "success", None), (second.run_id, "success", None)]
    assert runs.read_journal(settings.runs_dir) == []  # both journal files dropped


def test_a_run_that_died_before_publishing_is_recorded_as_failed(settings, sample_run):
    dead = runs.RunRecord("20261201T000000Z-dead", "sample", "18")
    runs.write_journal(settings.runs_dir, dead)  # started, never published, process gone
    pipeline.run_pipeline(settings, sample=True)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        status, message = con.execute(
            "select status, error_message from ops.runs where run_id = ?", [dead.run_id]
        ).fetchone()
    assert status == "failed" and "interrupted" in message


def test_a_full_disk_during_a_run_is_one_sentence_and_leaves_the_publication(
    settings, sample_run, monkeypatch
):  # after a sample run
    import pytest

    from asfetl.errors import DiskFullError
    from asfetl.indicators import transform
    from asfetl.warehouse.publish import build_path

    published = settings.warehouse.read_bytes()

    def no_space(*args, **kwargs):
        raise duckdb.IOException(
            'IO Error: Could not write file "asf.duckdb.build.wal": No space left on device'
        )

    monkeypatch.setattr(transform, "run_models", no_space)
    with pytest.raises(DiskFullError) as raised:
        pipeline.run_pipeline(settings, sample=True)
    message = str(raised.value)
    assert message.count(".") <= 2 and "is full" in message and "free some space" in message
    assert settings.warehouse.read_bytes() == published
    assert not build_path(settings.warehouse).exists()
