"""`Finding`: one broken rule in a payload or a submitted file, from validation or the report checks."""

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One broken rule: where (dataset, file, row, column), which rule, the value, in plain words."""

    dataset: str
    file: str
    row: int | None
    column: str | None
    rule: str
    value: str | None
    message: str  # English
    severity: str = "error"  # error: the data is refused | warning: accepted but flagged
    message_sv: str | None = None  # Swedish, for submitters' feedback

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row is not None else "")
        where += f", column {self.column}" if self.column else ""
        shown = f" (value {self.value!r})" if self.value is not None else ""
        return f"{where}: {self.message}{shown} [{self.rule}]"


class HasFindings:
    """Errors and warnings of a check holding `findings` (a file's, a plan folder's)."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


@dataclass(frozen=True)
class SourceFinding:
    """A publisher no longer honours what the configuration depends on, or changed it: a KPI
    ended, a definition changed, data published but not loaded, a planned publication late."""

    source: str
    object_id: str
    kind: str  # ended | changed | new_data | late | unreadable
    message: str  # one sentence, English

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
