"""`pdca status`, `export` (every format) and `report` (month and half-year; Markdown, Word, Excel) print
today exactly what they printed before they were made faster (issue 21, branch perfcmd): on the example
register and on a generated one (benchmarks/generate.py, 300 risks in 3 files), each output's SHA-256
is pinned in tests/golden/command-outputs.json, written by the code before the change.

A Word or Excel file is pinned by what its zip holds (each member's name and bytes), not by the zip
itself, whose compressed bytes depend on the zlib at hand.  A new version of openpyxl or python-docx
may change those bytes without anything being wrong: look at the files (the test leaves the new one
where it says), then regenerate with  PDCA_UPDATE_GOLDEN=1 python -m pytest tests/test_command_outputs.py
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, ROOT, pdca

GOLDEN = Path(__file__).parent / "golden" / "command-outputs.json"

#: name -> (arguments after the register, the file it writes: None for stdout, "dir" for a folder)
COMMANDS: dict[str, tuple[list[str], str | None]] = {
    "status": (["--as-of", "2024-06-30"], None),
    "status-late-en": (["--as-of", "2024-12-31", "--lang", "en"], None),
    "export-json": (["--as-of", "2024-06-30"], None),
    "export-csv": (["--as-of", "2024-06-30", "--format", "csv", "-o", "{out}"], "dir"),
    "export-xlsx": (["--as-of", "2024-06-30", "--format", "xlsx", "-o", "{out}"], "file"),
    "report-month-md": (["--month", "2024-06"], None),
    "report-half-md": (["--half", "2024H1"], None),
    "report-month-docx": (["--month", "2024-06", "--format", "docx", "-o", "{out}"], "file"),
    "report-half-docx": (["--half", "2024H1", "--format", "docx", "-o", "{out}"], "file"),
    "report-stats-xlsx": (["--month", "2024-06", "--kind", "stats", "--format", "xlsx", "-o", "{out}"], "file"),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "gen300"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--risks", "300", "--files", "3",
                    "--out", str(out)], check=True, capture_output=True)
    return out


def _digest(data: bytes, kind: str | None, path: Path) -> str:
    digest = hashlib.sha256()
    if kind == "dir":
        for file in sorted(path.iterdir()):
            digest.update(f"{file.name}\n".encode() + file.read_bytes())
    elif kind == "file":
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
            for name in sorted(archive.namelist()):
                digest.update(f"{name}\n".encode() + archive.read(name))
    else:
        digest.update(data)
    return digest.hexdigest()


#: the cases that take 0.8 s or more on two cores: run in the slow pass
SLOW = {("generated", "export-xlsx"), ("example", "report-month-docx"), ("generated", "report-month-docx")}
CASES = [pytest.param(name, which, marks=[pytest.mark.slow] if (which, name) in SLOW else [], id=f"{which}-{name}")
         for which in ("example", "generated") for name in COMMANDS]


@pytest.mark.parametrize(("name", "which"), CASES)
def test_output_is_what_it_was_before_it_was_made_faster(name: str, which: str, generated: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # status: tables where they fit, lists where they do not
    monkeypatch.setenv("PDCA_CACHE_DIR", str(tmp_path / "cache"))
    for variable in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "PDCA_NAMES"):
        monkeypatch.delenv(variable, raising=False)
    register = EXAMPLE if which == "example" else generated
    monkeypatch.chdir(register.parent)  # the register as the output names it: its folder's name
    arguments, kind = COMMANDS[name]
    out = tmp_path / ("out" if kind == "dir" else "out.bin")
    result = pdca(name.split("-")[0], register.name, *(a.replace("{out}", str(out)) for a in arguments))
    assert result.code == 0, result.err
    found = _digest(result.out.encode("utf-8"), kind, out)
    case = f"{which}/{name}"
    pinned = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
    if os.environ.get("PDCA_UPDATE_GOLDEN"):
        pinned[case] = found
        GOLDEN.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    kept = tmp_path / "output.txt"
    if kind is None:
        kept.write_text(result.out, encoding="utf-8")
    assert found == pinned.get(case), f"{case} differs from before; the output is in {out if kind else kept}"


def test_json_is_written_as_json_dumps_writes_it() -> None:
    """`pdca export`'s JSON writer against the standard library on what a document can hold: text that
    JSON escapes, numbers of every kind, empty and nested containers, and values it leaves to json.dumps
    (keys that are not text, tuples)."""
    from pdca.formats.tables import to_json

    documents = [
        {}, [], "text", 7, None, 1.5, float("nan"), [[[]]], {"a": {"b": {"c": [{}]}}},
        {"text": "引号\"、反斜杠\\、换行\n、制表\t、\u2028、\x00、\ud800", "list": [1, -2, 10**30, True, False, None]},
        {"floats": [0.1, -0.0, 1e300, 1 / 3, float("inf"), -float("inf")], "empty": {"list": [], "dict": {}}},
        {1: "a number as a key"}, {"a": 1, None: 2}, {"tuple": (1, 2)},
    ]
    for document in documents:
        assert to_json(document) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.slow  # three loads and checks of the example: a few seconds
@pytest.mark.parametrize("waiver_unused", ["warning", "error"])
def test_a_report_is_blocked_by_exactly_the_errors_check_finds(tmp_path: Path, waiver_unused: str) -> None:
    """`report` runs only the rules that can give errors and locates only errors: what blocks it must be
    what the whole check lists as errors no waiver accepts, in the same order, at the same lines, with
    rules turned from warnings into errors and back, waived errors, a waiver of a warning (not "unused"
    though its rule is not run), and waiver-unused made an error (then every rule runs)."""
    import datetime as dt
    import shutil

    from pdca.engine import lint, reporting
    from pdca.load import loader
    from pdca.model.diagnostic import Severity

    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    risks = root / "risks" / "procurement.yaml"
    risks.write_text(risks.read_text(encoding="utf-8").replace("id: CG-002", "id: CG-001", 1), encoding="utf-8")
    config = root / "pdca.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "  review-stale: {severity: warning, months: 6}",
        "  review-stale: {severity: warning, months: 6}\n  stage-stalled: {severity: error}\n"
        f"  measure-overdue: {{severity: error}}\n  duplicate-id: {{severity: warning}}\n"
        f"  waiver-unused: {{severity: {waiver_unused}}}")
    day = dt.date(2024, 12, 31)
    whole = lint.lint(loader.load(root, "zh"), day)
    targets = {d.rule: d.target for d in whole if d.target}
    text += ("waivers:\n"
             f"  - {{rule: stage-stalled, target: {targets['stage-stalled']}, reason: 在办, until: 2030-01-01, approver: 书记}}\n"
             f"  - {{rule: finding-overdue, target: {targets['finding-overdue']}, reason: 在办, until: 2030-01-01, approver: 书记}}\n")
    config.write_text(text, encoding="utf-8")
    register = loader.load(root, "zh")

    def seen(found: list[Any]) -> list[tuple[Any, ...]]:
        return [(d.file, d.line, d.column, d.rule, d.text("zh")) for d in found]

    expected = [d for d in lint.check([register], day).diagnostics if d.severity is Severity.ERROR and d.waiver is None]
    assert {d.rule for d in expected} >= {"stage-stalled", "measure-overdue"}  # the rules made errors
    assert "duplicate-id" not in {d.rule for d in expected}  # and the one made a warning
    assert seen(reporting.blocking_errors([loader.load(root, "zh")], day)) == seen(expected)
