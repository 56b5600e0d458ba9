"""The first hour of a new user (issue 15): what they type is understood or refused with what to type.

Selectors by id or name, ids in any case, dates and periods in the forms people write, the register
named before the ids or with -r on every command, a parent folder of registers, and -o that says what
it wrote.  Every test runs the real CLI on real register folders."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE, pdca, write_register

from pdca import i18n


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example register in a fresh git repository, committed (so `git diff` shows what changed)."""
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".pdca_cache"))
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    return root


def changed_lines(root: Path) -> list[str]:
    diff = subprocess.run(["git", "-C", str(root), "diff", "-U0"], capture_output=True, text=True, check=True).stdout
    return [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


# --- dates and periods as people type them -----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2024-6-30", "2024/06/30", "2024.6.30", "2024年6月30日", "20240630", "２０２４－０６－３０"])
def test_a_day_is_read_in_the_forms_people_type(typed: str) -> None:
    iso = pdca("status", EXAMPLE, "--as-of", "2024-06-30")
    result = pdca("status", EXAMPLE, "--as-of", typed)
    assert result.code == 0 and result.out == iso.out, result.err


@pytest.mark.parametrize(("option", "typed", "iso"), [
    ("--month", "2024-6", "2024-06"), ("--month", "2024/6", "2024-06"), ("--month", "2024.6", "2024-06"),
    ("--month", "2024年6月", "2024-06"), ("--half", "2024h1", "2024H1"), ("--half", "2024年上半年", "2024H1"),
    ("--half", "2024-H2", "2024H2"), ("--year", "2024年", "2024"),
])
def test_a_period_is_read_in_the_forms_people_type(option: str, typed: str, iso: str) -> None:
    expected = pdca("report", EXAMPLE, option, iso)
    result = pdca("report", EXAMPLE, option, typed)
    assert result.code == 0 and result.out == expected.out, result.err


def test_every_date_option_of_the_editing_commands_reads_the_same_forms(repo: Path) -> None:
    def run(*args: str) -> None:
        result = pdca(*args, "-r", str(repo))
        assert result.code == 0, result.err

    run("advance", "ZD-003", "--to", "C", "--as-of", "2024/7/1")
    run("finding", "done", "SJ-2024-01-F1", "--result", "r", "--evidence", "e", "--date", "2024年7月10日")
    run("finding", "extend", "NK-2024-01-F3", "--until", "2024.9.30", "--by", "纪委办公室", "--reason", "r",
        "--date", "2024-7-1")
    run("new", "measure", "--risk", "CG-001", "--title", "t", "--line", "事中", "--due", "2024/9/30")
    run("new", "finding", "--check", "SJ-2024-01", "--problem", "p", "--department", "purchasing",
        "--deadline", "2024年9月30日")
    run("new", "check", "--source", "审计", "--title", "t", "--date", "2024.10.15")
    run("cycle", "start", "2025", "--start", "2025/1/1", "--end", "2025年12月31日", "--force")
    added = "\n".join(changed_lines(repo))
    for written in ("date: 2024-07-01", "done: 2024-07-10", "until: 2024-09-30", "due: 2024-09-30",
                    "deadline: 2024-09-30", "date: 2024-10-15", "start: 2025-01-01", "end: 2025-12-31"):
        assert written in added, written
    assert "/" not in added.replace("://", "") and "年" not in added.replace("年度", "")


EXAMPLE_OF = re.compile(r"(?:例如|e\.g\.) (\S+?)(?:（|；|,| \(|$)")


@pytest.mark.parametrize(("args", "option", "typed"), [
    (["status", "--as-of", "2024-6-31"], "--as-of", "2024-6-31"),
    (["status", "--as-of", "2024-06"], "--as-of", "2024-06"),
    (["status", "--as-of", "30/06/2024"], "--as-of", "30/06/2024"),
    (["report", "--month", "2024-06", "--as-of", "2024-W26-1"], "--as-of", "2024-W26-1"),
    (["report", "--month", "2024H1"], "--month", "2024H1"),
    (["report", "--month", "2024-13"], "--month", "2024-13"),
    (["report", "--half", "2024-06"], "--half", "2024-06"),
    (["report", "--half", "2024H3"], "--half", "2024H3"),
    (["report", "--year", "2024-06"], "--year", "2024-06"),
    (["report", "--year", "24"], "--year", "24"),
    (["export", "--as-of", "June"], "--as-of", "June"),
])
def test_a_date_or_period_written_wrongly_is_refused_with_an_example_that_works(
        args: list[str], option: str, typed: str) -> None:
    result = pdca(*args, EXAMPLE)
    assert result.code == 2 and result.out == "" and typed in result.err, result.err
    examples = EXAMPLE_OF.findall(result.err)
    assert examples and all(example != typed for example in examples), result.err
    fixed = [examples[0] if arg == typed else arg for arg in args]
    assert pdca(*fixed, EXAMPLE).code == 0, (fixed, result.err)


