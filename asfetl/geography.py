"""Sweden's country, 21 counties and 290 municipalities (SCB codes and names) and lookups between them."""

import csv
import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from asfetl.paths import PACKAGE_DIR

AREAS_CSV = PACKAGE_DIR / "data" / "areas.csv"
COUNTRY_CODE = "00"


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str  # 'country' | 'county' | 'municipality'
    county_code: str | None  # None for the country


@cache
def all_areas(path: Path = AREAS_CSV) -> dict[str, Area]:
    """Every area keyed by its SCB code, in code order."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        r["code"]: Area(r["code"], r["name"], r["level"], r["county_code"] or None) for r in rows
    }


def area(code: str) -> Area:
    try:
        return all_areas()[code]
    except KeyError:
        raise KeyError(f"{code!r} is not an SCB area code") from None


def counties() -> list[Area]:
    return [a for a in all_areas().values() if a.level == "county"]


def municipalities(county_code: str | None = None) -> list[Area]:
    """The municipalities of one county, or of the whole country when county_code is None or '00'."""
    return [
        a
        for a in all_areas().values()
        if a.level == "municipality" and county_code in (None, COUNTRY_CODE, a.county_code)
    ]


def is_county_code(code: str) -> bool:
    return code in all_areas() and all_areas()[code].level == "county"


def region_areas(region: str) -> list[Area]:
    """The areas a run covers: the county and its municipalities, or for '00' every area there is."""
    if region == COUNTRY_CODE:
        return list(all_areas().values())
    return [area(region), *municipalities(region)]


def benchmark_areas(region: str) -> list[Area]:
    """The areas a run reads beside its own, to compare with only: Sweden for a county's run
    (its open statistics, never its ASF figures), none for the whole country's."""
    return [] if region == COUNTRY_CODE else [area(COUNTRY_CODE)]


def statistics_areas(region: str) -> list[Area]:
    """The areas whose open statistics a run fetches: its own and its benchmarks."""
    return [*region_areas(region), *benchmark_areas(region)]


def _fold(text: str) -> str:
    """Case- and diacritic-insensitive form, so 'hallefors' finds 'Hällefors'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_area(code_or_name: str) -> Area | None:
    """An area by its code ('1863', or '114' for 0114) or its name ('Hällefors', 'orebro lan')."""
    text = code_or_name.strip()
    if text.isdigit():
        width = 2 if len(text) <= 2 else 4
        return all_areas().get(text.zfill(width))
    wanted = _fold(text)
    by_name = [a for a in all_areas().values() if _fold(a.name) == wanted]
    # 'Örebro' is both a municipality and (as 'Örebro län') a county: the exact name wins.
    return by_name[0] if by_name else None


def municipality_named(name: str) -> Area | None:
    """A municipality by its name, ignoring case and diacritics ('kumla', 'Orebro')."""
    wanted = _fold(name)
    return next((a for a in municipalities() if _fold(a.name) == wanted), None)


def closest_municipality(text: str) -> Area | None:
    """The municipality whose name a mistyped one most resembles ('Kumlaa' → Kumla), if any
    is close enough to be a likely typing error."""
    by_name = {_fold(a.name): a for a in municipalities()}
    close = difflib.get_close_matches(_fold(text), by_name, n=1, cutoff=0.8)
    return by_name[close[0]] if close else None
