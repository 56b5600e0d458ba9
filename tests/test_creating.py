"""Creating and importing, as a new user meets them (issue 15): `pdca init`, `pdca library show`, `pdca new`
(at a terminal too), `pdca owners`, CSV with Chinese headers, and Excel imports, on real files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, EXAMPLE, pdca

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


@pytest.mark.slow  # a second or more: the default suite stays under a minute
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


@pytest.mark.slow  # a second or more: the default suite stays under a minute
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


# --- pdca import xlsx ----------------------------------------------------------------------------------


def _workbook(path: Path, sheets: dict[str, list[list[object]]], merged: tuple[str, ...] = ()) -> Path:
    """A workbook of these sheets (rows from the header down), merges on the first sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    for number, (title, rows) in enumerate(sheets.items()):
        sheet = book.active if number == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        for row in rows:
            sheet.append(row)
    first = book.worksheets[0]
    for cells in merged:
        first.merge_cells(cells)
    book.save(path)
    return path


def _imported(root: Path, workbook: Path, *args: str) -> tuple[str, dict[str, dict[str, object]]]:
    result = pdca("import", "xlsx", workbook, "-r", root, *args)
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if line.strip()]
    assert len(lines) == len(set(lines)), result.out  # nothing said twice
    return result.out, {r["title"]: r for r in pdca("export", root, "--as-of", "2025-06-30").json()["risks"]}


def _measure(root: Path, risk_id: str) -> dict[str, object]:
    return next(m for m in pdca("export", root, "--as-of", "2025-06-30").json()["measures"] if m["risk"] == risk_id)


