"""One mistake, one message at the place of the mistake (issue 15).

A full-width colon, a full-width space, a tab, wrong indentation or a GBK-encoded file in one file of
the example register: `pdca check` names that mistake first, at its own line and column, and nothing
that follows from the file not being read (unknown references with wrong "did you mean" advice, gates
and self-checks that look missing) is reported; one note says how many references were held back.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, measured_check, pdca, pdca_program

AS_OF = "2024-12-31"
RISKS = "risks/procurement.yaml"
KEY_LINE = "    likelihood: 3\n"  # the first risk's likelihood, a key of a list item's mapping


def copy_example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    return root


def replace(root: Path, rel: str, old: str, new: str) -> tuple[int, str]:
    """Edit one file of the register: the 1-based line where `old` began, and the new text."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1, text.replace(old, new, 1)


def diagnostics(root: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = pdca("check", root, "--format", "json", "--no-cache", "--as-of", AS_OF, *args)
    assert "Traceback" not in result.out + result.err
    found: list[dict[str, Any]] = result.json()["diagnostics"]
    return result.code, found


def said(found: list[dict[str, Any]]) -> set[tuple[str, str, str, str]]:
    return {(d["file"], d["rule"], d["severity"], d["message"]) for d in found}


@dataclass
class Broken:
    """How one file was broken, and where and how the mistake must be named."""

    rel: str
    position: str  # "line:column"
    rule: str
    zh: str  # words the Chinese message holds
    en: str


def full_width_colon(root: Path) -> Broken:
    line, _ = replace(root, RISKS, KEY_LINE, "    likelihood： 3\n")
    return Broken(RISKS, f"{line}:15", "yaml-syntax", "全角冒号", "full-width colon")


def full_width_space(root: Path) -> Broken:
    line, _ = replace(root, RISKS, KEY_LINE, "    likelihood:\u30003\n")
    return Broken(RISKS, f"{line}:16", "yaml-syntax", "全角空格", "full-width space")


def full_width_indent(root: Path) -> Broken:
    line, _ = replace(root, RISKS, KEY_LINE, "  \u3000likelihood: 3\n")
    return Broken(RISKS, f"{line}:3", "yaml-syntax", "全角空格", "full-width space")


def tab(root: Path) -> Broken:
    line, _ = replace(root, RISKS, KEY_LINE, "\tlikelihood: 3\n")
    return Broken(RISKS, f"{line}:1", "yaml-syntax", "制表符", "tabs")


def too_deep(root: Path) -> Broken:
    line, _ = replace(root, RISKS, KEY_LINE, "      likelihood: 3\n")
    return Broken(RISKS, f"{line}:7", "yaml-syntax", "缩进过深：这一行缩进 6 格", "indented too deep")


def out_of_step(root: Path) -> Broken:
    line, _ = replace(root, RISKS, KEY_LINE, "   likelihood: 3\n")
    return Broken(RISKS, f"{line}:4", "yaml-syntax", "缩进不一致：这一行缩进 3 格", "indentation out of step")


def too_little(root: Path) -> Broken:
    """The key moved left to a level that exists (the file's top): libyaml fails on the line after."""
    line, _ = replace(root, RISKS, KEY_LINE, "likelihood: 3\n")
    return Broken(RISKS, f"{line}:1", "yaml-syntax", "缩进过浅：这一行缩进 0 格，而它前后的同级键缩进 4 格",
                  "indented too little")


def item_out_of_line(root: Path) -> Broken:
    line, _ = replace(root, RISKS, "      - id: CG-001-M2\n", "        - id: CG-001-M2\n")
    return Broken(RISKS, f"{line}:9", "yaml-syntax", "列表项的“-”缩进 8 格，与同一列表其他项的“-”（缩进 6 格）没有对齐",
                  "out of line with the '-'")


def gbk(root: Path) -> Broken:
    path = root / RISKS
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    return Broken(RISKS, "1:3", "encoding", "GBK/GB18030", "GB18030")


def full_width_dash(root: Path) -> Broken:
    line, _ = replace(root, RISKS, "  - id: CG-002\n", "  － id: CG-002\n")
    return Broken(RISKS, f"{line}:3", "yaml-syntax", "全角减号", "full-width minus")


def chinese_quotes(root: Path) -> Broken:
    line, _ = replace(root, RISKS, "    title: 供应商选择中的利益输送\n", "    title: “供应商: 利益输送”\n")
    return Broken(RISKS, f"{line}:12", "yaml-syntax", "中文引号", "Chinese quotation mark")


def full_width_hash(root: Path) -> Broken:
    line, _ = replace(root, RISKS, KEY_LINE, "    ＃ 可能性按近三年情况评定\n" + KEY_LINE)
    return Broken(RISKS, f"{line}:5", "yaml-syntax", "全角井号", "full-width number sign")


def colon_after_block_text(root: Path) -> Broken:
    line, _ = replace(root, RISKS, "  - id: CG-001\n    title: 供应商选择中的利益输送\n",
                      "  - title: |\n      供应商选择中的利益输送\n    id： CG-001\n")
    return Broken(RISKS, f"{line + 2}:7", "yaml-syntax", "全角冒号", "full-width colon")


def blank_line_of_full_width_spaces(root: Path) -> Broken:
    line, _ = replace(root, RISKS, KEY_LINE, KEY_LINE + "  \u3000\n")
    return Broken(RISKS, f"{line + 1}:3", "yaml-syntax", "全角空格", "full-width space")


BREAKS: dict[str, Callable[[Path], Broken]] = {
    "full-width colon": full_width_colon,
    "full-width space": full_width_space,
    "full-width space as indentation": full_width_indent,
    "tab": tab,
    "indented too deep": too_deep,
    "indentation out of step": out_of_step,
    "indented too little": too_little,
    "a list item's dash out of line": item_out_of_line,
    "GBK file": gbk,
    "full-width minus as a list's dash": full_width_dash,
    "Chinese quotes around text with a colon": chinese_quotes,
    "full-width colon after block text in a list item": colon_after_block_text,
    "a comment begun with a full-width number sign": full_width_hash,
    "a line of nothing but a full-width space": blank_line_of_full_width_spaces,
}


@dataclass
class Intact:
    said: dict[str, set[tuple[str, str, str, str]]]  # language -> what the intact example says
    references: int  # the unknown references deleting the broken file would give: the note counts them


@pytest.fixture(scope="module")
def intact(tmp_path_factory: pytest.TempPathFactory) -> Intact:
    root = copy_example(tmp_path_factory.mktemp("intact"))
    out = {lang: said(diagnostics(root, "--lang", lang)[1]) for lang in ("zh", "en")}
    (root / RISKS).unlink()
    _, without = diagnostics(root)
    return Intact(out, sum(1 for d in without if d["rule"] == "unknown-reference"))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(BREAKS))
