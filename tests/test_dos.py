"""Input built to exhaust time or memory, or to hide from a reviewer, on real files and the real CLI.

The Excel import reads only the cells a sheet holds, whatever its declared size or merged ranges say,
and refuses sheets past its caps; locating thousands of diagnostics in one file is linear; an integer
Python cannot print is a message; hidden sheets and UTF-32 files are named as such.
"""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import BASE_CONFIG, edit_sheet_xml, measured_check, pdca, write_register

from pdca.domain.ids import Ids
from pdca.importers import cells

HEADER = ["部门", "风险点", "风险等级", "防控措施"]
ROWS = [["财务部", "挪用资金", "高", "双人复核"], ["财务部", "虚假报销", "中", "发票查验"]]


def _register(tmp_path: Path) -> Path:
    target = tmp_path / "reg"
    assert pdca("init", target, "--org", "X公司", "--empty", "--cycle", "2024").code == 0
    return target


def _measured_import(workbook: Path, target: Path, timeout: float = 120) -> tuple[float, int, int, str, str]:
    """`pdca import xlsx` in a fresh process: (seconds inside it, peak memory in KiB, exit code, stdout,
    stderr).  The timeout fails the test instead of waiting for a runaway import."""
    code = (
        "import resource, sys, time; from pdca.cli import run; t = time.process_time();"
        f"rc = run(['import', 'xlsx', {str(workbook)!r}, '-r', {str(target)!r}]);"
        "print(time.process_time() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rc, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    seconds, peak_kib, rc = done.stderr.split()[-3:]
    return float(seconds), int(peak_kib), int(rc), done.stdout, done.stderr


def _workbook(path: Path, rows: list[list[object]] = ROWS) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "清单"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    return book


def _imported_titles(target: Path) -> list[str]:
    return sorted(r["title"] for r in pdca("export", target).json()["risks"])


# --- the Excel import: bounded by the cells that exist ---------------------------------------------


def test_a_cell_at_xfd1048576_does_not_make_the_import_walk_the_whole_sheet(tmp_path: Path) -> None:
    workbook = tmp_path / "corner.xlsx"
    book = _workbook(workbook)
    book["清单"]["XFD1048576"] = "x"  # a 5 KB file whose used range is the whole sheet
    book.save(workbook)
    assert workbook.stat().st_size < 10_000
    target = _register(tmp_path)
    seconds, peak_kib, rc, out, err = _measured_import(workbook, target)
    assert rc == 0, err
    assert seconds < 5 and peak_kib < 400_000, (seconds, peak_kib)  # was 50 s and past 3 GB
    assert "读到 2 个风险点" in out
    assert _imported_titles(target) == ["挪用资金", "虚假报销"]


def test_a_declared_dimension_of_the_whole_sheet_is_not_trusted(tmp_path: Path) -> None:
    workbook = tmp_path / "declared.xlsx"
    _workbook(workbook).save(workbook)
    edit_sheet_xml(workbook, lambda xml: xml.replace(b'<dimension ref="A1:D3"/>', b'<dimension ref="A1:XFD1048576"/>'))
    target = _register(tmp_path)
    seconds, peak_kib, rc, out, err = _measured_import(workbook, target)
    assert rc == 0, err
    assert seconds < 5 and peak_kib < 400_000, (seconds, peak_kib)
    assert _imported_titles(target) == ["挪用资金", "虚假报销"]


def test_a_merged_range_to_the_sheets_end_is_clipped_to_the_cells_that_exist(tmp_path: Path) -> None:
    workbook = tmp_path / "merged.xlsx"
    book = _workbook(workbook)
    book["清单"]["A5"] = "注:本表由财务部填报"
    book.save(workbook)
    merge = b'</sheetData><mergeCells count="1"><mergeCell ref="A5:XFD1048576"/></mergeCells>'
    edit_sheet_xml(workbook, lambda xml: xml.replace(b"</sheetData>", merge))
    target = _register(tmp_path)
    seconds, peak_kib, rc, out, err = _measured_import(workbook, target)
    assert rc == 0, err
    assert seconds < 5 and peak_kib < 400_000, (seconds, peak_kib)  # was 40 s and past 3 GB
    assert "工作表“清单”第 5 行：跨列合并的说明行，未导入" in out  # the note, across the table it covers
    assert _imported_titles(target) == ["挪用资金", "虚假报销"]


def test_merged_ranges_over_a_sparse_sheet_are_filled_within_a_budget(tmp_path: Path) -> None:
    workbook = tmp_path / "sparse.xlsx"
    rows: list[list[object]] = [[f"部门{i}", f"风险{i}", "高", "措施"] for i in range(2100)]
    book = _workbook(workbook, rows)
    for column in range(5, 1005):  # 2,101 rows and 1,004 columns that hold something: 2.1 million places
        book["清单"].cell(1, column, f"备注{column}")
    book.save(workbook)
    ranges = b"".join(b'<mergeCell ref="A1:XFD1048576"/>' for _ in range(100))
    edit_sheet_xml(workbook, lambda xml: xml.replace(b"</sheetData>", b"</sheetData><mergeCells>" + ranges + b"</mergeCells>"))
    target = _register(tmp_path)
    seconds, peak_kib, rc, _, err = _measured_import(workbook, target)
    assert rc == 2 and seconds < 5 and peak_kib < 600_000, (rc, seconds, peak_kib)
    assert "超出一次导入的上限" in err and "2,000,000" in err and "Traceback" not in err


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_a_sheet_past_the_row_cap_is_refused_quickly_with_the_cap_named(tmp_path: Path) -> None:
    workbook = tmp_path / "long.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("清单")
    sheet.append(["风险点"])
    for number in range(cells.MAX_ROWS + 10):
        sheet.append([number])
    book.save(workbook)
    target = _register(tmp_path)
    seconds, _, rc, out, err = _measured_import(workbook, target)
    assert rc == 2 and seconds < 10, (rc, seconds)
    assert "工作表“清单”超出一次导入的上限（最多 50,000 行" in err and "Traceback" not in err
    assert not list((target / "risks").glob("*.yaml"))  # nothing written


def test_a_row_of_more_cells_than_a_sheet_has_columns_is_refused(tmp_path: Path) -> None:
    workbook = tmp_path / "wide-row.xlsx"
    _workbook(workbook).save(workbook)
    row = b'<row r="9">' + b'<c t="n"><v>1</v></c>' * 16_385 + b"</row>"  # no r=: each one a column further
    edit_sheet_xml(workbook, lambda xml: xml.replace(b"</sheetData>", row + b"</sheetData>"))
    result = pdca("import", "xlsx", workbook, "-r", _register(tmp_path))
    assert result.code == 2 and "不是有效的 .xlsx" in result.err


def test_a_workbook_that_unpacks_past_the_cap_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    workbook = tmp_path / "bomb.xlsx"
    _workbook(workbook).save(workbook)
    with zipfile.ZipFile(workbook, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/padding.bin", "w", force_zip64=True) as padding:  # 2 MB packed
            for _ in range(cells.MAX_UNPACKED // (1 << 20) + 1):
                padding.write(bytes(1 << 20))
    target = _register(tmp_path)
    result = pdca("import", "xlsx", workbook, "-r", target)
    assert result.code == 2 and "解压后超过 512 MB" in result.err


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_many_new_departments_and_posts_import_in_linear_time(tmp_path: Path) -> None:
    workbook = tmp_path / "distinct.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("清单")
    sheet.append(["部门", "岗位", "风险点", "风险等级", "防控措施"])
    for number in range(3000):  # every row a department, a post and a risk of its own
        sheet.append([f"部门{number}", f"岗位{number}", f"风险{number}", "高", "集体评审"])
    book.save(workbook)
    target = _register(tmp_path)
    seconds, _, rc, out, err = _measured_import(workbook, target)
    assert rc == 0, err
    assert seconds < 10, seconds  # 5,000 such rows took 85 s when each new id rescanned every id
    assert "读到 3000 个风险点、3000 项措施" in out


def test_id_allocation_is_constant_time_per_id_even_past_ids_of_a_longer_prefix() -> None:
    # ids X-10000 ... X-29999 read as prefix "X-": asking for "X-1" (width 4) steps over them, once
    taken = Ids(f"X-{number}" for number in range(10_000, 30_000))
    started = time.process_time()
    handed = [taken.next("X-1", 4) for _ in range(20_000)]
    assert time.process_time() - started < 2  # 20,000 x 10,000 steps when each call stepped over them again
    assert handed[:2] == ["X-110000", "X-110001"] and len(set(handed)) == 20_000
    ids = Ids(["CG-007"])
    ids.take("CG-099")
    assert [ids.next("CG-", 3) for _ in range(3)] == ["CG-100", "CG-101", "CG-102"]


# --- hidden sheets --------------------------------------------------------------------------------


def test_hidden_and_very_hidden_sheets_are_skipped_and_named(tmp_path: Path) -> None:
    workbook = tmp_path / "hidden.xlsx"
    book = _workbook(workbook)
    for title, state in (("备查", "hidden"), ("内部", "veryHidden")):
        extra = book.create_sheet(title)
        extra.append(HEADER)
        extra.append(["财务部", f"{title}里的风险", "高", "措施"])
        extra.sheet_state = state
    book.save(workbook)
    target = _register(tmp_path)
    result = pdca("import", "xlsx", workbook, "-r", target)
    assert result.code == 0, result.err
    assert "隐藏的工作表未导入（在 Excel 中看不到）：备查、内部" in result.out
    assert _imported_titles(target) == ["挪用资金", "虚假报销"]
    named = pdca("import", "xlsx", workbook, "-r", target, "--sheet", "内部")  # asked for by name
    assert named.code == 0 and "内部里的风险" in _imported_titles(target)


def test_a_workbook_with_only_hidden_risk_sheets_says_so(tmp_path: Path) -> None:
    workbook = tmp_path / "only-hidden.xlsx"
    book = _workbook(workbook)
    book["清单"].sheet_state = "veryHidden"
    book.create_sheet("说明")["A1"] = "本表由各部门填报"
    book.active = 1
    book.save(workbook)
    result = pdca("import", "xlsx", workbook, "-r", _register(tmp_path), "--lang", "en")
    assert result.code == 2 and "hidden sheets were not read: 清单" in result.err


# --- check: many diagnostics in one file ----------------------------------------------------------


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_twenty_thousand_unknown_keys_are_located_in_linear_time(tmp_path: Path) -> None:
    lines = ["risks:", "  - id: CG-001", "    title: t", "    area: procurement", "    dimension: 业务流程"]
    lines += [f"    unknown{number:05d}: v" for number in range(20_000)]
    root = write_register(tmp_path, {"risks/cg.yaml": "\n".join(lines) + "\n"})
    seconds, _, rc, out, _ = measured_check(root, timeout=120)
    assert rc == 1 and seconds < 8, seconds  # about 2.5 s; 13.5 s when each diagnostic scanned the mapping again
    found = [(d["line"], d["column"], d["rule"]) for d in json.loads(out)["diagnostics"]]
    assert found == [(line, 5, "schema") for line in range(6, 20_006)]  # each key at its own line


# --- integers Python will not print ---------------------------------------------------------------

HUGE = "1" * 5000


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "0x" + "f" * 4000, "0o" + "7" * 5000, f"!!int {HUGE}"])
def test_an_integer_past_pythons_digit_limit_is_a_message_everywhere(tmp_path: Path, value: str) -> None:
    risk = f"risks:\n  - id: CG-001\n    title: t\n    area: procurement\n    dimension: 业务流程\n    likelihood: {value}\n"
    root = write_register(tmp_path / "r", {"risks/cg.yaml": risk})
    check = pdca("check", root, "--format", "json")
    assert check.code == 1 and "risks/cg.yaml:6:17 yaml-syntax" in check.found() and "Traceback" not in check.err
    assert "超过 4300 位" in pdca("check", root).out
    for command in (("report", root), ("export", root), ("fmt", root, "--check")):
        result = pdca(*command)
        assert "Traceback" not in result.out + result.err and result.code in (0, 1, 2), command
    assert "6:17: 整数超过 4300 位" in pdca("fmt", root).err
    config = write_register(tmp_path / "c", {"risks/cg.yaml": "risks: []\n"}, BASE_CONFIG + f"note: {value}\n")
    line = BASE_CONFIG.count("\n") + 1
    assert f"pdca.yaml:{line}:7 yaml-syntax" in pdca("check", config, "--format", "json").found()


def test_a_long_digit_text_from_the_command_line_is_written_quoted(tmp_path: Path) -> None:
    root = write_register(tmp_path, {"risks/cg.yaml": "risks: []\n"})
    added = pdca("new", "risk", "-r", root, "--area", "procurement", "--title", HUGE, "--dimension", "业务流程")
    assert added.code == 0, added.err
    assert f'title: "{HUGE}"' in (root / "risks" / "procurement.yaml").read_text(encoding="utf-8")
    assert pdca("check", root, "--as-of", "2024-06-30").code == 0


# --- UTF-32 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("codec", "named"), [("utf-32", "UTF-32"), ("utf-32-le", "UTF-32LE"), ("utf-32-be", "UTF-32BE")])
def test_utf32_files_are_named_utf32(tmp_path: Path, codec: str, named: str) -> None:
    text = "risks:\n  - {id: CG-001, title: 供应商选择, area: procurement, dimension: 业务流程}\n"
    root = write_register(tmp_path, {"risks/cg.yaml": text.encode(codec)})
    assert pdca("check", root, "--format", "json").found() == ["risks/cg.yaml:1:1 encoding"]
    said = pdca("check", root).out
    assert f"文件是 {named} 编码" in said and f"iconv -f {named} -t UTF-8" in said and "UTF-16" not in said


def test_utf32_detection_leaves_utf16_named_utf16(tmp_path: Path) -> None:
    text = "risks:\n  - {id: CG-001, title: 供应商选择, area: procurement, dimension: 业务流程}\n"
    for codec in ("utf-16", "utf-16-le", "utf-16-be"):
        root = write_register(tmp_path / codec, {"risks/cg.yaml": codecs.encode(text, codec)})
        said = pdca("check", root).out
        assert "UTF-16" in said and "UTF-32" not in said, codec
