"""Where the project's SQL and GX suites live, from a checkout or from an installed wheel."""

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def project_dir() -> Path:
    """The folder holding sql/ and expectations/: the package's own copy in a wheel, else the checkout."""
    bundled = PACKAGE_DIR / "_project"
    if (bundled / "sql").is_dir():
        return bundled
    return PACKAGE_DIR.parent


def sql_dir() -> Path:
    return project_dir() / "sql"


def expectations_dir() -> Path:
    return project_dir() / "expectations"


def sample_data_dir() -> Path:
    return PACKAGE_DIR / "sample_data"
