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


# --- selectors: by id or by name, and never a silent "nothing to do" ----------------------------------


def test_status_takes_a_department_or_an_area_by_id_or_by_name() -> None:
    by_id = pdca("status", EXAMPLE, "--department", "purchasing", "--as-of", "2024-06-30")
    by_name = pdca("status", EXAMPLE, "--department", "物资采购部", "--as-of", "2024-06-30")
    assert by_id.code == by_name.code == 0
    assert by_name.out == by_id.out and "逾期整改事项" in by_id.out
    area_id = pdca("status", EXAMPLE, "--area", "procurement", "--as-of", "2024-06-30")
    area_name = pdca("status", EXAMPLE, "--area", "物资采购", "--as-of", "2024-06-30")
    assert area_name.out == area_id.out and "CG-" in area_id.out


@pytest.mark.parametrize(("args", "says"), [
    (["status", "--department", "物资部"], ["--department：没有部门 物资部（是否指 物资采购部？）", "purchasing（物资采购部）"]),
    (["status", "--area", "procurment"], ["--area：没有重点领域 procurment（是否指 procurement？）", "scrap（废旧物资处置）"]),
    (["advance", "--area", "procurment", "--to", "D"], ["没有重点领域 procurment（是否指 procurement？）"]),
    (["advance", "--department", "采购部", "--to", "D"], ["没有部门 采购部（是否指 物资采购部？）", "finance（财务部）"]),
])
def test_a_selector_that_names_nothing_exits_2_with_the_choices_and_the_closest(
        repo: Path, args: list[str], says: list[str]) -> None:
    result = pdca(*args, "-r", repo)
    assert result.code == 2, result.out
    assert result.out == "" and all(part in result.err for part in says), result.err
    assert changed_lines(repo) == []


def test_advance_by_department_name_moves_what_the_id_moves(repo: Path) -> None:
    by_id = pdca("advance", "--department", "purchasing", "--to", "D", "--dry-run", "-r", repo)
    by_name = pdca("advance", "--department", "物资采购部", "--to", "D", "--dry-run", "-r", repo)
    by_area = pdca("advance", "--area", "物资采购", "--to", "D", "--dry-run", "-r", repo)
    by_area_id = pdca("advance", "--area", "procurement", "--to", "D", "--dry-run", "-r", repo)
    assert (by_name.code, by_name.out, by_name.err) == (by_id.code, by_id.out, by_id.err)
    assert (by_area.code, by_area.out, by_area.err) == (by_area_id.code, by_area_id.out, by_area_id.err)
    assert "没有需要推进的风险点" not in by_name.out + by_area.out


def test_new_entries_take_departments_areas_and_posts_by_name(repo: Path) -> None:
    risk = pdca("new", "risk", "--area", "物资采购", "--title", "紧急采购程序被滥用", "--dimension", "业务流程",
                "--department", "物资采购部", "--post", "采购专员", "--as-of", "2024-07-01", "-r", repo)
    assert risk.code == 0, risk.err
    check = pdca("new", "check", "--source", "审计", "--title", "采购审计", "--date", "2024-10-15",
                 "--departments", "物资采购部,财务部", "-r", repo)
    assert check.code == 0, check.err
    added = changed_lines(repo)
    assert "+    department: purchasing" in added and "+    post: buyer" in added
    assert "+    departments: [purchasing, finance]" in added
    assert pdca("check", repo, "--as-of", "2024-12-01", "--format", "json").json()["summary"]["errors"] == 0


def test_a_name_two_departments_share_is_refused_with_both(tmp_path: Path) -> None:
    config = (
        'schema: pdca/v1\norganization: 测试公司\ncycle: {id: "2024", start: 2024-01-01, end: 2024-12-31}\n'
        "departments:\n  - {id: buy-a, name: 采购部}\n  - {id: buy-b, name: 采购部}\n"
        "areas:\n  - {id: procurement, name: 物资采购, prefix: CG}\n"
    )
    root = write_register(tmp_path / "reg", {}, config)
    result = pdca("status", root, "--department", "采购部", "--as-of", "2024-06-30")
    assert result.code == 2 and "buy-a（采购部）、buy-b（采购部）" in result.err, result.err


