"""Rule personal-data through the real `pdca check`: every kind of identifier found in every kind of
register file, named by file, line and kind in every output format, and never its value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, EXAMPLE, pdca, write_register
from test_privacy import CARDS, IDS, MOBILES, fullwidth

ADDRESS = "浙江省杭州市西湖区文三路100号3幢501室"


def planted_register(tmp_path: Path) -> tuple[Path, list[str]]:
    """A register with one identifier in each kind of file (a comment, a value, a key's value, a
    narrative); and the values planted."""
    values = [IDS[0], MOBILES[1], CARDS[1], fullwidth(IDS[3]), ADDRESS]
    root = write_register(tmp_path / "reg", {
        "pdca.yaml": BASE_CONFIG + f"# 联系人身份证 {values[0]}\n",
        "risks/cg.yaml": f"risks:\n  - {{id: CG-001, title: 供应商选择, area: procurement, dimension: 业务流程, "
                         f"description: 手机 {values[1]} 联系}}\n",
        "checks/sj.yaml": "checks:\n  - id: SJ-2024-01\n    source: 审计\n    title: 专项审计\n    date: 2024-05-10\n"
                          f"    note: 转入工资卡 {values[2]}\n",
        "activities/2024.yaml": "activities:\n  - id: HD-1\n    kind: 提醒谈话\n    title: 谈话\n    date: 2024-02-01\n"
                                f"    note: 被谈话人证件号码 {values[3]}\n",
        "reports/2024-06.yaml": f"problems: |\n  信访人住址：{values[4]}\n",
    })
    return root, values


@pytest.mark.parametrize("form", ["text", "json", "github", "sarif", "gitlab"])
def test_each_identifier_is_named_by_place_and_kind_never_by_value(tmp_path: Path, form: str) -> None:
    root, values = planted_register(tmp_path)
    result = pdca("check", root, "--format", form, "--as-of", "2024-06-30")
    assert result.code == 1
    shown = result.out + result.err
    for value in values:
        assert value not in shown
        digits = re.sub(r"\D", "", value.translate({c: 0x30 + (c - 0xFF10) for c in range(0xFF10, 0xFF1A)}))
        for start in range(0, max(len(digits) - 7, 0) + 1):  # no run of 8 of its digits either
            assert digits[start:start + 8] not in shown, (form, value)
    assert "文三路" not in shown


def test_where_each_is_reported(tmp_path: Path) -> None:
    root, _ = planted_register(tmp_path)
    result = pdca("check", root, "--format", "json", "--as-of", "2024-06-30", "--lang", "en")
    found = [(d["file"], d["line"], d["message"].split(" is written")[0]) for d in result.json()["diagnostics"]
             if d["rule"] == "personal-data"]
    assert found == [
        ("activities/2024.yaml", 6, "a resident identity card number"),
        ("checks/sj.yaml", 6, "a bank card number"),
        ("pdca.yaml", 12, "a resident identity card number"),
        ("reports/2024-06.yaml", 2, "a home address"),
        ("risks/cg.yaml", 2, "a mobile phone number"),
    ]


def test_a_narrative_added_later_is_checked_again_not_taken_from_the_run_cache(tmp_path: Path) -> None:
    root, _ = planted_register(tmp_path)
    (root / "reports" / "2024-06.yaml").write_text("problems: 无\n", encoding="utf-8")
    first = pdca("check", root, "--format", "json", "--as-of", "2024-06-30").json()
    assert not any(d["file"].startswith("reports/") for d in first["diagnostics"])
    (root / "reports" / "2024-07.yaml").write_text(f"problems: 联系电话 {MOBILES[0]}\n", encoding="utf-8")
    second = pdca("check", root, "--format", "json", "--as-of", "2024-06-30").json()
    assert [d["file"] for d in second["diagnostics"] if d["file"].startswith("reports/")] == ["reports/2024-07.yaml"]


def test_the_rule_can_be_turned_down_in_pdca_yaml(tmp_path: Path) -> None:
    root, _ = planted_register(tmp_path)
    config = (root / "pdca.yaml").read_text(encoding="utf-8")
    (root / "pdca.yaml").write_text(config + "rules:\n  personal-data: warning\n", encoding="utf-8")
    result = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert {d["severity"] for d in result.json()["diagnostics"] if d["rule"] == "personal-data"} == {"warning"}
    (root / "pdca.yaml").write_text(config + "rules:\n  personal-data: off\n", encoding="utf-8")
    result = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert [d for d in result.json()["diagnostics"] if d["rule"] == "personal-data"] == []


def test_the_example_register_has_none() -> None:
    result = pdca("check", EXAMPLE, "--format", "json", "--as-of", "2024-06-30")
    assert [d for d in result.json()["diagnostics"] if d["rule"] == "personal-data"] == []


def test_an_edit_that_would_add_one_is_refused(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {
        "checks/sj.yaml": "checks:\n  - id: SJ-2024-01\n    source: 审计\n    title: 专项审计\n    date: 2024-05-10\n"
                          "    findings:\n      - {id: SJ-2024-01-F1, problem: 记录不全, deadline: 2024-06-30}\n",
    })
    before = (root / "checks" / "sj.yaml").read_bytes()
    result = pdca("finding", "done", "SJ-2024-01-F1", "-r", root, "--result", f"已退还至工资卡 {CARDS[0]}",
                  "--evidence", "OA-1", "--date", "2024-06-20")
    assert result.code == 1 and "personal-data" in result.err and CARDS[0] not in result.err
    assert (root / "checks" / "sj.yaml").read_bytes() == before
