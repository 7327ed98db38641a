"""A run waiting for the writer lock says which run holds it, at once and then every 30 s."""

from asfetl.errors import WarehouseBusyError
from asfetl.warehouse import publish
from asfetl.warehouse.publish import WriterLock, lock_holder


def test_waiting_says_who_holds_the_lock_at_once_and_again_every_notice_period(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(publish, "NOTICE_SECONDS", 0.3)  # 30 s in real runs
    warehouse = tmp_path / "asf.duckdb"
    said: list[str] = []
    with WriterLock(warehouse, 0, "holder-run", "sample"):
        assert lock_holder(warehouse).startswith("run holder-run, sample mode, pid ")
        waiting = WriterLock(warehouse, 1.0, "waiting-run", "live", said.append)
        try:
            with waiting:
                raise AssertionError("the lock is held: this run must not get it")
        except WarehouseBusyError as exc:
            assert "run holder-run, sample mode" in str(exc)
    assert 3 <= len(said) <= 5, said  # at 0 s, then about every 0.3 s for 1 s
    assert said[0].startswith("Waiting for another asfetl run (run holder-run, sample mode, pid ")
    assert said[0].endswith(f"which is writing {warehouse}; waiting up to 1 s more "
                            "(ASFETL_LOCK_TIMEOUT).")  # fmt: skip
    assert lock_holder(warehouse) is None  # released