# --- ids in any case, with the closest when none matches -------------------------------------------------


def test_ids_are_taken_in_any_case_by_every_command_that_takes_them(repo: Path) -> None:
    assert pdca("explain", "cg-005", "-r", repo).out == pdca("explain", "CG-005", "-r", repo).out != ""
    moved = pdca("advance", "zd-003", "--to", "C", "--as-of", "2024-07-01", "-r", repo)
    assert moved.code == 0 and "ZD-003：" in moved.out, moved.err
    done = pdca("finding", "done", "sj-2024-01-f1", "--result", "已追回", "--evidence", "OA-1", "--date", "2024-07-10",
                "-r", repo)
    assert done.code == 0 and "SJ-2024-01-F1：" in done.out, done.err
    measure = pdca("new", "measure", "--risk", "cg-001", "--title", "询价单线上发布", "--line", "事中", "-r", repo)
    assert measure.code == 0 and "CG-001-M" in measure.out, measure.err
    finding = pdca("new", "finding", "--check", "sj-2024-01", "--problem", "合同未审", "--department", "purchasing",
                   "--deadline", "2024-09-30", "--risk", "cg-001", "-r", repo)
    assert finding.code == 0 and "SJ-2024-01-F" in finding.out, finding.err
    added = changed_lines(repo)
    assert "+        risk: CG-001" in added and not any("cg-" in line or "sj-" in line for line in added)


@pytest.mark.parametrize("args", [
    ["explain", "CG-05"],
    ["advance", "CG-05", "--to", "D"],
    ["new", "measure", "--risk", "CG-05", "--title", "t", "--line", "before"],
])
def test_an_id_that_names_nothing_says_which_was_meant(repo: Path, args: list[str]) -> None:
    result = pdca(*args, "-r", repo)
    assert result.code == 2 and "没有风险点 CG-05（是否指 CG-005？）" in result.err, result.err
    assert changed_lines(repo) == []


def test_a_finding_id_that_names_nothing_says_which_was_meant(repo: Path) -> None:
    for command in (["done", "--result", "r", "--evidence", "e"], ["close", "--by", "纪委办公室"],
                    ["extend", "--until", "2025-01-31", "--by", "纪委办公室", "--reason", "r"],
                    ["act", "--kind", "notice", "--ref", "X-1"], ["return", "--reason", "r"]):
        result = pdca("finding", command[0], "SJ-2024-1-F1", *command[1:], "-r", repo)
        assert result.code == 2 and "没有整改事项 SJ-2024-1-F1（是否指 SJ-2024-01-F1？）" in result.err, result.err
    assert changed_lines(repo) == []


def test_ids_that_differ_only_in_case_are_not_guessed(tmp_path: Path) -> None:
    risks = ("risks:\n"
             "  - {id: CG-001, title: a, area: procurement, dimension: 业务流程, likelihood: 2, impact: 2}\n"
             "  - {id: cg-001, title: b, area: procurement, dimension: 业务流程, likelihood: 2, impact: 2}\n")
    root = write_register(tmp_path / "reg", {"risks/procurement.yaml": risks})
    assert pdca("explain", "cg-001", "-r", root).out.startswith("cg-001  b")
    result = pdca("explain", "Cg-001", "-r", root)
    assert result.code == 2 and "CG-001、cg-001" in result.err, result.err


# --- -o says what it wrote; standard output stays the document -----------------------------------------


