"""Scenario 6: hostile report files. `asfetl reports check` on each bomb of the test corpus,
its wall time and peak memory, against the same command on a small valid file in the same run.

Targets: every bomb rejected within the time budget (ASFETL_REPORT_MAX_SECONDS, 20 s) plus
the command's own start, and under 300 MiB at peak (the issue's bound for any one file).
"""

from pathlib import Path
from typing import Any

from benchmarks.measure import median
from benchmarks.results import Config, Row
from tests.reports.hostile import corpus
from tests.reports.hostile.measure import check_in_child
from tests.reports.report_files import valid_rows, write_csv

PEAK_TARGET_MIB = 300
BOMBS = {
    "cell bomb (0.5 MB file, 190 MB of XML)": corpus.cell_bomb,
    "noisy cell bomb (~19 MB file)": corpus.noisy_bomb,
    "1.2 million cells within the size limit": corpus.cells_within_size,
    "200,000 empty rows": corpus.rows_bomb,
    "1.2 million shared strings": corpus.strings_bomb,
    "60 sheets": corpus.many_sheets,
}


def run(config: Config) -> tuple[list[Row], dict[str, Any]]:
    work = config.workdir / "hostile"
    work.mkdir(parents=True, exist_ok=True)
    valid = write_csv(work / "valid.csv", valid_rows(1))
    base = [check_in_child(valid) for _ in range(config.repeats)]
    base_s = median([b.seconds for b in base])
    base_mib = median([b.peak_mib for b in base])
    rows = [
        Row("6 hostile", "reports check, a valid one-row CSV (baseline)", base_s, "s",
            peak_mib=base_mib, note="the command's own start: Python, pandas, GX")
    ]  # fmt: skip
    details: dict[str, Any] = {"baseline": {"seconds": base_s, "peak_mib": base_mib}}
    bombs = list(BOMBS.items())[:2] if config.quick else list(BOMBS.items())
    for name, make in bombs:
        path = make(work / f"{make.__name__}.xlsx")
        checks = [check_in_child(path) for _ in range(config.repeats)]
        seconds = median([c.seconds for c in checks])
        peak = max(c.peak_mib for c in checks)
        rejected = all(c.returncode == 1 for c in checks)
        met = rejected and peak < PEAK_TARGET_MIB and seconds < base_s + 20
        rows.append(
            Row("6 hostile", f"reports check, {name}", seconds, "s", baseline=base_s,
                ratio=seconds / base_s, target=f"rejected, < 20 s + start, < {PEAK_TARGET_MIB} MiB",
                met=met, peak_mib=peak,
                note=f"{Path(path).stat().st_size / 2**20:.1f} MB file; "
                     + ("rejected" if rejected else "NOT rejected"))
        )  # fmt: skip
        details[name] = {"seconds": seconds, "peak_mib": peak, "rejected": rejected}
    return rows, details
