"""Where the plan is (ASFETL_PLAN_DIR or the shipped example in sql/seeds) and reading its CSVs."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from asfetl.paths import sql_dir
from asfetl.plan.columns import FILE_NAMES, PLAN_FILES, PlanFile

__all__ = ["FILE_NAMES", "plan_folder", "plan_paths", "read_plan", "read_table", "seed_frames"]


def plan_folder(plan_dir: Path | None) -> Path:
    """The folder the plan is read from: ASFETL_PLAN_DIR, or the shipped EXAMPLE plan."""
    return Path(plan_dir) if plan_dir is not None else sql_dir() / "seeds"


def plan_paths(plan_dir: Path | None) -> list[Path]:
    """The plan's files that exist (what the transform's fingerprint reads)."""
    folder = plan_folder(plan_dir)
    return [folder / name for name in FILE_NAMES if (folder / name).is_file()]


@dataclass
class Table:
    """One plan file as written: its header and its rows, each with the line it starts on."""

    path: Path
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line, cells)
    problem: str | None = None  # unreadable: 'missing' | 'not_utf8' | 'no_header'
    overlong: list[tuple[int, int]] = field(default_factory=list)  # (line, cells) past the header


def read_table(path: Path) -> Table:
    """A plan CSV in UTF-8 (a BOM is fine), comma- or semicolon-separated (as Excel saves it)."""
    table = Table(path)
    if not path.is_file():
        table.problem = "missing"
        return table
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        table.problem = "not_utf8"
        return table
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    line = width = 0
    for record in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # a blank line
        if not table.header:
            width = len(record)  # with any empty names at its end (a spreadsheet's stray column)
            names = [cell.strip() for cell in record]
            while names and not names[-1]:
                names.pop()
            table.header = names
            continue
        cells = {
            name: (record[i] if i < len(record) else "") for i, name in enumerate(table.header)
        }
        table.rows.append((start, cells))
        if len(record) > width:
            table.overlong.append((start, len(record)))  # e.g. an unquoted comma in a name
    if not table.header:
        table.problem = "no_header"
    return table


def read_plan(plan_dir: Path | None) -> dict[str, Table]:
    """Every plan file of the folder, by file name."""
    folder = plan_folder(plan_dir)
    return {name: read_table(folder / name) for name in FILE_NAMES}


def seed_frame(plan_file: PlanFile, table: Table) -> pd.DataFrame:
    """One plan file as the seed table staging.seed_<stem>: every column text; an optional
    column the file leaves out is blank (so is_example defaults to false)."""
    names = [c.name for c in plan_file.columns]
    names += [n for n in table.header if n not in names]
    rows = [{n: cells.get(n, "") for n in names} for _, cells in table.rows]
    return pd.DataFrame(rows, columns=names, dtype="string")


def seed_frames(plan_dir: Path | None) -> dict[str, pd.DataFrame]:
    """The plan's three seed tables, by seed stem (plan_subgoals, plan_activities, plan_targets)."""
    tables = read_plan(plan_dir)
    return {f.stem: seed_frame(f, tables[f.name]) for f in PLAN_FILES}
