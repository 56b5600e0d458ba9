"""The reference library, `pdca init`, and Excel both ways, on real files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLE, pdca
from openpyxl.utils import get_column_letter

from pdca import library


def test_every_library_entry_is_complete_and_every_area_has_five() -> None:
    areas = library.areas()
    assert len(areas) >= 13 and sum(len(a.entries) for a in areas) >= 80
    ids = [e.id for a in areas for e in a.entries]
    assert len(ids) == len(set(ids))
    for area in areas:
        assert len(area.entries) >= 5, area.area.id
        for entry in area.entries:
            assert {m.line for m in entry.measures} == {"before", "during", "after"}, entry.id
            assert entry.description and entry.process and entry.posts and entry.department


def test_library_list_and_show() -> None:
    listing = pdca("library", "list", "--area", "procurement").out
    assert "LIB-CG-01" in listing and "LIB-XR-01" not in listing
    shown = pdca("library", "show", "LIB-CG-01")
    assert shown.code == 0 and "measures:" in shown.out and "line: before" in shown.out
    missing = pdca("library", "show", "LIB-NOPE")
    assert missing.code == 2 and "参考风险库中没有 LIB-NOPE" in missing.err
    missing_en = pdca("library", "show", "LIB-NOPE", "--lang", "en")
    assert missing_en.code == 2 and "the library has no entry LIB-NOPE" in missing_en.err


def test_init_creates_a_register_that_passes_check(tmp_path: Path) -> None:
    target = tmp_path / "x"
    result = pdca("init", target, "--org", "测试公司", "--cycle", "2025")
    assert result.code == 0, result.err
    check = pdca("check", target, "--as-of", "2025-03-01", "--format", "json")
    assert check.code == 0 and check.json()["summary"]["errors"] == 0
    config = (target / "pdca.yaml").read_text(encoding="utf-8")
    assert "organization: 测试公司" in config and "# 行:可能性 5 到 1" in config
    assert len(list((target / "risks").glob("*.yaml"))) == len(library.areas())
    again = pdca("init", target, "--org", "测试公司")
    assert again.code == 2 and "不覆盖" in again.err


def test_init_with_chosen_areas_and_empty(tmp_path: Path) -> None:
    assert pdca("init", tmp_path / "a", "--org", "甲公司", "--areas", "procurement,三重一大").code == 0
    assert sorted(p.name for p in (tmp_path / "a" / "risks").glob("*.yaml")) == ["decision.yaml", "procurement.yaml"]
    assert pdca("check", tmp_path / "a", "--format", "json").json()["summary"]["errors"] == 0
    assert pdca("init", tmp_path / "b", "--org", "乙公司", "--empty").code == 0
    assert pdca("check", tmp_path / "b").code == 0
    wrong = pdca("init", tmp_path / "c", "--org", "丙公司", "--areas", "procurment")
    assert wrong.code == 2 and "procurement" in wrong.err


def _sheet(path: Path) -> None:
    """A 廉洁风险防控清单 the way people keep it: a cover sheet first, a title row, merged cells,
    several numbered measures in one cell, stray blank rows, and header words of their own."""
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "说明"
    cover["A1"] = "本表由各部门填报,纪委办公室汇总"
    sheet = workbook.create_sheet("2024年清单")
    sheet["A1"] = "X公司2024年廉洁风险防控清单"
    sheet.merge_cells("A1:I1")
    headers = ["序号", "部门", "岗位名称", "风险类别", "风险点名称", "风险描述/表现形式", "风险等级", "主要防控措施", "责任人"]
    for column, header in enumerate(headers, start=1):
        sheet.cell(3, column, header)
    rows = [
        [1, "物资采购部", "采购专员", "业务流程风险", "指定供应商", "向意向供应商透露预算", "高",
         "1.事前实行三人集体评审 2.事中全程电子平台留痕 3.事后纪检抽查", "王海涛"],
        [2, None, "仓储管理员", "岗位职责风险", "验收把关不严", "以次充好", "中", "①三方共同验收;②事后抽检", "李明"],
        [None, None, None, None, None, None, None, None, None],
        [3, "财务部", "出纳", "思想道德风险", "挪用资金", "利用职务便利挪用公款", "一级", "(1)双人复核 (2)事后对账", "赵丽"],
        [4, None, "会计", "其他", "报销审核", "虚假发票报销", "低", "发票查验", "孙强"],
        [5, "财务部", "会计", "制度机制风险", None, "缺少制度", "低", "建章立制", "孙强"],
    ]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(4 + offset, column, value)
    sheet.merge_cells("B4:B5")  # 部门 spans two rows
    sheet.merge_cells("B7:B8")
    workbook.save(path)


def test_import_a_real_world_sheet(tmp_path: Path) -> None:
    workbook = tmp_path / "清单.xlsx"
    _sheet(workbook)
    target = tmp_path / "reg"
    assert pdca("init", target, "--org", "X公司", "--empty", "--cycle", "2024").code == 0
    result = pdca("import", "xlsx", workbook, "-r", target)
    assert result.code == 0, result.err
    out = result.out
    assert "从工作表“2024年清单”（表头在第 3 行）读到 4 个风险点、8 项措施" in out
    assert "风险等级“高”按可能性 4、危害程度 4 登记" in out
    assert "工作表“2024年清单”D8（风险类别）：风险类别“其他”无法对应五个维度" in out
    assert "风险类别无法对应五个维度的新风险点，按“业务流程”登记" in out
    assert "第 9 行：没有风险点名称，未导入" in out
    assert "表中没有“重点领域”列" in out
    exported = pdca("export", target, "--as-of", "2024-06-30").json()
    risks = {r["title"]: r for r in exported["risks"]}
    assert risks["验收把关不严"]["department"] == "purchasing"  # the merged 部门 cell
    assert risks["挪用资金"]["dimension"] == "职业道德" and risks["挪用资金"]["level"] == 1
    assert risks["报销审核"]["level"] == 3
    measures = [m["title"] for m in exported["measures"] if m["risk"] == risks["指定供应商"]["id"]]
    assert measures == ["事前实行三人集体评审", "事中全程电子平台留痕", "事后纪检抽查"]
    lines = [m["line"] for m in exported["measures"] if m["risk"] == risks["指定供应商"]["id"]]
    assert lines == ["before", "during", "after"]
    assert pdca("check", target, "--as-of", "2024-06-30").code == 0


def test_column_mapping_can_be_overridden(tmp_path: Path) -> None:
    workbook = tmp_path / "w.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for column, header in enumerate(["主要风险", "管控办法", "等级"], start=1):
        sheet.cell(1, column, header)
    sheet.append(["收受回扣", "签订廉洁协议", "二级"])
    book.save(workbook)
    target = tmp_path / "reg"
    pdca("init", target, "--org", "X公司", "--empty")
    assert pdca("import", "xlsx", workbook, "-r", target).code == 2  # no 风险点 column it knows
    result = pdca("import", "xlsx", workbook, "-r", target, "--map", "主要风险=title,管控办法=m_title")
    assert result.code == 0 and "读到 1 个风险点、1 项措施" in result.out


def _cells(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path)["廉洁风险清单"]
    return [[c.value for c in row] for row in sheet.iter_rows()]


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_export_import_export_round_trip(tmp_path: Path) -> None:
    first = tmp_path / "first.xlsx"
    assert pdca("export", EXAMPLE, "--format", "xlsx", "-o", first, "--as-of", "2024-06-30").code == 0
    book = openpyxl.load_workbook(first)
    assert book.sheetnames == ["廉洁风险清单", "四个清单", "统计情况表", "权职目录", "两个责任", "廉政教育与谈话", "会议决议督办",
                               "考核单", "专项整治"]
    sheet = book["廉洁风险清单"]
    assert sheet.freeze_panes == "A2" and sheet.merged_cells.ranges
    level = next(c for row in sheet.iter_rows() for c in row if c.value == "一级")
    assert level.fill.fgColor.rgb.endswith("FFC7CE")
    headers = [c.value for c in sheet[1]]
    assert "关键少数、一把手监督" in [c.value for c in sheet[get_column_letter(headers.index("标签") + 1)]]
    target = tmp_path / "reg"
    assert pdca("init", target, "--org", "X公司", "--empty", "--cycle", "2024").code == 0
    # risks in A need this cycle's checks, which a workbook of risks does not hold: the import says so and
    # is refused, since check would fail; --force imports them as they are
    refused = pdca("import", "xlsx", first, "-r", target)
    assert refused.code == 1 and "stage-gate" in refused.err and "--force" in refused.err
    assert pdca("import", "xlsx", first, "-r", target, "--force").code == 0
    second = tmp_path / "second.xlsx"
    assert pdca("export", target, "--format", "xlsx", "-o", second, "--as-of", "2024-06-30").code == 0
    assert _cells(second) == _cells(first)


def test_xlsx_cells_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    from conftest import write_register

    root = write_register(tmp_path / "reg", {"risks/cg.yaml": "risks:\n  - {id: CG-001, title: '=HYPERLINK(\"x\")', area: procurement, dimension: 业务流程}\n"})
    target = tmp_path / "out.xlsx"
    assert pdca("export", root, "--format", "xlsx", "-o", target).code == 0
    cell = openpyxl.load_workbook(target)["廉洁风险清单"]["E2"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


def _two_row_header(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "物资采购部"
    for column, header in zip("ABCDEFG", ["序号", "部门", "岗位", "风险点", "风险描述", "风险级别", "责任人"]):
        sheet[f"{column}2"] = header
        sheet.merge_cells(f"{column}2:{column}3")
    sheet["H2"] = "防控措施"
    sheet.merge_cells("H2:J2")
    sheet["H3"], sheet["I3"], sheet["J3"] = "事前", "事中", "事后"
    sheet.append([1, "物资采购部", "采购专员", "指定供应商", "透露预算", "较高", "王海涛", "集体评审", "平台留痕", "纪检抽查"])
    sheet.append([2, "物资采购部", "采购专员", "验收不严", "以次充好", "较低", "王海涛", "①三方验收②抽检③事后审计", None, None])
    sheet.append(["注：风险等级分为高、中、低三级"])
    sheet.merge_cells("A6:J6")
    other = book.create_sheet("财务部")
    for column, header in enumerate(["部门", "风险点", "风险等级", "防控措施", "识别日期"], start=1):
        other.cell(1, column, header)
    other.append(["财务部", "挪用资金", "一级", "单笔金额超过 10.5 万元的支付实行双签\n每月对账", "2024年1月15日"])
    book.save(path)


def test_import_two_header_rows_several_sheets_notes_and_dates(tmp_path: Path) -> None:
    workbook = tmp_path / "w.xlsx"
    _two_row_header(workbook)
    target = tmp_path / "reg"
    pdca("init", target, "--org", "X公司", "--empty", "--cycle", "2024")
    result = pdca("import", "xlsx", workbook, "-r", target)
    assert result.code == 0, result.err
    assert "工作表“物资采购部”第 6 行：跨列合并的说明行，未导入" in result.out
    exported = pdca("export", target, "--as-of", "2024-06-30").json()
    risks = {r["title"]: r for r in exported["risks"]}
    assert set(risks) == {"指定供应商", "验收不严", "挪用资金"}
    assert risks["指定供应商"]["level"] == 1 and risks["验收不严"]["level"] == 3  # 风险级别 较高 / 较低
    by_risk = {}
    for measure in exported["measures"]:
        by_risk.setdefault(measure["risk"], []).append((measure["title"], measure["line"]))
    assert by_risk[risks["指定供应商"]["id"]] == [("集体评审", "before"), ("平台留痕", "during"), ("纪检抽查", "after")]
    # in the 事前 column, unless a measure says otherwise
    assert by_risk[risks["验收不严"]["id"]] == [("三方验收", "before"), ("抽检", "before"), ("事后审计", "after")]
    assert [t for t, _ in by_risk[risks["挪用资金"]["id"]]] == ["单笔金额超过 10.5 万元的支付实行双签", "每月对账"]
    assert risks["挪用资金"]["identified"] == "2024-01-15"
    assert pdca("check", target, "--as-of", "2024-06-30").code == 0
    before = {p: p.read_bytes() for p in target.rglob("*.yaml")}
    again = pdca("import", "xlsx", workbook, "-r", target)
    assert again.code == 0 and "3 个风险点与登记册相同" in again.out and "已写入" not in again.out
    assert {p: p.read_bytes() for p in target.rglob("*.yaml")} == before  # nothing imported twice


def test_import_refuses_files_that_are_not_workbooks_and_bad_maps(tmp_path: Path) -> None:
    target = tmp_path / "reg"
    pdca("init", target, "--org", "X公司", "--empty")
    fake = tmp_path / "x.xlsx"
    fake.write_text("序号,风险点\n1,a\n", encoding="utf-8")
    result = pdca("import", "xlsx", fake, "-r", target)
    assert result.code == 2 and "不是有效的 .xlsx" in result.err and "Traceback" not in result.err
    workbook = tmp_path / "w.xlsx"
    _two_row_header(workbook)
    bad = pdca("import", "xlsx", workbook, "-r", target, "--map", "主要风险=titel")
    assert bad.code == 2 and "titel" in bad.err


def test_init_refuses_what_it_cannot_do_well(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert pdca("init", tmp_path / "file", "--org", "X").code == 2
    assert pdca("init", tmp_path / "a", "--org", "X", "--cycle", "99999").code == 2
    assert pdca("init", tmp_path / "b", "--org", "多行\n公司").code == 2
    existing = tmp_path / "c" / "risks" / "procurement.yaml"
    existing.parent.mkdir(parents=True)
    existing.write_text("risks: []  # mine\n", encoding="utf-8")
    assert pdca("init", tmp_path / "c", "--org", "X", "--areas", "procurement").code == 2
    assert existing.read_text(encoding="utf-8") == "risks: []  # mine\n"
    assert pdca("init", tmp_path / "d", "--org", "X", "--areas", "procurement,物资采购").code == 0
    assert pdca("check", tmp_path / "d", "--format", "json").json()["summary"]["errors"] == 0


def test_xlsx_export_of_text_with_control_characters(tmp_path: Path) -> None:
    from conftest import write_register

    root = write_register(tmp_path / "reg", {"risks/cg.yaml": 'risks:\n  - {id: CG-001, title: t, area: procurement, dimension: 业务流程, description: "软回车\\v和\\x01"}\n'})
    target = tmp_path / "o.xlsx"
    assert pdca("export", root, "--format", "xlsx", "-o", target).code == 0
    assert openpyxl.load_workbook(target)["廉洁风险清单"]["G2"].value == "软回车 和 "


def test_a_risk_file_linked_from_outside_the_register_is_not_read(tmp_path: Path) -> None:
    from conftest import write_register

    outside = tmp_path / "shared.yaml"
    outside.write_text("risks:\n  - {id: CG-009, title: t, area: procurement, dimension: 业务流程}\n", encoding="utf-8")
    root = write_register(tmp_path / "reg", {})
    (root / "risks").mkdir()
    (root / "risks" / "linked.yaml").symlink_to(outside)
    result = pdca("check", root, "--format", "json")
    assert result.found() == ["risks/linked.yaml:1:1 yaml-syntax"] and "登记册之外" in result.out


def test_tags_and_retirement_survive_export_and_import(tmp_path: Path) -> None:
    from conftest import write_register

    root = write_register(tmp_path / "reg", {"risks/cg.yaml": (
        "risks:\n"
        "  - {id: CG-001, title: 指定供应商, area: procurement, dimension: 业务流程, tags: [关键少数, 自查新增],\n"
        "     retired: {date: 2024-05-01, reason: 业务撤销}}\n")})
    workbook = tmp_path / "out.xlsx"
    assert pdca("export", root, "--format", "xlsx", "-o", workbook).code == 0
    target = tmp_path / "imported"
    assert pdca("init", target, "--org", "X公司", "--empty", "--cycle", "2024").code == 0
    result = pdca("import", "xlsx", workbook, "-r", target)
    assert result.code == 0, result.err
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((target / "risks").glob("*.yaml")))
    assert "关键少数" in text and "自查新增" in text
    assert "2024-05-01" in text and "业务撤销" in text


def test_import_refuses_a_register_it_cannot_read_whole(tmp_path: Path) -> None:
    """An area pdca.yaml cannot read (a bad id) would be created again from the workbook, beside it."""
    workbook = tmp_path / "清单.xlsx"
    _sheet(workbook)
    target = tmp_path / "reg"
    assert pdca("init", target, "--org", "X公司", "--empty", "--cycle", "2024").code == 0
    config = target / "pdca.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "areas:\n  - {id: ../bad, name: 物资采购}\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in target.rglob("*.yaml")}
    result = pdca("import", "xlsx", workbook, "-r", target)
    assert result.code == 2 and "pdca check" in result.err
    assert {p: p.read_bytes() for p in target.rglob("*.yaml")} == before


def test_xlsx_export_is_dated_by_the_as_of_date_not_the_clock(tmp_path: Path) -> None:
    import datetime as dt
    import zipfile

    from openpyxl import load_workbook

    target = tmp_path / "register.xlsx"
    assert pdca("export", EXAMPLE, "--as-of", "2024-06-30", "--format", "xlsx", "-o", target).code == 0
    properties = load_workbook(target).properties
    assert properties.created == properties.modified == dt.datetime(2024, 6, 30)
    assert {info.date_time for info in zipfile.ZipFile(target).infolist()} == {(2024, 6, 30, 0, 0, 0)}
