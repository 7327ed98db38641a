"""The charts' text alternatives: a generated sentence per chart saying what it shows."""

from collections import Counter
from collections.abc import Iterable, Mapping

from asfetl.dashboard import texts
from asfetl.dashboard.model import Point


def _value(point: Point, unit: str, lang: str, first: int, last: int) -> str:
    """A value with its unit, and its year when it is not at the end of the period."""
    text = texts.amount(point.value, point.status, unit, lang, disclosure=point.disclosure)
    return text if point.year in (first, last) else f"{text} ({point.year})"


def trend(name: str, region: str, points: list[Point], unit: str, lang: str, years: range) -> str:
    """'Folkmängd i Örebro län 2015–2025: från 292 868 till 304 805.' and the years without."""
    first, last = years.start, years.stop - 1
    shown = [p for p in points if p.published]
    if not shown:
        return texts.t(lang, "alt_trend_none", name=name, region=region, first=first, last=last)
    sentence = texts.t(
        lang,
        "alt_trend",
        name=name,
        region=region,
        first=first,
        last=last,
        start=_value(shown[0], unit, lang, first, last),
        end=_value(shown[-1], unit, lang, first, last),
    )
    gaps = len(years) - len(shown)
    return sentence + (texts.t(lang, "alt_gaps", count=gaps) if gaps else "")


def trend_area(area: str, points: list[Point], unit: str, lang: str, years: range) -> str:
    """The chosen municipality's line, added to the sentence: ' Kumla: från 28 till 30.'"""
    first, last = years.start, years.stop - 1
    shown = [p for p in points if p.published]
    if not shown:
        return texts.t(lang, "alt_area_none", area=area)
    start = _value(shown[0], unit, lang, first, last)
    end = _value(shown[-1], unit, lang, first, last)
    return texts.t(lang, "alt_area", area=area, start=start, end=end)


def compare(
    name: str, year: int, rows: list[Point], region: list[Point], label: str, unit: str, lang: str
) -> str:
    """The highest and the lowest municipality, the region's value and how many are hidden."""
    shown = [p for p in rows if p.published]
    if not shown:
        return texts.t(lang, "alt_compare_none", name=name, year=year)
    sentence = texts.t(
        lang,
        "alt_compare" if len(shown) > 1 else "alt_compare_one",  # highest and lowest: one
        name=name,
        year=year,
        top=shown[0].area_name,
        top_value=texts.amount(
            shown[0].value, shown[0].status, unit, lang, disclosure=shown[0].disclosure
        ),
        bottom=shown[-1].area_name,
        bottom_value=texts.amount(
            shown[-1].value, shown[-1].status, unit, lang, disclosure=shown[-1].disclosure
        ),
    )
    for r in region[:1]:
        value = texts.amount(r.value, r.status, unit, lang, disclosure=r.disclosure)
        sentence += texts.t(lang, "alt_compare_region", region=label, value=value)
    hidden = len(rows) - len(shown)
    return sentence + (texts.t(lang, "alt_compare_hidden", count=hidden) if hidden else "")


def compare_areas(rows: list[Point], unit: str, lang: str) -> dict[str, str]:
    """Each municipality's value and place, added to the sentence when it is chosen."""
    shown = [p for p in rows if p.published]
    said = {}
    for p in rows:
        value = texts.amount(p.value, p.status, unit, lang, disclosure=p.disclosure)
        if p.published:
            rank = shown.index(p) + 1
            said[p.area_code] = texts.t(
                lang, "alt_compare_rank", area=p.area_name, value=value, rank=rank, count=len(shown)
            )
        else:
            said[p.area_code] = texts.t(lang, "alt_compare_area", area=p.area_name, value=value)
    return said


def counted(
    key: str, statuses: Iterable[str], names: Mapping[str, str], order: Iterable[str], lang: str
) -> str:
    """'Planens 9 mål efter status: efter 7, i fas 2.' (statuses in the chart's order)."""
    tally = Counter(statuses)
    parts = ", ".join(f"{names[s]} {tally[s]}" for s in order if tally[s])
    return texts.t(lang, key, count=sum(tally.values()), parts=parts)