def test_import_reads_common_header_words_and_dates_as_people_write_them(register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    root = register({})
    head = ["序号", "责任部门", "风险点", "风险描述", "风险等级", "防控措施", "完成时限", "责任领导", "识别时间"]
    workbook = _workbook(tmp_path / "清单.xlsx", {
        "采购": [head,
                 [1, "物资采购部", "指定供应商", "透露预算", "高", "集体评审", "2025年12月", "张三", "2025/6/30"],
                 [2, "物资采购部", "验收不严", "以次充好", "中", "三方验收", "2025.12", "李四", "2025.6.30"],
                 [3, "财务部", "挪用资金", "挪用公款", "低", "双人复核", 2025.6, "王五", "2025年6月30日"],
                 [4, "财务部", "虚报费用", "虚列", "中", "对账", dt.datetime(2025, 9, 30), None, 45838],
                 [5, "财务部", "报销审核", "假发票", "中", "复核", "2025-11", None, 20250630]],
        "整改": [["风险点", "管控措施", "整改时限", "主管领导"], ["超标准接待", "公函审核", "2025年6月", "赵六"]],
        "完成": [["风险点", "具体措施", "完成时间", "风险表现"], ["公车私用", "定位监控", "2025/3/31", "节假日私用"],
                 ["私车公养", None, "2025/4/30", None]],  # a date with no measure: said
    })
    out, risks = _imported(root, workbook)
    assert "未导入的列和单元格：\n  - 工作表“完成”C3（完成时间）：这一行没有防控措施，“2025/4/30”未导入\n" in out, out
    assert out.count("  - 工作表“") == 1  # every column recognised, every other cell read
    due = {title: _measure(root, str(risk["id"]))["due"] for title, risk in risks.items() if title != "私车公养"}
    assert due == {"指定供应商": "2025-12-31", "验收不严": "2025-12-31", "挪用资金": "2025-06-30", "虚报费用": "2025-09-30",
                   "报销审核": "2025-11-30", "超标准接待": "2025-06-30", "公车私用": "2025-03-31"}
    assert {r["identified"] for t, r in risks.items() if t in due and t not in ("超标准接待", "公车私用")} == {"2025-06-30"}
    assert (risks["指定供应商"]["leader"], risks["超标准接待"]["leader"]) == ("张三", "赵六")
    assert (risks["指定供应商"]["description"], risks["公车私用"]["description"]) == ("透露预算", "节假日私用")
    assert pdca("check", root, "--format", "json").json()["summary"]["errors"] == 0


def test_import_lists_every_column_and_cell_it_cannot_read_by_address_once(register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = register({})
    head = ["风险点", "部门", "识别日期", "可能性", "涉及违法犯罪", "防控措施", "措施状态", "完成时限", "备注", "完成时间"]
    workbook = _workbook(tmp_path / "w.xlsx", {"清单": [
        head,
        ["指定供应商", "物资采购部", "2025年13月", 9, "也许", "①集体评审②纪检抽查", "差不多", 2025.1, "注", "2025-01-01"],
        [None, None, None, None, None, None, None, "下月底", None, None],
        ["验收不严", "物资采购部", "2025-06-30", "很高", "否", "三方验收", "推进中", "2025-12", None, None],
    ]}, merged=("A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:G3"))  # one risk on two rows
    out, risks = _imported(root, workbook)
    said = {line.strip("- ").split("（")[0] for line in out.splitlines() if line.startswith("  - 工作表")}
    assert {"工作表“清单”C2", "工作表“清单”D2", "工作表“清单”E2", "工作表“清单”G2", "工作表“清单”H2",
            "工作表“清单”H3", "工作表“清单”D4"} <= said, out  # C3 … G3 are C2 … G2 merged: said once, at C2
    assert "工作表“清单”C3" not in said
    assert "“2025年13月”不是日期" in out and "数字 2025.1 可能是 2025 年 1 月，也可能是 10 月" in out
    assert "“下月底”不是日期" in out and "“很高”不在量表上" in out and "“也许”应为“是”或“否”" in out
    assert "“差不多”不是可选的值" in out and "已完成" in out.split("“差不多”")[1].splitlines()[0]
    assert "备注（I1）" in out and "J1“完成时间”与 H1“完成时限”是同一项" in out
    assert risks["指定供应商"]["identified"] is None and risks["验收不严"]["identified"] == "2025-06-30"
    first = pdca("export", root).json()["measures"]
    assert [(m["title"], m["status"], m["due"]) for m in first] == [
        ("集体评审", "planned", None), ("纪检抽查", "planned", None), ("三方验收", "in_progress", "2025-12-31")]


EXPORTED = {"risks/procurement.yaml": """\
# 物资采购部的风险点（2024 年自查）
risks:
  - id: CG-001
    title: 指定供应商   # 2024-03 部门会议确定
    area: procurement
    department: purchasing
    post: buyer
    owner: 王海涛
    dimension: 业务流程
    likelihood: 3
    impact: 3
    identified: 2024-01-15
    measures:
      - {id: CG-001-M1, title: 三人评审, line: before, owner: 王海涛, due: 2024-06-30, status: in_progress}
      - id: CG-001-M2
        title: 平台留痕
        line: during
        status: planned
        note: 与信息中心商定   # 工作簿不含备注
  - {id: CG-002, title: 验收不严, area: procurement, department: purchasing, dimension: 岗位职责, likelihood: 2, impact: 2}
"""}


def test_an_exported_workbook_edited_and_imported_again_updates_the_register_in_place(register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    root = register(EXPORTED)
    original = (root / "risks" / "procurement.yaml").read_text(encoding="utf-8")
    workbook = tmp_path / "清单.xlsx"
    assert pdca("export", root, "--format", "xlsx", "-o", workbook, "--as-of", "2024-06-30").code == 0
    unchanged = pdca("import", "xlsx", workbook, "-r", root)  # as exported: nothing to change
    assert unchanged.code == 0 and "2 个风险点与登记册相同" in unchanged.out and "已写入" not in unchanged.out
    book = openpyxl.load_workbook(workbook)
    sheet = book["廉洁风险清单"]
    headers = {cell.value: cell.column_letter for cell in sheet[1]}

    def put(header: str, row: int, value: object) -> None:
        sheet[f"{headers[header]}{row}"] = value

    put("责任人", 2, "李强")
    put("可能性", 2, 4)
    put("措施状态", 2, "已完成")
    put("完成日期", 2, "2024年6月20日")
    put("完成期限", 3, "2024年12月")
    put("防控措施", 4, "三方验收")  # CG-002 had no measure
    put("防线", 4, "事中")
    put("阶段", 4, "D 执行")  # stages move with pdca advance
    put("风险类别", 4, None)  # an emptied cell keeps the value
    put("风险等级", 4, "一级")  # computed, not typed
    book.save(workbook)

    dry = pdca("import", "xlsx", workbook, "-r", root, "--dry-run")
    assert dry.code == 0, dry.err
    assert "-    owner: 王海涛\n+    owner: 李强\n" in dry.out and "（试运行，未写入任何文件）" in dry.out
    assert "更新 2 个风险点" in dry.out and "CG-001：责任人、可能性；CG-001-M1 措施状态、完成日期；CG-001-M2 完成期限" in dry.out
    assert (root / "risks" / "procurement.yaml").read_text(encoding="utf-8") == original
    for cell, words in ((f"{headers['阶段']}4", "阶段由“P 计划”改为“D 执行”未导入"),
                        (f"{headers['风险类别']}4", "登记册中的“岗位职责”保留未删"),
                        (f"{headers['风险等级']}4", "风险等级“一级”未导入")):
        assert f"工作表“廉洁风险清单”{cell}" in dry.out and words in dry.out, cell

    written = pdca("import", "xlsx", workbook, "-r", root)
    assert written.code == 0 and "已写入 risks/procurement.yaml" in written.out, written.err
    text = (root / "risks" / "procurement.yaml").read_text(encoding="utf-8")
    for kept in ("# 物资采购部的风险点（2024 年自查）\n", "title: 指定供应商   # 2024-03 部门会议确定\n",
                 "note: 与信息中心商定   # 工作簿不含备注\n", "dimension: 岗位职责"):
        assert kept in text, kept
    assert "owner: 李强" in text and "likelihood: 4" in text and "status: done, done: 2024-06-20}" in text
    assert "due: 2024-12-31" in text and "{id: CG-002-M1, title: 三方验收, line: during, status: planned}" in text
    assert "stage: D" not in text
    assert pdca("check", root, "--as-of", "2024-06-30").code == 0
    again = pdca("import", "xlsx", workbook, "-r", root)
    assert "更新 0 个风险点；2 个风险点与登记册相同" in again.out and "已写入" not in again.out


def test_the_example_register_exported_and_imported_into_itself_changes_nothing(tmp_path: Path) -> None:
    import shutil

    from conftest import EXAMPLE

    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    workbook = tmp_path / "清单.xlsx"
    assert pdca("export", root, "--format", "xlsx", "-o", workbook, "--as-of", "2024-06-30").code == 0
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = pdca("import", "xlsx", workbook, "-r", root)
    assert result.code == 0, result.err
    assert "更新 0 个风险点" in result.out and "未导入的列和单元格" not in result.out, result.out
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_a_sheet_naming_a_risk_twice_imports_again_without_a_clash(register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = register({})
    head = ["风险点", "部门", "岗位", "防控措施"]
    workbook = _workbook(tmp_path / "w.xlsx", {"清单": [
        head, ["指定供应商", "物资采购部", "采购专员", "集体评审"], ["指定供应商", "物资采购部", "仓储管理员", "出入库复核"]]})
    _, risks = _imported(root, workbook)
    assert len(pdca("export", root).json()["risks"]) == 2  # one per post
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    again = pdca("import", "xlsx", workbook, "-r", root)
    assert again.code == 0 and "2 个风险点与登记册相同" in again.out, again.out + again.err
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
    # a row of an exported workbook copied further down names its risk again: read once, said
    exported = tmp_path / "exported.xlsx"
    assert pdca("export", root, "--format", "xlsx", "-o", exported).code == 0
    import openpyxl

    book = openpyxl.load_workbook(exported)
    sheet = book["廉洁风险清单"]
    sheet.append([cell.value for cell in sheet[2]])
    sheet[f"Z{sheet.max_row}"] = "纪检抽查"
    book.save(exported)
    twice = pdca("import", "xlsx", exported, "-r", root)
    assert twice.code == 0, twice.err
    assert "工作表“廉洁风险清单”E4：风险点 DR01-001 已在工作表“廉洁风险清单”E2读过" in twice.out, twice.out
    assert "Y4（措施编号）：措施 DR01-001-M1 已在前面的行读过，这一行的防控措施未导入" in twice.out
    sheet[f"Y{sheet.max_row}"] = None  # a new measure has no id yet
    book.save(exported)
    added = pdca("import", "xlsx", exported, "-r", root)
    assert added.code == 0 and "DR01-001：新增措施 DR01-001-M2" in added.out, added.out + added.err


@pytest.mark.parametrize("answer", ["²", "٣", "9" * 5000, "0", "6", "-1"])
def test_a_score_that_is_not_one_of_the_scale_is_refused_with_a_message(answer: str) -> None:
    """The likelihood and impact prompts read digits Python reads differently (`²` is a digit to
    isdigit, not to int; 5,000 digits are past int()'s limit) as what they are: not a score."""
    from pdca.engine import answers
    from pdca.errors import PdcaError
    from pdca.load import loader

    register = loader.load(EXAMPLE, "zh")
    with pytest.raises(PdcaError) as refused:
        answers.score(register, "likelihood", answer, "zh")
    assert "可能性" in refused.value.message or "likelihood" in refused.value.message.lower()
    assert answers.score(register, "likelihood", "3", "zh") == 3
