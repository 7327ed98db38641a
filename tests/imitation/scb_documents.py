"""The SCB imitation's json-stat2 documents: table metadata and data responses."""

from __future__ import annotations

import itertools
from typing import Any

from .scb_cells import cell_value
from .scb_selection import Selected
from .scb_tables import Codelist, Table, Variable

CONTACT = [
    {
        "name": "Statistikservice",
        "organization": "SCB",
        "phone": "010-479 50 00",
        "mail": "information@scb.se",
        "raw": " Statistikservice, SCB# +46 010-479 50 00#information@scb.se",
    }
]


def _category(variable: Variable, codes: list[str]) -> dict[str, Any]:
    category: dict[str, Any] = {
        "index": {code: i for i, code in enumerate(codes)},
        "label": {code: variable.values[code] for code in codes},
    }
    if variable.contents:
        category["unit"] = {code: variable.contents[code]["unit"] for code in codes}
    return category


def _dimension(
    variable: Variable,
    codes: list[str],
    base_url: str,
    *,
    metadata: bool,
    codelist: Codelist | None,
) -> dict[str, Any]:
    extension: dict[str, Any] = {
        # The real service reports a variable selected through a value set as not eliminable.
        "elimination": variable.elimination and codelist is None
    }
    if not metadata and variable.elimination and variable.total and codelist is None:
        extension["eliminationValueCode"] = variable.total
    if variable.note_mandatory:
        extension["noteMandatory"] = {"0": True}
    if variable.contents:
        extension["refperiod"] = {c: variable.contents[c]["refperiod"] for c in codes}
    extension["show"] = variable.show
    if metadata:
        extension["codelists"] = [
            {
                "id": cl.id,
                "label": cl.label,
                "type": cl.type,
                "links": [
                    {
                        "rel": "metadata",
                        "hreflang": "sv",
                        "href": f"{base_url}/codeLists/{cl.id}?lang=sv",
                    }
                ],
            }
            for cl in variable.codelists
        ]
    if variable.contents:
        for key in ("measuringType", "priceType", "adjustment", "alternativeText"):
            extension[key] = {c: variable.contents[c][key] for c in codes}
    dimension: dict[str, Any] = {"label": variable.label}
    if variable.note:
        dimension["note"] = list(variable.note)
    dimension["category"] = _category(variable, codes)
    dimension["extension"] = extension
    return dimension


def _join_labels(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " och " + labels[-1]


def metadata_document(table: Table, base_url: str) -> dict[str, Any]:
    variables = list(table.variables)
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": table.label,
        "source": "SCB",
        "updated": table.updated,
        "note": list(table.notes),
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "id": [v.code for v in variables],
        "size": [len(v.values) for v in variables],
        "dimension": {
            v.code: _dimension(v, list(v.values), base_url, metadata=True, codelist=None)
            for v in variables
        },
        "extension": _extension(table, [v.code for v in variables], data=False),
        "value": [],
    }
    return document


def _extension(table: Table, dimension_ids: list[str], *, data: bool) -> dict[str, Any]:
    extension: dict[str, Any] = {}
    if table.note_mandatory:
        extension["noteMandatory"] = {"0": True}
    px = dict(table.px)
    px["heading"] = [d for d in px["heading"] if d in dimension_ids]
    px["stub"] = [d for d in px["stub"] if d in dimension_ids]
    extension["px"] = px
    if data:
        extension["discontinued"] = None
    extension["contact"] = CONTACT
    return extension


def data_document(table: Table, selected: list[Selected]) -> dict[str, Any]:
    dimension_ids = [s.variable.code for s in selected]
    values: list[int | None] = []
    status: dict[str, str] = {}
    for flat, combination in enumerate(itertools.product(*(s.codes for s in selected))):
        value, symbol = cell_value(table.id, dict(zip(dimension_ids, combination, strict=True)))
        values.append(value)
        if symbol is not None:
            status[str(flat)] = symbol
    labels = [s.variable.label for s in selected if s.variable.code != "ContentsCode"]
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": f"{table.data_label} efter {_join_labels(labels)}" if labels else table.data_label,
        "source": "SCB",
        "updated": table.updated,
        "note": list(table.notes),
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "id": dimension_ids,
        "size": [len(s.codes) for s in selected],
        "dimension": {
            s.variable.code: _dimension(
                s.variable, s.codes, "", metadata=False, codelist=s.codelist
            )
            for s in selected
        },
        "extension": _extension(table, dimension_ids, data=True),
        "value": values,
    }
    if status:
        document["status"] = status
    return document
