"""The 通报 the office can send: its own words (reports/<period>.yaml), who issues it (issuer), 序号 in the
lists, no file paths in the body."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE, pdca

ISSUER = """issuer:
  name: 中共X公司纪律检查委员会
  number: X纪〔{year}〕{n}号
  to: 公司各部门、各场站
  cc: [公司领导班子成员]
  red_header: true
"""

NARRATIVE = """# 2024年6月通报的文字部分
problems: |
  一是部分问题整改进度滞后，工程管理部有 2 项问题逾期超过 20 天。
  二是屡查屡犯问题仍有发生。
next_steps:
  - 督促逾期事项限期办结。
  - 开展下半年廉洁风险排查。
remarks: 经公司党委书记审阅同意印发。
"""


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """The example register without its issuer and its own words, for each test to give its own."""
    root = tmp_path / "x公司"
    shutil.copytree(EXAMPLE, root)
    shutil.rmtree(root / "reports")
    config = root / "pdca.yaml"
    text = config.read_text(encoding="utf-8")
    start = text.index("issuer:")
    end = text.index("\nscoring:")
    config.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    return root


def test_the_office_words_go_in_their_numbered_sections(register: Path) -> None:
    (register / "reports").mkdir()
    (register / "reports" / "2024-06.yaml").write_text(NARRATIVE, encoding="utf-8")
    out = pdca("report", register, "--month", "2024-06").out
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings[:4] == ["## 一、总体情况", "## 二、存在的问题", "## 三、新增问题清单", "## 四、推进落实问题清单"]
    assert headings[-1] == "## 十三、下步工作"
    assert "一是部分问题整改进度滞后，工程管理部有 2 项问题逾期超过 20 天。\n\n二是屡查屡犯问题仍有发生。" in out
    assert "督促逾期事项限期办结。\n\n开展下半年廉洁风险排查。" in out
    assert "**说明：**经公司党委书记审阅同意印发。" in out.split("## 一、总体情况")[0]
    english = pdca("report", register, "--month", "2024-06", "--lang", "en").out
    assert "## 2. Problems" in english and "**Note:** 经公司党委书记审阅同意印发。" in english


def test_without_words_the_sections_are_left_out_and_numbers_leave_no_gap(register: Path) -> None:
    out = pdca("report", register, "--month", "2024-06").out
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings[1] == "## 二、新增问题清单" and "存在的问题" not in out and headings[-1].startswith("## 十一、")


def test_the_issuer_signs_with_the_written_date_and_no_path_is_printed(register: Path) -> None:
    config = register / "pdca.yaml"
    config.write_text(config.read_text(encoding="utf-8") + ISSUER, encoding="utf-8")
    out = pdca("report", register, "--month", "2024-06").out
    assert out.endswith("\n\n中共X公司纪律检查委员会\\\n2024年6月30日\n")
    assert str(register) not in out and "x公司" not in out  # no file path in the body
    english = pdca("report", register, "--month", "2024-06", "--lang", "en").out
    assert english.endswith("中共X公司纪律检查委员会\\\n30 June 2024\n")
    (register / "pdca.yaml").write_text(config.read_text(encoding="utf-8").replace(ISSUER, ""), encoding="utf-8")
    unsigned = pdca("report", register, "--month", "2024-06").out
    assert "纪律检查委员会" not in unsigned.splitlines()[-1]


def test_lists_number_their_rows(register: Path) -> None:
    lists = pdca("report", register, "--month", "2024-06", "--kind", "lists").out
    rows = [line for line in lists.split("## 问题清单")[1].split("##")[0].splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| 序号 | 编号 |") and [r.split(" | ")[0] for r in rows[2:5]] == ["| 1", "| 2", "| 3"]


@pytest.mark.parametrize(("text", "where"), [
    ("problem: 拼错的键\n", "reports/2024-06.yaml:1:1"),
    ("problems: [a, {b: c}]\n", "reports/2024-06.yaml:1:15"),
    ("problems: |\n  a\n\tb\n", "reports/2024-06.yaml:3:1"),
])
def test_words_that_cannot_be_used_are_refused_at_their_place(register: Path, text: str, where: str) -> None:
    (register / "reports").mkdir()
    (register / "reports" / "2024-06.yaml").write_text(text, encoding="utf-8")
    result = pdca("report", register, "--month", "2024-06")  # an error of the register: no report
    assert result.code == 1 and result.out == "" and where.split(":", 1)[1] in result.err and "Traceback" not in result.err
    forced = pdca("report", register, "--month", "2024-06", "--force")  # words that cannot be used are never half used
    assert forced.code == 2 and forced.out == "" and where in forced.err and "Traceback" not in forced.err


def test_a_bad_document_number_pattern_is_a_schema_error_at_its_place(register: Path) -> None:
    config = register / "pdca.yaml"
    config.write_text(config.read_text(encoding="utf-8") + ISSUER.replace("{n}号", "{number}号"), encoding="utf-8")
    found = pdca("check", register, "--format", "json").json()["diagnostics"]
    bad = [d for d in found if d["file"] == "pdca.yaml" and d["rule"] == "schema"]
    assert len(bad) == 1 and "{year}" in bad[0]["message"] and "{n}" in bad[0]["message"]


def _paragraphs(path: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs]


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_report_format_docx_writes_a_signed_gongwen_with_its_attachments(tmp_path: Path) -> None:
    from docx import Document

    target = tmp_path / "2024-06-通报.docx"
    result = pdca("report", EXAMPLE, "--month", "2024-06", "--format", "docx", "--number", "7", "-o", target)
    assert result.code == 0, result.err
    assert str(target.name) in result.err + result.out  # it says what it wrote
    document = Document(str(target))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    text = [p.text for p in document.paragraphs]
    number, title, addressee = text.index("X纪〔2024〕7号"), text.index("X公司2024年6月廉洁风险防控工作通报"), text.index("公司各部门、各场站：")
    body, plan = text.index("一、总体情况"), text.index("十三、下步工作")
    signature = text.index("中共X公司纪律检查委员会", plan)
    assert number < title < addressee < body < plan < signature and text[signature + 1] == "2024年6月30日"
    assert text.index("二、存在的问题") == body + 1 + next(i for i, t in enumerate(text[body + 1:]) if t.startswith("二、"))
    assert text.index("附件1") > signature and text.index("附件2") > text.index("附件1")
    headers = [[cell.text for cell in table.rows[0].cells][:2] for table in document.tables]
    assert ["序号", "编号"] in headers and ["序号", "重点领域"] in headers  # the lists and the 统计情况表, numbered
    assert "抄送：公司领导班子成员。" in [table.rows[0].cells[0].text for table in document.tables]
    assert " PAGE " in section.footer.paragraphs[0]._p.xml
    assert str(EXAMPLE) not in "\n".join(text)
    again = tmp_path / "again.docx"
    pdca("report", EXAMPLE, "--month", "2024-06", "--format", "docx", "--number", "7", "-o", again)
    assert again.read_bytes() == target.read_bytes()  # the same register and date: the same bytes


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_report_format_docx_goes_down_a_pipe_and_charts_come_as_tables(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "pdca", "report", str(EXAMPLE), "--month", "2024-06", "--format",
                           "docx", "--charts"], capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    (tmp_path / "piped.docx").write_bytes(done.stdout)
    from docx import Document

    tables = Document(str(tmp_path / "piped.docx")).tables
    assert any(table.rows[0].cells[0].text == "整改事项来源" for table in tables), [t.rows[0].cells[0].text for t in tables]


def test_report_kind_stats_format_xlsx_is_the_same_table_as_the_markdown(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "统计情况表.xlsx"
    assert pdca("report", EXAMPLE, "--month", "2024-06", "--kind", "stats", "--format", "xlsx", "-o", target).code == 0
    sheet = load_workbook(target)["统计情况表"]
    assert sheet["A1"].value == "X公司重点领域廉洁风险防控统计情况表" and "A1:" in str(sheet.merged_cells)
    assert sheet.freeze_panes == "C4" and [sheet.cell(3, c).value for c in (1, 2, 3)] == ["序号", "重点领域", "风险点"]
    markdown = pdca("report", EXAMPLE, "--month", "2024-06", "--kind", "stats").out
    rows = [[cell.strip() for cell in line.strip()[1:-1].split("|")] for line in markdown.splitlines() if line.startswith("| ") and "---" not in line]
    header, *body = rows
    total_row = 3 + len(body)
    assert sheet.cell(total_row, 2).value == "合计" and sheet.cell(total_row, 2).font.b
    for offset, row in enumerate(body, start=4):
        cells = [sheet.cell(offset, column).value for column in range(1, len(header) + 1)]
        assert [str("" if v is None else v) for v in cells] == [value.replace("**", "") for value in row]
    assert sheet.cell(total_row + 2, 1).value.startswith("说明：")
    assert load_workbook(target).properties.modified.date().isoformat() == "2024-06-30"  # not the clock
    again = tmp_path / "again.xlsx"
    pdca("report", EXAMPLE, "--month", "2024-06", "--kind", "stats", "--format", "xlsx", "-o", again)
    assert again.read_bytes() == target.read_bytes()


@pytest.mark.parametrize(("args", "said"), [
    (["--format", "xlsx"], "--kind stats"),
    (["--charts"], "--charts 只用于 --format docx"),
    (["--format", "docx", "--no-charts"], "--no-charts 只用于 --format md"),
    (["--number", "3"], "--number 只用于 --format docx"),
    (["--narrative-template", "--format", "docx"], "--narrative-template"),
])
def test_options_a_format_would_ignore_are_refused(args: list[str], said: str, tmp_path: Path) -> None:
    result = pdca("report", EXAMPLE, "--month", "2024-06", *args, "-o", tmp_path / "x")
    assert result.code == 2 and said in result.err and not (tmp_path / "x").exists()


def test_number_needs_the_issuer_pattern(register: Path, tmp_path: Path) -> None:
    result = pdca("report", register, "--month", "2024-06", "--format", "docx", "--number", "7", "-o", tmp_path / "t.docx")
    assert result.code == 2 and "issuer.number" in result.err
    unnumbered = pdca("report", register, "--month", "2024-06", "--format", "docx", "-o", tmp_path / "t.docx")
    assert unnumbered.code == 0 and "公司各部门、各场站：" not in _paragraphs(tmp_path / "t.docx")


def test_the_narrative_template_holds_the_facts_and_works_as_saved(register: Path) -> None:
    starter = pdca("report", register, "--month", "2024-06", "--narrative-template")
    assert starter.code == 0 and "reports/2024-06.yaml" in starter.out
    assert "工程管理部：逾期整改事项 2 项" in starter.out and "NK-2024-01-F1" in starter.out
    (register / "reports").mkdir()
    (register / "reports" / "2024-06.yaml").write_text(starter.out, encoding="utf-8")
    report = pdca("report", register, "--month", "2024-06")
    assert report.code == 0 and "存在的问题" not in report.out  # empty sections stay out until written
    filled = starter.out.replace("problems: |\n  \n", "problems: |\n  工程管理部整改滞后。\n")
    (register / "reports" / "2024-06.yaml").write_text(filled, encoding="utf-8")
    assert "## 二、存在的问题\n\n工程管理部整改滞后。" in pdca("report", register, "--month", "2024-06").out
    english = pdca("report", register, "--month", "2024-06", "--narrative-template", "--lang", "en").out
    assert "problems: |" in english and "overdue" in english


def test_the_narrative_template_goes_to_a_new_file_never_over_words_written(register: Path) -> None:
    """`-o reports/2024-06.yaml` writes the starter (UTF-8, what PowerShell's `>` is not); run again once
    the office has written its words there, it refuses and the words stay as they were."""
    words = register / "reports" / "2024-06.yaml"
    words.parent.mkdir(exist_ok=True)
    first = pdca("report", register, "--month", "2024-06", "--narrative-template", "-o", words)
    assert first.code == 0 and words.read_text(encoding="utf-8").startswith("# ")
    written = words.read_text(encoding="utf-8").replace("problems: |\n  \n", "problems: |\n  工程管理部整改滞后。\n")
    words.write_text(written, encoding="utf-8")
    again = pdca("report", register, "--month", "2024-06", "--narrative-template", "-o", words)
    assert again.code == 2 and "未覆盖" in again.err and words.read_text(encoding="utf-8") == written
    assert "工程管理部整改滞后。" in pdca("report", register, "--month", "2024-06").out


def test_a_words_file_names_its_fields_as_the_office_knows_them(register: Path) -> None:
    (register / "reports").mkdir()
    (register / "reports" / "2024-06.yaml").write_text("problems: x\nnext_steps: [1, {a: b}]\n", encoding="utf-8")
    refused = pdca("report", register, "--month", "2024-06")
    assert refused.code == 1 and "2:17" in refused.out + refused.err
    assert "next_steps（下步工作）第 2 项" in refused.out + refused.err, refused.out + refused.err


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_a_group_gives_one_word_document_and_a_stats_sheet_per_register(tmp_path: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    for name in ("north", "south"):
        shutil.copytree(EXAMPLE, tmp_path / "registers" / name)
    assert pdca("report", tmp_path, "--month", "2024-06", "--format", "docx", "-o", tmp_path / "g.docx").code == 0
    headings = [p.text for p in Document(str(tmp_path / "g.docx")).paragraphs if p.style.name.startswith("GW")]
    assert "集团汇总：2024年6月" in headings and {"X公司（north）", "X公司（south）"} <= set(headings)
    assert pdca("report", tmp_path, "--month", "2024-06", "--kind", "stats", "--format", "xlsx",
                "-o", tmp_path / "g.xlsx").code == 0
    assert load_workbook(tmp_path / "g.xlsx").sheetnames == ["north", "south"]


def test_check_names_each_words_file_a_report_could_not_use_at_its_place(register: Path) -> None:
    reports = register / "reports"
    reports.mkdir()
    (reports / "2024-04.yaml").write_text("problems： 整改滞后\n", encoding="utf-8")
    (reports / "2024-05.yaml").write_text("problems: [a, {b: c}]\n", encoding="utf-8")
    (reports / "2024-06.yaml").write_text(NARRATIVE, encoding="utf-8")
    (reports / "六月.yaml").write_text(NARRATIVE, encoding="utf-8")
    (reports / "2024H1.yaml").write_bytes("problems: 整改滞后\n".encode("gbk"))
    result = pdca("check", register, "--as-of", "2024-06-30", "--format", "json")
    found = [d for d in result.json()["diagnostics"] if d["file"].startswith("reports/")]
    assert result.code == 1
    assert [(d["file"], d["line"], d["column"], d["severity"]) for d in found] == [
        ("reports/2024-04.yaml", 1, 9, "error"), ("reports/2024-05.yaml", 1, 15, "error"),
        ("reports/2024H1.yaml", None, None, "error"), ("reports/六月.yaml", None, None, "error")]
    assert "全角冒号" in found[0]["message"] and found[0]["rule"] == "yaml-syntax" and "2024-06.yaml（月）" in found[3]["message"]
    (reports / "2024-04.yaml").unlink()
    (reports / "2024-05.yaml").unlink()
    (reports / "六月.yaml").unlink()
    (reports / "2024H1.yaml").unlink()
    assert pdca("check", register, "--as-of", "2024-06-30").code == 0  # good words say nothing


# --- the office's words as a hostile pull request could write them ------------------------------------


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_redact_withholds_names_in_the_office_words_too(register: Path, tmp_path: Path) -> None:
    """The office writes its words by hand: a name there (an owner of the register's, 高洁 and 何建军) is
    withheld under --redact in every form of the report, as it is in the register's own free text."""
    (register / "reports").mkdir()
    (register / "reports" / "2024-06.yaml").write_text(
        "problems: 人力资源部高洁对XC-2024-01-F5整改不力。\nnext_steps: [约谈何建军。]\nremarks: 高 洁签收。\n",
        encoding="utf-8")
    plain = pdca("report", register, "--month", "2024-06").out
    assert "高洁对XC-2024-01-F5" in plain and "约谈何建军" in plain  # the office's own copy keeps its words
    redacted = pdca("report", register, "--month", "2024-06", "--redact")
    assert redacted.code == 0
    assert "人力资源部（已隐去）对XC-2024-01-F5" in redacted.out and "约谈（已隐去）。" in redacted.out
    assert pdca("report", register, "--month", "2024-06", "--redact", "--format", "docx",
                "-o", tmp_path / "r.docx").code == 0
    assert pdca("site", register, "--as-of", "2024-06-30", "--redact", "-o", tmp_path / "site").code == 0
    shown = [redacted.out, "\n".join(_paragraphs(tmp_path / "r.docx")),
             *(p.read_text("utf-8") for p in (tmp_path / "site").rglob("*.html"))]
    assert [n for n in ("高洁", "高 洁", "何建军") for text in shown if n in text] == []


def test_a_department_name_cannot_write_the_office_words_through_the_narrative_template(register: Path) -> None:
    """The starter lists departments in comments: a line break in a name (\\n, or U+2028, which YAML
    also breaks lines at) stays inside its comment instead of starting a key of its own."""
    config = register / "pdca.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "name: 工程管理部, head", 'name: "工程管理部\\nremarks: 伪造的批示\\u2028next_steps: 伪造", head'), encoding="utf-8")
    starter = pdca("report", register, "--month", "2024-06", "--narrative-template")
    assert starter.code == 0
    assert [line for line in starter.out.splitlines() if "伪造" in line and not line.startswith("#")] == []
    (register / "reports").mkdir()
    (register / "reports" / "2024-06.yaml").write_text(starter.out, encoding="utf-8")
    report = pdca("report", register, "--month", "2024-06")
    assert report.code == 0 and "伪造的批示" not in report.out.split("## 一、")[0]


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_a_bidi_override_does_not_turn_the_words_of_a_word_document_around(register: Path, tmp_path: Path) -> None:
    """A right-to-left override (U+202E) shows what follows backwards: "多付\u202e元万026" reads as 多付620万元.
    The Word 公文 drops it as it drops control characters, in the register's text and the office's words."""
    checks = register / "checks" / "shenji-2024.yaml"
    checks.write_text(checks.read_text(encoding="utf-8").replace(
        "problem: 某风电项目塔筒采购合同约定预付款20%，实际支付30%，多付620万元",
        'problem: "某风电项目塔筒采购合同多付\\u202e元万026\\u2066"'), encoding="utf-8")
    (register / "reports").mkdir()
    (register / "reports" / "2024-06.yaml").write_text('problems: "整改\\u202e滞后\\u200f"\n', encoding="utf-8")
    assert pdca("report", register, "--month", "2024-06", "--format", "docx", "-o", tmp_path / "t.docx").code == 0
    with zipfile.ZipFile(tmp_path / "t.docx") as document:
        body = document.read("word/document.xml").decode("utf-8")
    assert "整改滞后" in body and "某风电项目塔筒采购合同多付元万026" in body
    assert not re.search("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]", body)


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_a_register_folder_named_with_a_control_character_still_gives_a_stats_workbook(tmp_path: Path) -> None:
    """A group's sheets are named by the registers' folders, which a pull request names: a control
    character (which a sheet name cannot hold) or a quote at either end (Excel refuses one) is replaced."""
    from openpyxl import load_workbook

    for name in ("'north'", "south\x01\u202ex"):
        shutil.copytree(EXAMPLE, tmp_path / "registers" / name)
    result = pdca("report", tmp_path, "--month", "2024-06", "--kind", "stats", "--format", "xlsx", "-o", tmp_path / "g.xlsx")
    assert result.code == 0, result.err
    assert load_workbook(tmp_path / "g.xlsx").sheetnames == ["_north_", "south__x"]
