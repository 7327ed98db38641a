"""What a source declares: its datasets (fetch, parse, raw table, key, GX suite), seeds, cadence
and contract (the publisher's metadata of what it depends on, watched on every run)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asfetl.payload import Payload
from asfetl.settings import Settings

if TYPE_CHECKING:  # pandas loads when a payload is parsed, not when settings list the sources
    import pandas as pd


def _no_parameters() -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Dataset:
    """One thing a source publishes: how it is fetched, parsed, checked and where it lands."""

    source: str  # the declaring Source's name
    name: str
    fetch: Callable[[Settings, bool], list[Payload]]  # (settings, sample) → raw payloads
    parse: Callable[[Payload, Settings], "pd.DataFrame"]  # one payload → one tidy frame
    raw_table: str  # created by a migration in sql/ddl
    key: tuple[str, ...]  # natural key of the raw table: a reload replaces rows with the same key
    suite_file: Path  # the GX suite (JSON) that checks each parsed frame
    # Suite parameters of this dataset's own, besides the run's area_codes, first_year and
    # last_year; a function, so that a configuration file is read when a run needs it.
    suite_parameters: Callable[[], dict[str, Any]] = _no_parameters
    # The frame as the suite sees it: the parsed frame plus any columns only the checks use
    # (never loaded); e.g. which rows a rule applies to.
    checked_frame: Callable[["pd.DataFrame"], "pd.DataFrame"] = lambda frame: frame

    @property
    def suite(self) -> str:
        """The suite's name, which findings, run records and messages call the dataset by."""
        return f"{self.source}_{self.name}"


def _never_ended(title: str | None) -> int | None:
    return None


@dataclass(frozen=True)
class Definition:
    """What the publisher says today about one thing a source depends on (a KPI, a table)."""

    object_id: str
    title: str
    description: str = ""
    updated: str | None = None  # when the publisher last changed it, if it says
    latest_period: int | None = (
        None  # the newest year published (for a publisher without a calendar)
    )
    next_publication: date | None = None  # the next planned publication, if it has a calendar
    next_period: int | None = None  # the period that publication delivers (not the last one's)

    def newest_out(self, today: date) -> int | None:
        """The newest period published by `today`. With a calendar the promised period is out once
        its publication day has come (the publisher then moves both forward), and the one before
        it until then: a calendar names the NEXT publication's period, not the last one's."""
        if self.next_period is None:
            return self.latest_period
        if self.next_publication is not None and today >= self.next_publication:
            return self.next_period
        return self.next_period - 1


@dataclass(frozen=True)
class Expected:
    """What the configuration depends on: an id, its configured title and whether it expects
    years after the publisher's latest (a table configured as open-ended does)."""

    object_id: str
    title: str = ""
    open_ended: bool = True


@dataclass(frozen=True)
class Contract:
    """How a source reads its publisher's metadata: fetched and landed like any payload as
    (source, dataset), parsed into definitions and compared with `expected` (operations.contracts)."""

    dataset: str
    fetch: Callable[[Settings, bool], list[Payload]]
    parse: Callable[[Payload], list[Definition]]
    expected: Callable[[], list[Expected]]
    # object id → newest year loaded, read from the source's raw table
    newest_loaded: Callable[[Any], dict[str, int]]
    noun: str = "KPI"  # what the publisher calls one object, in the findings' sentences
    publisher: str = ""
    # the year a title says the series ended in, for a publisher that marks it there
    ended_year: Callable[[str | None], int | None] = _never_ended


@dataclass(frozen=True)
class Source:
    """A publisher as the pipeline, validation, transform and freshness know it."""

    name: str  # also its payloads' folder under landing/ and ASFETL_<NAME>_CADENCE_DAYS
    cadence_days: float  # expected days between refreshes, unless ASFETL_<NAME>_CADENCE_DAYS
    datasets: tuple[Dataset, ...]
    seeds: tuple[Path, ...] = ()  # reference CSVs its SQL reads, loaded as staging.seed_<stem>
    contract: Contract | None = None  # the publisher's metadata watched on every run

    def __post_init__(self) -> None:
        strays = [d.name for d in self.datasets if d.source != self.name]
        if strays:
            raise ValueError(f"datasets {strays} of source {self.name!r} name another source")


@dataclass(frozen=True)
class Watched:
    """A (source, dataset) `asfetl status` watches for freshness, with its default cadence."""

    source: str
    dataset: str
    cadence_days: float
