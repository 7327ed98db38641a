"""The dashboard's words in Swedish and English, and numbers written the way each language does."""

import math
from typing import Any

from asfetl.dashboard import words_en, words_sv
from asfetl.indicators.disclosure import shown_kind  # noqa: F401  (readers' one rule)

LANGS = ("sv", "en")

TEXTS = {"sv": words_sv.WORDS, "en": words_en.WORDS}
PLAN_STATUS = {"sv": words_sv.PLAN_STATUS, "en": words_en.PLAN_STATUS}
ACTIVITY_STATUS = {"sv": words_sv.ACTIVITY_STATUS, "en": words_en.ACTIVITY_STATUS}
RUN_STATUS = {"sv": words_sv.RUN_STATUS, "en": words_en.RUN_STATUS}
RUN_MODES = {"sv": words_sv.RUN_MODES, "en": words_en.RUN_MODES}
SEVERITY = {"sv": words_sv.SEVERITY, "en": words_en.SEVERITY}
DATASETS = {"sv": words_sv.DATASETS, "en": words_en.DATASETS}
SOURCES = {"sv": words_sv.SOURCES, "en": words_en.SOURCES}
NBSP = "\u00a0"  # between thousands in Swedish: a number never breaks over two lines


def t(lang: str, key: str, **values: Any) -> str:
    text = TEXTS[lang][key]
    return text.format(**values) if values else text


def unit_text(unit: str, lang: str) -> str:
    """The catalogue writes units as 'svenska / English' ('%' needs no translation)."""
    parts = [part.strip() for part in unit.split(" / ")]
    if len(parts) == 2:
        return parts[0] if lang == "sv" else parts[1]
    return unit


def short_unit(unit: str, lang: str) -> str:
    """The unit after a number in a sentence: '12 företag', '4,5 %'; plain counts need none."""
    text = unit_text(unit, lang)
    if text in ("antal", "count"):
        return ""
    return text.removeprefix("antal ")


def source_text(source: str, lang: str) -> str:
    """Sources are stored as 'Källa: …' in Swedish; written here in the page's language."""
    for words, translation in SOURCES[lang].items():
        source = source.replace(words, translation)
    if lang == "en" and source.startswith("Källa:"):
        return "Source:" + source[len("Källa:") :]
    return source


def is_rate(unit: str) -> bool:
    """Rates and shares can be set beside the county's; counts add up to it instead."""
    return "%" in unit or unit.startswith("per ")


def symbol(status: str, disclosure: str) -> str:
    """The mark shown instead of a value that is not published (as `asfetl indicators` shows it):
    <5 for a hidden count of people (the catalogue's disclosure kind), .. for any other."""
    if status == "suppressed":
        return "<5" if disclosure == "people" else ".."
    return "–"


def number(value: Any, unit: str, lang: str) -> str:
    """A value in the language's notation: 1 234,5 in Swedish, 1,234.5 in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if "%" in unit:
        decimals = 1
    elif value.is_integer() or abs(value) >= 1000:
        decimals = 0
    else:
        decimals = 2
    return _written(value, decimals, lang)


def tick(value: float, decimals: int, lang: str) -> str:
    """An axis tick: whole numbers where the step is whole, never 226M or 295k."""
    return _written(value, decimals, lang)


def _written(value: float, decimals: int, lang: str) -> str:
    text = f"{value:,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", NBSP).replace(".", ",")
    return text.replace("-", "−")


def amount(value: Any, status: str, unit: str, lang: str, *, disclosure: str) -> str:
    """A value with its unit, as a sentence says it: '503 personer', '6,1 %', '<5'."""
    text = cell(value, status, unit, lang, disclosure=disclosure)
    if status in ("suppressed", "missing") or not text or text == "–":
        return text
    unit_words = short_unit(unit, lang)
    return f"{text} {unit_words}" if unit_words else text


def cell(value: Any, status: str, unit: str, lang: str, *, disclosure: str) -> str:
    """A value as a table shows it: a number, a protection mark, or – when missing."""
    if status in ("suppressed", "missing") or value is None:
        return symbol(status, disclosure)
    if isinstance(value, float) and math.isnan(value):
        return symbol(status, disclosure)
    text = number(value, unit, lang)
    return f"{text} prel." if status == "preliminary" else text
