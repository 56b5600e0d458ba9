"""Nothing outside the register is read or written: links that lead out of it, ids that climb out of
`risks/`, file names Windows keeps for devices, a register folder that cannot be one.  Real folders,
real links, the real CLI (a real program where only a program shows a traceback)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl
import pytest
from conftest import BASE_CONFIG, EXAMPLE, pdca, pdca_program, write_register

from pdca.errors import PdcaError
from pdca.io.yaml_edit import Document, save_all


def _links_work() -> bool:
    with tempfile.TemporaryDirectory() as folder:
        try:
            (Path(folder) / "link").symlink_to(folder)
        except (OSError, NotImplementedError):
            return False
    return True


needs_links = pytest.mark.skipif(not _links_work(), reason="symbolic links cannot be made here (Windows without developer mode)")

#: keys out of the register format's order: `pdca fmt` would rewrite this file
UNFORMATTED = "risks:\n  - {title: 外部风险, id: CG-009, area: procurement, dimension: 业务流程}\n"
MOVE = ["advance", "ZD-003", "CG-005", "--to", "C", "--as-of", "2024-07-01"]
NEW_RISK = ["new", "risk", "--title", "新风险", "--dimension", "业务流程", "--department", "purchasing",
            "--as-of", "2024-03-01"]


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (links not followed), by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and ".pdca_cache" not in p.parts}


def config_with_area(area_id: str, prefix: str = "CG") -> str:
    return BASE_CONFIG.replace("{id: procurement, name: 物资采购, prefix: CG}",
                               f"{{id: {json.dumps(area_id, ensure_ascii=False)}, name: 物资采购, "
                               f"prefix: {json.dumps(prefix, ensure_ascii=False)}}}")


# --- reading: links that lead out of the register ----------------------------------------------


@pytest.fixture
def linked_risks(tmp_path: Path) -> tuple[Path, Path]:
    """The example register whose risks/ folder is a link to a folder outside it."""
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".pdca_cache"))
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.move(root / "risks", outside / "risks")
    (outside / "risks" / "zz-extra.yaml").write_text(UNFORMATTED, encoding="utf-8")
    (root / "risks").symlink_to(outside / "risks", target_is_directory=True)
    return root, outside


@needs_links
def test_a_risks_folder_linked_from_outside_is_not_read(linked_risks: tuple[Path, Path]) -> None:
    root, _ = linked_risks
    result = pdca("check", root, "--as-of", "2024-06-30", "--format", "json", "--no-cache")
    diagnostics = result.json()["diagnostics"]
    assert {"file": "risks", "rule": "yaml-syntax", "message": "符号链接指向登记册之外，未读取"}.items() <= \
        next(d for d in diagnostics if d["file"] == "risks").items()
    assert not [d for d in diagnostics if d["file"].startswith("risks/")]  # not one file of it was read
    assert "外部风险" not in result.out


@needs_links
@pytest.mark.parametrize("command", [["fmt"], MOVE, [*NEW_RISK, "--area", "procurement"]], ids=["fmt", "advance", "new"])
def test_no_command_writes_through_a_risks_folder_linked_from_outside(linked_risks: tuple[Path, Path],
                                                                    command: list[str]) -> None:
    root, outside = linked_risks
    before = files_under(outside)
    result = pdca(*command, root) if command == ["fmt"] else pdca(*command, "-r", root)
    assert result.code == 2 and "Traceback" not in result.err
    assert files_under(outside) == before
    assert (root / "risks").is_symlink()


@needs_links
def test_fmt_leaves_a_linked_file_and_what_it_points_to_as_they_are(tmp_path: Path) -> None:
    outside = tmp_path / "shared.yaml"
    outside.write_text(UNFORMATTED, encoding="utf-8")
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": UNFORMATTED.replace("CG-009", "CG-001")})
    (root / "risks" / "linked.yaml").symlink_to(outside)
    result = pdca("fmt", root)
    assert result.code == 2
    assert "reg/risks/linked.yaml: 符号链接指向登记册之外，未读取" in result.err.replace(os.sep, "/")
    assert (root / "risks" / "linked.yaml").is_symlink() and outside.read_text(encoding="utf-8") == UNFORMATTED
    assert (root / "risks" / "cg.yaml").read_text(encoding="utf-8").startswith("risks:\n  - {id: CG-001, title:")


@needs_links
def test_a_link_inside_the_register_is_read_but_never_written_through(tmp_path: Path) -> None:
    text = "risks:\n  - {id: CG-001, title: 指定供应商, area: procurement, dimension: 业务流程}\n"
    root = write_register(tmp_path / "reg", {"shared/cg.yaml": text})
    (root / "risks").mkdir()
    (root / "risks" / "cg.yaml").symlink_to(Path("..") / "shared" / "cg.yaml")
    exported = pdca("export", root, "--as-of", "2024-06-30")
    assert [r["id"] for r in exported.json()["risks"]] == ["CG-001"]  # read: it stays in the register
    result = pdca("new", "measure", "--risk", "CG-001", "--title", "集体评审", "--line", "before", "-r", root)
    assert result.code == 2 and "risks/cg.yaml 是符号链接，pdca 不通过链接写入" in result.err.replace(os.sep, "/")
    assert (root / "risks" / "cg.yaml").is_symlink()  # the link is not replaced by a file
    assert (root / "shared" / "cg.yaml").read_text(encoding="utf-8") == text


@needs_links
def test_a_register_folder_linked_from_outside_the_repository_is_refused(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = write_register(tmp_path / "private" / "reg", {})
    work = tmp_path / "work"
    write_register(work / "registers" / "ours", {})
    (work / "registers" / "theirs").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(work)
    result = pdca("check", "--format", "json")
    assert result.code == 2 and result.out == ""
    assert "registers/theirs 是指向" in result.err.replace(os.sep, "/") and "pdca 不跟随" in result.err
    assert pdca("check", elsewhere, "--format", "json").code == 0  # named by the user, it is checked


# --- ids that become file names ------------------------------------------------------------------

BAD_AREA_IDS = {
    "../../../escaped": "含有 / \\ : * ? \" < > | 或控制字符",
    "..\\..\\escaped": "含有 / \\ : * ? \" < > | 或控制字符",
    "C:evil": "含有 / \\ : * ? \" < > | 或控制字符",
    "CON": "Windows 保留的设备名",
    "nul.txt": "Windows 保留的设备名",
    "Com1": "Windows 保留的设备名",
    "LPT\u00b9": "Windows 保留的设备名",
    "trailing.": "以点号结尾",
    ".hidden": "以点号开头",
    "控" * 70: "超过 200 字节",
}


@pytest.mark.parametrize("area_id", BAD_AREA_IDS, ids=lambda v: v[:20])
def test_an_area_id_that_cannot_be_a_file_name_is_a_schema_error_with_its_place(tmp_path: Path, area_id: str) -> None:
    root = write_register(tmp_path / "deep" / "er" / "reg", {}, config=config_with_area(area_id))
    result = pdca("check", root, "--format", "json", "--no-cache")
    errors = [d for d in result.json()["diagnostics"] if d["rule"] == "schema"]
    assert [(e["file"], e["line"], e["column"]) for e in errors] == [("pdca.yaml", 8, 6)]
    assert "必须能在各种系统上用作文件名" in errors[0]["message"] and BAD_AREA_IDS[area_id] in errors[0]["message"]
    assert result.code == 1


@pytest.mark.parametrize("area_id", BAD_AREA_IDS, ids=lambda v: v[:20])
def test_new_risk_never_creates_a_file_from_an_id_that_is_not_a_file_name(tmp_path: Path, area_id: str) -> None:
    root = write_register(tmp_path / "deep" / "er" / "reg", {}, config=config_with_area(area_id))
    before = files_under(tmp_path)
    result = pdca(*NEW_RISK, "--area", area_id, "-r", root)
    assert result.code == 2 and "没有重点领域" in result.err
    assert files_under(tmp_path) == before


def test_an_absolute_area_id_is_refused_too(tmp_path: Path) -> None:
    target = tmp_path / "escaped"
    root = write_register(tmp_path / "reg", {}, config=config_with_area(str(target)))
    errors = [d for d in pdca("check", root, "--format", "json").json()["diagnostics"] if d["rule"] == "schema"]
    assert [(e["line"], e["column"]) for e in errors] == [(8, 6)]
    assert pdca(*NEW_RISK, "--area", str(target), "-r", root).code == 2
    assert not target.with_suffix(".yaml").exists() and not list((root / "risks").rglob("*.yaml"))


@pytest.mark.parametrize("area_id", ["procurement", "engineering-change", "物资采购", "area_01", "CG.v2", "CONSOLE"])
def test_ids_that_are_plain_file_names_are_accepted_and_name_the_file(tmp_path: Path, area_id: str) -> None:
    root = write_register(tmp_path / "reg", {}, config=config_with_area(area_id))
    assert not [d for d in pdca("check", root, "--format", "json").json()["diagnostics"] if d["rule"] == "schema"]
    result = pdca(*NEW_RISK, "--area", area_id, "-r", root)
    assert result.code == 0, result.err
    assert (root / "risks" / f"{area_id}.yaml").is_file()


def test_a_prefix_that_cannot_be_part_of_a_file_name_is_a_schema_error(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {}, config=config_with_area("procurement", prefix="../CG"))
    errors = [d for d in pdca("check", root, "--format", "json").json()["diagnostics"] if d["rule"] == "schema"]
    assert [(e["line"], e["column"]) for e in errors] == [(8, 37)]


def _workbook(path: Path, area: str) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["重点领域", "部门", "风险点名称", "风险类别", "主要防控措施"])
    sheet.append([area, "物资采购部", "新增风险甲", "业务流程风险", "集体评审"])
    book.save(path)
    return path


@pytest.mark.parametrize("area_id", ["../../escaped", "ABSOLUTE"])
def test_import_never_writes_outside_the_register(tmp_path: Path, area_id: str) -> None:
    outside = tmp_path / "escaped"
    area_id = str(outside) if area_id == "ABSOLUTE" else area_id
    root = write_register(tmp_path / "a" / "reg", {}, config=config_with_area(area_id))
    workbook = _workbook(tmp_path / "清单.xlsx", "物资采购")
    pdca("import", "xlsx", workbook, "-r", root)
    assert not outside.with_suffix(".yaml").exists() and not (tmp_path / "a" / "escaped.yaml").exists()
    assert {p.parent for p in tmp_path.rglob("*.yaml")} <= {root, root / "risks"}


def test_a_file_that_leads_out_of_the_register_is_never_written_or_read_for_editing(tmp_path: Path) -> None:
    """The one place every write goes through refuses it, whatever the command that asks."""
    root = write_register(tmp_path / "reg", {})
    escaping = root / "risks" / ".." / ".." / "escaped.yaml"
    for attempt in (lambda: save_all([], {escaping: b"risks: []\n"}),  # the register found from the path
                    lambda: save_all([], {escaping: b"risks: []\n"}, root),
                    lambda: save_all([], {tmp_path / "escaped.yaml": b"risks: []\n"}, root)):
        with pytest.raises(PdcaError, match="位于登记册 .* 之外"):
            attempt()
    assert not (tmp_path / "escaped.yaml").exists()
    (tmp_path / "escaped.yaml").write_text("risks: []\n", encoding="utf-8")
    with pytest.raises(PdcaError, match="之外"):
        Document(escaping, "zh", root)


# --- where a register is made --------------------------------------------------------------------


def test_init_under_a_file_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = pdca_program("init", "afile/sub", "--org", "X公司", cwd=tmp_path)
    assert result.code == 2 and "Traceback" not in result.err
    assert "afile 是文件，不是文件夹" in result.err


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc here")
@pytest.mark.parametrize(("folder", "message"), [("/proc/self", "无法写入 /proc/self/pdca.yaml"),
                                                 ("/proc/self/sub", "无法创建登记册文件夹 /proc/self/sub")])
def test_init_in_a_folder_that_cannot_hold_files_is_a_message(tmp_path: Path, folder: str, message: str) -> None:
    result = pdca_program("init", folder, "--org", "X公司", cwd=tmp_path)
    assert result.code == 2 and "Traceback" not in result.err and message in result.err


def test_init_with_a_relative_folder_as_the_readme_shows(tmp_path: Path) -> None:
    result = pdca_program("init", "registers/xgs", "--org", "X公司", "--cycle", "2025", cwd=tmp_path)
    assert result.code == 0, result.err
    assert (tmp_path / "registers" / "xgs" / "pdca.yaml").is_file()
    assert (tmp_path / "registers" / "xgs" / "checks" / ".gitkeep").is_file()
    assert pdca_program("check", "--as-of", "2025-01-31", cwd=tmp_path).code == 0
    assert sorted(p.name for p in (tmp_path / "registers" / "xgs").iterdir() if p.name.startswith(".pdca-")) == []


@pytest.mark.skipif(sys.platform == "win32", reason="a path below a file is refused differently on Windows")
def test_init_over_a_dangling_link_or_a_link_outside_writes_nothing_outside(tmp_path: Path) -> None:
    if not _links_work():
        pytest.skip("symbolic links cannot be made here")
    folder = tmp_path / "new"
    folder.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (folder / "risks").symlink_to(outside, target_is_directory=True)
    result = pdca("init", folder, "--org", "X公司", "--areas", "procurement")
    assert result.code == 2 and "之外" in result.err
    assert list(outside.iterdir()) == [] and not (folder / "pdca.yaml").exists()
