"""The README and the guides stay true: every relative link and #anchor resolves, the README
stays short, every guide is reachable from it and opens with who it is for and its contents, and
every `asfetl …` command, `--flag` and `make` target shown in code exists."""

import argparse
import re
import shlex
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from asfetl.cli.main import build_parser

PROJECT = Path(__file__).resolve().parents[2]
README = PROJECT / "README.md"
GUIDES = ("analysts", "operators", "regions", "enterprises")  # docs/<audience>.md
README_MAX_LINES = 200


def documents() -> list[Path]:
    extra = [PROJECT / "warehouse" / "README.md", PROJECT / "benchmarks" / "RESULTS.md"]
    return [
        README,
        PROJECT / "DESIGN.md",
        PROJECT / "CONTRIBUTING.md",
        *sorted((PROJECT / "docs").glob("*.md")),
        *(p for p in extra if p.is_file()),
    ]


def name(path: Path) -> str:
    return path.relative_to(PROJECT).as_posix()


# --- reading markdown ---------------------------------------------------------------------------

FENCE = re.compile(r"^ {0,3}(```|~~~)[^\n]*\n(.*?)^ {0,3}\1[ \t]*$", re.M | re.S)
INLINE_CODE = re.compile(r"(`+)(.+?)\1", re.S)
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
HTML_ANCHOR = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"", re.I)
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
HTML_LINK = re.compile(r"<(?:a|img)\s[^>]*?(?:href|src)=\"([^\"]+)\"", re.I | re.S)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def without_fences(text: str) -> str:
    return FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def prose(text: str) -> str:
    """The text outside code: where links and headings are."""
    return INLINE_CODE.sub(" ", without_fences(text))


def code_texts(text: str) -> list[str]:
    """Every fenced block and every inline code span."""
    return [m.group(2) for m in FENCE.finditer(text)] + [
        m.group(2) for m in INLINE_CODE.finditer(without_fences(text))
    ]


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: its text, lowercase, punctuation other than - and _ dropped,
    spaces turned into -."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link counts by its text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of a file's headings (a repeated one gets -1, -2, … as on GitHub)."""
    text = path.read_text(encoding="utf-8")
    seen: dict[str, int] = {}
    found = set(HTML_ANCHOR.findall(text))
    for match in HEADING.finditer(without_fences(text)):
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(path: Path) -> list[str]:
    text = prose(path.read_text(encoding="utf-8"))
    return LINK.findall(text) + REFERENCE.findall(text) + HTML_LINK.findall(text)


def broken_links(path: Path) -> list[str]:
    """Every relative link of a file that names no file of the project, or no heading in it."""
    broken = []
    for target in links(path):
        if SCHEME.match(target):
            continue  # https:, mailto: — not this test's business
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / unquote(file_part)).resolve() if file_part else path
        where = f"{name(path)} → {target}"
        if not resolved.is_relative_to(PROJECT):
            broken.append(f"{where}: outside the repository")
        elif not resolved.exists():
            broken.append(f"{where}: no such file")
        elif anchor and resolved.suffix != ".md":
            broken.append(f"{where}: an anchor into a file that is not markdown")
        elif anchor and unquote(anchor) not in anchors(resolved):
            broken.append(f"{where}: no heading #{anchor} in {name(resolved)}")
    return broken


def linked_files(path: Path) -> set[Path]:
    found = set()
    for target in links(path):
        file_part = target.partition("#")[0]
        if file_part and not SCHEME.match(target):
            found.add((path.parent / unquote(file_part)).resolve())
    return found


# --- reading commands ---------------------------------------------------------------------------

SEPARATORS = re.compile(r"&&|\|\||;|\s\|\s|·|\$\(|\(|\)")
ENVIRONMENT = re.compile(r"^[A-Za-z_]\w*=")
WORD = re.compile(r"^[a-z][a-z0-9-]*$")
FLAG = re.compile(r"(?<![\w-])--[A-Za-z][\w-]*")
# Flags shown alone in prose are asfetl's unless they are one of these other programs' own.
OTHER_PROGRAMS_FLAGS = {
    "--host": "prefect server start",
    "--quick": "python -m benchmarks.run",
}


def commands(code: str, program: str) -> list[list[str]]:
    """Each command line of `program` in a piece of code, as its words after the program name."""
    found = []
    code = code.replace("\\\n", " ")
    for line in code.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line)  # a shell comment
        for segment in SEPARATORS.split(line):
            try:
                words = shlex.split(segment.replace("\\|", "|"))
            except ValueError:
                words = segment.split()
            if words and words[0].startswith("ExecStart="):  # a systemd unit's command
                words[0] = words[0].removeprefix("ExecStart=")
            while words and ENVIRONMENT.match(words[0]):
                words = words[1:]
            if words and words[0].rsplit("/", 1)[-1] == program:
                found.append(words[1:])
    return found


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for action in parser._actions for o in action.option_strings}


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def stale_asfetl(words: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """What a shown `asfetl …` command names that the real parser does not know."""
    problems, path = [], ["asfetl"]
    rest = list(words)
    # asfetl <command> [<subcommand>]: a bare lowercase word where the parser has subcommands
    # must be one of them.
    while rest and subcommands(parser) and WORD.match(rest[0]):
        choices = subcommands(parser)
        if rest[0] not in choices:
            problems.append(f"`{' '.join(path)} {rest[0]}`: no such command")
            return problems
        path.append(rest.pop(0))
        parser = choices[path[-1]]
    known = options(parser)
    for flag in FLAG.findall(" ".join(rest)):
        if flag not in known:
            problems.append(f"`{' '.join(path)} {flag}`: no such option")
    return problems


def all_options(parser: argparse.ArgumentParser) -> set[str]:
    found = options(parser)
    for child in subcommands(parser).values():
        found |= all_options(child)
    return found


def stale_flag(code: str, parser: argparse.ArgumentParser) -> list[str]:
    """A code span that is a flag on its own (`--regions-dir`) must be one of asfetl's."""
    match = re.match(r"\s*(--[A-Za-z][\w-]*)", code)
    if not match or match.group(1) in OTHER_PROGRAMS_FLAGS:
        return []
    return [] if match.group(1) in all_options(parser) else [f"`{match.group(1)}`: no such option"]


def make_targets() -> set[str]:
    text = (PROJECT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w.-]*)\s*:(?!=)", text, re.M))


