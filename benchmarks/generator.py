"""Synthetic report inboxes at scale, from the sample report generator (asfetl.reports.sample).

Each file is one enterprise's report for one year, as most submissions are; the file kinds
rotate over Swedish-Excel CSV, UTF-8 CSV, XLSX and JSON, and every enterprise has a distinct,
Luhn-valid organisationsnummer (the sample generator guarantees both).
"""

import math
import shutil
from pathlib import Path

from asfetl.reports.sample import write_sample_reports

YEARS = (2023, 2024)  # two years per enterprise: the tenfold check has a previous year to use


def write_reports(folder: Path, count: int, *, region: str = "00", seed: int = 0) -> list[Path]:
    """Exactly `count` valid report files in `folder` (one row each); returns them in order."""
    enterprises = math.ceil(count / len(YEARS))
    paths = write_sample_reports(
        folder, enterprises=enterprises, years=YEARS, files=None, region=region, seed=seed
    )
    for extra in paths[count:]:
        extra.unlink()
    return paths[:count]


def copy_subset(paths: list[Path], folder: Path) -> list[Path]:
    """The first len(paths) files of a larger inbox, copied into `folder`.

    Copied, not hard-linked: intake refuses a file with more than one link (someone else may
    still change it through the other name), as it must for a real inbox.
    """
    folder.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in paths:
        target = folder / path.name
        if not target.exists():
            shutil.copyfile(path, target)
        copied.append(target)
    return copied
