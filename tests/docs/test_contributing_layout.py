"""CONTRIBUTING.md's layout block is true to the tree: everything it names exists, and every
module, package and SQL folder of the project is named in it."""

import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
NAME_GAP = re.compile(r"\s{2,}")  # a name and its description are separated by two spaces or more


def layout_block() -> list[str]:
    text = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Layout", 1)[1]
    return section.split("```", 2)[1].strip("\n").splitlines()


def layout_paths() -> set[str]:
    """Every path the block names, from its indentation (two spaces a level)."""
    paths: set[str] = set()
    parents: list[str] = []
    for line in layout_block():
        if not line.strip():
            continue
        stripped = line.lstrip(" ")
        level = (len(line) - len(stripped)) // 2
        names = NAME_GAP.split(stripped, 1)[0]
        if not re.match(r"^[\w.]", names):
            continue  # a continuation of the description above
        parents = parents[:level]
        for name in (n.strip() for n in names.split(",")):
            path = "/".join([*parents, name.rstrip("/")])
            paths.add(path)
        if names.endswith("/"):
            parents.append(names.rstrip("/"))
    return paths


def test_every_named_path_exists():
    missing = sorted(p for p in layout_paths() if not (PROJECT / p).exists())
    assert not missing, f"CONTRIBUTING.md names paths that do not exist: {missing}"


def project_parts() -> set[str]:
    """What a newcomer must be able to find: every module and package of asfetl/ and flows/,
    every folder of sql/, and the top-level folders."""
    parts = set()
    for root in ("asfetl", "flows"):
        for path in (PROJECT / root).rglob("*.py"):
            relative = path.relative_to(PROJECT)
            if "_project" in relative.parts:
                continue
            if path.name in ("__init__.py", "__main__.py"):
                parts.add(relative.parent.as_posix())
            else:
                parts.add(relative.as_posix())
    parts |= {p.relative_to(PROJECT).as_posix() for p in (PROJECT / "sql").iterdir() if p.is_dir()}
    tops = ("benchmarks", "docs", "expectations", "scripts", "tests", "warehouse", "flows")
    parts |= {t for t in tops if (PROJECT / t).is_dir()}
    return parts


def test_every_module_and_folder_is_named():
    unnamed = sorted(project_parts() - layout_paths())
    assert not unnamed, f"CONTRIBUTING.md's layout does not name: {unnamed}"
