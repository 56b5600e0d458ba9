"""Creating and importing, as a new user meets them (issue 15): `pdca init`, `pdca library show`, `pdca new`
(at a terminal too), `pdca owners`, CSV with Chinese headers, and Excel imports, on real files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, pdca

from pdca import i18n

# --- pdca init ------------------------------------------------------------------------------------


def test_init_refuses_a_cycle_year_that_is_not_four_digits(tmp_path: Path) -> None:
    for value in ("25", "0025", "20250", "next"):
        result = pdca("init", tmp_path / value, "--org", "测试公司", "--cycle", value)
        assert result.code == 2, value
        assert f"--cycle {value}" in result.err and "--cycle 2025" in result.err and "Traceback" not in result.err
        assert not (tmp_path / value).exists()


def test_init_in_english_writes_language_en(tmp_path: Path) -> None:
    assert pdca("init", tmp_path / "en", "--org", "X Co", "--cycle", "2025", "--lang", "en", "--empty").code == 0
    assert "\nlanguage: en " in (tmp_path / "en" / "pdca.yaml").read_text(encoding="utf-8")
    # the register then speaks English without --lang
    unknown = pdca("new", "risk", "-r", tmp_path / "en", "--area", "nope", "--title", "t", "--dimension", "业务流程")
    assert unknown.code == 2 and i18n.text("kind.area", "en") in unknown.err
    assert pdca("init", tmp_path / "zh", "--org", "甲公司", "--cycle", "2025", "--empty").code == 0
    assert "\nlanguage: zh " in (tmp_path / "zh" / "pdca.yaml").read_text(encoding="utf-8")


# --- pdca library show -----------------------------------------------------------------------------


def _paste(risks_file: Path, shown: str) -> None:
    """What a user does with the output: paste it at the end of a risks file, under `risks:`."""
    risks_file.write_text(risks_file.read_text(encoding="utf-8") + shown, encoding="utf-8")


def test_a_library_entry_pastes_into_a_risks_file_and_passes_check(tmp_path: Path) -> None:
    target = tmp_path / "reg"
    assert pdca("init", target, "--org", "测试公司", "--cycle", "2025", "--areas", "procurement").code == 0
    before = pdca("check", target, "--format", "json").json()["summary"]
    for entry in ("LIB-CG-01", "lib-cg-02"):  # twice: the second gets the next free id too
        shown = pdca("library", "show", entry, "-r", target)
        assert shown.code == 0, shown.err
        assert shown.out.startswith("# ") and "risks/procurement.yaml" in shown.out.splitlines()[0]
        _paste(target / "risks" / "procurement.yaml", shown.out)
    after = pdca("check", target, "--format", "json").json()
    assert after["summary"]["errors"] == before["errors"] == 0, after["diagnostics"][:3]
    risks = {r["title"]: r for r in pdca("export", target).json()["risks"]}
    pasted = risks["化整为零规避公开招标"]
    assert pasted["department"] == "purchasing" and pasted["area"] == "procurement" and pasted["stage"] == "P"
    assert len({r["id"] for r in risks.values()}) == len(risks)


def test_a_library_entry_for_a_register_without_its_area_says_what_to_add(register) -> None:  # type: ignore[no-untyped-def]
    root = register({"risks/cw.yaml": "risks:\n  - {id: CW-001, title: t, area: finance, dimension: 业务流程}\n"})
    shown = pdca("library", "show", "LIB-GC-01", "-r", root)
    assert shown.code == 0
    assert "areas:" in shown.err and "pdca.yaml" in shown.err and "engineering" in shown.err
    assert "department" in shown.err  # 工程管理部 is not a department of this register: said, not guessed


def test_library_show_of_an_unknown_entry_suggests_one() -> None:
    result = pdca("library", "show", "LIB-CG-1")
    assert result.code == 2 and "LIB-CG-01" in result.err


# --- pdca owners -------------------------------------------------------------------------------------

OWNED = {"risks/cg.yaml": "risks:\n  - {id: CG-001, title: t, area: procurement, department: purchasing, dimension: 业务流程}\n"}
REVIEWED = BASE_CONFIG.replace("{id: purchasing, name: 物资采购部}", "{id: purchasing, name: 物资采购部, reviewers: ['@org/buyers']}")


def test_owners_says_what_to_configure_when_no_department_has_reviewers(register) -> None:  # type: ignore[no-untyped-def]
    root = register(OWNED)
    for lang, words in (("zh", "审核人"), ("en", "reviewers")):
        result = pdca("owners", "-r", root, "--lang", lang)
        assert result.code == 0
        assert "pdca.yaml" in result.err and "departments[].reviewers" in result.err and words in result.err
        assert "reviewers: ['@" in result.err and "purchasing" in result.err  # an example to copy


def test_owners_written_twice_into_codeowners_adds_nothing(register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = register(OWNED, REVIEWED)
    printed = pdca("owners", "-r", root)
    assert printed.code == 0 and "/risks/cg.yaml @org/buyers" in printed.out and printed.err == ""
    header, rule = printed.out.splitlines()[:2]
    codeowners = tmp_path / "CODEOWNERS"
    # a file with rules of its own, and the block an earlier `pdca owners >> CODEOWNERS` appended (no end line)
    codeowners.write_text(f"* @admins\n{header}\n{rule.replace('@org/buyers', '@old')}\n/docs/ @writers\n", encoding="utf-8")
    first = pdca("owners", "-r", root, "--write", codeowners)
    assert first.code == 0, first.err
    once = codeowners.read_text(encoding="utf-8")
    assert once.count(header) == 1 and "@old" not in once and rule in once
    assert once.startswith("* @admins\n") and "/docs/ @writers\n" in once
    second = pdca("owners", "-r", root, "--write", codeowners)
    assert second.code == 0 and codeowners.read_text(encoding="utf-8") == once
    assert str(codeowners) in second.out
    # a rule of the user's own for a register file, right after pdca's block, is not taken for part of it
    own = f"{once}{rule.split()[0]} @override\n"
    codeowners.write_text(own, encoding="utf-8")
    assert pdca("owners", "-r", root, "--write", codeowners).code == 0
    assert codeowners.read_text(encoding="utf-8") == own


# --- pdca new ----------------------------------------------------------------------------------------

NEW_REGISTER = {"risks/procurement.yaml": (
    "risks:\n  - {id: CG-001, title: 指定供应商, area: procurement, department: purchasing, dimension: 业务流程}\n")}


def _converse(args: list[str], answers: list[str], cwd: Path, timeout: float = 60) -> tuple[int, str]:
    """Run pdca as a real process at a pseudo-terminal, answering each question (a line ending in the
    prompt's colon) with the next answer, as a person types them; its exit code and all it showed."""
    import os
    import pty
    import select
    import time

    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "COLUMNS": "200"}
    env.pop("PDCA_LANG", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: pdca, its stdin and stdout the terminal
        os.chdir(cwd)
        os.execve(sys.executable, [sys.executable, "-m", "pdca", *args], env)
    shown, answered, pending = b"", 0, list(answers)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            continue  # a question is answered once the program has stopped writing
        last_line = shown[answered:].decode("utf-8", "replace").rsplit("\n", 1)[-1]
        if pending and last_line.rstrip(" ").endswith(("：", ":")):
            os.write(fd, pending.pop(0).encode("utf-8") + b"\r")
            answered = len(shown)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_new_risk_at_a_terminal_asks_in_chinese_and_asks_again_until_each_answer_is_right(register) -> None:  # type: ignore[no-untyped-def]
    root = register(NEW_REGISTER)
    answers = [
        "采购", "物资采购",  # an area that is not one, then its name
        "指定供应商",  # the title of CG-001: warned at once
        "业务", "流程", "业务流程",  # not a dimension twice
        "物资采购部",  # a department by its name
        "采购员", "采购专员",  # a post of that department by name
        "王海涛",
        "9", "0", "x", "6", "高",  # four wrong answers are not the end: then a label of the scale
        "4",
    ]
    code, shown = _converse(["new", "risk", "-r", str(root)], answers, root.parent)
    assert code == 0, shown
    assert "重点领域（可选：procurement 物资采购、finance 财务管理）：" in shown
    assert shown.count("重点领域（") == 2 and shown.count("风险类别（") == 3 and shown.count("可能性（") == 5 and shown.count("不在量表上") == 4
    assert "重点领域“采购”不在可选范围内" in shown and "是否指 物资采购" in shown
    assert "已有同名风险点 CG-001（risks/procurement.yaml:2）" in shown
    assert "岗位（可选：buyer 采购专员；直接回车跳过）" in shown  # the posts of the department chosen
    assert "可能性（1 极低、2 低、3 中、4 高、5 极高；直接回车跳过）" in shown
    assert "危害程度（1 轻微、2 一般、3 较重、4 严重、5 特别严重；直接回车跳过）" in shown
    assert "已新增 CG-002 → risks/procurement.yaml:3" in shown
    added = next(r for r in pdca("export", root).json()["risks"] if r["id"] == "CG-002")
    assert (added["title"], added["area"], added["dimension"], added["department"], added["post"], added["owner"],
            added["likelihood"], added["impact"]) == ("指定供应商", "procurement", "业务流程", "purchasing", "buyer",
                                                      "王海涛", 4, 4)
    assert pdca("check", root, "--format", "json").json()["summary"]["errors"] == 0


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_new_risk_at_a_terminal_asks_in_english_with_lang_en_and_skips_what_is_optional(register) -> None:  # type: ignore[no-untyped-def]
    root = register(NEW_REGISTER)
    code, shown = _converse(["new", "risk", "-r", str(root), "--lang", "en", "--title", "紧急采购被滥用"],
                            ["finance", "制度机制", "", "", "", "", ""], root.parent)
    assert code == 0, shown
    assert "area (one of: procurement 物资采购, finance 财务管理): " in shown
    assert "likelihood (1 极低, 2 低, 3 中, 4 高, 5 极高; Enter to skip): " in shown
    assert "added CW-001 -> risks/finance.yaml:2" in shown
    assert "risk point" not in shown  # given as an option, not asked
    written = (root / "risks" / "finance.yaml").read_text(encoding="utf-8")
    assert "title: 紧急采购被滥用" in written and "department" not in written


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_new_at_a_terminal_cancelled_writes_nothing(register) -> None:  # type: ignore[no-untyped-def]
    root = register(NEW_REGISTER)
    before = (root / "risks" / "procurement.yaml").read_bytes()
    code, shown = _converse(["new", "risk", "-r", str(root)], ["procurement", "\x04"], root.parent)
    assert code == 2 and "已取消，未写入任何文件" in shown and "Traceback" not in shown
    assert (root / "risks" / "procurement.yaml").read_bytes() == before


def test_new_without_a_terminal_names_what_is_missing(register) -> None:  # type: ignore[no-untyped-def]
    root = register(NEW_REGISTER)
    result = pdca("new", "risk", "-r", root, "--title", "t")
    assert result.code == 2 and "--area" in result.err and "--dimension" in result.err


def test_new_takes_names_as_well_as_ids_and_refuses_unknown_ones_with_the_choices(register) -> None:  # type: ignore[no-untyped-def]
    root = register(NEW_REGISTER)
    added = pdca("new", "risk", "-r", root, "--area", "物资采购", "--title", "围标串标", "--dimension", "业务流程",
                 "--department", "物资采购部", "--post", "采购专员")
    assert added.code == 0, added.err
    assert "department: purchasing" in (root / "risks" / "procurement.yaml").read_text(encoding="utf-8")
    wrong = pdca("new", "risk", "-r", root, "--area", "procurment", "--title", "t", "--dimension", "业务")
    assert wrong.code == 2 and "是否指 procurement" in wrong.err and "财务管理" in wrong.err


def test_new_risk_warns_of_a_risk_with_the_same_title(register) -> None:  # type: ignore[no-untyped-def]
    root = register(NEW_REGISTER)
    result = pdca("new", "risk", "-r", root, "--area", "procurement", "--title", "指定 供应商", "--dimension", "业务流程")
    assert result.code == 0 and "已有同名风险点 CG-001（risks/procurement.yaml:2）" in result.err


def test_every_new_command_has_dry_run(register) -> None:  # type: ignore[no-untyped-def]
    root = register({**NEW_REGISTER, "checks/sj.yaml": (
        "checks:\n  - {id: SJ-2024-01, source: 审计, title: 采购审计, date: 2024-03-01, departments: [purchasing]}\n")})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    commands = [
        ["risk", "--area", "finance", "--title", "资金挪用", "--dimension", "职业道德"],  # a new file
        ["measure", "--risk", "CG-001", "--title", "三人评审", "--line", "事前"],
        ["check", "--source", "巡视巡察", "--title", "巡察", "--date", "2024-05-01", "--departments", "财务部"],
        ["finding", "--check", "SJ-2024-01", "--problem", "未比价", "--department", "purchasing", "--deadline", "2024-09-30"],
    ]
    for args in commands:
        result = pdca("new", *args, "-r", root, "--dry-run")
        assert result.code == 0, (args, result.err)
        assert "+++ b/" in result.out and "（试运行，未写入任何文件）" in result.out, args
        assert "将新增 " in result.out
    assert "--- /dev/null\n+++ b/risks/finance.yaml" in pdca("new", *commands[0], "-r", root, "--dry-run").out
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    # refused as the write would be: a dry run says so too
    refused = pdca("new", "finding", "--check", "SJ-2024-01", "--problem", "p", "--department", "purchasing",
                   "--deadline", "2024-01-01", "-r", root, "--dry-run")  # before the check's date
    assert refused.code == 1 and "findings: [{id: SJ-2024-01-F1" in refused.out and "[date-order]" in refused.err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


# --- CSV with Chinese headers ------------------------------------------------------------------------

CSV_REGISTER = {
    "risks/procurement.yaml": (
        "risks:\n  - id: CG-001\n    title: 指定供应商\n    area: procurement\n    department: purchasing\n"
        "    post: buyer\n    dimension: 业务流程\n    measures:\n      - {id: CG-001-M1, title: 三人评审, line: before}\n"),
    "checks/sj-2024.yaml": (
        "checks:\n  - id: SJ-2024-01\n    source: 审计\n    title: 采购审计\n    date: 2024-03-01\n"
        "    departments: [purchasing, finance]\n    risks: [CG-001]\n    findings:\n"
        "      - {id: SJ-2024-01-F1, problem: 未比价, department: purchasing, risk: CG-001, deadline: 2024-09-30}\n"),
}


def _csv(root: Path, table: str, lang: str) -> list[dict[str, str]]:
    import csv
    import io

    result = pdca("export", root, "--format", "csv", "--table", table, "--lang", lang, "--as-of", "2024-06-30")
    assert result.code == 0, result.err
    return list(csv.DictReader(io.StringIO(result.out.lstrip("\ufeff"))))


def test_csv_with_chinese_headers_puts_names_in_name_columns_and_ids_in_id_columns(register) -> None:  # type: ignore[no-untyped-def]
    root = register(CSV_REGISTER)
    risk = _csv(root, "risks", "zh")[0]
    assert (risk["重点领域"], risk["责任部门"], risk["岗位"]) == ("物资采购", "物资采购部", "采购专员")
    assert (risk["重点领域编号"], risk["责任部门编号"], risk["岗位编号"]) == ("procurement", "purchasing", "buyer")
    assert risk["编号"] == "CG-001" and risk["防控措施编号"] == "CG-001-M1"
    measure = _csv(root, "measures", "zh")[0]
    assert measure["风险点编号"] == "CG-001" and "风险点" not in measure
    finding = _csv(root, "findings", "zh")[0]
    assert (finding["检查编号"], finding["风险点编号"], finding["责任部门"], finding["责任部门编号"]) == (
        "SJ-2024-01", "CG-001", "物资采购部", "purchasing")
    check = _csv(root, "checks", "zh")[0]
    assert (check["部门"], check["部门编号"], check["风险点编号"]) == ("物资采购部; 财务部", "purchasing; finance", "CG-001")
    for table in ("risks", "measures", "findings", "checks", "activities"):  # every header in Chinese
        result = pdca("export", root, "--format", "csv", "--table", table)
        header = result.out.lstrip("\ufeff").splitlines()[0]
        assert not any(word.isascii() for word in header.split(",")), (table, header)
    # in English the keys stay what other tools read (ids), and the names come beside them
    english = _csv(root, "risks", "en")[0]
    assert (english["department"], english["department_name"], english["area_name"]) == ("purchasing", "物资采购部", "物资采购")
