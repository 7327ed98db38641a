"""Helpers the imitations' own tests use to call them and read their json-stat2 and problem replies."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import requests

from asfetl import geography

from .scb import ScbImitation

SCB_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "scb"
OREBRO = ["18", *(m.code for m in geography.municipalities("18"))]
TIMEOUT = 10


def fixture(name: str) -> dict[str, Any]:
    return json.loads((SCB_FIXTURES / name).read_text(encoding="utf-8"))


def data_url(server: ScbImitation, table: str) -> str:
    return f"{server.url}/tables/{table}/data?lang=sv&outputFormat=json-stat2"


def post(server: ScbImitation, table: str, **selection: list[str]) -> requests.Response:
    body = {"selection": [{"variableCode": v, "valueCodes": c} for v, c in selection.items()]}
    return requests.post(data_url(server, table), json=body, timeout=TIMEOUT)


def get(server: ScbImitation, table: str, **value_codes: str) -> requests.Response:
    query = "".join(f"&valueCodes[{v}]={codes}" for v, codes in value_codes.items())
    return requests.get(data_url(server, table) + query, timeout=TIMEOUT)


def codes(document: dict[str, Any], dimension: str) -> list[str]:
    index = document["dimension"][dimension]["category"]["index"]
    return sorted(index, key=index.get)


def cells(document: dict[str, Any]) -> dict[tuple[str, ...], tuple[Any, str | None]]:
    """(code per dimension) → (value, status), reading json-stat2 row-major (last fastest)."""
    combos = itertools.product(*(codes(document, d) for d in document["id"]))
    status = document.get("status", {})
    return {combo: (document["value"][i], status.get(str(i))) for i, combo in enumerate(combos)}


def problem_of(response: requests.Response) -> dict[str, Any]:
    assert response.headers["Content-Type"].startswith("application/problem+json")
    return response.json()
