"""The README is true by construction: every command it shows runs, as a real program on a copy of the
example register, and prints what the README shows under it; the figures it quotes are the register's,
the rules' and the benchmarks'; and every link in the README and docs/ leads to a file of a plain clone.

A shown output may leave lines out: a line `...` stands for any number of lines (none included).
A block that is not a console session names the command it is the output of in an HTML comment just
above it (`<!-- $ pdca report ... -->`), which GitHub does not show.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, pdca

from pdca.library import areas as library_areas
from pdca.rules import RULES

README = ROOT / "README.md"
GAP = "..."
FENCE = re.compile(r"^(?P<indent> *)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S)
OUTPUT_OF = re.compile(r"<!-- \$ (?P<command>[^\n]*?) -->\n$")


@dataclass(frozen=True)
class Fence:
    info: str
    body: str
    before: str  # the README's text up to the fence


@dataclass(frozen=True)
class Shown:
    """One command of the README and the output the README shows for it."""

    command: str
    output: str


def fences(text: str) -> list[Fence]:
    return [Fence(m["info"].strip(), textwrap.dedent(m["body"]), text[:m.start()]) for m in FENCE.finditer(text)]


def sessions(text: str) -> list[list[Shown]]:
    """The README's shell sessions, each a list of commands with their shown output."""
    found: list[list[Shown]] = []
    for fence in fences(text):
        marker = OUTPUT_OF.search(fence.before)
        if fence.info == "console":
            found.append(_console(fence.body))
        elif marker:
            found.append([Shown(marker["command"], fence.body)])
    return found


def _console(body: str) -> list[Shown]:
    commands: list[Shown] = []
    command, output = None, []
    for line in body.splitlines():
        if line.startswith("$ "):
            if command is not None:
                commands.append(Shown(command, "\n".join(output)))
            command, output = line[2:], []
        else:
            assert command is not None, f"output before any command in a console block: {line!r}"
            output.append(line)
    assert command is not None, "a console block without a command"
    commands.append(Shown(command, "\n".join(output)))
    return commands


def excerpt_mismatch(shown: str, real: str) -> str | None:
    """None when `shown` is `real`, line by line (trailing spaces aside), with runs of lines left out
    where it says `...`; else where it departs."""
    real_lines = [line.rstrip() for line in real.rstrip("\n").splitlines()]
    chunks: list[list[str]] = [[]]
    for line in (line.rstrip() for line in shown.strip("\n").splitlines()):
        if line.strip() == GAP:
            chunks.append([])
        else:
            chunks[-1].append(line)
    chunks = [_trim_blank(chunk, head=i > 0, tail=i < len(chunks) - 1) for i, chunk in enumerate(chunks)]
    if len(chunks) == 1:
        return None if chunks[0] == real_lines else "the output differs"
    at = 0
    for i, chunk in enumerate(chunks):
        if not chunk:
            continue
        found = _find(real_lines, chunk, at)
        if found is None or (i == 0 and found != 0):
            return f"not found {'at the start' if i == 0 else 'after the part before it'}:\n" + "\n".join(chunk)
        if i == len(chunks) - 1 and real_lines[-len(chunk):] != chunk:
            return "not found at the end:\n" + "\n".join(chunk)
        at = found + len(chunk)
    return None


def _trim_blank(chunk: list[str], head: bool, tail: bool) -> list[str]:
    """Blank lines beside a `...` are layout, not output."""
    while head and chunk and not chunk[0]:
        chunk = chunk[1:]
    while tail and chunk and not chunk[-1]:
        chunk = chunk[:-1]
    return chunk


def _find(lines: list[str], chunk: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines) - len(chunk) + 1) if lines[i:i + len(chunk)] == chunk), None)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                   check=True, capture_output=True)


def sandbox(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A checkout as the README's reader has it (the example register, committed), and a shell in which
    `pdca` is this pdca and git reads no one's settings."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo / "registers" / "example")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "example")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "pdca").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m pdca "$@"\n', encoding="utf-8")
    (bin_dir / "pdca").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
           "PYTHONUNBUFFERED": "1",  # stdout and stderr in the order a terminal shows them
           "PYTHONIOENCODING": "utf-8", "PDCA_CACHE_DIR": str(tmp_path / "cache"),
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return repo, env


