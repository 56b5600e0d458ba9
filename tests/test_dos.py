"""Input built to exhaust time or memory, or to hide from a reviewer, on real files and the real CLI.

The Excel import reads only the cells a sheet holds, whatever its declared size or merged ranges say,
and refuses sheets past its caps; locating thousands of diagnostics in one file is linear; an integer
Python cannot print is a message; hidden sheets and UTF-32 files are named as such.
"""

from __future__ import annotations

import codecs
import json
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from conftest import BASE_CONFIG, measured_check, pdca, write_register

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
        "import resource, sys, time; from pdca.cli import run; t = time.perf_counter();"
        f"rc = run(['import', 'xlsx', {str(workbook)!r}, '-r', {str(target)!r}]);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rc, file=sys.stderr)"
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


def _edit_sheet_xml(path: Path, edit: Callable[[bytes], bytes]) -> None:
    """Rewrite the first sheet's XML inside the .xlsx, as a hostile file would be written by hand."""
    edited = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, edit(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    shutil.move(edited, path)


def _imported_titles(target: Path) -> list[str]:
    return sorted(r["title"] for r in pdca("export", target).json()["risks"])


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
