"""`pdca export` and `pdca status` on real registers through the real command line."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, pdca, pdca_program, status_entry, write_register


def test_export_json_has_the_spec_keys_and_is_byte_identical() -> None:
    first = pdca("export", EXAMPLE, "--format", "json", "--as-of", "2024-06-30")
    second = pdca("export", EXAMPLE, "--format", "json", "--as-of", "2024-06-30")
    assert first.code == 0 and first.out == second.out
    document = first.json()
    assert (document["organization"], document["cycle"], document["as_of"]) == ("X公司", "2024", "2024-06-30")
    risk = next(r for r in document["risks"] if r["id"] == "CG-001")
    assert {"id", "area", "likelihood", "impact", "level", "stage", "owner", "measures"} <= set(risk)
    assert risk["level"] == 1 and risk["legal_liability"] is True
    measure = document["measures"][0]
    assert {"id", "risk", "line", "status", "overdue"} <= set(measure)
    finding = next(f for f in document["findings"] if f["id"] == "XC-2024-01-F3")
    assert {"id", "check", "source", "risk", "status", "overdue", "days_overdue", "repeat", "escalation"} <= set(finding)
    assert (finding["days_overdue"], finding["escalation"], finding["source"]) == (112, "accountability", "巡视巡察")
    ids = [f["id"] for f in document["findings"]]
    assert ids == sorted(ids)
    assert all(isinstance(r["identified"], str) for r in document["risks"] if r["identified"])


def test_export_to_a_file_and_csv_folder(tmp_path: Path) -> None:
    target = tmp_path / "out" / "register.json"
    assert pdca("export", EXAMPLE, "-o", target, "--as-of", "2024-06-30").code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["as_of"] == "2024-06-30"
    assert [p.name for p in target.parent.iterdir()] == ["register.json"]  # no temp file left behind

    folder = tmp_path / "csv"
    assert pdca("export", EXAMPLE, "--format", "csv", "-o", folder, "--as-of", "2024-06-30").code == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "activities.csv", "assessments.csv", "campaign_items.csv", "campaigns.csv", "checks.csv", "decisions.csv",
        "findings.csv", "measures.csv", "pledges.csv", "powers.csv", "risks.csv"]
    raw = (folder / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    row = next(r for r in rows if r["编号"] == "XC-2024-01-F3")
    assert (row["逾期天数"], row["建议处理"], row["已处理"], row["状态"], row["是否逾期"]) == (
        "112", "问责", "问责", "整改中", "是")


def test_export_csv_in_english_to_stdout() -> None:
    result = pdca("export", EXAMPLE, "--format", "csv", "--table", "measures", "--lang", "en", "--as-of", "2024-06-30")
    rows = list(csv.DictReader(io.StringIO(result.out.lstrip("\ufeff"))))
    assert rows and {"id", "risk", "line", "status", "overdue", "days_overdue"} <= set(rows[0])
    assert rows[0]["overdue"] in ("true", "false")


def test_export_csv_needs_a_folder_or_a_table() -> None:
    result = pdca("export", EXAMPLE, "--format", "csv")
    assert result.code == 2 and "--table" in result.err


def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": (
        "risks:\n"
        "  - id: CG-001\n"
        "    title: '=HYPERLINK(\"http://evil\",\"点我\")'\n"
        "    area: procurement\n"
        "    dimension: 业务流程\n"
        "    owner: '@SUM(A1:A9)'\n"
        "    description: '+1'\n"
        "    tags: ['-2+3']\n"
    )})
    result = pdca("export", root, "--format", "csv", "--table", "risks")
    row = next(csv.DictReader(io.StringIO(result.out.lstrip("\ufeff"))))
    assert row["名称"].startswith("'=HYPERLINK") and row["责任人"] == "'@SUM(A1:A9)"
    assert row["表现形式"] == "'+1" and row["标签"] == "'-2+3"


def test_export_of_several_registers_names_each(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "registers" / "a")
    write_register(tmp_path / "registers" / "b", {"risks/x.yaml": "risks: []\n"})
    document = pdca("export", tmp_path, "--as-of", "2024-06-30").json()
    assert [r["register"].split("/")[-1] for r in document["registers"]] == ["a", "b"]
    folder = tmp_path / "out"
    pdca("export", tmp_path, "--format", "csv", "-o", folder, "--as-of", "2024-06-30")
    header = (folder / "risks.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("登记册,")


def test_status_shows_what_to_chase_this_week() -> None:
    result = pdca_program("status", EXAMPLE, "--as-of", "2024-06-30")
    out = result.out
    assert result.code == 0 and "\x1b[" not in out  # plain text when piped
    assert "X公司廉洁风险防控待办（截至 2024-06-30）" in out
    assert "逾期整改事项（6）" in out and "待核验销号（3）" in out and "逾期措施（3）" in out
    entry = status_entry(out, "XC-2024-01-F3")
    assert "112" in entry and "问责" in entry and "何建军" in entry and "刘宏伟" in entry
    assert "考核（屡查屡犯）" in out
    assert "2024H1 尚未开展自查自验的部门" in out


def test_status_filters_and_english() -> None:
    result = pdca("status", EXAMPLE, "--as-of", "2024-06-30", "--department", "engineering", "--lang", "en")
    assert "Overdue findings (2)" in result.out and "XC-2024-01-F3" in result.out
    assert "SJ-2024-01-F1" not in result.out
    by_level = pdca("status", EXAMPLE, "--as-of", "2024-06-30", "--level", "3")
    assert "逾期整改事项" not in by_level.out


def test_status_of_a_quiet_register(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {})
    assert "没有需要跟进的事项" in pdca("status", root, "--as-of", "2024-06-30").out


def test_reading_commands_refuse_a_broken_pdca_yaml(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"pdca.yaml": "schema: pdca/v1\n"})
    for command in ("export", "status"):
        result = pdca(command, root)
        assert result.code == 2 and "pdca check" in result.err


def test_csv_columns_are_fixed_and_match_the_json_keys(tmp_path: Path) -> None:
    from pdca.formats import tables as export

    document = pdca("export", EXAMPLE, "--as-of", "2024-06-30").json()
    for table in export.TABLES:
        assert tuple(export.rows(document, table)[0]) == export.COLUMNS[table], table
    empty = write_register(tmp_path / "reg", {})
    out = pdca("export", empty, "--format", "csv", "--table", "risks", "--lang", "en").out
    assert out.lstrip("\ufeff").splitlines() == [",".join(export.csv_columns("risks"))]


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_redact_leaves_no_name_in_reports_or_exports(tmp_path: Path) -> None:
    from pdca.engine.redact import names
    from pdca.load import loader

    people = names(loader.load(EXAMPLE))
    assert len(people) > 20 and "王海涛" in people and "纪委办公室" not in people  # a department is not a person
    outputs = [pdca("export", EXAMPLE, "--redact", "--as-of", "2024-06-30").out]
    for args in (["--month", "2024-06"], ["--month", "2024-06", "--kind", "lists"], ["--month", "2024-06", "--kind", "register"],
                 ["--half", "2024H1"], ["--year", "2024"], ["--year", "2024", "--kind", "stats"]):
        for lang in ("zh", "en"):
            outputs.append(pdca("report", EXAMPLE, *args, "--redact", "--lang", lang).out)
    folder = tmp_path / "csv"
    assert pdca("export", EXAMPLE, "--redact", "--format", "csv", "-o", folder).code == 0
    outputs += [p.read_text(encoding="utf-8-sig") for p in folder.iterdir()]
    workbook = tmp_path / "r.xlsx"
    assert pdca("export", EXAMPLE, "--redact", "--format", "xlsx", "-o", workbook).code == 0
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    outputs += ["\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)]
    leaked = {name for name in people for out in outputs if name in out}
    assert leaked == set()
    plain = pdca("report", EXAMPLE, "--month", "2024-06").out
    assert "王海涛" in plain  # without --redact the names are there