def run_shown(command: str, cwd: Path, env: dict[str, str]) -> tuple[str, Path]:
    """What `command` prints (stdout and stderr, as on a terminal), and the folder it leaves the shell in."""
    change = re.fullmatch(r"cd (\S+)", command.strip())
    if change:
        return "", (cwd / change[1]).resolve()
    done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, encoding="utf-8", timeout=120)
    return done.stdout, cwd


SESSIONS = sessions(README.read_text(encoding="utf-8"))


def test_the_readme_shows_output_for_its_tour() -> None:
    commands = [shown.command for session in SESSIONS for shown in session]
    for needle in ("pdca report registers/example --month 2024-06", "pdca check registers/example",
                   "pdca status registers/example", "pdca explain CG-005", "pdca advance ZD-003 CG-005"):
        assert any(command.startswith(needle) for command in commands), needle


@pytest.mark.slow  # a second or more: the default suite stays under a minute
@pytest.mark.parametrize("session", SESSIONS, ids=[session[0].command.split("#")[0].strip() for session in SESSIONS])
def test_each_command_the_readme_shows_prints_what_the_readme_shows(session: list[Shown], tmp_path: Path) -> None:
    cwd, env = sandbox(tmp_path)
    for shown in session:
        real, cwd = run_shown(shown.command, cwd, env)
        assert "Traceback" not in real, real
        problem = excerpt_mismatch(shown.output, real)
        assert problem is None, f"$ {shown.command}\n{problem}\n\nits real output:\n{real}"


def test_excerpts_leave_out_only_where_they_say_so() -> None:
    real = "a\nb\n\nc\nd\n"
    assert excerpt_mismatch("a\nb\n\nc\nd", real) is None
    assert excerpt_mismatch("a\n...\nd", real) is None
    assert excerpt_mismatch("a\nb\n\n...\n\nd", real) is None
    assert excerpt_mismatch("...\nc\n...", real) is None
    assert excerpt_mismatch("a\nc\n...", real) is not None  # b left out without a `...`
    assert excerpt_mismatch("b\n...", real) is not None  # not the start
    assert excerpt_mismatch("...\nc", real) is not None  # not the end
    assert excerpt_mismatch("...\nd\n...\nc\n...", real) is not None  # out of order
    assert excerpt_mismatch("a\nb", real) is not None


def test_the_tour_runs_in_the_shell_the_first_block_leaves() -> None:
    """The tour types `pdca`: the first block must leave it on PATH, not only in .venv/bin."""
    first = next(fence for fence in fences(README.read_text(encoding="utf-8")) if fence.info == "sh")
    lines = [line.split("#")[0].strip() for line in first.body.splitlines()]
    activate = next(i for i, line in enumerate(lines) if line in (". .venv/bin/activate", "source .venv/bin/activate"))
    install = next(i for i, line in enumerate(lines) if re.fullmatch(r"pip install -e '\.\[test\]'", line))
    assert activate < install and lines[-1].startswith("pdca report registers/example")


