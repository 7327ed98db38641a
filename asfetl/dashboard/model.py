"""What the dashboard shows, shaped from the query results: the region, its areas, goals, indicators."""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import pandas as pd

from asfetl import geography
from asfetl.dashboard import benchmarks, texts

# mart.plan_activities' follow-up columns and what an activity without them shows.
ACTIVITY_FOLLOW_UP = {
    "status": "no_report",
    "status_year": None,
    "meetings_held": None,
    "meetings_planned": None,
}
ACTIVITY_STATUSES = ("completed", "started", "not_started", "cancelled", "no_report")
CONTEXT_GOAL = "context"
PLAN_GOAL = "plan"  # indicators of the plan's own work (activities started, completed)


class Point(NamedTuple):
    """One row of mart.indicator_values as plain Python values (no pandas per row: charts and
    tables walk these thousands of times, and pandas' per-call cost made rendering take seconds)."""

    area_code: str
    area_name: str
    year: int
    value: float  # NaN where the warehouse has no value
    status: str
    unit: str
    source: Any
    disclosure: str  # how a hidden value shows: people (<5) only for 1–4 people (texts.shown_kind)

    @property
    def published(self) -> bool:
        """Drawn as a value: ok or preliminary, and not missing."""
        return self.status in PUBLISHED and self.value == self.value  # NaN != NaN


PUBLISHED = ("ok", "preliminary")


class Break(NamedTuple):
    """A row of mart.indicator_breaks: from this year the series is defined differently."""

    from_year: int
    note: dict[str, str]  # lang -> what changed


@dataclass
class Indicator:
    indicator_id: str
    name: dict[str, str]
    description: dict[str, str]
    unit: str
    higher_is_better: bool | None
    disclosure: str  # people | money | rate | none (mart.indicators.disclosure)
    values: pd.DataFrame  # this indicator's rows of mart.indicator_values (the region's areas)
    breaks: list[Break] = field(default_factory=list)  # its rows of mart.indicator_breaks
    # Sweden's rows, the benchmark beside a county's (none when the region is the country)
    country: pd.DataFrame = field(default_factory=pd.DataFrame)
    # (area_code, year) -> (women, men), where the source splits by sex (Sweden's too)
    split: benchmarks.Split = field(default_factory=dict)
    source: str = ""  # the catalogue's attribution (mart.indicators.source)
    from_publisher: bool = False  # every value built from a publisher's payloads (open statistics)

    @cached_property
    def points(self) -> list[Point]:
        """The rows of `values` in their order, as plain tuples."""
        return _points(self.values, self.disclosure)

    @cached_property
    def sweden(self) -> list[Point]:
        """Sweden's points in year order: never among the region's areas, only beside them."""
        return sorted(_points(self.country, self.disclosure), key=_year)

    @cached_property
    def by_area(self) -> dict[str, list[Point]]:
        """Each area's points in year order."""
        areas: dict[str, list[Point]] = {}
        for point in self.points:
            areas.setdefault(point.area_code, []).append(point)
        return {code: sorted(points, key=_year) for code, points in areas.items()}


def _year(point: Point) -> int:
    return point.year


def _points(v: pd.DataFrame, disclosure: str) -> list[Point]:
    if not len(v):
        return []
    columns = (v.area_code, v.area_name, v.year, v.value, v.status, v.unit, v.source)
    reasons = v.suppression_reason.tolist() if "suppression_reason" in v else [None] * len(v)
    rows = zip(*(c.tolist() for c in columns), reasons, strict=True)
    return [Point(*row[:-1], texts.shown_kind(disclosure, row[-1])) for row in rows]


