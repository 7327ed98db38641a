"""The registry of sources: one folder per publisher (asfetl/sources/<name>/), each declaring a
`SOURCE` with its datasets, GX suites, seeds and cadence; nothing else in asfetl names a source.

Adding a source is a folder, a line in SOURCES, a migration for its raw table and its staging SQL
(CONTRIBUTING.md: How to add a source).
"""

from pathlib import Path

from asfetl.sources import kolada, scb
from asfetl.sources.source import Dataset, Source, Watched

SOURCES: tuple[Source, ...] = (
    scb.SOURCE,
    kolada.SOURCE,
)

# The report inbox is watched too: a published run that took in the inbox refreshes it.
INBOX = Watched(source="reports", dataset="inbox", cadence_days=1)


def datasets() -> list[Dataset]:
    """Every dataset a run fetches, in the order of SOURCES."""
    return [dataset for source in SOURCES for dataset in source.datasets]


def watched() -> list[Watched]:
    """Everything freshness watches: each source's datasets, then the report inbox."""
    fetched = [Watched(d.source, d.name, s.cadence_days) for s in SOURCES for d in s.datasets]
    return [*fetched, INBOX]


def cadence_names() -> list[str]:
    """The names ASFETL_<NAME>_CADENCE_DAYS may use, in the order of watched()."""
    return list(dict.fromkeys(w.source for w in watched()))


def seed_files() -> list[Path]:
    """The reference CSVs the sources declare (sql/seeds holds the ones no source owns)."""
    return [path for source in SOURCES for path in source.seeds]


__all__ = ["INBOX", "SOURCES", "Dataset", "Source", "Watched"]