@pytest.mark.slow  # builds a virtualenv with pdca's dependencies
def test_the_first_block_installs_a_pdca_the_tour_can_use(tmp_path: Path) -> None:
    clone = tmp_path / "pdca"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    first = next(fence for fence in fences(README.read_text(encoding="utf-8")) if fence.info == "sh")
    tour = "pdca check registers/example --as-of 2024-06-30 --quiet"
    env = {**{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")},  # only what it installs
           "PDCA_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(["bash", "-ec", f"{first.body}\n{tour}\n"], cwd=clone, capture_output=True, text=True,
                          env=env, timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# X公司2024年6月廉洁风险防控工作通报" in done.stdout and "0 个错误" in done.stdout


def test_the_refused_advance_the_readme_quotes_is_what_pdca_says(tmp_path: Path) -> None:
    quoted = re.search(r"\(`(CG-001 不能进入[^`]*)`\)", README.read_text(encoding="utf-8"))
    assert quoted
    register = shutil.copytree(EXAMPLE, tmp_path / "example")
    refused = pdca("advance", "CG-001", "--to", "C", "-r", register)
    assert refused.code == 1 and quoted[1] in refused.err, refused.err


def test_the_example_register_has_what_the_readme_counts() -> None:
    said = re.search(r"\((\d+) risk points in (\d+) key areas, (\d+) checks, (\d+) findings\)",
                     README.read_text(encoding="utf-8"))
    assert said
    exported = pdca("export", EXAMPLE, "--as-of", "2024-06-30").json()
    config = (EXAMPLE / "pdca.yaml").read_text(encoding="utf-8")
    areas = config[config.index("\nareas:"):config.index("\nposts:")].count("- {id:")
    assert [int(n) for n in said.groups()] == [len(exported["risks"]), areas, len(exported["checks"]),
                                               len(exported["findings"])]


def test_the_library_areas_the_readme_names_are_the_library_s() -> None:
    said = re.search(r"in (\d+) key areas \(([^)]*)\)", README.read_text(encoding="utf-8"))
    assert said
    names = [name.strip() for name in re.split(r",\s*", said[2].replace("\n", " "))]
    assert int(said[1]) == len(names) and sorted(names) == sorted(area.area.name for area in library_areas())


def _rules_table(readme: str) -> list[list[str]]:
    section = readme[readme.index("### Rules"):]
    rows = re.findall(r"^\|(.*)\|$", section[:section.index("\n\n", section.index("| rule |"))], re.M)
    return [[cell.strip() for cell in row.split("|")] for row in rows[2:]]


def test_the_readme_rules_table_names_every_rule_with_its_default_severity() -> None:
    listed: dict[str, str] = {}
    for names, default, reports in _rules_table(README.read_text(encoding="utf-8")):
        rules = [name.strip() for name in names.split(",")]
        severities = _defaults(rules, default)
        for rule in rules:
            assert rule in RULES and rule not in listed, f"{rule}: no such rule, or listed twice"
            listed[rule] = severities[rule]
            for value in RULES[rule].PARAMS.values():
                assert str(value) in reports, (rule, value, reports)
    assert sorted(listed) == sorted(RULES)
    assert listed == {name: module.SEVERITY.value for name, module in RULES.items()}


def _defaults(rules: list[str], cell: str) -> dict[str, str]:
    """'error', 'error, warning' (one per rule, in order) or 'error (empty-file: warning)'."""
    exceptions = dict(re.findall(r"([\w-]+): (\w+)", cell))
    plain = [word.strip() for word in re.sub(r"\(.*\)", "", cell).split(",")]
    if len(plain) == len(rules) > 1:
        return dict(zip(rules, plain))
    return {rule: exceptions.get(rule, plain[0]) for rule in rules}


def _config_snippets() -> list[str]:
    return [fence.body for fence in fences(README.read_text(encoding="utf-8"))
            if fence.info == "yaml" and re.match(r"(rules|waivers):", fence.body)]


def _with_top_level(config: str, snippet: str) -> str:
    """pdca.yaml with the snippet's top-level keys in place of its own."""
    replaced = set(re.findall(r"^(\w+):", snippet, re.M))
    kept, skipping = [], False
    for line in config.splitlines(keepends=True):
        key = re.match(r"(\w+):", line)
        if key:
            skipping = key[1] in replaced
        if not skipping:
            kept.append(line)
    return "".join(kept) + snippet


@pytest.mark.parametrize("snippet", _config_snippets())
def test_the_pdca_yaml_settings_the_readme_shows_are_read_and_take_effect(snippet: str, tmp_path: Path) -> None:
    register = shutil.copytree(EXAMPLE, tmp_path / "example")
    config = register / "pdca.yaml"
    config.write_text(_with_top_level(config.read_text(encoding="utf-8"), snippet), encoding="utf-8")
    found = json.loads(pdca("check", register, "--as-of", "2024-06-30", "--format", "json").out)["diagnostics"]
    unread = [d for d in found if d["file"] == "pdca.yaml" and d["rule"] not in ("waiver-unused", "waiver-expired")]
    assert unread == []
    from pdca.io import yaml_read  # the snippet as pdca reads it: YAML 1.2, `off` is text

    settings = yaml_read.load(snippet)[0].get("rules") or {}
    for rule, setting in settings.items():
        if rule not in RULES:
            continue
        severity = setting if isinstance(setting, str) else setting.get("severity")
        reported = {d["severity"] for d in found if d["rule"] == rule}
        if severity == "off":
            assert not reported, rule
        elif severity:
            assert reported <= {severity}, rule


def test_the_speed_the_readme_quotes_is_the_benchmarks() -> None:
    readme = README.read_text(encoding="utf-8")
    speed = readme[readme.index("## Speed"):readme.index("\n## ", readme.index("## Speed") + 1)]
    figures = re.findall(r"(\d+(?:\.\d+)?) s\b", speed)
    benchmarks = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    assert figures
    for figure in figures:
        assert re.search(rf"(?<![\d.]){re.escape(figure)} (s\b|/)", benchmarks), figure


# Links: a plain clone has every file a link names, and nothing links outside the repository.

DOCUMENTS = [README, *sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "benchmarks").glob("*.md"))]
INLINE_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)


