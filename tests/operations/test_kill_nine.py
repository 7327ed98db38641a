"""kill -9 at ten seeded-random points of a hand run (`asfetl run` against the imitations,
with report files in the inbox, on the local Prefect server hand runs share, as by default):
after each kill the published warehouse is the previous publication or a complete new one,
never a mix; every file planted in the inbox is still there or filed with its receipt, and
loaded once; the writer lock is free; no process of the run is left. Then a normal run with a
short lock timeout files everything.

The shared server is started first (it outlives runs by design, in a session of its own; a
temporary server per run and its end after kill -9 are test_local_server's). One undisturbed
run is measured then: three kills fall in its start (imports, finding the server), six in its
flow up to the end of publishing (extract … the swap, filing, exports) and one after (the
flow's end, until the process exits), each at a random point of its own slice of that phase.
A point in the flow is replayed from the last log line before it (a step finished), since how
long a run takes to start varies far more than its steps do. Even kills hit the whole process
group (a service manager's stop), odd ones only the run's process (the OOM killer).
"""

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from asfetl.operations import pipeline
from asfetl.reports.sample import sample_enterprises, sample_rows
from asfetl.settings import load_settings
from asfetl.warehouse.publish import WriterLock
from scripts.mart_checksums import table_checksums
from tests.conftest import ASFETL, cli_env
from tests.imitation import KoladaImitation, ScbImitation
from tests.operations.test_local_server import alive
from tests.pipeline_helpers import working
from tests.reports.report_files import personnummer, write_csv

SEED = 15
PHASES = (("start", 3), ("flow", 6), ("end", 1))  # (phase, kills in it)
STEPS = ("extract", "parse", "validate", "load", "watch-sources", "intake-reports", "transform",
         "publish")  # fmt: skip
# The log lines a kill in the flow counts from: (name, the texts the line holds).
MARKS = (("flow begun", ("Beginning flow run",)),
         *((f"{step} done", (f"Task run '{step}-",)) for step in STEPS),
         ("flow ended", ("Flow run '", "Finished in state")))  # fmt: skip


@pytest.fixture
def shared_server(prefect_home: Path) -> Iterator[Path]:
    """The local server hand runs share, started in `prefect_home` as a first hand run would
    start it; stopped (the pid its address file names) when the test ends, passed or not."""
    env = cli_env(PREFECT_HOME=str(prefect_home))
    env.pop("PREFECT_API_URL", None)
    start = "from flows import shared_server; shared_server.use(600).wait()"
    assert subprocess.run([sys.executable, "-c", start], env=env, timeout=180).returncode == 0
    yield prefect_home
    pid = json.loads((prefect_home / "asfetl-server.json").read_text(encoding="utf-8"))["pid"]
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)


