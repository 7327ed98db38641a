"""The plan targets' words: each status naming the year it refers to, and the plan's period."""

from typing import Any

import pandas as pd

from asfetl.dashboard import texts
from asfetl.dashboard.model import Model

PACE = ("on_track", "behind")  # the only statuses measured against the time elapsed


def _field(row: Any, name: str) -> Any:
    """A column a warehouse built before issue 24 does not have: None."""
    value = getattr(row, name, None)
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def period(model: Model) -> tuple[int, int] | None:
    """(start, end) of the plan's period once it is over, else None."""
    progress = model.progress
    if not len(progress) or "period_over" not in progress.columns:
        return None
    row = progress.iloc[0]
    if not bool(row.period_over) or pd.isna(row.plan_end_year):
        return None
    return int(row.plan_start_year), int(row.plan_end_year)


def status_text(model: Model, row: Any, lang: str) -> str:
    """A target's status naming the year it refers to: 'not achieved in 2025', 'behind (2024)',
    'target year 2025 not yet final (coverage 0 %) · 2024: 24'; a break between its baseline
    and that year is named too."""
    names = texts.PLAN_STATUS[lang]
    status = row.plan_status
    judged = _field(row, "judged_year") or _field(row, "latest_year")
    if status == "not_final":
        coverage = _field(row, "target_year_coverage_pct")
        key = "not_final_plain" if coverage is None else "not_final_coverage"
        text = texts.t(
            lang, key, year=int(row.target_year), coverage=texts.number(coverage, "%", lang)
        )
        if _field(row, "latest_year") is not None:
            value = texts.number(row.latest_value, _unit(model, row.indicator_id), lang)
            text += " · " + texts.t(lang, "last_final", year=int(row.latest_year), value=value)
    elif status in ("achieved", "not_achieved") and judged is not None:
        text = texts.t(lang, "status_judged", status=names[status], year=int(judged))
    elif status in PACE and judged is not None:
        text = texts.t(lang, "status_pace", status=names[status], year=int(judged))
    else:
        text = names.get(status, status)
    if (year := _field(row, "break_year")) is not None:
        text += " · " + texts.t(lang, "break_mark", year=int(year))
    return text


def _unit(model: Model, indicator_id: str) -> str:
    for goal in model.goals:
        for indicator in goal.indicators:
            if indicator.indicator_id == indicator_id:
                return indicator.unit
    return ""