def _prose(text: str) -> str:
    """The text without code: a link shown in a code block or a code span is not a link."""
    text = FENCE.sub("", text)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text, flags=re.S)


def links(text: str) -> list[str]:
    prose = _prose(text)
    return INLINE_LINK.findall(prose) + REFERENCE_LINK.findall(prose)


def slug(heading: str) -> str:
    """The anchor GitHub and GitLab give a heading."""
    heading = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading: its text
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", FENCE.sub("", text), re.M):
        base = slug(heading)
        name, n = base, 0
        while name in found:  # a repeated heading gets -1, -2, ...
            n += 1
            name = f"{base}-{n}"
        found.add(name)
    return found


def dead_links(document: Path, text: str) -> list[str]:
    """The links of `text`, written in `document`, that lead nowhere in the repository."""
    dead = []
    for target in links(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto:: not a file of the clone
            continue
        path, _, fragment = target.partition("#")
        linked = (document.parent / path).resolve()
        if path and (not linked.is_relative_to(ROOT) or not linked.exists()):
            dead.append(target)
        elif fragment and (not path or linked.suffix == ".md"):
            if fragment not in anchors(linked.read_text(encoding="utf-8") if path else text):
                dead.append(target)
    return dead


@pytest.mark.parametrize("document", DOCUMENTS, ids=[str(d.relative_to(ROOT)) for d in DOCUMENTS])
def test_every_link_leads_to_a_file_of_the_repository(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    assert dead_links(document, text) == []
    assert not re.search(r"(\.\./|/work/)shared\b", text)


def test_a_dead_link_a_link_out_of_the_repository_and_a_missing_anchor_are_found() -> None:
    text = ("[ok](register-format.md#the-numbers-in-the-reports) [web](https://example.com/x.md) "
            "[gone](missing.md) [out](../../shared/spec/domain.md) [anchor](rules.md#no-such-rule) "
            "`[code](missing.md)` [here](#probe) [there](#elsewhere)\n\n# Probe\n\n[ref]: ci/nowhere.yml\n")
    assert links(text) == ["register-format.md#the-numbers-in-the-reports", "https://example.com/x.md", "missing.md",
                           "../../shared/spec/domain.md", "rules.md#no-such-rule", "#probe", "#elsewhere",
                           "ci/nowhere.yml"]
    probe = ROOT / "docs" / "probe.md"  # never written: the text is given
    assert dead_links(probe, text) == ["missing.md", "../../shared/spec/domain.md", "rules.md#no-such-rule",
                                       "#elsewhere", "ci/nowhere.yml"]


def test_the_json_the_format_reference_shows_has_the_fields_pdca_writes() -> None:
    reference = (ROOT / "docs" / "register-format.md").read_text(encoding="utf-8")
    section = reference[reference.index("## Machine-readable diagnostics"):]
    shown = json.loads(next(fence.body for fence in fences(section) if fence.info == "json"))
    real = pdca("check", EXAMPLE, "--as-of", "2024-06-30", "--format", "json").json()
    assert list(shown) == list(real)
    assert list(shown["diagnostics"][0]) == list(real["diagnostics"][0])
    assert list(shown["summary"]) == list(real["summary"])
    explained = FENCE.sub("", section)
    for field in [*shown["diagnostics"][0], *shown["summary"]]:
        assert f"`{field}`" in explained, field
