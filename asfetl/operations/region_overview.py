"""Every region of a regions folder (`asfetl deploy --region`) in one table: its last run, what
it published, stale sources and open findings, read from each region's own warehouse."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from asfetl import geography
from asfetl.errors import AsfetlError, NoWarehouseError
from asfetl.operations import runs
from asfetl.operations import status as run_status
from asfetl.operations.contracts import NEEDS_A_PERSON
from asfetl.settings import Settings

WAREHOUSE_NAME = "asf.duckdb"  # a region's folder holds the files of flows/regions.py's layout


@dataclass(frozen=True)
class RegionLine:
    code: str
    name: str
    published_at: object  # when its warehouse was last published; None: never
    last_run: object  # the start of its newest run, published or not
    last_status: str  # success | partial | failed | … | never run | unreadable
    stale: str  # the stale sources, comma-separated
    findings: int  # open data-quality findings
    contract: int  # source contract findings of the latest check
    problem: str  # what to look at, in words; empty when nothing
    data: str = ""  # live | sample | mixed: what the published warehouse was built from

    @property
    def needs_a_look(self) -> bool:
        return bool(self.problem)


def region_folders(regions_dir: Path) -> list[tuple[str, Path]]:
    """The folders of `regions_dir` named by a county code, in code order."""
    if not regions_dir.is_dir():
        return []
    return sorted(
        (folder.name, folder)
        for folder in regions_dir.iterdir()
        if folder.is_dir() and geography.is_county_code(folder.name)
    )


def region_settings(settings: Settings, code: str, folder: Path) -> Settings:
    """`settings` made the region's: its county, warehouse, inbox and (if it has one) plan."""
    update: dict[str, object] = {
        "region": code,
        "warehouse": folder / WAREHOUSE_NAME,
        "inbox": folder / "inbox",
    }
    if (folder / "plan").is_dir():
        update["plan_dir"] = folder / "plan"
    return settings.model_copy(update=update)


def _line(settings: Settings, code: str) -> RegionLine:
    name = geography.area(code).name
    try:
        status = run_status.status(settings, last_runs=1)
    except NoWarehouseError:
        journal = sorted(runs.read_journal(settings.runs_dir), key=lambda r: r.started_at)
        last = journal[-1] if journal else None
        return RegionLine(
            code, name, None, last.started_at if last else None,
            last.status if last else "never run", "", 0, 0,
            f"never published{': ' + last.error_message if last and last.error_message else ''}",
        )  # fmt: skip
    except AsfetlError as exc:  # e.g. a damaged warehouse file: say so, go on with the others
        return RegionLine(code, name, None, None, "unreadable", "", 0, 0, str(exc))
    last = status.runs.iloc[0] if len(status.runs) else None
    last_status = str(last["status"]) if last is not None else "never run"
    stale = ", ".join(f.source for f in status.stale)
    # new data out and not yet loaded needs nobody: the next run loads it
    needing = int(status.contract["kind"].isin(NEEDS_A_PERSON).sum()) if len(status.contract) else 0
    problems = [
        f"last run {last_status}" if last_status in ("failed", "partial") else "",
        f"stale: {stale}" if stale else "",
        f"{needing} source contract findings" if needing else "",
    ]
    return RegionLine(
        code,
        name,
        status.info.built_at if status.info else None,
        last["started_at"] if last is not None else None,
        last_status,
        stale,
        len(status.findings),
        len(status.contract),
        "; ".join(p for p in problems if p),
        status.info.data_mode if status.info else "",
    )


def overview(settings: Settings, regions_dir: Path) -> list[RegionLine]:
    """One line per region folder; a region that cannot be read is a line saying why."""
    return [
        _line(region_settings(settings, code, folder), code)
        for code, folder in region_folders(regions_dir)
    ]


def as_frame(lines: list[RegionLine]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "region": line.code,
                "name": line.name,
                "published_at": line.published_at,
                "data": line.data,
                "last_run": line.last_run,
                "last_status": line.last_status,
                "open_findings": line.findings,
                "needs_a_look": line.problem,
            }
            for line in lines
        ]
    )
