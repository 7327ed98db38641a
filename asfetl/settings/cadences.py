"""Cadence settings: how often each declared source should be refreshed, per source."""

import math
import os
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from pydantic_settings import PydanticBaseSettingsSource

CADENCE_SUFFIX = "_cadence_days"  # <source>_cadence_days, ASFETL_<SOURCE>_CADENCE_DAYS
CADENCE_GROUP = "asfetl.cadences"  # pyproject.toml: [project.entry-points."asfetl.cadences"]


def positive_days(value: float) -> float:
    if not (math.isfinite(value) and value > 0):
        raise ValueError("must be a number of days greater than 0")
    return value


@cache
def cadence_sources() -> list[str]:
    """The sources a cadence may be set for, by name: each declares itself in the package's
    entry points (group asfetl.cadences), and its default cadence in asfetl.sources; the
    settings read the names only, so they import no publisher."""
    return sorted({point.name for point in entry_points(group=CADENCE_GROUP)})


class CadenceEnvironment(PydanticBaseSettingsSource):
    """ASFETL_<SOURCE>_CADENCE_DAYS for every declared source, as <source>_cadence_days."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # not used: __call__ reads the variables itself

    def __call__(self) -> dict[str, Any]:
        found = {}
        for name in cadence_sources():
            value = os.environ.get(f"ASFETL_{name.upper()}{CADENCE_SUFFIX.upper()}")
            if value is not None:
                found[f"{name}{CADENCE_SUFFIX}"] = value
        return found
