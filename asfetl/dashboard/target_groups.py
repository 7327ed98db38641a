"""The target groups ("Målgrupperna"): each open-statistics figure, the chosen municipality beside
the county and Sweden in the same year, in words where there is no number, women and men where
the source splits by sex; cards that wrap to a phone's width, no chart (nothing to draw)."""

from html import escape
from typing import NamedTuple

from asfetl.dashboard import texts
from asfetl.dashboard.charts import crossed
from asfetl.dashboard.model import CONTEXT_GOAL, Goal, Indicator, Model, Point, source_line
from asfetl.dashboard.tables import both
from asfetl.geography import COUNTRY_CODE

# The rule: a target-group figure is an indicator of open statistics — every value of it built
# from a publisher's payloads (mart.value_lineage), not from the enterprises' reports nor the
# region's follow-up — other than the population, the denominator of the per-inhabitant figures
# rather than a group an ASF serves. Only open statistics have Sweden's value beside them.
NOT_A_GROUP = ("population",)
SECTION_ID = "target-groups"


class Line(NamedTuple):
    """What one area shows for one figure in the headline year."""

    area: str  # the area's name as shown (Sweden's in the page's language)
    year: int | None
    # ok | preliminary | suppressed | missing | not_for_county | not_for_municipalities |
    # no_sweden (the warehouse has no value of Sweden for this figure at all)
    state: str
    point: Point | None  # the row shown, None where the area has none that year
    split: tuple[float | None, float | None] | None  # (women, men), where the source splits
    newer: Point | None  # a newer preliminary year's row


def is_target_group(indicator: Indicator) -> bool:
    return indicator.from_publisher and indicator.indicator_id not in NOT_A_GROUP


def groups(model: Model) -> list[tuple[Goal, list[Indicator]]]:
    """The target-group figures by plan goal: the people (context) first, then the sub-goals
    they inform (what municipalities and the region buy), each in mart.indicators' order (by id)."""
    found = [(g, [i for i in g.indicators if is_target_group(i)]) for g in model.goals]
    found = [(g, indicators) for g, indicators in found if indicators]
    return sorted(found, key=lambda pair: pair[0].key != CONTEXT_GOAL)


def headline_year(model: Model, indicator: Indicator) -> int | None:
    """The latest year in which the county or any of its municipalities has a final (ok) value;
    else the latest with a published value; else the latest with a row. Sweden's years do not
    set it: the figure is the region's, Sweden stands beside it."""
    own = {model.region_code, *(code for code, _ in model.areas)}
    rows = [p for p in indicator.points if p.area_code in own]
    final = [p for p in rows if p.status == "ok" and p.published]
    chosen = final or [p for p in rows if p.published] or rows
    return max(p.year for p in chosen) if chosen else None


def area_line(model: Model, indicator: Indicator, code: str, name: str, year: int | None) -> Line:
    """The county's or a municipality's line; a level the source publishes nothing for is said
    to be so (never a value made up here: no sum, no average)."""
    points = indicator.by_area.get(code, [])
    line = _line(name, code, points, indicator, year)
    if line.state != "missing" or any(p.published for p in points):
        return line
    municipalities = {c for c, _ in model.areas}
    published = {p.area_code for p in indicator.points if p.published}
    if code == model.region_code and published & municipalities:
        return line._replace(state="not_for_county")
    region_only = model.region_code in published and not published & municipalities
    if code != model.region_code and region_only:
        return line._replace(state="not_for_municipalities")
    return line


def sweden_line(indicator: Indicator, year: int | None, lang: str) -> Line:
    name = texts.t(lang, "tg_sweden")
    if not indicator.sweden:
        return Line(name, year, "no_sweden", None, None, None)
    return _line(name, COUNTRY_CODE, indicator.sweden, indicator, year)


def _line(
    name: str, code: str, points: list[Point], indicator: Indicator, year: int | None
) -> Line:
    point = next((p for p in points if p.year == year), None)
    newer = [
        p for p in points
        if year is not None and p.year > year and p.published and p.status == "preliminary"
    ]  # fmt: skip
    if point is not None and point.status == "suppressed":
        state = "suppressed"
    elif point is not None and point.published:
        state = point.status  # ok | preliminary
    else:  # no row that year, a row 'missing', or one without a value
        state = "missing"
    split = None if year is None or state == "suppressed" else indicator.split.get((code, year))
    return Line(name, year, state, point, split, newer[-1] if newer else None)