@dataclass
class Goal:
    key: str
    heading: dict[str, str]
    short: dict[str, str]  # the heading with the sub-goal's short name, for the contents
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class Model:
    info: dict[str, Any]
    region_code: str
    region_name: str
    areas: list[tuple[str, str]]  # the areas compared: (code, name), in code order
    goals: list[Goal]
    progress: pd.DataFrame
    activities: pd.DataFrame
    freshness: pd.DataFrame
    runs: pd.DataFrame
    validation: pd.DataFrame
    names: dict[str, dict[str, str]]  # indicator_id -> {lang: name}
    # the reporting years (mart.reporting_years): expected, received, due date, state
    reporting_years: pd.DataFrame = field(default_factory=pd.DataFrame)

    @cached_property
    def overdue_years(self) -> list[dict[str, Any]]:
        """The reporting years whose reports were due and are not all in, oldest first (read by
        every chart's note: worked out once per page)."""
        frame = self.reporting_years
        if not len(frame):
            return []
        return frame[frame.state == "overdue"].to_dict("records")

    @cached_property
    def plan_targets(self) -> dict[tuple[str, str], pd.Series]:
        """Each (indicator_id, area_code)'s first row of the plan's progress: the lookup every
        area's summary makes for every indicator, once instead of a filter each time."""
        progress = self.progress
        if progress is None or progress.empty:
            return {}
        first = progress.drop_duplicates(["indicator_id", "area_code"])
        return {(row["indicator_id"], row["area_code"]): row for _, row in first.iterrows()}

    @property
    def is_sample(self) -> bool:
        return self.info.get("data_mode") != "live"

    @property
    def has_examples(self) -> bool:
        flags = [*self.progress.get("is_example", []), *self.activities.get("is_example", [])]
        return any(bool(flag) for flag in flags)


def build_model(data: dict[str, pd.DataFrame]) -> Model:
    info = data["build_info"].iloc[0].to_dict() if len(data["build_info"]) else {}
    values = data["indicator_values"]
    region_code = str(info.get("region_code") or _guess_region(values))
    values, country = benchmarks.apart(values, region_code)
    region_rows = values[values.area_code == region_code]
    region_name = str(
        info.get("region_name") or (region_rows.area_name.iloc[0] if len(region_rows) else "")
    )
    # The whole country compares its counties; a county compares its municipalities.
    compared_level = "county" if region_code == geography.COUNTRY_CODE else "municipality"
    compared = values[values.area_level == compared_level][["area_code", "area_name"]]
    areas = sorted(set(compared.itertuples(index=False, name=None)))
    activities = activity_frame(data["plan_activities"])
    subgoals = _subgoal_names(activities)
    return Model(
        info=info,
        region_code=region_code,
        region_name=region_name,
        areas=areas,
        goals=_goals(
            data["indicators"],
            values,
            subgoals,
            _breaks(data.get("indicator_breaks")),
            benchmarks.Benchmarks(country, benchmarks.split(data.get("indicator_sex_split"))),
            _from_publisher(data.get("publisher_indicators")),
        ),
        progress=data["plan_progress"],
        activities=activities,
        freshness=data["source_freshness"],
        runs=data["runs"],
        validation=data["validation"],
        names={
            row.indicator_id: {"sv": row.name_sv, "en": row.name_en}
            for row in data["indicators"].itertuples()
        },
        reporting_years=data.get("reporting_years", pd.DataFrame()),
    )


