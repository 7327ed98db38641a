"""The benchmark runner: `make bench`, or `python -m benchmarks.run [--quick] [--only NAME]`.

Runs each scenario, prints one table (Markdown) and writes benchmarks/results/latest.json.
Every figure is a median of --repeats runs (3; 1 with --quick, which also uses smaller sizes)
and is compared with a baseline measured in the same run: these machines are noisy, so the
targets are ratios, not absolute times.
"""

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import country, dashboard, hostile, intake, orchestration, regions
from benchmarks.measure import PROJECT, BenchError
from benchmarks.results import Config, Row, machine, rows_json, table_lines, write_json

SCENARIOS: dict[str, Callable[[Config], tuple[list[Row], dict[str, Any]]]] = {
    "orchestration": orchestration.run,  # 1 sample run and 2 no-op rerun, against the floor
    "intake": intake.run,  # 3 report intake at scale
    "country": country.run,  # 4 whole country against the imitations
    "dashboard": dashboard.run,  # 5 dashboard queries
    "hostile": hostile.run,  # 6 hostile report files: time and peak memory of each bomb
    "regions": regions.run,  # 7 many regions through one server: 1 and 2 workers, PostgreSQL, SQLite
}
RESULTS = Path(__file__).parent / "results" / "latest.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run each, smaller sizes")
    parser.add_argument("--only", action="append", choices=sorted(SCENARIOS), metavar="NAME",
                        help=f"run only this scenario (repeatable): {', '.join(SCENARIOS)}")  # fmt: skip
    parser.add_argument("--repeats", type=int, help="runs per measurement (default 3, quick 1)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 3)
    workdir = Path(tempfile.mkdtemp(prefix="asfetl-bench-"))
    config = Config(repeats=repeats, quick=args.quick, workdir=workdir)
    described = machine(PROJECT)
    print(f"asfetl benchmarks: {repeats} run(s) each{', quick' if args.quick else ''}; "
          f"{described['cpu_count']} CPUs, {described['ram_gib']} GiB, Python "
          f"{described['python']}, duckdb {described['duckdb']}, prefect {described['prefect']}; "
          f"load average {described['load_average_at_start']}", flush=True)  # fmt: skip
    rows: list[Row] = []
    details: dict[str, Any] = {}
    failed = False
    try:
        for name in args.only or list(SCENARIOS):
            started = time.perf_counter()
            print(f"\n== {name} …", flush=True)
            try:
                scenario_rows, details[name] = SCENARIOS[name](config)
            except Exception as exc:  # any failure: the scenario was not measured, bench fails
                failed = True
                message = str(exc).strip().splitlines()
                print(f"{name} could not be measured: {str(exc).strip()}", file=sys.stderr)
                if not isinstance(exc, BenchError):
                    traceback.print_exc()
                scenario_rows = [Row(name, "could not be measured", None, "", met=False,
                                     note=message[-1] if message else type(exc).__name__)]  # fmt: skip
                details[name] = {"error": str(exc)}
            rows += scenario_rows
            print("\n".join(table_lines(scenario_rows)), flush=True)
            print(f"({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        if args.keep:
            print(f"scratch files kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    document = {
        "machine": described,
        "config": {"repeats": repeats, "quick": args.quick, "only": args.only},
        "rows": rows_json(rows),
        "details": details,
    }
    write_json(args.output, document)
    print("\n" + "\n".join(table_lines(rows)))
    missed = [r for r in rows if r.met is False]
    print(f"\n{len(missed)} target(s) missed; results written to {args.output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
