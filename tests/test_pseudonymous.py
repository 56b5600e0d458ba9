"""People by pseudonymous id: people/*.yaml, display names from a mapping kept outside the repository,
posts and departments where it is absent, --redact never showing a name; registers that write names
keep working as they did."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from conftest import BASE_CONFIG, EXAMPLE, pdca, write_register

PEOPLE = """\
people:
  - {id: P-0001, post: buyer, department: purchasing, key_post: true}
  - {id: P-0002, department: finance, key_minority: true, top_leader: true}
  - {id: P-0003}
"""
CHECKS = """\
checks:
  - id: SJ-2024-01
    source: 审计
    title: 采购专项审计
    date: 2024-04-10
    findings:
      - id: SJ-2024-01-F1
        problem: 评审记录不完整，经 P-0002 核实
        department: purchasing
        owner: P-0001
        leader: P-0002
        deadline: 2024-05-31
      - id: SJ-2024-01-F2
        problem: 付款审批缺少会签
        department: finance
        owner: 财务部经理王海涛
        deadline: 2024-05-31
      - id: SJ-2024-01-F3
        problem: 合同归档不及时
        department: finance
        owner: P-0003
        deadline: 2024-05-31
"""
NAMES = "names:\n  P-0001: 张伟\n  P-0002: 李娜\n  P-9999: 不在登记册中的人\n"


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return write_register(tmp_path / "reg", {"people/all.yaml": PEOPLE, "checks/sj.yaml": CHECKS})


@pytest.fixture
def names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "private" / "names.yaml"
    path.parent.mkdir()
    path.write_text(NAMES, encoding="utf-8")
    return path


def report(register: Path, *extra: str) -> str:
    result = pdca("report", register, "--month", "2024-06", "--kind", "lists", *extra)
    assert result.code == 0, result.err
    return result.out


def test_without_the_mapping_reports_show_post_or_department(register: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PDCA_NAMES", raising=False)
    shown = report(register)
    assert "P-0001" not in shown and "P-0002" not in shown
    assert "采购专员" in shown  # P-0001's post
    assert "财务部" in shown  # P-0002 has a department and no post
    assert "P-0003" in shown  # neither: the pseudonymous id itself, never a guess
    assert "经 财务部 核实" in shown  # an id in free text too
    assert "王海涛" in shown  # a name written as a name stays as written


def test_with_the_mapping_reports_exports_and_status_show_names(register: Path, names: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDCA_NAMES", str(names))
    shown = report(register)
    assert "张伟" in shown and "李娜" in shown and "P-0001" not in shown
    assert "不在登记册中的人" not in shown
    exported = pdca("export", register, "--as-of", "2024-06-30").json()
    owners = {f["id"]: (f["owner"], f["leader"]) for f in exported["findings"]}
    assert owners == {"SJ-2024-01-F1": ("张伟", "李娜"), "SJ-2024-01-F2": ("财务部经理王海涛", None),
                      "SJ-2024-01-F3": ("P-0003", None)}
    status = pdca("status", register, "--as-of", "2024-06-30")
    assert "张伟" in status.out and "P-0001" not in status.out


@pytest.mark.parametrize(("lang", "reason"), [("zh", "文件或文件夹不存在"), ("en", "no such file or folder")])
def test_a_names_file_that_is_not_there_is_said_in_the_language(register: Path, tmp_path: Path, lang: str,
                                                                reason: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's "No such file or directory" is English: in a Chinese message it is said in Chinese."""
    monkeypatch.setenv("PDCA_NAMES", str(tmp_path / "办公 室" / "names.yaml"))
    status = pdca("status", register, "--as-of", "2024-06-30", "--lang", lang)
    assert status.code == 2 and reason in status.err and "No such file" not in status.err, status.err


def test_redact_shows_posts_never_names_even_with_the_mapping(register: Path, names: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDCA_NAMES", str(names))
    outputs = [report(register, "--redact"), pdca("export", register, "--redact", "--as-of", "2024-06-30").out]
    workbook = tmp_path / "out.xlsx"
    assert pdca("export", register, "--redact", "--format", "xlsx", "-o", workbook).code == 0
    cells = [str(c) for sheet in openpyxl.load_workbook(workbook).worksheets for row in sheet.iter_rows(values_only=True)
             for c in row if c is not None]
    outputs.append("\n".join(cells))
    for shown in outputs:
        for word in ("张伟", "李娜", "王海涛", "P-0001", "P-0002"):
            assert word not in shown
    document = json.loads(outputs[1])
    finding = next(f for f in document["findings"] if f["id"] == "SJ-2024-01-F1")
    assert (finding["owner"], finding["leader"]) == ("采购专员", "财务部")


def test_check_does_not_depend_on_the_mapping(register: Path, names: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PDCA_NAMES", raising=False)
    without = pdca("check", register, "--format", "json", "--as-of", "2024-06-30", "--no-cache").out
    monkeypatch.setenv("PDCA_NAMES", str(names))
    assert pdca("check", register, "--format", "json", "--as-of", "2024-06-30", "--no-cache").out == without
    assert "张伟" not in without


@pytest.mark.parametrize("content, expected", [
    (None, "无法读取人员姓名对照表"),
    ("names: [张伟]\n", "应为 names: 下的“编号: 姓名”映射"),
    ("names:\n  P-0001: 张伟\n  P-0002: ''\n", "第 3 行：编号 P-0002 没有给出姓名"),
    ("names:\n  P-0001: [张伟\n", "第 3 行"),
    ("names: !!python/object:os.system x\n", "第 1 行"),
])
def test_a_mapping_that_cannot_be_used_is_refused_with_its_place(register: Path, tmp_path: Path, content: str | None,
                                                                  expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "names.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("PDCA_NAMES", str(path))
    result = pdca("report", register, "--month", "2024-06")
    assert result.code == 2 and expected in result.err and "Traceback" not in result.err
    assert "张伟" not in result.err


def test_a_person_entry_holds_no_name(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"people/all.yaml": "people:\n  - {id: P-0001, post: buyer, name: 张伟}\n"})
    result = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert result.code == 1
    assert [(d["file"], d["line"], d["rule"]) for d in result.json()["diagnostics"]] == [("people/all.yaml", 2, "schema")]


def test_registers_that_write_names_are_read_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No people/ folder: every owner is a display name, reports are byte for byte what they were."""
    monkeypatch.setenv("PDCA_NAMES", str(tmp_path / "does-not-exist.yaml"))  # never read without people/
    result = pdca("report", EXAMPLE, "--month", "2024-06")
    assert result.code == 0 and "王海涛" in result.out


def test_a_register_without_people_names_a_post_like_id_freely(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"checks/sj.yaml": CHECKS})
    result = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert not any(d["rule"] == "person-reference" for d in result.json()["diagnostics"])


def test_people_schema_is_published() -> None:
    schema = json.loads(pdca("schema", "people").out)
    person = schema["$defs"]["Person"]
    assert set(person["properties"]) == {"id", "post", "department", "key_post", "key_minority", "top_leader"}
    assert person["additionalProperties"] is False
    assert BASE_CONFIG  # the base register the fixtures build on