def stale_commands(path: Path, parser: argparse.ArgumentParser, targets: set[str]) -> list[str]:
    problems = []
    for code in code_texts(path.read_text(encoding="utf-8")):
        problems += [f"{name(path)}: {p}" for p in stale_flag(code, parser)]
        for words in commands(code, "asfetl"):
            problems += [f"{name(path)}: {p}" for p in stale_asfetl(words, parser)]
        for words in commands(code, "make"):
            for target in (w for w in words if WORD.match(w)):
                if target not in targets:
                    problems.append(f"{name(path)}: `make {target}`: no such target in Makefile")
    return problems


# --- the tests ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", documents(), ids=name)
def test_every_relative_link_and_anchor_resolves(path):
    assert not broken_links(path), "\n".join(broken_links(path))


@pytest.mark.parametrize("path", documents(), ids=name)
def test_every_command_shown_exists(path):
    problems = stale_commands(path, build_parser(), make_targets())
    assert not problems, "\n".join(problems)


def test_the_readme_is_read_in_five_minutes():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines (at most {README_MAX_LINES}): move the detail into "
        "the guide of its audience under docs/"
    )


def test_the_readme_links_every_guide_and_the_design():
    linked = linked_files(README)
    wanted = [PROJECT / "docs" / f"{g}.md" for g in GUIDES]
    wanted += [PROJECT / "DESIGN.md", PROJECT / "CONTRIBUTING.md"]
    assert not [name(p) for p in wanted if p not in linked]


def test_every_doc_is_reachable_from_the_readme():
    reached, todo = set(), [README.resolve()]
    while todo:
        path = todo.pop()
        if path in reached or path.suffix != ".md" or not path.is_file():
            continue
        reached.add(path)
        todo += linked_files(path)
    unreached = [name(p) for p in (PROJECT / "docs").glob("*.md") if p.resolve() not in reached]
    assert not unreached, f"no link leads from README.md to {sorted(unreached)}"


@pytest.mark.parametrize("guide", GUIDES)
def test_a_guide_says_who_it_is_for_and_lists_its_sections(guide):
    text = (PROJECT / "docs" / f"{guide}.md").read_text(encoding="utf-8")
    body = without_fences(text)
    first = body.lstrip().splitlines()[0]
    assert first.startswith("# "), f"docs/{guide}.md starts with its title"
    intro = body.split("\n## ", 1)[0]
    assert "**Who this is for:**" in intro, f"docs/{guide}.md says who it is for before §1"
    sections = [slug(h) for level, h in HEADING.findall(body) if level == "##"]
    contents = intro.split("**Contents**", 1)[-1] if "**Contents**" in intro else ""
    listed = re.findall(r"\]\(#([^)]+)\)", contents)
    assert listed == sections, (
        f"docs/{guide}.md's **Contents** must link each of its ## sections, in order: "
        f"listed {listed}, sections {sections}"
    )


# --- the checks themselves ----------------------------------------------------------------------


def test_the_slug_follows_github():
    assert slug("Submission page (asfetl portal)") == "submission-page-asfetl-portal"
    assert slug("Your region's own plan") == "your-regions-own-plan"
    assert slug("Svenska: så fyller du i rapporten") == "svenska-så-fyller-du-i-rapporten"
    assert slug("`mart.plan_progress` and targets") == "martplan_progress-and-targets"


def test_a_broken_link_an_unknown_anchor_and_a_stale_command_are_caught(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "PROJECT", tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "there.md").write_text("# There\n\n## A section\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n[ok](docs/there.md#a-section) [gone](docs/nowhere.md) "
        "[wrong](docs/there.md#b-section) [self](#page) [out](../outside.md)\n\n"
        "```sh\n# a comment: asfetl nonsense\nASFETL_REGION=12 asfetl statsu --check\n"
        "asfetl reports check FILE --lang sv && asfetl run --sampel\nmake tset\n```\n\n"
        "`asfetl plan chek DIR` · `asfetl portal link ORGNR --owner X` `asfetl.toml`\n"
        "`--regions-dir` `--region-dir` `--host 0.0.0.0`\n",
        encoding="utf-8",
    )
    assert [b.split(": ", 1)[1] for b in broken_links(page)] == [
        "no such file",
        "no heading #b-section in docs/there.md",
        "outside the repository",
    ]
    assert stale_commands(page, build_parser(), {"test"}) == [
        "page.md: `asfetl statsu`: no such command",
        "page.md: `asfetl run --sampel`: no such option",
        "page.md: `make tset`: no such target in Makefile",
        "page.md: `asfetl plan chek`: no such command",
        "page.md: `--region-dir`: no such option",
    ]