def said(line: Line, indicator: Indicator, lang: str) -> str:
    """The line's value, or in words why there is none: '3,1 %', '3,1 % – preliminärt',
    'uppgift saknas för 2024', 'publiceras inte för länet av källan'."""
    unit, kind = indicator.unit, indicator.disclosure
    if line.state in ("ok", "preliminary") and line.point is not None:
        value = texts.amount(line.point.value, "ok", unit, lang, disclosure=kind)
        text = value if line.state == "ok" else texts.t(lang, "tg_preliminary", value=value)
    elif line.state == "suppressed":
        text = texts.t(lang, "tg_suppressed", year=line.year)
    elif line.state in ("not_for_county", "not_for_municipalities", "no_sweden"):
        text = texts.t(lang, f"tg_{line.state}")
    elif line.year is None:
        text = texts.t(lang, "tg_no_values")
    else:
        text = texts.t(lang, "tg_missing", year=line.year)
    if line.newer is not None:
        value = texts.amount(line.newer.value, "ok", unit, lang, disclosure=kind)
        text += "; " + texts.t(lang, "tg_newer", year=line.newer.year, value=value)
    return text


def split_said(line: Line, indicator: Indicator, lang: str) -> str:
    """'kvinnor 2,9 %, män 3,3 %' where the source splits the value by sex; '' elsewhere."""
    if not line.split or line.state not in ("ok", "preliminary"):
        return ""
    return by_sex(line.split, indicator, lang)


def by_sex(split: tuple[float | None, float | None], indicator: Indicator, lang: str) -> str:
    """(women, men) in words: 'kvinnor 2,9 %, män 3,3 %', 'saknas' for a sex without a value."""
    women, men = (
        texts.amount(v, "ok", indicator.unit, lang, disclosure=indicator.disclosure)
        if v is not None
        else texts.t(lang, "tg_split_missing")
        for v in split
    )
    return texts.t(lang, "tg_split", women=women, men=men)


def section(model: Model) -> str:
    """The section, both languages: each municipality's lines are there, hidden until it is
    chosen in the bar (data-area-panel: the page's script shows the chosen area's)."""
    found = groups(model)
    if not found:
        return ""
    whole_country = model.region_code == COUNTRY_CODE

    def render(lang: str) -> str:
        others = [model.region_name] + ([] if whole_country else [texts.t(lang, "tg_sweden")])
        beside = texts.t(lang, "tg_and").join(others)
        intro = f'<p class="intro">{escape(texts.t(lang, "tg_intro", others=beside))}</p>'
        choose = texts.t(lang, "tg_choose_country" if whole_country else "tg_choose", others=beside)
        region = escape(model.region_code)
        intro += f'<p class="intro" data-area-panel="{region}">{escape(choose)}</p>'
        parts = [intro]
        for goal, indicators in found:
            heading = texts.t(lang, "tg_people") if goal.key == CONTEXT_GOAL else goal.short[lang]
            cards = "".join(_card(model, i, lang) for i in indicators)
            parts.append(f'<h3>{escape(heading)}</h3><ul class="figures tg">{cards}</ul>')
        return "".join(parts)

    heading = both(lambda lang: escape(texts.t(lang, "tg_heading")), tag="span")
    return f'<section id="{SECTION_ID}"><h2>{heading}</h2>{both(render)}</section>'


def _card(model: Model, indicator: Indicator, lang: str) -> str:
    year = headline_year(model, indicator)
    rows = []
    for code, name in model.areas:  # the chosen one is shown, the rest wait hidden
        line = area_line(model, indicator, code, name, year)
        rows.append(_row(line, indicator, lang, f' data-area-panel="{escape(code)}" hidden'))
    rows.append(_row(area_line(model, indicator, model.region_code, model.region_name, year),
                     indicator, lang))  # fmt: skip
    if model.region_code != COUNTRY_CODE:
        rows.append(_row(sweden_line(indicator, year, lang), indicator, lang))
    shown = [p for p in [*indicator.points, *indicator.sweden] if p.year == year]
    source = source_line([p.source for p in shown] or [indicator.source], lang)
    when = texts.t(lang, "tg_year", year=year) if year is not None else ""
    foot = " · ".join(part for part in (when, source) if part)
    notes = "".join(
        f"<li>{escape(texts.t(lang, 'note_break', year=b.from_year, note=b.note[lang]))}</li>"
        for b in crossed(indicator.breaks, sorted({p.year for p in indicator.points}))
        if year is None or b.from_year <= year
    )
    slug = escape(indicator.indicator_id)
    return (
        f'<li class="figure" data-indicator="{slug}">'
        f'<h4 class="fig-name"><a href="#ind-{slug}">{escape(indicator.name[lang])}</a></h4>'
        f'<dl class="tg-areas">{"".join(rows)}</dl>'
        f'<p class="tg-foot">{escape(foot)}</p>'
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</li>"
    )


def _row(line: Line, indicator: Indicator, lang: str, attrs: str = "") -> str:
    split = split_said(line, indicator, lang)
    value = escape(said(line, indicator, lang))
    if line.state in ("ok", "preliminary"):
        value = f"<strong>{value}</strong>"
    extra = f'<span class="tg-split">{escape(split)}</span>' if split else ""
    return f"<div{attrs}><dt>{escape(line.area)}</dt><dd>{value}{extra}</dd></div>"
