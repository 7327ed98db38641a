"""The data-quality tables: the sources' freshness, the checks of the data, the latest runs."""

from html import escape
from typing import Any

import pandas as pd

from asfetl import localtime
from asfetl.dashboard import texts
from asfetl.dashboard.tables import both, table


def when(value: Any) -> str:
    if value is None or pd.isna(value):
        return "–"
    return localtime.local(pd.Timestamp(value).to_pydatetime())


def when_cell(value: Any) -> str:
    """`when` for a table cell: the date and the time each kept on one line."""
    return " ".join(f'<span class="nowrap">{part}</span>' for part in when(value).split(" ", 1))


def dataset_key(source: str, dataset: str) -> str:
    """The name the validation findings give a dataset of mart.source_freshness."""
    if source == "reports":  # the report kinds: enterprise_reports -> enterprise_report
        return dataset.removesuffix("s")
    return f"{source}_{dataset}"


def dataset_name(key: str, lang: str) -> str:
    """A dataset in plain words ('SCB: folkmängd'); one not named yet keeps its id."""
    return texts.DATASETS[lang].get(key, key.replace("_", " "))


def freshness_table(model: Any) -> str:
    errors = model.validation[model.validation.severity == "error"]
    failed = set(errors.dataset)

    def render(lang: str) -> str:
        body = []
        for r in model.freshness.itertuples():
            key = dataset_key(str(r.source), str(r.dataset))
            state = texts.t(lang, "error") if key in failed else "OK"
            body.append(
                [
                    escape(dataset_name(key, lang)),
                    when_cell(r.last_checked),
                    when_cell(r.last_changed),
                    escape(texts.t(lang, "yes" if r.is_sample else "no")),
                    escape(state),
                ]
            )
        keys = ["source", "last_checked", "last_changed", "sample_col", "validation_heading"]
        return table([escape(texts.t(lang, k)) for k in keys], body)

    return both(render)


def validation_table(model: Any) -> str:
    def render(lang: str) -> str:
        if len(model.validation) == 0:
            return f"<p>{escape(texts.t(lang, 'validation_ok'))}</p>"
        body = []
        for r in model.validation.itertuples():
            message = r.message_sv if lang == "sv" and isinstance(r.message_sv, str) else r.message
            body.append(
                [
                    escape(dataset_name(str(r.dataset), lang)),
                    escape(texts.SEVERITY[lang].get(r.severity, r.severity)),
                    escape(str(message)[:300]),
                    str(int(r.findings)),
                ]
            )
        keys = ["source", "severity", "message", "findings"]
        return table([escape(texts.t(lang, k)) for k in keys], body, numeric=[False] * 3 + [True])

    return both(render)


def runs_table(model: Any) -> str:
    def render(lang: str) -> str:
        body = [
            [
                when_cell(r.started_at),
                escape(texts.RUN_STATUS[lang].get(r.status, r.status)),
                escape(texts.RUN_MODES[lang].get(r.mode, r.mode)),
                escape(r.error_message if isinstance(r.error_message, str) else ""),
            ]
            for r in model.runs.itertuples()
        ]
        keys = ["started", "status", "mode", "error"]
        return table([escape(texts.t(lang, k)) for k in keys], body)

    return both(render)
