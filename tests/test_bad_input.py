"""Bad input gives a message with file, line and column, never a traceback, and the run goes on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, measured_check, pdca, pdca_program, write_register

from pdca.model.entities import FILE_KINDS

GOOD = "risks:\n  - {id: CG-100, title: 合同签订, area: nowhere, dimension: 业务流程}\n"
GOOD_FOUND = "risks/zz-good.yaml:2:31 unknown-reference"  # proves the file after the bad one was checked


def check(root: Path) -> list[str]:
    result = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert "Traceback" not in result.out + result.err
    return result.found()


def messages(root: Path, lang: str = "zh") -> str:
    return pdca("check", root, "--as-of", "2024-06-30", "--lang", lang).out


def test_gbk_file_is_named_with_the_way_to_convert(tmp_path: Path) -> None:
    text = "risks:\n  - id: CG-001\n    title: 供应商选择中的利益输送\n"
    root = write_register(tmp_path, {"risks/cg.yaml": text.encode("gbk"), "risks/zz-good.yaml": GOOD})
    assert check(root) == ["risks/cg.yaml:3:12 encoding", GOOD_FOUND]
    assert "GBK/GB18030" in messages(root)
    assert "iconv -f GB18030 -t UTF-8" in messages(root, "en")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_is_named(tmp_path: Path, codec: str) -> None:
    root = write_register(tmp_path, {"risks/cg.yaml": "risks: []\n".encode(codec), "risks/zz-good.yaml": GOOD})
    assert check(root) == ["risks/cg.yaml:1:1 encoding", GOOD_FOUND]
    assert "UTF-16" in messages(root)


def test_utf8_bom_is_accepted_and_positions_are_unchanged(tmp_path: Path) -> None:
    text = "\ufeffrisks:\n  - {id: CG-001, title: 供应商选择, area: nowhere, dimension: 业务流程}\n"
    root = write_register(tmp_path, {"risks/cg.yaml": text})
    assert check(root) == ["risks/cg.yaml:2:32 unknown-reference"]


def test_bom_in_pdca_yaml(tmp_path: Path) -> None:
    root = write_register(tmp_path, {"pdca.yaml": "\ufeff" + BASE_CONFIG})
    assert check(root) == []


def test_crlf_line_endings(tmp_path: Path) -> None:
    text = GOOD.replace("\n", "\r\n").replace("zz-good", "x")
    root = write_register(tmp_path, {"risks/cg.yaml": text.encode()})
    assert check(root) == ["risks/cg.yaml:2:31 unknown-reference"]


def test_billion_laughs_is_refused_quickly_with_bounded_memory(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    root = write_register(tmp_path, {"risks/bomb.yaml": "\n".join(lines) + "\n", "risks/zz-good.yaml": GOOD})
    seconds, peak_kib, rc, out, _ = measured_check(root, timeout=60)
    assert seconds < 2 and peak_kib < 300_000 and rc == 1
    assert '"rule": "yaml-syntax"' in out and "unknown-reference" in out


def test_aliases_and_merge_keys_within_bounds_are_read(tmp_path: Path) -> None:
    text = (
        "risks:\n"
        "  - &base {id: CG-001, title: 供应商选择, area: procurement, dimension: 业务流程}\n"
        "  - <<: *base\n"
        "    id: CG-002\n"
    )
    root = write_register(tmp_path, {"risks/cg.yaml": text})
    assert check(root) == []


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    deep = "risks: " + "[" * 200 + "]" * 200 + "\n"
    deeper = "risks: " + "[" * 5000 + "]" * 5000 + "\n"
    root = write_register(tmp_path, {"risks/a.yaml": deep, "risks/b.yaml": deeper, "risks/zz-good.yaml": GOOD})
    assert check(root) == ["risks/a.yaml:1:72 yaml-syntax", "risks/b.yaml:1:1007 yaml-syntax", GOOD_FOUND]
    assert "嵌套超过" in messages(root)


def test_duplicate_keys_wrong_types_unknown_keys_and_bad_dates_in_one_file(tmp_path: Path) -> None:
    text = (
        "risks:\n"
        "  - id: CG-001\n"
        "    title: 供应商选择\n"
        "    title: 供应商选择中的利益输送\n"
        "    area: procurement\n"
        "    dimension: 业务流程\n"
        "    likelihood: '4'\n"
        "    identified: 2024-02-30\n"
        "    colour: red\n"
    )
    root = write_register(tmp_path, {"risks/cg.yaml": text})
    assert check(root) == [
        "risks/cg.yaml:4:5 duplicate-key",
        "risks/cg.yaml:7:5 schema",
        "risks/cg.yaml:8:5 invalid-date",
        "risks/cg.yaml:9:5 schema",
    ]


def test_file_whose_top_level_is_a_scalar(tmp_path: Path) -> None:
    root = write_register(tmp_path, {"risks/cg.yaml": "just some text\n", "checks/x.yaml": "checks: 3\n"})
    assert check(root) == ["checks/x.yaml:1:1 schema", "risks/cg.yaml:1:1 schema"]


def test_missing_pdca_yaml_exits_2_and_says_what_to_do(tmp_path: Path) -> None:
    result = pdca("check", tmp_path)
    assert result.code == 2
    assert "没有 pdca.yaml" in result.err and "登记册目录" in result.err
    assert result.out == ""


def test_unparseable_pdca_yaml_exits_2_with_position(tmp_path: Path) -> None:
    root = write_register(tmp_path, {"pdca.yaml": "schema: pdca/v1\norganization: [X公司\n"})
    result = pdca("check", root, "--format", "json")
    assert result.code == 2
    assert result.found()[0] == "pdca.yaml:3:1 yaml-syntax"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_pdca_yaml_exits_2(tmp_path: Path) -> None:
    root = write_register(tmp_path, {})
    (root / "pdca.yaml").chmod(0)
    result = pdca("check", root)
    assert result.code == 2


def test_pdca_yaml_that_is_a_folder_exits_2(tmp_path: Path) -> None:
    (tmp_path / "risks").mkdir()
    (tmp_path / "pdca.yaml").mkdir()
    result = pdca("check", tmp_path)
    assert result.code == 2


def test_one_bad_register_does_not_hide_another(tmp_path: Path) -> None:
    bad = write_register(tmp_path / "bad", {"pdca.yaml": "schema: [\n"})
    good = write_register(tmp_path / "good", {"risks/zz-good.yaml": GOOD})
    result = pdca("check", bad, good, "--format", "json")
    assert result.code == 2
    rules = [(d["register"].split("/")[-1], d["rule"]) for d in result.json()["diagnostics"]]
    assert ("good", "unknown-reference") in rules and ("bad", "yaml-syntax") in rules


def test_bad_as_of_is_a_usage_error(tmp_path: Path) -> None:
    root = write_register(tmp_path, {})
    result = pdca("check", root, "--as-of", "2024-13-01")
    assert result.code == 2 and "--as-of" in result.err


def test_no_traceback_reaches_the_user_from_the_real_program(tmp_path: Path) -> None:
    root = write_register(tmp_path, {"risks/a.yaml": b"\xff\xfe\x00garbage", "risks/b.yaml": "risks: {{{"})
    result = pdca_program("check", root)
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    assert "risks/a.yaml" in result.out and "risks/b.yaml" in result.out


def test_output_that_cannot_be_written_is_a_message(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {})
    folder = tmp_path / "existing"
    folder.mkdir()
    assert pdca("export", root, "-o", folder).code == 2
    blocked = tmp_path / "afile"
    blocked.write_text("x", encoding="utf-8")
    for args in (["-o", blocked / "sub.json"], ["--format", "csv", "-o", blocked / "sub"]):
        result = pdca("export", root, *args)
        assert result.code == 2 and "Traceback" not in result.err and "afile" in result.err


def test_dates_at_the_end_of_the_calendar(tmp_path: Path) -> None:
    config = BASE_CONFIG.replace('cycle: {id: "2024", start: 2024-01-01, end: 2024-12-31}',
                                 'cycle: {id: "9999", start: 9999-01-01, end: 9999-12-31}')
    root = write_register(tmp_path / "reg", {
        "risks/cg.yaml": "risks:\n  - {id: CG-001, title: t, area: procurement, dimension: 业务流程, "
                         "identified: 9999-11-01, reviewed: 9999-12-01}\n",
    }, config)
    for command in (["check"], ["export"], ["status"], ["report", "--month", "9999-12"], ["report", "--year", "9999"]):
        result = pdca(*command, root, "--as-of", "9999-12-31")
        assert result.code in (0, 1) and "Traceback" not in result.err, (command, result.err)


def test_problems_in_pdca_yaml_speak_the_register_language(tmp_path: Path) -> None:
    config = BASE_CONFIG.replace("organization: 测试公司", "organization: 测试公司\nlanguage: en\norganization: X")
    root = write_register(tmp_path, {"pdca.yaml": config})
    out = pdca("check", root).out
    assert "key organization appears twice" in out


def test_choices_are_listed_in_the_language_of_the_message(tmp_path: Path) -> None:
    root = write_register(tmp_path, {"risks/cg.yaml": (
        "risks:\n  - {id: CG-1, title: t, area: procurement, dimension: 业务流程,"
        " measures: [{id: M, title: t, line: 事先}]}\n")})
    assert "'before'、'during'、'after'、'事前'、'事中'、'事后'" in messages(root)
    assert "'before', 'during' or 'after', '事前', '事中', '事后'" in messages(root, "en")


@pytest.mark.parametrize("entry", ["identified: 2024-02-30", "identified: 2024-13-01", "owner: !!int abc"])
def test_fmt_leaves_a_file_it_cannot_rebuild_as_it_is_and_says_so(tmp_path: Path, entry: str) -> None:
    text = f"risks:\n  - id: CG-001\n    title: t\n    area: procurement\n    dimension: 业务流程\n    {entry}\n"
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": text})
    before = (root / "risks" / "cg.yaml").read_bytes()
    result = pdca("fmt", root)
    assert result.code == 2 and "Traceback" not in result.err and "cg.yaml" in result.err
    assert (root / "risks" / "cg.yaml").read_bytes() == before


BROKEN = {  # what a hand edit of a record file can leave, and the rule that says so at its first line
    "syntax": ("{key}: []\n  - {{id: X-1}}\n", "yaml-syntax"),  # an example put under `key: []`
    "not a mapping": ("- {{id: X-1}}\n", "schema"),
    "misspelt key": ("{key}s: []\n", "schema"),
    "not a list": ("{key}: {{id: X-1}}\n", "schema"),
}


@pytest.mark.parametrize("folder", sorted(FILE_KINDS))
@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_a_broken_file_of_every_folder_is_a_problem_at_its_line_not_a_crash(
        tmp_path: Path, folder: str, broken: str) -> None:
    """Every folder pdca reads, the records too (pledges/, decisions/, assessments/): a file that cannot
    be read is reported and the file after it still checked."""
    text, rule = BROKEN[broken]
    root = write_register(tmp_path, {f"{folder}/a.yaml": text.format(key=FILE_KINDS[folder][0]),
                                     "risks/zz-good.yaml": GOOD})
    found = check(root)
    assert any(line.startswith(f"{folder}/a.yaml:") and line.endswith(f" {rule}") for line in found), found
    assert GOOD_FOUND in found