def test_every_command_writing_to_a_file_says_so(repo: Path, tmp_path: Path) -> None:
    report = tmp_path / "通报.md"
    result = pdca("report", repo, "--month", "2024-06", "-o", report)
    assert result.code == 0 and result.out == f"已写入 {report}\n" and report.read_text(encoding="utf-8").startswith("#")
    exported = pdca("export", repo, "--as-of", "2024-06-30", "-o", tmp_path / "r.json", "--lang", "en")
    assert exported.code == 0 and exported.out == i18n.text("edit.written", "en", path=tmp_path / "r.json") + "\n"
    folder = tmp_path / "csv"
    tables = pdca("export", repo, "--format", "csv", "-o", folder)
    assert tables.out.splitlines() == [f"已写入 {folder / name}.csv" for name in
                                       ("risks", "measures", "findings", "checks", "activities")]
    workbook = pdca("export", repo, "--format", "xlsx", "-o", tmp_path / "r.xlsx")
    assert workbook.out == f"已写入 {tmp_path / 'r.xlsx'}\n"
    diff = pdca("diff", "HEAD", "-r", repo, "-o", tmp_path / "diff.md")
    assert diff.code == 0 and diff.out == f"已写入 {tmp_path / 'diff.md'}\n", diff.err


def test_standard_output_named_with_o_is_the_document_alone(repo: Path) -> None:
    plain = pdca("report", repo, "--month", "2024-06")
    dashed = pdca("report", repo, "--month", "2024-06", "-o", "-")
    assert dashed.out == plain.out and "已写入" not in dashed.out + dashed.err


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


# --- the register named before the ids, or with -r, everywhere -----------------------------------------


def test_a_leading_register_folder_is_the_register(repo: Path) -> None:
    assert pdca("explain", repo, "CG-005").out == pdca("explain", "CG-005", "-r", repo).out != ""
    moved = pdca("advance", repo, "ZD-003", "--to", "C", "--as-of", "2024-07-01")
    assert moved.code == 0, moved.err
    done = pdca("finding", "done", repo, "SJ-2024-01-F1", "--result", "r", "--evidence", "e", "--date", "2024-07-10")
    assert done.code == 0, done.err
    assert "+    stage: C" in changed_lines(repo) and "+        status: done" in changed_lines(repo)


def test_the_register_named_twice_differently_is_refused(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(EXAMPLE, other, ignore=shutil.ignore_patterns(".pdca_cache"))
    result = pdca("advance", other, "ZD-003", "--to", "C", "-r", repo)
    assert result.code == 2 and "登记册指定了两次" in result.err
    assert pdca("explain", repo, "-r", repo, "CG-005").code == 0  # the same register twice is fine
    assert pdca("explain", repo).code == 2  # a register and no id


def test_the_reading_commands_take_the_register_with_r_too(repo: Path) -> None:
    for args in (["status", "--as-of", "2024-06-30"], ["report", "--month", "2024-06"], ["export", "--as-of", "2024-06-30"]):
        named = pdca(*args, repo)
        flagged = pdca(*args, "-r", repo)
        assert flagged.code == 0 and flagged.out == named.out, (args, flagged.err)


def test_a_parent_folder_checks_every_register_below_it(tmp_path: Path) -> None:
    parent = tmp_path / "registers"
    for where in ("b", "a/group", "c/deep/er"):
        write_register(parent / where, {})
    write_register(parent / "a" / "group" / "risks" / "inner", {})  # inside a register: not a register of its own
    write_register(parent / ".hidden" / "r", {})  # .git, .venv and the like are not searched
    (parent / "a" / "loop").symlink_to(parent, target_is_directory=True)  # a link is never searched
    checked = pdca("check", parent, "--as-of", "2024-06-30")
    assert checked.code == 0 and "（3 个文件）" in checked.out, checked.out + checked.err
    names = [r["register"] for r in pdca("export", parent, "--as-of", "2024-06-30").json()["registers"]]
    assert [name.rsplit("registers/", 1)[1] for name in names] == ["a/group", "b", "c/deep/er"]


def test_a_register_below_a_parent_folder_that_links_out_is_refused(tmp_path: Path) -> None:
    parent = tmp_path / "registers"
    write_register(parent / "ours", {})
    elsewhere = write_register(tmp_path / "elsewhere" / "theirs", {})
    (parent / "group").mkdir()
    (parent / "group" / "theirs").symlink_to(elsewhere, target_is_directory=True)
    result = pdca("check", parent, "--as-of", "2024-06-30")
    assert result.code == 2 and "不跟随" in result.err, result.err
