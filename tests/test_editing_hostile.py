"""Edits of hand-written files that a careless splice would corrupt: each case edits a real file and
checks the whole result, and that `pdca check` still reads it as intended."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import pdca, write_register

from pdca.io.yaml_edit import Document, scalar

RISK = "  - {id: CG-001, title: 供应商选择, area: procurement, department: purchasing, owner: 经理, dimension: 业务流程, likelihood: 2, impact: 2, measures: [{id: CG-001-M1, title: t, line: before}]}\n"


def finding_file(extra: str) -> str:
    return ("checks:\n  - id: SJ-1\n    source: 审计\n    title: 审计\n    date: 2024-05-10\n    findings:\n"
            "      - id: SJ-1-F1\n        problem: 问题\n        department: purchasing\n        deadline: 2024-07-31\n"
            + extra)


def test_an_edit_next_to_a_block_scalar_stays_outside_it(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"checks/c.yaml": finding_file(
        "        result: |\n          草稿结果\n        task: 任务\n      - {id: SJ-1-F2, problem: p, department: purchasing, deadline: 2024-07-31}\n")})
    assert pdca("finding", "done", "SJ-1-F1", "--result", "r", "--evidence", "e", "--date", "2024-07-01", "-r", root).code == 0
    text = (root / "checks" / "c.yaml").read_text(encoding="utf-8")
    assert "        result: r\n        task: 任务\n" in text
    findings = pdca("export", root).json()["findings"]
    assert [(f["id"], f["result"], f["task"]) for f in findings] == [("SJ-1-F1", "r", "任务"), ("SJ-1-F2", None, None)]


def test_appending_after_a_block_scalar_that_ends_an_item(tmp_path: Path) -> None:
    risks = ("risks:\n  - id: CG-001\n    title: t\n    area: procurement\n    department: purchasing\n    owner: o\n"
             "    dimension: 业务流程\n    likelihood: 2\n    impact: 2\n"
             "    measures: [{id: CG-001-M1, title: t, line: before}]\n    description: |\n      第一行\n      第二行\n"
             "  - {id: CG-002, title: t2, area: procurement, dimension: 业务流程}\n")
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": risks})
    assert pdca("advance", "CG-001", "--to", "D", "--as-of", "2024-07-01", "-r", root).code == 0
    exported = {r["id"]: r for r in pdca("export", root, "--as-of", "2024-07-01").json()["risks"]}
    assert exported["CG-001"]["description"] == "第一行\n第二行\n"
    assert [h["stage"] for h in exported["CG-001"]["history"]] == ["D"] and exported["CG-002"]["history"] == []


def test_a_block_scalar_with_kept_newlines_at_the_end_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a:\n  note: |+\n    保留\n\n", encoding="utf-8")
    document = Document(path)
    document.add_key(("a",), "b", 1)
    document.save()
    from pdca.io import yaml_read

    assert yaml_read.load(path.read_text(encoding="utf-8"))[0] == {"a": {"note": "保留\n\n", "b": 1}}


def test_a_multi_line_flow_list_with_a_trailing_comma(tmp_path: Path) -> None:
    risks = ("risks:\n  - id: CG-001\n    title: t\n    area: procurement\n    dimension: 业务流程\n"
             "    measures: [\n      {id: CG-001-M1, title: 评审, line: before},\n    ]\n")
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": risks})
    assert pdca("new", "measure", "--risk", "CG-001", "--title", "x", "--line", "after", "-r", root).code == 0
    text = (root / "risks" / "cg.yaml").read_text(encoding="utf-8")
    assert "{id: CG-001-M1, title: 评审, line: before}, {id: CG-001-M2" in text
    assert pdca("check", root, "--format", "json").json()["summary"]["errors"] == 0


def test_files_with_anchors_are_refused_not_corrupted(tmp_path: Path) -> None:
    risks = ("risks:\n  - &r1\n    id: CG-001\n    title: t\n    area: procurement\n    department: purchasing\n"
             "    owner: o\n    dimension: 业务流程\n    likelihood: 2\n    impact: 2\n    stage: &st P\n"
             "    measures: [{id: CG-001-M1, title: t, line: before}]\n"
             "  - <<: *r1\n    id: CG-002\n    stage: *st\n    measures: [{id: CG-002-M1, title: t, line: before}]\n")
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": risks})
    result = pdca("advance", "CG-002", "--to", "D", "-r", root)
    assert result.code == 2 and "锚点" in result.err
    assert (root / "risks" / "cg.yaml").read_text(encoding="utf-8") == risks


def test_an_id_named_twice_moves_once(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": "risks:\n" + RISK.replace("likelihood: 2", 'stage: "P", likelihood: 2')})
    assert pdca("advance", "CG-001", "CG-001", "--to", "D", "--as-of", "2024-07-01", "-r", root).code == 0
    exported = pdca("export", root, "--as-of", "2024-07-01").json()["risks"][0]
    assert exported["stage"] == "D" and len(exported["history"]) == 1


@pytest.mark.parametrize("text", ["整改\u2028完成", "a\u0085b", "x\x7fy", "tab\there", "引号\"和\\反斜杠"])
def test_any_text_is_written_so_that_it_reads_back_the_same(text: str, tmp_path: Path) -> None:
    from pdca.io import yaml_read

    path = tmp_path / "f.yaml"
    path.write_text("a: {b: 1}\n", encoding="utf-8")
    document = Document(path)
    document.set(("a", "b"), text)
    document.save()
    assert yaml_read.load(path.read_text(encoding="utf-8"))[0] == {"a": {"b": text}}


def test_text_that_is_not_utf8_is_a_message(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"checks/c.yaml": finding_file("")})
    bad = "\udcd5\udcfb"  # bytes a GBK terminal sends, as Python sees them
    result = pdca("finding", "done", "SJ-1-F1", "--result", bad, "--evidence", "e", "--date", "2024-07-01", "-r", root)
    assert result.code == 2 and "UTF-8" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("empty", ["~", "null", "", "[]"])
def test_an_empty_history_in_any_spelling(empty: str, tmp_path: Path) -> None:
    risk = RISK.replace("measures:", f"history: {empty}, measures:") if empty == "[]" else None
    body = ("risks:\n  - id: CG-001\n    title: t\n    area: procurement\n    department: purchasing\n    owner: o\n"
            "    dimension: 业务流程\n    likelihood: 2\n    impact: 2\n    measures: [{id: CG-001-M1, title: t, line: before}]\n"
            f"    history: {empty}\n") if risk is None else "risks:\n" + risk
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": body})
    assert pdca("advance", "CG-001", "--to", "D", "--as-of", "2024-07-01", "-r", root).code == 0
    assert [h["stage"] for h in pdca("export", root).json()["risks"][0]["history"]] == ["D"]


def test_a_change_to_several_files_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    root = write_register(tmp_path / "reg", {"risks/a.yaml": "risks:\n" + RISK.replace("likelihood: 2", "stage: A, likelihood: 2"),
                                              "checks/c.yaml": "checks: [{id: SJ-1, source: 审计, title: t, date: 2024-05-10, risks: [CG-001]}]\n"})
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    real = tempfile.mkstemp

    def full_disk(*args: object, **kwargs: object) -> object:
        if str(kwargs.get("dir", "")).endswith("risks"):  # pdca.yaml can be written, risks/a.yaml cannot
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tempfile, "mkstemp", full_disk)
    result = pdca("cycle", "start", "2025", "--start", "2025-01-01", "--end", "2025-12-31", "-r", root)
    assert result.code == 2 and "磁盘空间不足" in result.err
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
    assert not [p for p in root.rglob(".*.tmp")]


def test_commands_that_edit_every_risk_refuse_a_register_they_cannot_fully_read(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/a.yaml": "risks:\n" + RISK, "risks/b.yaml": "risks:\n  - [broken\n"})
    result = pdca("cycle", "start", "2025", "--start", "2025-01-01", "--end", "2025-12-31", "--force", "-r", root)
    assert result.code == 2 and "pdca check" in result.err
    assert "2024" in (root / "pdca.yaml").read_text(encoding="utf-8")


def test_new_check_in_a_file_that_holds_only_comments(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"checks/xf-2024.yaml": "# 信访举报\n"})
    result = pdca("new", "check", "--source", "信访举报", "--title", "线索核查", "--date", "2024-10-01", "-r", root)
    assert result.code == 0, result.err
    text = (root / "checks" / "xf-2024.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 信访举报\nchecks:\n  - id: XF-2024-01\n")
    assert pdca("check", root, "--format", "json").json()["summary"]["errors"] == 0


def test_new_refuses_values_check_would_reject(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/a.yaml": "risks:\n" + RISK})
    before = (root / "risks" / "a.yaml").read_bytes()
    line = pdca("new", "measure", "--risk", "CG-001", "--title", "t", "--line", "sideways", "-r", root)
    assert line.code == 2 and "防线“sideways”" in line.err and "事前" in line.err  # the field, the value, the choices
    department = pdca("new", "risk", "--area", "procurement", "--title", "t", "--dimension", "业务流程",
                      "--department", "nosuch", "-r", root)
    assert department.code == 2 and "nosuch" in department.err
    assert (root / "risks" / "a.yaml").read_bytes() == before


def test_return_and_bad_dates_name_their_option(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"checks/c.yaml": finding_file(
        "        status: done\n        done: 2024-06-10\n        result: r\n        evidence: e\n")})
    early = pdca("finding", "return", "SJ-1-F1", "--reason", "r", "--date", "2020-01-01", "-r", root)
    assert early.code == 1 and "早于完成日期" in early.err
    bad = pdca("finding", "return", "SJ-1-F1", "--reason", "r", "--date", "2024-13-01", "-r", root)
    assert bad.code == 2 and bad.err.startswith("pdca: --date")
    start = pdca("cycle", "start", "2025", "--start", "2025-02-30", "--end", "2025-12-31", "-r", root)
    assert start.code == 2 and start.err.startswith("pdca: --start")


def test_scalars_that_yaml_would_read_otherwise_are_quoted() -> None:
    from pdca.io import yaml_read

    for text in ("yes", "007", "2024-01-01", "1.50", "true", "null", "~", "#x", "a: b", "[x]", "-1", " lead", "@x"):
        written = scalar(text)
        assert yaml_read.load(f"k: {written}\n")[0] == {"k": text}, (text, written)
    assert scalar(dt.date(2024, 1, 2)) == "2024-01-02" and json.loads(scalar("a, b")) == "a, b"


@pytest.mark.parametrize("text, reason", [
    ("risks:\n  - {id: CG-001, title: +1, area: procurement, dimension: 业务流程}\n", "改变其中的值"),
    ("%YAML 1.1\n---\nrisks:\n  - {id: CG-001, title: yes, area: procurement, dimension: 业务流程}\n", "改变其中的值"),
    ("risks:\n  - id: CG-001\n    title: t\n    retired: {date: 2024-09-01,   # 注释\n      reason: r}\n"
     "    area: procurement\n    dimension: 业务流程\n", "注释"),
])
def test_fmt_leaves_a_file_it_cannot_format_safely(text: str, reason: str, tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/r.yaml": text})
    result = pdca("fmt", root)
    assert result.code == 2 and reason in result.err
    assert (root / "risks" / "r.yaml").read_text(encoding="utf-8") == text


def test_fmt_keeps_comments_where_they_were_written(tmp_path: Path) -> None:
    text = ("risks:\n  - title: t   # 名称\n    id: CG-001\n    area: procurement\n    dimension: 业务流程\n"
            "  # ---- CG-002 ----\n  - title: t2\n    id: CG-002\n    area: procurement\n    dimension: 业务流程\n")
    root = write_register(tmp_path / "reg", {"risks/r.yaml": text})
    assert pdca("fmt", root).code == 0
    after = (root / "risks" / "r.yaml").read_text(encoding="utf-8")
    assert after.index("# ---- CG-002 ----") < after.index("id: CG-002") and after.index("# ---- CG-002 ----") > after.index("id: CG-001")
    assert "title: t   # 名称" in after


def test_mixed_line_endings_are_kept_where_they_were(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a:\r\n  b: 1\n  c: 2\r\n")
    document = Document(path)
    document.set(("a", "b"), 5)
    document.save()
    assert path.read_bytes() == b"a:\r\n  b: 5\n  c: 2\r\n"


@pytest.mark.parametrize("empty", ["[]", "~", ""])
def test_two_items_appended_to_an_empty_list_in_a_flow_mapping_make_one_list(empty: str, tmp_path: Path) -> None:
    from pdca.io.yaml_edit import Document

    root = write_register(tmp_path / "reg", {"risks/cg.yaml": "risks:\n" + RISK.replace("measures:", f"history: {empty}, measures:")})
    document = Document(root / "risks" / "cg.yaml", "zh", root)
    document.append(("risks", 0, "history"), {"stage": "D", "date": "2024-07-01"})
    document.append(("risks", 0, "history"), {"stage": "C", "date": "2024-08-01"})
    text = document.result()
    assert text.count("history:") == 1 and "history: [{stage: D, date: 2024-07-01}, {stage: C, date: 2024-08-01}]" in text


def test_an_edit_of_a_file_in_another_encoding_says_so_in_words(tmp_path: Path) -> None:
    text = "checks:\n  - {id: SJ-2024-01, source: 审计, title: 采购审计, date: 2024-05-10}\n"
    root = write_register(tmp_path / "reg", {"checks/sj-2024.yaml": text.encode("gbk")})
    result = pdca("new", "check", "--source", "审计", "--title", "专项审计", "--date", "2024-06-10", "-r", root)
    assert result.code == 2 and "GBK" in result.err and "encoding." not in result.err