@dataclass
class Run:
    """A hand run in a process group of its own, its output read as it comes."""

    process: subprocess.Popen
    started: float = field(default_factory=time.monotonic)
    lines: list[tuple[float, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append((time.monotonic() - self.started, line.rstrip()))

    def seen(self, *texts: str) -> float | None:
        """When a line holding every one of `texts` came, if it did."""
        return next((t for t, line in list(self.lines) if all(x in line for x in texts)), None)

    def output(self) -> str:
        return "\n".join(line for _, line in self.lines)

    def finish(self, timeout: float = 240) -> int:
        code = self.process.wait(timeout=timeout)
        self.reader.join(timeout=10)
        return code

    def step(self) -> str:
        """Where the run is, from its log: the step after the last finished."""
        done = [s for s in STEPS if any(f"Task run '{s}-" in line for _, line in self.lines)]
        if done == list(STEPS):
            return "after publish (flow's end, the process's exit)"
        if done:
            return f"{STEPS[len(done)]} (after {done[-1]})"
        if self.seen("Beginning flow run") is not None:
            return "extract (flow begun)"
        return "starting (imports, finding the server)"


class Inbox:
    """The files planted in the inbox, and where each may be found afterwards."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.planted: dict[str, tuple[bytes, str, int]] = {}  # name → bytes, expected, rows

    def plant(self, number: int) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

        def rows(count: int) -> list[dict]:  # enterprises of their own in each file
            return sample_rows(sample_enterprises(count, seed=number), [2024], seed=number)

        path = write_csv(self.folder / f"rapport_{number:02}.csv", rows(2))
        self._keep(path, "accepted", 2)
        if number % 2:  # a broken organisation number: rejected and kept as it is
            broken = rows(1)
            broken[0]["organisationsnummer"] = "123456-7890"
            self._keep(write_csv(self.folder / f"fel_{number:02}.csv", broken), "rejected", 1)
        if number % 3 == 0:  # a personnummer: rejected, kept only as a redacted copy
            broken = rows(1)
            broken[0]["foretagsnamn"] = f"Kontakt {personnummer('811218', f'{number:03}')}"
            self._keep(write_csv(self.folder / f"pnr_{number:02}.csv", broken), "rejected", 1)

    def _keep(self, path: Path, expected: str, rows: int) -> None:
        self.planted[path.name] = (path.read_bytes(), expected, rows)

    def unaccounted(self, warehouse_dir: Path, everything_filed: bool = False) -> list[str]:
        """Planted files neither in the inbox nor filed with their receipt."""
        problems = []
        for name, (data, expected, _) in self.planted.items():
            waiting = self.folder / name
            if waiting.exists() and not everything_filed:
                assert waiting.read_bytes() == data
                continue
            prefix = hashlib.sha256(data).hexdigest()[:8]
            receipts = list(warehouse_dir.glob(f"{expected}/*/{prefix}*_{name}.feedback.txt"))
            stored = warehouse_dir.glob(f"{expected}/*/{prefix}*_{name}")
            if waiting.exists() or not receipts:
                problems.append(f"{name}: {'still in the inbox' if waiting.exists() else 'lost'}")
            elif name.startswith(("rapport", "fel")) and not any(
                p.read_bytes() == data for p in stored
            ):  # fmt: skip
                problems.append(f"{name}: receipt without the file")
        return problems


def published(warehouse: Path) -> tuple[str, str, dict]:
    """The published file's digest, the run that built it and its mart checksums; it opens
    read-only."""
    digest = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (run_id,) = con.execute("select run_id from mart.build_info").fetchone()
    return digest, run_id, table_checksums(str(warehouse))


def loaded_twice(warehouse: Path, inbox: Inbox) -> list[str]:
    """Accepted planted files whose rows the working file holds other than once."""
    with duckdb.connect(working(warehouse), read_only=True) as con:
        rows = dict(con.execute("select file_sha256, count(*) from raw.enterprise_reports "
                                "group by 1").fetchall())  # fmt: skip
        accepted = dict(con.execute("select sha256, count(*) from ops.report_files "
                                    "where decision = 'accepted' group by 1").fetchall())  # fmt: skip
    wrong = []
    for name, (data, expected, count) in inbox.planted.items():
        sha = hashlib.sha256(data).hexdigest()
        if expected == "accepted" and (rows.get(sha, 0), accepted.get(sha, 0)) not in (
            (0, 0), (count, 1)):  # fmt: skip
            wrong.append(f"{name}: {rows.get(sha, 0)} rows, accepted {accepted.get(sha, 0)}×")
    return wrong


def group_left(group: int, wait: float = 5.0) -> list[str]:
    """Processes of the killed run's group still alive after `wait` seconds (then killed)."""
    deadline = time.monotonic() + wait
    while True:
        left = []
        for proc in Path("/proc").iterdir():
            try:
                pid = int(proc.name) if proc.name.isdigit() else 0
                if pid and os.getpgid(pid) == group and alive(pid):
                    left.append(proc.name)
            except (ProcessLookupError, PermissionError):
                continue
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    names = []
    for pid in left:
        names.append((Path("/proc") / pid / "cmdline").read_bytes()[:120].decode(errors="replace"))
        os.kill(int(pid), signal.SIGKILL)  # never left to the next test
    return names


def kill_points(rng: random.Random, measured: Run, ends: float) -> list[tuple[str, float]]:
    """(mark, seconds after it): each at a random point of its own slice of its phase of the
    measured run, counted from the start or from the last mark of the log before it."""
    marks = {name: measured.seen(*texts) for name, texts in MARKS}
    assert None not in marks.values(), measured.output()
    spans = {"start": (0.3, marks["flow begun"]), "flow": (marks["flow begun"],
             marks["publish done"]), "end": (marks["publish done"], ends)}  # fmt: skip
    points = []
    for phase, kills in PHASES:
        low, high = spans[phase]
        for i in range(kills):
            at = low + (i + rng.random()) * (high - low) / kills
            mark = max((m for m in marks if marks[m] <= at), key=marks.get, default="start")
            points.append((mark, at - marks.get(mark, 0.0)))
    return points


def test_ten_kill_nines_leave_the_publication_whole_and_the_inbox_accounted(
    tmp_path, shared_server
):
    with ScbImitation() as scb, KoladaImitation() as kolada:
        warehouse = tmp_path / "warehouse" / "asf.duckdb"
        inbox = Inbox(warehouse.parent / "inbox")
        values = {"warehouse": warehouse, "inbox": inbox.folder, "scb_base_url": scb.url,
                  "kolada_base_url": kolada.url, "inbox_settle_seconds": 0}  # fmt: skip
        env = cli_env(PREFECT_HOME=str(shared_server), ASFETL_LOCK_TIMEOUT="5",
                      ASFETL_LOCAL_SERVER_IDLE="600",  # the default: runs share one server
                      **{f"ASFETL_{k.upper()}": str(v) for k, v in values.items()})  # fmt: skip
        env.pop("PREFECT_API_URL", None)  # by hand

        def start() -> Run:
            return Run(subprocess.Popen(
                [*ASFETL, "run", "-v"], env=env, cwd=tmp_path, start_new_session=True,  # -v: marks
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))  # fmt: skip

        def reference(files: Path, previous: Path) -> dict:
            """What a run from `previous` with the inbox `files` publishes (no Prefect)."""
            scratch = tmp_path / f"reference{len(list(tmp_path.glob('reference*')))}"
            shutil.copytree(files, scratch / "inbox")  # their times too: when they arrived
            shutil.copy2(previous, scratch / "asf.duckdb")
            shutil.copy2(previous.with_name("previous.work.duckdb"), scratch / "asf.work.duckdb")
            settings = load_settings(**values | {"warehouse": scratch / "asf.duckdb",
                                                 "inbox": scratch / "inbox"})  # fmt: skip
            pipeline.run_pipeline(settings, sample=False)
            return table_checksums(str(scratch / "asf.duckdb"))

        # Prefect's database is migrated and its server running (`shared_server`), as after a
        # first hand run:
        # the measured run is one like every later run.
        inbox.plant(0)
        pipeline.run_pipeline(load_settings(**values), sample=False)  # the first publication
        inbox.plant(1)
        measured = start()
        assert measured.finish() == 0, measured.output()
        ends = time.monotonic() - measured.started

        new_runs = []
        points = kill_points(random.Random(SEED), measured, ends)
        for number, (mark, delay) in enumerate(points, 2):
            inbox.plant(number)
            previous = published(warehouse)
            (tmp_path / "previous.duckdb").write_bytes(warehouse.read_bytes())
            # the state a run builds on: the working file beside the published one
            (tmp_path / "previous.work.duckdb").write_bytes(Path(working(warehouse)).read_bytes())
            shutil.copytree(inbox.folder, tmp_path / "waiting")
            run = start()
            if mark == "start":
                time.sleep(max(0.0, delay - (time.monotonic() - run.started)))
            else:
                while run.seen(*dict(MARKS)[mark]) is None and run.process.poll() is None:
                    time.sleep(0.01)
                time.sleep(delay)
            at, whole_group = time.monotonic() - run.started, number % 2 == 0
            ended_before = run.process.poll() is not None
            step = run.step()  # before the kill, while its server is still its child
            try:
                if whole_group:
                    os.killpg(run.process.pid, signal.SIGKILL)
                else:
                    os.kill(run.process.pid, signal.SIGKILL)
            except ProcessLookupError:  # it had ended (and been reaped) just before
                ended_before = True
            run.finish(timeout=30)
            step = "ended before the kill" if ended_before else step

            left = group_left(run.process.pid)
            with WriterLock(warehouse, timeout=2, run_id="after-the-kill"):
                pass  # no stale lock: the next writer gets it at once
            after = published(warehouse)
            if after[0] == previous[0]:
                state = "previous"
            else:
                state = "new"
                assert after[1] != previous[1]
                assert after[2] == reference(tmp_path / "waiting", tmp_path / "previous.duckdb")
                new_runs.append(after[1])
            shutil.rmtree(tmp_path / "waiting")
            line = (f"kill {number - 1:2}: {at:5.1f} s ({mark} + {delay:.2f} s), "
                    f"{'group' if whole_group else 'run'}, {step} → {state}")  # fmt: skip
            print(line)
            assert not left, f"{line}: left behind {left}"
            assert not inbox.unaccounted(warehouse.parent), line
            assert not loaded_twice(warehouse, inbox), line

        final = start()
        assert final.finish() == 0, final.output()  # within ASFETL_LOCK_TIMEOUT=5
        assert not group_left(final.process.pid, wait=2)
    assert inbox.unaccounted(warehouse.parent, everything_filed=True) == []
    assert loaded_twice(warehouse, inbox) == []
    with duckdb.connect(working(warehouse), read_only=True) as con:
        recorded = dict(con.execute("select run_id, status from ops.runs").fetchall())
        rows = con.execute("select count(*) from raw.enterprise_reports").fetchone()[0]
    assert all(recorded[run_id] == "success" for run_id in new_runs)  # published = recorded
    assert rows == 2 * len([n for n in inbox.planted if n.startswith("rapport")])
    beside = sorted(p.name for p in warehouse.parent.iterdir())  # no build, no half export
    assert beside == ["accepted", "asf.duckdb", "asf.duckdb.lock", "asf.work.duckdb", "exports",
                      "inbox", "landing", "rejected", "runs"], beside  # fmt: skip
    assert list((warehouse.parent / "runs").iterdir()) == []  # every killed run recorded
