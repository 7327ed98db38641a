"""An area at a glance: each indicator's latest final value, which way it went since the year
before, the county's and Sweden's value beside it, and a newer preliminary year marked "prel.";
small cards that wrap to any width (a phone's 390 px), never a table to swipe sideways."""

import math
from html import escape

from asfetl.dashboard import plan_status, texts
from asfetl.dashboard.charts import region_points
from asfetl.dashboard.model import Indicator, Model, Point
from asfetl.dashboard.tables import both
from asfetl.dashboard.target_groups import by_sex
from asfetl.geography import COUNTRY_CODE

FIRST = ("asf_count", "asf_per_10k_inhabitants", "asf_employees_target_group")  # the question
WORDS = {
    "sv": {
        "intro": "Senaste slutliga år per indikator, med {others} samma år. Nyare år som ännu "
        "inte är slutliga står som prel. (preliminärt).",
        "sweden": "Sverige",
        "and": " och ",
        "up": "upp från {value} år {year}",
        "down": "ned från {value} år {year}",
        "same": "samma som år {year}",
        "better": "åt rätt håll",
        "worse": "åt fel håll",
        "no_final": "inget slutligt år än",
        "protected": "skyddad uppgift, visas inte",
        "plan": "Handlingsplanen för {region}: mål {target} år {year}; {status}",
    },
    "en": {
        "intro": "The latest final year of each indicator, with {others} the same year. Newer "
        "years not yet final are marked prel. (preliminary).",
        "sweden": "Sweden",
        "and": " and ",
        "up": "up from {value} in {year}",
        "down": "down from {value} in {year}",
        "same": "the same as in {year}",
        "better": "the right way",
        "worse": "the wrong way",
        "no_final": "no final year yet",
        "protected": "protected value, not shown",
        "plan": "The action plan of {region}: target {target} by {year}; {status}",
    },
}


def area_summary(model: Model, code: str, name: str) -> str:
    """The cards of one area, in both languages (the page shows its own)."""
    indicators = [i for goal in model.goals for i in goal.indicators if i.by_area.get(code)]
    indicators.sort(key=lambda i: FIRST.index(i.indicator_id) if i.indicator_id in FIRST else 99)
    has_sweden = any(i.sweden for i in indicators)

    def render(lang: str) -> str:
        w = WORDS[lang]
        others = [model.region_name] if code != model.region_code else []
        others += [w["sweden"]] if has_sweden and code != COUNTRY_CODE else []
        intro = w["intro"].format(others=w["and"].join(others) or "–")
        cards = "".join(_card(model, i, code, name, lang) for i in indicators)
        return f'<p class="intro">{escape(intro)}</p><ul class="figures">{cards}</ul>'

    return both(render)


def _card(model: Model, indicator: Indicator, code: str, name: str, lang: str) -> str:
    w = WORDS[lang]
    rows = indicator.by_area[code]
    final = [p for p in rows if p.status == "ok" and p.published]
    # The latest final year, its value shown or withheld: a year whose value is protected
    # (suppressed) is as final as a published one, and the county and Sweden are read beside
    # it; "no final year yet" only where no year is either.
    decided = [p for p in rows if (p.status == "ok" and p.published) or p.status == "suppressed"]
    shown = decided[-1] if decided else rows[-1]
    value = texts.amount(
        shown.value, shown.status, indicator.unit, lang, disclosure=shown.disclosure
    )
    lines = [f'<p class="fig-value"><strong>{escape(value)}</strong> ({shown.year})</p>']
    split = indicator.split.get((code, shown.year)) if shown.status == "ok" else None
    if split:  # where the source splits the value by sex
        lines.append(f'<p class="fig-other">{escape(by_sex(split, indicator, lang))}</p>')
    change = _change(indicator, final, lang) if final and final[-1] is shown else ""
    if change:
        lines.append(f'<p class="fig-change">{escape(change)}</p>')
    elif shown.status == "suppressed":
        lines.append(f'<p class="fig-change">{escape(w["protected"])}</p>')
    elif not decided:
        lines.append(f'<p class="fig-change">{escape(w["no_final"])}</p>')
    beside = []
    if code != model.region_code:
        beside += [(model.region_name, region_points(model, indicator, shown.year))]
    if code != COUNTRY_CODE and indicator.sweden:  # Sweden's rows, kept apart by the model
        sweden = [p for p in indicator.sweden if p.year == shown.year]
        beside += [(w["sweden"], sweden)]
    for other, points in beside:
        if points:
            text = texts.cell(
                points[0].value, points[0].status, indicator.unit, lang,
                disclosure=points[0].disclosure,
            )  # fmt: skip
            lines.append(f'<p class="fig-other">{escape(other)}: {escape(text)}</p>')
    plan = _plan(model, indicator, code, lang)
    if plan:
        lines.append(f'<p class="fig-plan">{escape(plan)}</p>')
    newer = [p for p in rows if p.year > shown.year and p.published]
    if newer:
        latest = newer[-1]
        text = texts.cell(
            latest.value, latest.status, indicator.unit, lang, disclosure=latest.disclosure
        )
        lines.append(f'<p class="fig-prel">{latest.year}: {escape(text)}</p>')
    return (
        f'<li class="figure" data-indicator="{escape(indicator.indicator_id)}">'
        f'<h3 class="fig-name">{escape(indicator.name[lang])}</h3>{"".join(lines)}</li>'
    )


def _change(indicator: Indicator, final: list[Point], lang: str) -> str:
    """'upp från 4 år 2023 – åt rätt håll': the latest final value against the one before."""
    if len(final) < 2 or any(math.isnan(p.value) for p in final[-2:]):
        return ""
    before, now = final[-2], final[-1]
    w = WORDS[lang]
    shown = texts.cell(before.value, before.status, indicator.unit, lang,
                       disclosure=before.disclosure)  # fmt: skip
    if now.value == before.value:
        return w["same"].format(year=before.year)
    rose = now.value > before.value
    text = w["up" if rose else "down"].format(value=shown, year=before.year)
    if indicator.higher_is_better is None:
        return text
    return f"{text} – {w['better' if rose == indicator.higher_is_better else 'worse']}"


def _plan(model: Model, indicator: Indicator, code: str, lang: str) -> str:
    """The plan's target for the indicator and how it stands: the area's own, else the
    region's (a municipality is part of the county's plan)."""
    targets = model.plan_targets
    row = targets.get((indicator.indicator_id, code))
    if row is None:
        row = targets.get((indicator.indicator_id, model.region_code))
    if row is None:
        return ""
    target = texts.amount(row["target_value"], "ok", indicator.unit, lang,
                        disclosure=indicator.disclosure)  # fmt: skip
    status = plan_status.status_text(model, row, lang)  # naming the year it refers to
    return WORDS[lang]["plan"].format(
        region=row["area_name"], target=target, year=int(row["target_year"]), status=status
    )
