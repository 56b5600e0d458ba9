"""A hostile corpus and random mutations, dropped into a register: every document gives diagnostics or is
accepted, in bounded time and memory, nothing is ever built from a tag, and no traceback reaches the user.

The corpus is generated here (about 330 documents); `python -m pytest tests/test_hostile.py --fuzz-long`
is not a thing: for a long fuzz run raise HYPOTHESIS_MAX_EXAMPLES (see the README).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, EXAMPLE, edit_sheet_xml, measured_check, pdca, write_register
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

#: what must never reach a terminal raw: C0 controls but the line break, DEL, C1, bidi controls
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

VALID = "risks:\n  - {id: CG-001, title: 供应商选择, area: procurement, dimension: 业务流程}\n"

SPEC_EXAMPLES = [  # shapes from the YAML 1.2 specification's chapter 2
    "- Mark McGwire\n- Sammy Sosa\n- Ken Griffey\n",
    "hr:  65    # Home runs\navg: 0.278 # Batting average\nrbi: 147   # Runs Batted In\n",
    "american:\n- Boston Red Sox\n- Detroit Tigers\nnational:\n- New York Mets\n",
    "-\n  name: Mark McGwire\n  hr:   65\n-\n  name: Sammy Sosa\n  hr:   63\n",
    "- [name        , hr, avg  ]\n- [Mark McGwire, 65, 0.278]\n",
    "Mark McGwire: {hr: 65, avg: 0.278}\nSammy Sosa: {\n    hr: 63,\n    avg: 0.288,\n  }\n",
    "# Ranking of 1998 home runs\n---\n- Mark McGwire\n\n# Team ranking\n---\n- Chicago Cubs\n",
    "---\ntime: 20:03:20\nplayer: Sammy Sosa\naction: strike (miss)\n...\n---\ntime: 20:03:47\n",
    "hr: # 1998 hr ranking\n- Mark McGwire\nrbi:\n# 1998 rbi ranking\n- Sammy Sosa\n",
    "---\nhr:\n- Mark McGwire\n# Following node labeled SS\n- &SS Sammy Sosa\nrbi:\n- *SS # Subsequent occurrence\n",
    "? - Detroit Tigers\n  - Chicago cubs\n: - 2001-07-23\n\n? [ New York Yankees,\n    Atlanta Braves ]\n: [ 2001-07-02 ]\n",
    "---\n- item    : Super Hoop\n  quantity: 1\n- item    : Basketball\n  quantity: 4\n",
    "# ASCII Art\n--- |\n  \\//||\\/||\n  // ||  ||__\n",
    ">\n  Mark McGwire's\n  year was crippled\n  by a knee injury.\n",
    "unicode: \"Sosa did fine.\\u263A\"\ncontrol: \"\\b1998\\t1999\\t2000\\n\"\nhex esc: \"\\x0d\\x0a is \\r\\n\"\n",
    "canonical: 12345\ndecimal: +12345\noctal: 0o14\nhexadecimal: 0xC\n",
    "canonical: 1.23015e+3\nexponential: 12.3015e+02\nfixed: 1230.15\nnegative infinity: -.inf\nnot a number: .nan\n",
    "null:\nbooleans: [ true, false ]\nstring: '012345'\n",
    "canonical: 2001-12-15T02:59:43.1Z\niso8601: 2001-12-14t21:59:43.10-05:00\ndate: 2002-12-14\n",
    "---\nnot-date: !!str 2002-04-28\npicture: !!binary |\n R0lGODlhDAAMAIQAAP//9/X\napplication specific tag: !something |\n The semantics\n",
    "%TAG ! tag:clarkevans.com,2002:\n--- !shape\n- !circle\n  center: &ORIGIN {x: 73, y: 129}\n  radius: 7\n",
    "# Sets are represented as a\n--- !!set\n? Mark McGwire\n? Sammy Sosa\n",
    "# Ordered maps are represented as\n--- !!omap\n- Mark McGwire: 65\n- Sammy Sosa: 63\n",
    "--- !<tag:clarkevans.com,2002:invoice>\ninvoice: 34843\ndate   : 2001-01-23\nbill-to: &id001\n    given  : Chris\n",
]

SCALARS = ["", "~", "null", "true", "yes", "no", "on", "1", "-1", "+1", "007", "0x1F", "0o17", "1e3", ".inf", ".nan",
           "2024-01-01", "2024-02-30", "12:30", "1_000", "'quoted'", '"dq"', "[]", "{}", "[1, 2]", "{a: 1}", "|\n  block",
           ">\n  folded", "!!str 1", "!!int x", "!!bool maybe", "!!null ''", "!!float abc", "&a x", "*undefined"]
FIELDS = ["id", "title", "area", "dimension", "likelihood", "impact", "stage", "identified", "legal_liability", "tags",
          "measures", "history", "override", "level"]
BROKEN = ["risks: [", "risks: {", "risks:\n  - id: [\n", "risks:\n\t- id: A\n", "risks:\n - a\n  - b\n", ": :\n",
          "risks: 'unterminated\n", 'risks: "unterminated\n', "risks:\n  - !!python/object/apply:os.system ['touch {canary}']\n",
          "risks: !!python/name:os.system\n", "risks: !!python/object/new:os.system [x]\n", "--- a\n--- b\n", "%YAML 9.9\n---\na: 1\n",
          "a: &a [*a]\n", "<<: *nothing\n", "risks:\n  - <<: 5\n    id: X\n", "\x00\x01\x02", "\ufeff\ufeffrisks: []\n",
          "risks: []\n...\n...\n", "? [a, b]\n: c\n"]


def corpus(canary: Path) -> list[str]:
    documents = list(SPEC_EXAMPLES)
    documents += [text.replace("{canary}", str(canary)) for text in BROKEN]
    for field in FIELDS:  # every scalar shape where a field expects text, a number, a list, a date ...
        for value in SCALARS:
            documents.append(f"risks:\n  - id: CG-001\n    title: t\n    area: procurement\n    dimension: 业务流程\n    {field}: {value}\n")
    documents.append("risks: " + "[" * 200 + "]" * 200 + "\n")
    documents.append("risks:\n" + "".join("  " * i + "- \n" for i in range(1, 60)))
    documents.append("risks:\n  - {id: CG-001, title: " + "长" * 200_000 + ", area: procurement, dimension: 业务流程}\n")
    documents.append("risks:\n" + "".join(f"  - {{id: R{i}, title: t, area: procurement, dimension: 业务流程}}\n" for i in range(3000)))
    lol = ["a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]"] + [
        f"{chr(98 + n)}: &{chr(98 + n)} [" + ",".join(f"*{chr(97 + n)}" for _ in range(9)) + "]" for n in range(8)]
    documents.append("\n".join(lol) + "\n")
    # the classes a hostile contributor tried: control characters, look-alike names, paths, huge numbers
    for value in ['"\\e]0;pwned\\a"', '"\\e[2J\\e[H"', '"CG-\\u202e100"', '"a\\nb: c"', '"\\u200b"', '"\\u3164"',
                  "../../../escaped", "/etc/passwd", "C:\\\\x", "CON", "7" * 5000, "0x" + "f" * 5000, "-" + "9" * 4400]:
        for field in ("id", "title", "area", "owner", "likelihood"):
            documents.append(f"risks:\n  - id: CG-001\n    title: t\n    area: procurement\n    dimension: 业务流程\n    {field}: {value}\n")
    return documents


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_the_hostile_corpus(tmp_path: Path) -> None:
    canary = tmp_path / "pwned"
    documents = corpus(canary)
    assert len(documents) >= 300
    files = {f"risks/h{n:04d}.yaml": text for n, text in enumerate(documents)}
    files["risks/zz-deep.yaml"] = "risks: " + "[" * 10_000 + "]" * 10_000 + "\n"  # 10,000 levels
    root = write_register(tmp_path / "reg", files)
    seconds, peak_kib, rc, out, err = measured_check(root, timeout=300)
    assert rc in (0, 1) and "Traceback" not in err, err[-2000:]
    assert seconds < 60 and peak_kib < 1_000_000
    assert not canary.exists()  # nothing was ever constructed from a tag
    import json

    found = {d["file"] for d in json.loads(out)["diagnostics"]}
    assert "risks/zz-deep.yaml" in found and "risks/h0000.yaml" in found
    text = pdca("check", root, "--no-cache")  # what a terminal would be sent
    assert text.code in (0, 1) and not RAW_CONTROL.search(text.out + text.err)


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_a_100_mb_file_is_read_in_bounded_time(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {})
    (root / "risks").mkdir()
    with open(root / "risks" / "big.yaml", "w", encoding="utf-8") as out:
        out.write("# " + "x" * 100_000_000 + "\nrisks: []\n")
    start = time.perf_counter()
    result = pdca("check", root, "--format", "json", "--no-cache")
    assert result.code == 0 and time.perf_counter() - start < 60


@pytest.mark.slow  # a second or more: the default suite stays under a minute
@settings(max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "20")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_mutations_of_a_real_file_never_break_pdca(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    original = (EXAMPLE / "risks" / "procurement.yaml").read_text(encoding="utf-8")
    text = original
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(text)))
        change = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(st.text(alphabet=st.sampled_from(list(":-[]{}#&*!|>'\"\n\t ,?%@`\\中文0123456789abc")), max_size=8))
        if change == "insert":
            text = text[:at] + piece + text[at:]
        elif change == "delete":
            text = text[:at] + text[at + len(piece):]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    root = write_register(tmp_path_factory.mktemp("fuzz") / "reg", {"risks/procurement.yaml": text})
    first = pdca("check", root, "--format", "json", "--as-of", "2024-06-30", "--no-cache")
    second = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert first.code in (0, 1) and "Traceback" not in first.err
    assert first.out == second.out  # deterministic, cached or not
    report = pdca("report", root, "--month", "2024-06")
    assert report.code == first.code and "Traceback" not in report.err  # errors: no report, exit 1
    forced = pdca("report", root, "--month", "2024-06", "--force")
    assert forced.code == 0 and "Traceback" not in forced.err
    assert forced.out.startswith("> **注意：登记册有") == (first.code == 1)


@settings(max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(st.text(min_size=1, max_size=20).filter(lambda t: t.strip() and "\x00" not in t), min_size=1, max_size=5),
       likelihood=st.integers(1, 5), impact=st.integers(1, 5))
def test_fmt_is_idempotent_and_new_entries_read_back(tmp_path_factory, titles, likelihood, impact) -> None:  # type: ignore[no-untyped-def]
    root = write_register(tmp_path_factory.mktemp("fmt") / "reg", {"risks/cg.yaml": "risks:\n  - {id: CG-001, title: t, area: procurement, dimension: 业务流程}\n"})
    added = []
    for title in titles:
        result = pdca("new", "risk", "--area", "procurement", "--title", title, "--dimension", "业务流程", "-r", root)
        assert result.code in (0, 2) and "Traceback" not in result.err
        if result.code == 0:
            added.append(title)
        else:  # refused: it says why, and the file is as it was
            assert result.err.startswith("pdca: ") and len(result.err) > 10
    exported = [r["title"] for r in pdca("export", root).json()["risks"]]
    assert exported[1:] == added  # every title written reads back exactly, in order
    assert pdca("fmt", root).code == 0
    after = (root / "risks" / "cg.yaml").read_bytes()
    assert pdca("fmt", root, "--check").code == 0  # formatted once, nothing left to format
    assert pdca("fmt", root).code == 0
    assert (root / "risks" / "cg.yaml").read_bytes() == after


@settings(max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(likelihood=st.integers(1, 5), impact=st.integers(1, 5), legal=st.booleans(),
       lines=st.lists(st.sampled_from(["before", "during", "after"]), min_size=1, max_size=3),
       done=st.booleans(), examined=st.booleans(),
       moves=st.lists(st.sampled_from(["P", "D", "C", "A"]), min_size=1, max_size=6))
def test_every_advance_keeps_check_clean_or_changes_nothing(tmp_path_factory, likelihood, impact, legal, lines, done,
                                                            examined, moves) -> None:  # type: ignore[no-untyped-def]
    measures = ", ".join(
        f"{{id: CG-001-M{n}, title: m{n}, line: {line}"
        + (f", status: done, done: 2024-03-0{n}, evidence: OA-{n}}}" if done else ", status: planned, due: 2024-12-31}")
        for n, line in enumerate(lines, start=1))
    risk = (f"risks:\n  - {{id: CG-001, title: t, area: procurement, department: purchasing, owner: o, dimension: 业务流程,"
            f" likelihood: {likelihood}, impact: {impact}, legal_liability: {str(legal).lower()}, identified: 2024-01-10,"
            f" measures: [{measures}]}}\n")
    checks = "checks: [{id: SJ-1, source: 审计, title: t, date: 2024-05-10" + (", risks: [CG-001]" if examined else "") + "}]\n"
    root = write_register(tmp_path_factory.mktemp("adv") / "reg", {"risks/cg.yaml": risk, "checks/c.yaml": checks})
    for day, stage in enumerate(moves, start=1):
        before = (root / "risks" / "cg.yaml").read_bytes()
        result = pdca("advance", "CG-001", "--to", stage, "--reason", "复查", "--as-of", f"2024-07-{day:02d}", "-r", root)
        assert result.code in (0, 1) and "Traceback" not in result.err
        if result.code == 1:
            assert (root / "risks" / "cg.yaml").read_bytes() == before  # refused: nothing changed
        check = pdca("check", root, "--as-of", "2024-07-31", "--format", "json").json()
        assert check["summary"]["errors"] == 0, check["diagnostics"]


@pytest.mark.slow  # a second or more: the default suite stays under a minute
@settings(max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.text(alphabet=st.sampled_from(list("供应商采购合同验收资金审批abc123，、")), min_size=1, max_size=12),
                               st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=6, unique_by=lambda r: r[0]))
def test_export_then_import_round_trips(tmp_path_factory, rows) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    base = tmp_path_factory.mktemp("rt")
    body = "".join(f"  - {{id: CG-{n:03d}, title: \"{title}\", area: procurement, department: purchasing, dimension: 业务流程,"
                   f" likelihood: {lk}, impact: {im}, measures: [{{id: CG-{n:03d}-M1, title: 措施{n}, line: before}}]}}\n"
                   for n, (title, lk, im) in enumerate(rows, start=1))
    root = write_register(base / "reg", {"risks/procurement.yaml": "risks:\n" + body})
    first = base / "a.xlsx"
    assert pdca("export", root, "--format", "xlsx", "-o", first).code == 0
    target = base / "new"
    assert pdca("init", target, "--org", "测试公司", "--empty", "--cycle", "2024").code == 0
    assert pdca("import", "xlsx", first, "-r", target).code == 0
    second = base / "b.xlsx"
    assert pdca("export", target, "--format", "xlsx", "-o", second).code == 0
    cells = lambda path: [[c.value for c in row] for row in openpyxl.load_workbook(path)["廉洁风险清单"].iter_rows()]  # noqa: E731
    assert cells(second) == cells(first)


HOSTILE_CHARACTERS = st.sampled_from(list("\x1b\x07\r\t\x00\x85\u202e\u2066\u200b\u3000\ufeff\u00ad ]};#:'\"") + ["黄", "志", "刚", "A"])


@settings(max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(HOSTILE_CHARACTERS, min_size=1, max_size=12),
       gaps=st.lists(st.sampled_from(["", " ", "\u3000", "\u200b", "\u2060", "\ufeff", "\u00ad"]), min_size=4, max_size=4))
def test_hostile_text_never_reaches_a_terminal_raw_and_an_owner_never_closes_their_own(
        tmp_path_factory, title, gaps) -> None:  # type: ignore[no-untyped-def]
    by = gaps[0] + "黄" + gaps[1] + "志" + gaps[2] + "刚" + gaps[3]  # the owner, spelled around and through
    import json

    checks = ("checks:\n  - id: SJ-1\n    source: 审计\n    title: " + json.dumps(title, ensure_ascii=False) +
              "\n    date: 2024-05-10\n    findings:\n      - {id: SJ-1-F1, problem: " + json.dumps(title, ensure_ascii=False) +
              ", department: purchasing, owner: 黄志刚, deadline: 2024-06-30, status: done, done: 2024-06-20,"
              " result: r, evidence: e}\n")
    root = write_register(tmp_path_factory.mktemp("text") / "reg", {"checks/c.yaml": checks})
    for command in (("check", root), ("status", root, "--as-of", "2024-07-31"), ("explain", "SJ-1-F1", "-r", root)):
        result = pdca(*command)
        assert "Traceback" not in result.err and not RAW_CONTROL.search(result.out + result.err), command
    closed = pdca("finding", "close", "SJ-1-F1", "--by", by, "--date", "2024-07-01", "-r", root)
    assert closed.code != 0 and b"closed:" not in (root / "checks" / "c.yaml").read_bytes()


PATH_PIECES = st.sampled_from(["..", ".", "/", "\\", "a", "CON", "nul", ":", "~", " ", "\x00", "\n", "*", "风险", "%2e"])


@settings(max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(area=st.lists(PATH_PIECES, min_size=1, max_size=6).map("".join))
def test_an_area_id_never_puts_a_file_outside_the_register(tmp_path_factory, area) -> None:  # type: ignore[no-untyped-def]
    import json

    base = tmp_path_factory.mktemp("paths")
    config = BASE_CONFIG.replace("  - {id: procurement, name: 物资采购, prefix: CG}",
                                 f"  - {{id: {json.dumps(area)}, name: 物资采购, prefix: CG}}")
    root = write_register(base / "deep" / "reg", {}, config)
    before = sorted(p for p in base.rglob("*") if p.is_file())
    result = pdca("new", "risk", "--area", area, "--title", "t", "--dimension", "业务流程", "-r", root)
    assert "Traceback" not in result.err
    made = sorted(set(p for p in base.rglob("*") if p.is_file()) - set(before))
    assert all(p.resolve().is_relative_to((root / "risks").resolve()) for p in made), made


@settings(max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.integers(10, 1_048_576), column=st.integers(10, 16_384), merge=st.booleans())
def test_a_far_cell_or_a_merge_to_it_is_read_in_bounded_time(tmp_path_factory, row, column, merge) -> None:  # type: ignore[no-untyped-def]
    import openpyxl
    from openpyxl.utils import get_column_letter

    base = tmp_path_factory.mktemp("xlsx")
    book = openpyxl.Workbook()
    sheet = book.active
    for number, header in enumerate(["部门", "风险点", "风险等级", "防控措施"], start=1):
        sheet.cell(1, number, header)
    for number, value in enumerate(["物资采购部", "指定供应商", "高", "三人评审"], start=1):
        sheet.cell(2, number, value)
    if not merge:
        sheet.cell(row, column, "x")
    book.save(base / "far.xlsx")
    if merge:  # written into the file as a hostile one would be (openpyxl would fill every cell of it)
        ref = f'<mergeCell ref="A2:{get_column_letter(column)}{row}"/>'.encode()
        edit_sheet_xml(base / "far.xlsx", lambda xml: xml.replace(b"</sheetData>", b"</sheetData><mergeCells>" + ref + b"</mergeCells>"))
    target = base / "reg"
    assert pdca("init", target, "--org", "X公司", "--empty", "--cycle", "2024").code == 0
    start = time.perf_counter()
    result = pdca("import", "xlsx", base / "far.xlsx", "-r", target)
    assert time.perf_counter() - start < 20 and "Traceback" not in result.err
