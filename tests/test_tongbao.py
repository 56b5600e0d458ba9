"""The 通报 the office can send: its own words (reports/<period>.yaml), who issues it (issuer), 序号 in the
lists, no file paths in the body."""

from __future__ import annotations

import shutil
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
    root = tmp_path / "x公司"
    shutil.copytree(EXAMPLE, root)
    return root


def test_the_office_words_go_in_their_numbered_sections(register: Path) -> None:
    (register / "reports").mkdir()
    (register / "reports" / "2024-06.yaml").write_text(NARRATIVE, encoding="utf-8")
    out = pdca("report", register, "--month", "2024-06").out
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings[:4] == ["## 一、总体情况", "## 二、存在的问题", "## 三、新增问题清单", "## 四、推进落实问题清单"]
    assert headings[-1] == "## 十一、下步工作"
    assert "一是部分问题整改进度滞后，工程管理部有 2 项问题逾期超过 20 天。\n\n二是屡查屡犯问题仍有发生。" in out
    assert "督促逾期事项限期办结。\n\n开展下半年廉洁风险排查。" in out
    assert "**说明：**经公司党委书记审阅同意印发。" in out.split("## 一、总体情况")[0]
    english = pdca("report", register, "--month", "2024-06", "--lang", "en").out
    assert "## 2. Problems" in english and "**Note:** 经公司党委书记审阅同意印发。" in english


def test_without_words_the_sections_are_left_out_and_numbers_leave_no_gap(register: Path) -> None:
    out = pdca("report", register, "--month", "2024-06").out
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert headings[1] == "## 二、新增问题清单" and "存在的问题" not in out and headings[-1].startswith("## 九、")


def test_the_issuer_signs_with_the_written_date_and_no_path_is_printed(register: Path) -> None:
    config = register / "pdca.yaml"
    config.write_text(config.read_text(encoding="utf-8") + ISSUER, encoding="utf-8")
    out = pdca("report", register, "--month", "2024-06").out
    assert out.endswith("\n\n中共X公司纪律检查委员会\\\n2024年6月30日\n")
    assert str(register) not in out and "x公司" not in out  # no file path in the body
    english = pdca("report", register, "--month", "2024-06", "--lang", "en").out
    assert english.endswith("中共X公司纪律检查委员会\\\n30 June 2024\n")
    unsigned = pdca("report", EXAMPLE, "--month", "2024-06").out
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
    result = pdca("report", register, "--month", "2024-06")
    assert result.code == 2 and result.out == "" and where in result.err and "Traceback" not in result.err


def test_a_bad_document_number_pattern_is_a_schema_error_at_its_place(register: Path) -> None:
    config = register / "pdca.yaml"
    config.write_text(config.read_text(encoding="utf-8") + ISSUER.replace("{n}号", "{number}号"), encoding="utf-8")
    found = pdca("check", register, "--format", "json").json()["diagnostics"]
    bad = [d for d in found if d["file"] == "pdca.yaml" and d["rule"] == "schema"]
    assert len(bad) == 1 and "{year}" in bad[0]["message"] and "{n}" in bad[0]["message"]
