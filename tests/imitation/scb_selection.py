"""How the SCB imitation resolves a PxWebApi selection (value codes, expressions, codelists)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .common import Reply, problem
from .scb_tables import Codelist, Table, Variable


class SelectionError(Exception):
    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


def bad_request(title: str, detail: str | None = None) -> SelectionError:
    return SelectionError(problem(400, title, detail))


_COUNT = r"\(\s*([1-9]\d*)\s*(?:,\s*(\d+)\s*)?\)"
_TOP = re.compile(rf"^top{_COUNT}$", re.IGNORECASE)
_BOTTOM = re.compile(rf"^bottom{_COUNT}$", re.IGNORECASE)
_FROM = re.compile(r"^from\(([^,()]+)\)$", re.IGNORECASE)
_TO = re.compile(r"^to\(([^,()]+)\)$", re.IGNORECASE)
_RANGE = re.compile(r"^range\(([^,()]+),([^,()]+)\)$", re.IGNORECASE)
_KEYWORD = re.compile(r"^(top|bottom|from|to|range)\s*\(", re.IGNORECASE)


def split_get_value_codes(text: str) -> list[str]:
    """Split a GET `valueCodes[VAR]` value on commas, except inside [brackets]."""
    items: list[str] = []
    buffer: list[str] = []
    depth = 0
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            items.append("".join(buffer))
            buffer = []
        else:
            buffer.append(ch)
    items.append("".join(buffer))
    result = []
    for item in (i.strip() for i in items):
        if len(item) >= 2 and item.startswith("[") and item.endswith("]"):
            item = item[1:-1].strip()
        if item:
            result.append(item)
    return result


def _expand(variable: Variable, domain: list[str], expression: str) -> list[str] | None:
    """The codes an expression selects, or None when it is a plain value code."""
    if "*" in expression:
        stars = expression.count("*")
        inner = expression.strip("*")
        if expression == "*":
            return list(domain)
        if stars > 2 or (stars == 1 and not (expression[0] == "*" or expression[-1] == "*")):
            raise bad_request("Illegal selection expression", f"{variable.code}: {expression}")
        if stars == 2 and not (expression[0] == "*" and expression[-1] == "*"):
            raise bad_request("Illegal selection expression", f"{variable.code}: {expression}")
        low = inner.casefold()
        if expression.startswith("*") and expression.endswith("*"):
            return [c for c in domain if low in c.casefold()]
        if expression.startswith("*"):
            return [c for c in domain if c.casefold().endswith(low)]
        return [c for c in domain if c.casefold().startswith(low)]
    if "?" in expression:
        pattern = re.compile("^" + re.escape(expression).replace(r"\?", ".") + "$", re.IGNORECASE)
        return [c for c in domain if pattern.match(c)]
    if not _KEYWORD.match(expression):
        return None
    if m := _TOP.match(expression):
        count, offset = int(m[1]), int(m[2] or 0)
        if variable.time:  # time is ascending: top = the latest
            picked = domain[::-1][offset : offset + count]
            return picked[::-1]
        return domain[offset : offset + count]
    if m := _BOTTOM.match(expression):
        count, offset = int(m[1]), int(m[2] or 0)
        if variable.time:
            return domain[offset : offset + count]
        picked = domain[::-1][offset : offset + count]
        return picked[::-1]

    def position(code: str) -> int:
        code = code.strip()
        if code not in domain:
            raise bad_request("Non-existent value", f"{variable.code}: {code}")
        return domain.index(code)

    if m := _FROM.match(expression):
        return domain[position(m[1]) :]
    if m := _TO.match(expression):
        return domain[: position(m[1]) + 1]
    if m := _RANGE.match(expression):
        a, b = sorted((position(m[1]), position(m[2])))
        return domain[a : b + 1]
    raise bad_request("Illegal selection expression", f"{variable.code}: {expression}")


@dataclass
class Selected:
    variable: Variable
    codes: list[str]
    codelist: Codelist | None
    duplicated: bool


def resolve(
    table: Table, items: list[tuple[str, list[str], str | None]]
) -> tuple[list[Selected], bool]:
    """Resolve (variableCode, valueCodes, codelist) items against the table.

    Returns the selected variables in the table's order (eliminated ones left out) and whether
    the default selection was used. Raises SelectionError for 400s.
    """
    items = [(var, codes, cl) for var, codes, cl in items if codes]
    if not items:
        return _default_selection(table), True
    by_code: dict[str, Selected] = {}
    for var_code, expressions, codelist_id in items:
        variable = table.variable(var_code)
        if variable is None:
            raise bad_request("Non-existent variable", var_code)
        codelist = None
        domain = list(variable.values)
        if codelist_id:
            codelist = variable.codelist(codelist_id)
            if codelist is None:
                raise bad_request("Non-existent codelist", f"{var_code}: {codelist_id}")
            domain = [c for c in domain if c in set(codelist.codes)]
        chosen = by_code.get(var_code) or Selected(variable, [], codelist, False)
        seen = set(chosen.codes)
        listed: set[str] = set()  # codes given literally: one given twice makes SCB answer 500
        for expression in expressions:
            expression = expression.strip()
            if not expression:
                raise bad_request("Illegal selection expression", f"{var_code}: ''")
            expanded = _expand(variable, domain, expression)
            if expanded is None:  # a plain value code
                if expression not in domain:
                    raise bad_request("Non-existent value", f"{var_code}: {expression}")
                if expression in listed:
                    chosen.duplicated = True
                listed.add(expression)
                if expression not in seen:
                    chosen.codes.append(expression)
                    seen.add(expression)
            else:
                for code in expanded:
                    if code not in seen:
                        chosen.codes.append(code)
                        seen.add(code)
        by_code[var_code] = chosen
    for variable in table.variables:
        if (
            not variable.elimination
            and not by_code.get(variable.code, Selected(variable, [], None, False)).codes
        ):
            raise bad_request("Missing selection for mandantory variable", variable.code)
    selected = [by_code[v.code] for v in table.variables if v.code in by_code]
    return [s for s in selected if s.codes], False


def _default_selection(table: Table) -> list[Selected]:
    """PxWebApi's default selection, as SCB serves it for these tables: eliminable variables
    (Region included) are left out, Tid gets the latest period, other mandatory variables their
    first value (ContentsCode its first content)."""
    selected = []
    for variable in table.variables:
        if variable.elimination:
            continue
        codes = list(variable.values)
        selected.append(
            Selected(variable, [codes[-1]] if variable.time else [codes[0]], None, False)
        )
    return selected
