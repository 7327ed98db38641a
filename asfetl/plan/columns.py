"""The plan folder's three files and their columns: names, kinds, whether required, help (sv/en)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PlanColumn:
    """One column of a plan file."""

    name: str
    kind: str  # id | subgoal | text | year | count | number | boolean | indicator | area
    required: bool  # the column must be in the file (a value may still be optional: `blank_ok`)
    blank_ok: bool
    help_sv: str
    help_en: str


@dataclass(frozen=True)
class PlanFile:
    """One CSV of the plan folder."""

    name: str
    stem: str  # the seed table is staging.seed_<stem>
    key: tuple[str, ...]  # what must be unique
    what_sv: str
    what_en: str
    columns: tuple[PlanColumn, ...]

    def column(self, name: str) -> PlanColumn | None:
        return next((c for c in self.columns if c.name == name), None)


def _c(name, kind, required, blank_ok, help_sv, help_en) -> PlanColumn:
    return PlanColumn(name, kind, required, blank_ok, help_sv, help_en)


EXAMPLE_SV = "`true` om raden är ett EXEMPEL som ska ersättas; tom eller utelämnad kolumn: `false`"
EXAMPLE_EN = "`true` if the row is an EXAMPLE to be replaced; blank or column left out: `false`"

SUBGOALS = PlanFile(
    "plan_subgoals.csv", "plan_subgoals", ("subgoal_id",),
    "Planens delmål, ett per rad.", "The plan's sub-goals, one a row.",
    (
        _c("subgoal_id", "subgoal", True, False, "delmålets nummer, ett heltal (1, 2, …)",
           "the sub-goal's number, a whole number (1, 2, …)"),
        _c("name_sv", "text", True, False, "delmålets namn på svenska",
           "the sub-goal's name in Swedish"),
        _c("name_en", "text", True, False, "delmålets namn på engelska",
           "the sub-goal's name in English"),
    ),
)  # fmt: skip

ACTIVITIES = PlanFile(
    "plan_activities.csv", "plan_activities", ("activity_id",),
    "Planens aktiviteter, en per rad. Planperioden är från den tidigaste `first_year` till den "
    "senaste `last_year`.",
    "The plan's activities, one a row. The plan's period runs from the earliest `first_year` to "
    "the latest `last_year`.",
    (
        _c("activity_id", "id", True, False,
           "aktivitetens id, t.ex. `A07` (bokstav och tal skrivs med två siffror: `A07`, inte "
           "`A7`); uppföljningarna anger det",
           "the activity's id, e.g. `A07` (a letter and a number take two digits: `A07`, not "
           "`A7`); the follow-ups name it"),
        _c("subgoal_id", "subgoal", True, False,
           "delmålet aktiviteten hör till (ett `subgoal_id` i plan_subgoals.csv)",
           "the sub-goal the activity belongs to (a `subgoal_id` of plan_subgoals.csv)"),
        _c("name_sv", "text", True, False, "aktivitetens namn på svenska",
           "the activity's name in Swedish"),
        _c("name_en", "text", True, False, "aktivitetens namn på engelska",
           "the activity's name in English"),
        _c("owner", "text", False, True, "vem som ansvarar (en roll eller organisation, aldrig "
           "en person); får vara tom", "who is responsible (a role or organisation, never a "
           "person); may be blank"),
        _c("first_year", "year", True, False, "aktivitetens första år", "the activity's first year"),
        _c("last_year", "year", True, False, "aktivitetens sista år (inte före `first_year`)",
           "the activity's last year (not before `first_year`)"),
        _c("is_example", "boolean", False, True, EXAMPLE_SV, EXAMPLE_EN),
        _c("meetings_planned_per_year", "count", False, True,
           "möten per år som planen begär av aktiviteten (t.ex. 6 för den sektorsövergripande "
           "gruppen; ger indikatorn `cross_sector_meetings`); tom: inga",
           "meetings a year the plan asks of the activity (e.g. 6 for the cross-sector group; "
           "feeds the indicator `cross_sector_meetings`); blank: none"),
    ),
)  # fmt: skip

TARGETS = PlanFile(
    "plan_targets.csv", "plan_targets", ("indicator_id", "area_code"),
    "Planens mål, ett per indikator och område.", "The plan's targets, one per indicator and area.",
    (
        _c("indicator_id", "indicator", True, False,
           "indikatorn målet gäller, ett publicerat id ur katalogen (`asfetl indicators`, "
           "docs/data_dictionary.md), t.ex. `asf_count`",
           "the indicator the target is set on, a published id of the catalogue "
           "(`asfetl indicators`, docs/data_dictionary.md), e.g. `asf_count`"),
        _c("area_code", "area", True, False,
           "SCB:s områdeskod: länet (t.ex. `18`) eller en kommun (t.ex. `1880`)",
           "SCB's area code: the county (e.g. `18`) or a municipality (e.g. `1880`)"),
        _c("baseline_year", "year", True, False,
           "utgångsårets år, före `target_year` och inte efter planperiodens slut",
           "the baseline's year, before `target_year` and not after the plan's period ends"),
        _c("baseline_value", "number", False, True,
           "utgångsvärdet (decimalpunkt); tomt: det publicerade värdet för `baseline_year`",
           "the baseline value (decimal point); blank: the published value of `baseline_year`"),
        _c("target_year", "year", True, False, "året målet gäller, inom planperioden",
           "the year the target is for, within the plan's period"),
        _c("target_value", "number", True, False, "målvärdet (decimalpunkt, t.ex. `4.5`)",
           "the target value (decimal point, e.g. `4.5`)"),
        _c("is_example", "boolean", False, True, EXAMPLE_SV, EXAMPLE_EN),
        _c("note", "text", False, True, "en anteckning, visas inte; får vara tom",
           "a note, not shown; may be blank"),
    ),
)  # fmt: skip

PLAN_FILES = (SUBGOALS, ACTIVITIES, TARGETS)
FILE_NAMES = tuple(f.name for f in PLAN_FILES)


def columns_markdown(lang: str) -> str:
    """Every file's columns as markdown tables (the template's README and docs/plan.md)."""
    sv = lang == "sv"
    head = ["kolumn", "krävs", "betydelse"] if sv else ["column", "required", "meaning"]
    parts = []
    for plan_file in PLAN_FILES:
        parts += [f"### {plan_file.name}", "", plan_file.what_sv if sv else plan_file.what_en, ""]
        parts += [f"| {' | '.join(head)} |", "|---|---|---|"]
        for c in plan_file.columns:
            needed = ("ja" if sv else "yes") if c.required else ("nej" if sv else "no")
            parts.append(f"| `{c.name}` | {needed} | {c.help_sv if sv else c.help_en} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
