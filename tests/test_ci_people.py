"""`pdca check` for the people who wire it into CI and editors: --quiet, the concise format, the ratchet
in the annotation formats, and where each format says a file is.  Real registers, a real git repository
for --diff, the real CLI."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import pdca, write_register

# One error (an unknown area) and one warning (a measure past its due date), as of 2024-06-30.
OLD_PROBLEMS = """\
risks:
  - {id: CG-001, title: 供应商选择, area: nowhere, dimension: 业务流程}
  - id: CG-002
    title: 合同签订
    area: procurement
    dimension: 业务流程
    measures:
      - {id: CG-002-M1, title: 集体评审, line: before, due: 2024-06-01, status: planned}
"""
# The same two problems on moved lines, and one new error and one new warning.
NEW_PROBLEMS = """\
risks:
  # a comment moves every line down
  - {id: CG-001, title: 供应商选择, area: nowhere, dimension: 业务流程}
  - id: CG-002
    title: 合同签订
    area: procurement
    dimension: 业务流程
    measures:
      - {id: CG-002-M1, title: 集体评审, line: before, due: 2024-06-01, status: planned}
  - {id: CG-003, title: 验收, area: procurement, department: nobody, dimension: 业务流程}
  - id: CG-004
    title: 付款
    area: procurement
    dimension: 业务流程
    measures:
      - {id: CG-004-M1, title: 会签, line: during, due: 2024-05-01, status: planned}
