"""json-stat2 (SCB PxWebApi 2.0's response format) parsed into one tidy row per cell."""

import itertools
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas loads when a payload is parsed, not when settings list the sources
    import pandas as pd

STATUS_COLUMN = "status"
VALUE_COLUMN = "value"


class JsonStatError(ValueError):
    """The payload is not a json-stat2 dataset this parser understands."""


def _category_codes(dimension_id: str, dimension: dict[str, Any]) -> list[str]:
    """Category codes in position order; `index` may be an object (code → position) or an array."""
    category = dimension.get("category", {})
    index = category.get("index")
    if index is None:  # a dimension with a single category may omit the index
        labels = category.get("label", {})
        if len(labels) != 1:
            raise JsonStatError(f"dimension {dimension_id!r} has no category index")
        return list(labels)
    if isinstance(index, list):
        return [str(code) for code in index]
    ordered = sorted(index.items(), key=lambda item: item[1])
    if [position for _, position in ordered] != list(range(len(ordered))):
        raise JsonStatError(f"dimension {dimension_id!r} has gaps in its category index")
    return [str(code) for code, _ in ordered]


def parse_jsonstat2(payload: dict[str, Any]) -> "pd.DataFrame":
    """One row per cell: for each dimension `<id>` (code) and `<id>_label`, then value and status.

    Values stay NULL where the publisher gave null; status symbols ('..', '.', ':') are kept
    as they came, never turned into numbers.
    """
    import pandas as pd

    if payload.get("class") != "dataset" or "id" not in payload or "dimension" not in payload:
        raise JsonStatError("not a json-stat2 dataset (class 'dataset' with id and dimension)")
    dimension_ids: list[str] = list(payload["id"])
    sizes: list[int] = list(payload.get("size", []))
    codes = [_category_codes(d, payload["dimension"][d]) for d in dimension_ids]
    if sizes and [len(c) for c in codes] != sizes:
        raise JsonStatError(f"dimension sizes {sizes} do not match their categories")

    cells = math.prod(len(c) for c in codes)
    values = payload.get("value", [])
    if isinstance(values, dict):  # json-stat allows a sparse object keyed by flat index
        values = [values.get(str(i)) for i in range(cells)]
    if len(values) != cells:
        raise JsonStatError(f"{len(values)} values for {cells} cells")
    status = payload.get("status") or {}
    if isinstance(status, list):
        status = {str(i): s for i, s in enumerate(status) if s}

    # Row-major order: the last dimension varies fastest, exactly as itertools.product yields.
    frame = pd.DataFrame(list(itertools.product(*codes)), columns=dimension_ids, dtype="string")
    for dim_id in dimension_ids:
        labels = payload["dimension"][dim_id].get("category", {}).get("label", {})
        frame[f"{dim_id}_label"] = frame[dim_id].map(lambda code, lab=labels: lab.get(code, code))
    frame[VALUE_COLUMN] = pd.array(values, dtype="Float64")
    frame[STATUS_COLUMN] = pd.array(
        [status.get(str(i)) for i in range(cells)], dtype="string"
    ).fillna("")
    return frame
