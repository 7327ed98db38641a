"""`asfetl plan template`: a blank plan folder, the three CSVs' headers and a README (sv/en)."""

from pathlib import Path

from asfetl.errors import AsfetlError
from asfetl.plan.columns import FILE_NAMES, PLAN_FILES, columns_markdown

README = "README.md"

INTRO = {
    "sv": (
        "# Planen\n\n"
        "Den här mappen är regionens egen handlingsplan för asfetl: delmål, aktiviteter och mål, "
        "en CSV-fil var (UTF-8; komma eller semikolon). Fyll i en rad per delmål, aktivitet och "
        "mål under rubrikraden, kontrollera med `asfetl plan check MAPP` och kör med "
        "`ASFETL_PLAN_DIR=MAPP asfetl run`. Planperioden är aktiviteternas tidigaste "
        "`first_year` till senaste `last_year`; målens år ska ligga inom den. Kolumner som inte "
        "krävs får utelämnas. Mer: docs/plan.md i asfetl.\n"
    ),
    "en": (
        "# The plan\n\n"
        "This folder is the region's own action plan for asfetl: sub-goals, activities and "
        "targets, one CSV file each (UTF-8; comma- or semicolon-separated). Fill in one row per "
        "sub-goal, activity and target below the header row, check it with "
        "`asfetl plan check DIR` and run with `ASFETL_PLAN_DIR=DIR asfetl run`. The plan's "
        "period runs from the activities' earliest `first_year` to their latest `last_year`; the "
        "targets' years must lie within it. Columns that are not required may be left out. "
        "More: docs/plan.md in asfetl.\n"
    ),
}


def readme_text() -> str:
    """The folder's README: Swedish, then English, each with every file's columns."""
    return "\n".join(f"{INTRO[lang]}\n{columns_markdown(lang)}" for lang in ("sv", "en"))


def write_template(folder: Path) -> list[Path]:
    """A blank plan folder: each file with its header row only, and the README. Never
    overwrites a plan: a folder that already holds one of the files is refused."""
    taken = [name for name in (*FILE_NAMES, README) if (folder / name).exists()]
    if taken:
        raise AsfetlError(
            f"{folder} already holds {', '.join(taken)}; choose another folder with --out or "
            "move those files away."
        )
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for plan_file in PLAN_FILES:
        path = folder / plan_file.name
        path.write_text(",".join(c.name for c in plan_file.columns) + "\n", encoding="utf-8")
        written.append(path)
    (folder / README).write_text(readme_text(), encoding="utf-8")
    return [*written, folder / README]