"""
AS_OF = ("--as-of", "2024-06-30")
CONCISE = re.compile(r"^(.+):(\d+):(\d+): (error|warning|note) \[([a-z-]+)\] (.+)$")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                   check=True, capture_output=True)


def ratcheted_repo(tmp_path: Path, change: str) -> Path:
    """A git repository whose register `registers/x` had OLD_PROBLEMS at HEAD and has `change` now."""
    repo = tmp_path / "repo"
    root = write_register(repo / "registers" / "x", {"risks/procurement.yaml": OLD_PROBLEMS})
    git(tmp_path, "init", "-q", str(repo))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base with one error and one warning")
    (root / "risks" / "procurement.yaml").write_text(change, encoding="utf-8")
    return root


def listed(fmt: str, out: str) -> list[str]:
    """The rules of the problems an output lists, in its order."""
    if fmt == "json":
        return [d["rule"] for d in json.loads(out)["diagnostics"]]
    if fmt == "sarif":
        return [r["ruleId"] for r in json.loads(out)["runs"][0]["results"]]
    if fmt == "gitlab":
        return [issue["check_name"] for issue in json.loads(out)]
    return [a or b for a, b in re.findall(r"\[([a-z-]+)\]|title=pdca ([a-z-]+)", out)]  # text, concise, github


# --quiet ---------------------------------------------------------------------------------------------

def test_quiet_lists_only_errors_in_every_format_and_keeps_the_counts_and_the_exit_code(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/procurement.yaml": OLD_PROBLEMS})
    for fmt in ("text", "json", "github", "sarif", "gitlab", "concise"):
        loud = pdca("check", root, *AS_OF, "--format", fmt)
        assert listed(fmt, loud.out) == ["unknown-reference", "measure-overdue"], fmt
        quiet = pdca("check", root, *AS_OF, "--format", fmt, "--quiet")
        assert quiet.code == loud.code == 1, fmt
        assert listed(fmt, quiet.out) == ["unknown-reference"], fmt
    assert pdca("check", root, *AS_OF, "-q", "--format", "json").json()["summary"] == {"errors": 1, "warnings": 1, "files": 2}
    text = pdca("check", root, *AS_OF, "-q").out
    assert text.rstrip().endswith("1 个错误，1 个警告（2 个文件）")  # the summary still counts the warning
    assert "警告  " not in text


def test_quiet_on_a_register_with_only_warnings_lists_nothing_and_passes(tmp_path: Path) -> None:
    warning_only = OLD_PROBLEMS.replace("area: nowhere", "area: procurement")
    root = write_register(tmp_path / "reg", {"risks/procurement.yaml": warning_only})
    quiet = pdca("check", root, *AS_OF, "--quiet")
    assert quiet.code == 0
    assert quiet.out == "0 个错误，1 个警告（2 个文件）\n"
    assert pdca("check", root, *AS_OF, "--quiet", "--format", "concise").out == ""


def test_quiet_leaves_out_waived_errors_too(tmp_path: Path) -> None:
    from conftest import BASE_CONFIG

    config = BASE_CONFIG + ("waivers:\n  - {rule: unknown-reference, target: CG-001, reason: 领域调整中, "
                            "until: 2024-12-31, approver: 纪委书记}\n")
    root = write_register(tmp_path / "reg", {"risks/procurement.yaml": OLD_PROBLEMS}, config)
    loud = pdca("check", root, *AS_OF, "--format", "json")
    assert loud.code == 0 and [d["rule"] for d in loud.json()["diagnostics"] if "waived" in d] == ["unknown-reference"]
    quiet = pdca("check", root, *AS_OF, "--quiet", "--format", "json")
    assert quiet.code == 0 and quiet.json()["diagnostics"] == []
    assert quiet.json()["summary"] == {"errors": 0, "warnings": 1, "files": 2, "waived": 1}


def test_help_names_quiet_and_concise() -> None:
    shown = pdca("check", "--help").out
    assert "--quiet" in shown and "concise" in shown and "-q" in shown


# --format concise ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_concise_is_one_line_per_problem_with_english_severities_and_the_summary_on_stderr(
        tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    write_register(tmp_path / "reg", {"risks/procurement.yaml": OLD_PROBLEMS})
    monkeypatch.chdir(tmp_path)
    result = pdca("check", "reg", *AS_OF, "--format", "concise", "--lang", lang)
    assert result.code == 1
    lines = result.out.splitlines()
    found = [CONCISE.match(line) for line in lines]
    assert all(found), lines
    path = "reg/risks/procurement.yaml"
    assert [m.groups()[:5] for m in found if m] == [
        (path, "2", "32", "error", "unknown-reference"),
        (path, "8", "52", "warning", "measure-overdue"),
    ]
    message = found[0].group(6) if found[0] else ""
    assert ("nowhere" in message) and (re.search("[\u4e00-\u9fff]", message) is not None) == (lang == "zh")
    summary = {"zh": "1 个错误，1 个警告（2 个文件）", "en": "1 error"}[lang]
    assert summary in result.err and summary not in result.out


def test_concise_has_no_colour_even_where_the_text_format_has(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_register(tmp_path / "reg", {"risks/procurement.yaml": OLD_PROBLEMS})
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in pdca("check", root, *AS_OF).out  # a terminal's colours, forced
    concise = pdca("check", root, *AS_OF, "--format", "concise")
    assert concise.code == 1 and len(concise.out.splitlines()) == 2
    assert "\x1b" not in concise.out + concise.err


def test_concise_keeps_a_hostile_message_on_its_line(tmp_path: Path) -> None:
    hostile = OLD_PROBLEMS.replace("area: nowhere", 'area: "nowhere\\n::error file=x::forged\\u001b[2J"')
    root = write_register(tmp_path / "reg", {"risks/procurement.yaml": hostile})
    lines = pdca("check", root, *AS_OF, "--format", "concise").out.splitlines()
    assert len(lines) == 2 and all(CONCISE.match(line) for line in lines)
    assert "\x1b" not in "".join(lines) and not any(line.startswith("::") for line in lines)


# --diff in the annotation formats --------------------------------------------------------------------

def test_github_annotates_only_what_the_change_brought_as_errors_and_warnings(tmp_path: Path) -> None:
    root = ratcheted_repo(tmp_path, NEW_PROBLEMS)
    result = pdca("check", root, *AS_OF, "--diff", "HEAD", "--format", "github")
    assert result.code == 1
    levels = sorted(re.findall(r"^::(\w+) .*title=pdca ([a-z-]+)::", result.out, re.M))
    assert levels == [("error", "unknown-reference"), ("notice", "measure-overdue"), ("notice", "unknown-reference"),
                      ("warning", "measure-overdue")]
    assert "line=10" in re.search(r"^::error .*$", result.out, re.M).group()  # type: ignore[union-attr]


def test_a_passing_ratchet_shows_no_error_or_warning_annotation(tmp_path: Path) -> None:
    root = ratcheted_repo(tmp_path, "risks:\n  # moved\n" + OLD_PROBLEMS.removeprefix("risks:\n"))
    github = pdca("check", root, *AS_OF, "--diff", "HEAD", "--format", "github")
    assert github.code == 0
    assert [line.split(" ", 1)[0] for line in github.out.splitlines()] == ["::notice", "::notice"]
    gitlab = pdca("check", root, *AS_OF, "--diff", "HEAD", "--format", "gitlab")
    assert gitlab.code == 0 and [issue["severity"] for issue in json.loads(gitlab.out)] == ["info", "info"]
    sarif = pdca("check", root, *AS_OF, "--diff", "HEAD", "--format", "sarif")
    results = json.loads(sarif.out)["runs"][0]["results"]
    assert sarif.code == 0 and [(r["level"], r["baselineState"]) for r in results] == [("note", "unchanged")] * 2
    concise = pdca("check", root, *AS_OF, "--diff", "HEAD", "--format", "concise")
    assert concise.code == 0 and [CONCISE.match(line).group(4) for line in concise.out.splitlines()] == ["note", "note"]  # type: ignore[union-attr]


def test_gitlab_sarif_and_concise_mark_old_and_new_problems(tmp_path: Path) -> None:
    root = ratcheted_repo(tmp_path, NEW_PROBLEMS)
    gitlab = json.loads(pdca("check", root, *AS_OF, "--diff", "HEAD", "--format", "gitlab").out)
    assert sorted((i["check_name"], i["location"]["lines"]["begin"], i["severity"]) for i in gitlab) == [
        ("measure-overdue", 9, "info"), ("measure-overdue", 16, "minor"),
        ("unknown-reference", 3, "info"), ("unknown-reference", 10, "major")]
    sarif = json.loads(pdca("check", root, *AS_OF, "--diff", "HEAD", "--format", "sarif").out)
    assert sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"], r["level"], r["baselineState"])
                  for r in sarif["runs"][0]["results"]) == [
        ("measure-overdue", 9, "note", "unchanged"), ("measure-overdue", 16, "warning", "new"),
        ("unknown-reference", 3, "note", "unchanged"), ("unknown-reference", 10, "error", "new")]
    concise = pdca("check", root, *AS_OF, "--diff", "HEAD", "--format", "concise").out.splitlines()
    assert [(m.group(2), m.group(4)) for m in map(CONCISE.match, concise) if m] == [
        ("3", "note"), ("9", "note"), ("10", "error"), ("16", "warning")]


def test_without_diff_the_annotation_formats_say_nothing_of_new(tmp_path: Path) -> None:
    root = ratcheted_repo(tmp_path, NEW_PROBLEMS)
    sarif = json.loads(pdca("check", root, *AS_OF, "--format", "sarif").out)["runs"][0]["results"]
    assert all("baselineState" not in r for r in sarif) and {r["level"] for r in sarif} == {"error", "warning"}
    github = pdca("check", root, *AS_OF, "--format", "github").out
    assert "::notice" not in github


def test_json_and_text_under_diff_keep_severities_and_mark_what_is_new(tmp_path: Path) -> None:
    root = ratcheted_repo(tmp_path, NEW_PROBLEMS)
    document = pdca("check", root, *AS_OF, "--diff", "HEAD", "--format", "json").json()
    assert [(d["line"], d["severity"], d["new"]) for d in document["diagnostics"]] == [
        (3, "error", False), (9, "warning", False), (10, "error", True), (16, "warning", True)]
    assert document["summary"] == {"errors": 2, "warnings": 2, "files": 2, "new_errors": 1}
    text = pdca("check", root, *AS_OF, "--diff", "HEAD").out
    assert [line.split()[0] for line in text.splitlines() if " 新 " in line] == ["10:48", "16:50"]


def test_quiet_with_diff_keeps_old_errors_as_notices_and_drops_warnings(tmp_path: Path) -> None:
    root = ratcheted_repo(tmp_path, NEW_PROBLEMS)
    github = pdca("check", root, *AS_OF, "--diff", "HEAD", "--format", "github", "--quiet")
    assert github.code == 1
    assert sorted(line.split(" ", 1)[0] for line in github.out.splitlines()) == ["::error", "::notice"]


# where each format says a file is --------------------------------------------------------------------

def test_json_path_is_the_file_as_the_text_format_prints_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = ratcheted_repo(tmp_path, OLD_PROBLEMS)
    monkeypatch.chdir(root / "risks")  # inside the register: the text format prints ../risks/...
    text_heading = pdca("check", *AS_OF).out.splitlines()[0]
    document = pdca("check", *AS_OF, "--format", "json").json()
    assert {d["file"] for d in document["diagnostics"]} == {"risks/procurement.yaml"}  # the register's own
    assert {d["path"] for d in document["diagnostics"]} == {text_heading}
    assert text_heading != "risks/procurement.yaml" and (Path.cwd() / text_heading).is_file()
    concise = pdca("check", *AS_OF, "--format", "concise").out.splitlines()
    assert {line.split(":", 1)[0] for line in concise} == {text_heading}
    github = pdca("check", *AS_OF, "--format", "github").out
    assert "file=registers/x/risks/procurement.yaml," in github  # annotations: from the repository root


def test_json_path_with_several_registers_named_from_a_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a", "b"):
        write_register(tmp_path / "registers" / name, {"risks/procurement.yaml": OLD_PROBLEMS})
    monkeypatch.chdir(tmp_path)
    document = pdca("check", "registers/a", "registers/b", *AS_OF, "--format", "json").json()
    assert sorted({(d["register"], d["file"], d["path"]) for d in document["diagnostics"]}) == [
        ("registers/a", "risks/procurement.yaml", "registers/a/risks/procurement.yaml"),
        ("registers/b", "risks/procurement.yaml", "registers/b/risks/procurement.yaml")]
    text = pdca("check", "registers/a", "registers/b", *AS_OF).out
    assert {d["path"] for d in document["diagnostics"]} <= set(text.splitlines())