def activity_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The activities with every follow-up column, whether or not the warehouse has it yet."""
    frame = frame.copy()
    for column, default in ACTIVITY_FOLLOW_UP.items():
        if column not in frame.columns:
            frame[column] = default
    frame["status"] = [
        status if status in ACTIVITY_STATUSES else "no_report" for status in frame["status"]
    ]
    return frame


def _guess_region(values: pd.DataFrame) -> str:
    """The county when the values have one (Sweden beside it is a benchmark), the country when
    they compare counties."""
    counties = sorted(set(values[values.area_level == "county"].area_code))
    if len(counties) == 1:
        return str(counties[0])
    country = values[values.area_level == "country"]
    return str(country.area_code.iloc[0]) if len(country) else (counties or [""])[0]


def _subgoal_names(activities: pd.DataFrame) -> dict[str, dict[str, str]]:
    names: dict[str, dict[str, str]] = {}
    for row in activities.itertuples():
        names[str(row.subgoal_id)] = {"sv": row.subgoal_name_sv, "en": row.subgoal_name_en}
    return names


def _goal_heading(
    key: str, subgoals: dict[str, dict[str, str]], short: bool = False
) -> dict[str, str]:
    """'Delmål 2: Långsiktiga förutsättningar: tydliggöra …'; short: only up to the colon."""
    if key == CONTEXT_GOAL:
        return {lang: texts.t(lang, "context_heading") for lang in texts.LANGS}
    if key == PLAN_GOAL:
        return {lang: texts.t(lang, "plan_goal_heading") for lang in texts.LANGS}
    if key in subgoals:
        return {
            lang: texts.t(
                lang,
                "goal_heading",
                goal=key,
                name=subgoals[key][lang].split(":")[0] if short else subgoals[key][lang],
            )
            for lang in texts.LANGS
        }
    return {lang: texts.t(lang, "other_goal_heading", goal=key) for lang in texts.LANGS}


def _goal_order(key: str) -> tuple[int, int, str]:
    if key == CONTEXT_GOAL:
        return (3, 0, key)
    if key == PLAN_GOAL:
        return (1, 0, key)
    return (0, int(key), key) if key.isdigit() else (2, 0, key)


def _breaks(frame: pd.DataFrame | None) -> dict[str, list[Break]]:
    """indicator_id -> its breaks in year order (none when the warehouse has no such table)."""
    found: dict[str, list[Break]] = {}
    for row in [] if frame is None else frame.itertuples():
        note = {"sv": row.note_sv, "en": row.note_en}
        found.setdefault(row.indicator_id, []).append(Break(int(row.from_year), note))
    return found


def _goals(
    catalogue: pd.DataFrame,
    values: pd.DataFrame,
    subgoals: dict[str, dict[str, str]],
    breaks: dict[str, list[Break]],
    beside: benchmarks.Benchmarks | None = None,
    from_publisher: frozenset[str] = frozenset(),
) -> list[Goal]:
    """Indicators grouped by mart.indicators.plan_goal: numbered sub-goals, others, context last."""
    by_id = {key: frame for key, frame in values.groupby("indicator_id", sort=False)}
    beside = beside or benchmarks.Benchmarks(values.iloc[0:0], {})
    in_country = {key: frame for key, frame in beside.country.groupby("indicator_id", sort=False)}
    goals: dict[str, Goal] = {}
    for row in catalogue.itertuples():
        key = str(row.plan_goal) if isinstance(row.plan_goal, str) and row.plan_goal else "-"
        goal = goals.get(key) or goals.setdefault(
            key, Goal(key, _goal_heading(key, subgoals), _goal_heading(key, subgoals, short=True))
        )
        higher = None if pd.isna(row.higher_is_better) else bool(row.higher_is_better)
        goal.indicators.append(
            Indicator(
                indicator_id=row.indicator_id,
                name={"sv": row.name_sv, "en": row.name_en},
                description={"sv": row.description_sv, "en": row.description_en},
                unit=row.unit,
                higher_is_better=higher,
                disclosure=row.disclosure,
                values=by_id.get(row.indicator_id, values.iloc[0:0]),
                breaks=breaks.get(row.indicator_id, []),
                country=in_country.get(row.indicator_id, values.iloc[0:0]),
                split=beside.split.get(row.indicator_id, {}),
                source=row.source if isinstance(row.source, str) else "",
                from_publisher=row.indicator_id in from_publisher,
            )
        )
    return [goals[key] for key in sorted(goals, key=_goal_order)]


def _from_publisher(frame: pd.DataFrame | None) -> frozenset[str]:
    return frozenset() if frame is None else frozenset(frame["indicator_id"])


def sources(frame: pd.DataFrame, lang: str) -> str:
    """The distinct sources of some rows, one 'Källa: …' line (population has two tables)."""
    return source_line(frame["source"].tolist(), lang)


def source_line(values: list[Any], lang: str) -> str:
    """`sources` of a column already taken out of its frame (missing values skipped)."""
    found = dict.fromkeys(
        str(s).removeprefix("Källa:").strip()
        for s in values
        if isinstance(s, str) or not pd.isna(s)
    )
    return texts.source_text("Källa: " + "; ".join(found), lang) if found else ""