def test_the_mistake_comes_first_at_its_place_and_nothing_follows_from_it(
        tmp_path: Path, name: str, lang: str, intact: Intact) -> None:
    root = copy_example(tmp_path)
    broken = BREAKS[name](root)
    code, found = diagnostics(root, "--lang", lang)
    assert code == 1
    first = found[0]
    assert (first["file"], f"{first['line']}:{first['column']}", first["rule"]) == (broken.rel, broken.position, broken.rule)
    assert getattr(broken, lang) in first["message"]
    # one mistake, one message; then the note about the references held back
    own = [d for d in found if d["file"] == broken.rel]
    assert [d["rule"] for d in own] == [broken.rule, "unknown-reference"]
    note = own[1]
    assert note["severity"] == "warning" and note["line"] is None
    assert intact.references > 0
    assert f"{intact.references} " in note["message"] and RISKS in note["message"]
    assert ("可能在未能读取的" if lang == "zh" else "could not be read") in note["message"]
    # nothing else is said that the intact register does not say
    assert said([d for d in found if d["file"] != broken.rel]) <= intact.said[lang]
    assert not [d for d in found if d["rule"] == "unknown-reference" and d["severity"] == "error"]


def test_text_output_starts_with_the_broken_file_and_its_mistake(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    broken = full_width_colon(root)
    result = pdca("check", root, "--no-cache", "--as-of", AS_OF)
    lines = [line for line in result.out.splitlines() if line.strip()]
    assert result.code == 1
    assert lines[0].endswith(broken.rel)
    assert lines[1].split()[0] == broken.position and "“：”是全角冒号" in lines[1] and "likelihood: 3" in lines[1]
    assert "[unknown-reference]" in lines[2] and "暂不检查" in lines[2]


def test_the_real_program_says_the_same_in_english(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    broken = tab(root)
    result = pdca_program("check", root, "--no-cache", "--as-of", AS_OF, "--lang", "en", "--format", "json")
    assert result.code == 1 and "Traceback" not in result.err
    assert result.found()[0] == f"{broken.rel}:{broken.position} yaml-syntax"
    assert "held back" in result.json()["diagnostics"][1]["message"]


def test_a_warm_run_keeps_the_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDCA_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_example(tmp_path)
    broken = full_width_colon(root)
    runs = [pdca("check", root, "--format", "json", "--as-of", AS_OF) for _ in range(2)]
    assert runs[0].out == runs[1].out
    assert runs[1].found()[0] == f"{broken.rel}:{broken.position} yaml-syntax"


def test_a_broken_checks_file_makes_no_gate_self_check_or_repeat_look_missing(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    intact = said(diagnostics(root)[1])
    line, _ = replace(root, "checks/zicha-2024h1.yaml", "    source: 自查自验\n", "    source： 自查自验\n")
    code, found = diagnostics(root)
    assert code == 1
    assert f"{found[0]['file']}:{found[0]['line']}:{found[0]['column']}" == f"checks/zicha-2024h1.yaml:{line}:11"
    new = said(found) - intact
    # a finding whose confirmed repeat (repeat_of) is in the unread file is escalated as if it were
    # none (建议通报, finding-overdue, instead of 问责); no gate, suspicion or self-check looks missing
    assert {rule for _, rule, _, _ in new} == {"yaml-syntax", "unknown-reference", "finding-overdue"}
    assert not [d for d in new if d[1] == "unknown-reference" and d[2] == "error"]


def test_a_waiver_for_something_in_the_unread_file_is_not_called_unused(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    replace(root, "pdca.yaml", "areas:",
            "waivers:\n  - {rule: review-stale, target: CG-002, reason: 调整中, until: 2099-12-31, approver: 纪委书记}\n\nareas:")
    _, intact = diagnostics(root)
    assert [d for d in intact if d["rule"] == "review-stale" and "waived" in d and "CG-002" in d["message"]]
    full_width_colon(root)
    _, found = diagnostics(root)
    assert not [d for d in found if d["rule"] == "waiver-unused"]


def test_ids_joined_by_a_full_width_comma_are_one_message_at_the_comma(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    intact = said(diagnostics(root)[1])
    line, _ = replace(root, "activities/2024.yaml", "risks: [ZD-003, GW-001, CG-005]", "risks: [ZD-003，GW-001, CG-005]")
    code, found = diagnostics(root)
    assert code == 1
    assert f"{found[0]['file']}:{found[0]['line']}:{found[0]['column']}" == f"activities/2024.yaml:{line}:19"
    new = said(found) - intact
    assert len(new) == 1 and "全角逗号" in next(iter(new))[3] and "ZD-003, GW-001" in next(iter(new))[3]


def test_chinese_commas_in_a_list_of_words_are_text(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    intact = said(diagnostics(root)[1])
    replace(root, RISKS, "    tags: [微权力, 小切口]", "    tags: [微权力，小切口]")
    replace(root, "pdca.yaml", "powers: [车辆派遣, 加油卡及维修费用管理]", "powers: [车辆派遣, 加油卡，维修费用管理]")
    replace(root, "risks/vehicle.yaml", "power: 加油卡及维修费用管理", "power: 加油卡，维修费用管理")
    assert said(diagnostics(root)[1]) == intact


@pytest.mark.parametrize(("old", "new", "column", "words"), [
    ("      - {stage: P, date: 2024-01-15, note: 部门及岗位自查识别}",
     "      - {stage： P, date: 2024-01-15, note: 部门及岗位自查识别}", 15, "全角冒号"),
    ("    tags: [微权力, 小切口]", "    tags: ［微权力, 小切口］", 11, "全角括号"),
])
def test_a_full_width_sign_that_yaml_reads_as_text_is_named_instead_of_the_wrong_shape(
        tmp_path: Path, old: str, new: str, column: int, words: str) -> None:
    root = copy_example(tmp_path)
    line, _ = replace(root, RISKS, old, new)
    code, found = diagnostics(root)
    own = [d for d in found if d["file"] == RISKS and d["severity"] == "error"]
    assert code == 1
    assert [(d["line"], d["column"], d["rule"]) for d in own] == [(line, column, "yaml-syntax")]
    assert words in own[0]["message"]
    assert found[0] == own[0]  # a mistake in the YAML itself comes first


def test_text_in_scalars_is_not_taken_for_a_mistake(tmp_path: Path) -> None:
    """Chinese-style paragraph indentation, `OA：` and `－` inside multi-line text and a block scalar
    are text: the file's one mistake (a tab further down) is the only message."""
    root = copy_example(tmp_path)
    replace(root, RISKS, "    process: 供应商选择与询比价\n",
            "    process: 供应商选择与询比价\n      \u3000\u3000第二段\n      OA：流程\n      － 一项\n      ＃ 1 号机组\n"
            "    dimension_note: |\n      title： 不是键\n      \u3000\u3000缩进的正文\n")
    line, _ = replace(root, RISKS, "    stage: D\n", "\tstage: D\n")
    _, found = diagnostics(root)
    own = [d for d in found if d["file"] == RISKS and d["severity"] == "error"]
    assert [(d["line"], d["column"], d["rule"]) for d in own] == [(line, 1, "yaml-syntax")]


def test_two_mistakes_in_one_file_are_two_messages_each_at_its_place(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    first, _ = replace(root, RISKS, KEY_LINE, "    likelihood： 3\n")
    second, _ = replace(root, RISKS, "    legal_liability: true\n", "    legal_liability： true\n")
    _, found = diagnostics(root)
    own = [d for d in found if d["file"] == RISKS and d["severity"] == "error"]
    assert [(d["line"], d["column"]) for d in own] == [(first, 15), (second, 20)]


def test_a_full_width_colon_in_pdca_yaml_is_named_where_it_is(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    line, _ = replace(root, "pdca.yaml", "organization: X公司\n", "organization： X公司\n")
    code, found = diagnostics(root)
    assert code == 2
    assert f"{found[0]['file']}:{found[0]['line']}:{found[0]['column']} {found[0]['rule']}" == f"pdca.yaml:{line}:13 yaml-syntax"
    assert "全角冒号" in found[0]["message"]


def test_an_invalid_waiver_holds_nothing_back(tmp_path: Path) -> None:
    """A waiver has no id: one that fails validation leaves no kind of entry unread."""
    root = copy_example(tmp_path)
    replace(root, "pdca.yaml", "areas:",
            "waivers:\n  - {rule: review-stale, target: CG-002, reason: 调整中, until: 2099-12-31}\n"
            "  - {rule: review-stale, target: NO-SUCH, reason: 调整中, until: 2099-12-31, approver: 纪委书记}\n\nareas:")
    replace(root, "activities/2024.yaml", "risks: [ZD-003, GW-001, CG-005]", "risks: [ZD-003, GW-001, CG-999]")
    _, found = diagnostics(root)
    assert sorted(d["rule"] for d in found if d["severity"] == "error") == ["schema", "unknown-reference"]
    assert [d for d in found if d["rule"] == "waiver-unused"]
    assert "CG-999" in next(d["message"] for d in found if d["rule"] == "unknown-reference")


@pytest.mark.parametrize("line", [
    "  - {id: CG-001, tags: [" + "a，" * 200_000 + "b]}",
    "  - {id: CG-001, " + "k： v, " * 100_000 + "x: y}",
    "  - id： CG-001" + " " * 400_000 + "x",
])
def test_a_long_line_of_full_width_signs_is_read_in_linear_time(tmp_path: Path, line: str) -> None:
    root = copy_example(tmp_path)
    (root / "risks" / "zz-long.yaml").write_text(f"risks:\n{line}\n\tbroken: here\n", encoding="utf-8")
    seconds, _, rc, out, _ = measured_check(root, timeout=120)
    assert rc == 1 and seconds < 10, seconds  # about 2 s; minutes when each sign copied the line before it
    assert json.loads(out)["diagnostics"][0]["file"] == "risks/zz-long.yaml"
