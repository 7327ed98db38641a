"""Cadence settings: how often each declared source should be refreshed, per source."""

import math
import os
from typing import Any

from pydantic_settings import PydanticBaseSettingsSource

CADENCE_SUFFIX = "_cadence_days"  # <source>_cadence_days, ASFETL_<SOURCE>_CADENCE_DAYS


def positive_days(value: float) -> float:
    if not (math.isfinite(value) and value > 0):
        raise ValueError("must be a number of days greater than 0")
    return value


def cadence_sources() -> list[str]:
    """The sources a cadence may be set for: asfetl.sources declares them and their defaults."""
    from asfetl.sources import cadence_names  # imported when settings are read: it imports us

    return cadence_names()


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
