"""Result rows, the printed table, the machine description and the JSON file."""

import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any


@dataclass
class Row:
    """One measured figure, its baseline, ratio and target."""

    scenario: str
    measure: str
    value: float | None
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""
    met: bool | None = None  # None: no target, only reported
    peak_mib: float | None = None
    note: str = ""


@dataclass
class Config:
    repeats: int
    quick: bool
    workdir: Path


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if unit == "calls" or (isinstance(value, int) and not isinstance(value, bool)):
        return f"{int(value)}"
    if abs(value) >= 100:
        return f"{value:,.0f}{' ' + unit if unit else ''}"
    if abs(value) >= 10:
        return f"{value:.1f}{' ' + unit if unit else ''}"
    return f"{value:.3g}{' ' + unit if unit else ''}"


HEADER = ("scenario", "measure", "value", "baseline", "ratio", "target", "met", "peak MiB", "note")


def table_lines(rows: list[Row]) -> list[str]:
    """A Markdown table (readable as plain text too)."""
    cells = [HEADER]
    for r in rows:
        met = "–" if r.met is None else ("yes" if r.met else "**NO**")
        cells.append(
            (
                r.scenario,
                r.measure,
                _fmt(r.value, r.unit),
                _fmt(r.baseline, r.unit),
                "–" if r.ratio is None else f"{r.ratio:.2f}",
                r.target or "–",
                met,
                "–" if r.peak_mib is None else f"{r.peak_mib:,.0f}",
                r.note.replace("|", "/"),
            )
        )
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADER))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return lines


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _git_commit(project: Path) -> str | None:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=project,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def machine(project: Path) -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "ram_gib": _ram_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": _version("duckdb"),
        "prefect": _version("prefect"),
        "great_expectations": _version("great-expectations"),
        "pandas": _version("pandas"),
        "load_average_at_start": [round(x, 2) for x in load] if load else None,
        "git_commit": _git_commit(project),
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")


def rows_json(rows: list[Row]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]
