"""The parse cache: same results warm and cold, JSON only, and a damaged entry costs only a re-parse."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import EXAMPLE, pdca, write_register


def test_warm_and_cold_runs_say_the_same(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".pdca_cache"))
    cold = pdca("export", root, "--as-of", "2024-06-30").out
    assert pdca("export", root, "--as-of", "2024-06-30").out == cold
    assert pdca("check", root, "--as-of", "2024-06-30", "--no-cache", "--format", "json").code == 0


def test_numbers_written_as_text_survive_the_cache(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"checks/c.yaml": (
        "checks:\n  - {id: SJ-1, source: 审计, title: t, date: 2024-05-10, findings: [\n"
        "     {id: 007, problem: p, deadline: 2024-07-28, status: done, done: 2024-06-01, result: 1.50, evidence: 2024.10}]}\n")})
    first = pdca("export", root).json()["findings"][0]
    second = pdca("export", root).json()["findings"][0]
    assert first == second and (second["id"], second["result"], second["evidence"]) == ("007", "1.50", "2024.10")


def test_a_damaged_cache_entry_is_ignored(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    before = pdca("check", root, "--as-of", "2024-06-30", "--format", "json").out
    for entry in (root / ".pdca_cache").rglob("*.json"):
        entry.write_text('{"data": [[', encoding="utf-8")
    assert pdca("check", root, "--as-of", "2024-06-30", "--format", "json").out == before


def test_problems_come_back_from_the_cache_with_their_positions(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/a.yaml": "risks:\n  - id: A\n    title: t\n    title: u\n\tbad: 1\n"})
    first = pdca("check", root, "--format", "json").found()
    assert first == pdca("check", root, "--format", "json").found() and "risks/a.yaml:5:1 yaml-syntax" in first


def test_a_whole_check_comes_back_from_the_cache_the_same_in_every_format(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    config = (root / "pdca.yaml").read_text(encoding="utf-8")
    (root / "pdca.yaml").write_text(config + "waivers:\n  - {rule: finding-overdue, target: XC-2024-01-F5, reason: 待定, "
                                    "until: 2030-01-01, approver: 纪委书记}\n", encoding="utf-8")
    for format in ("text", "json", "github", "sarif", "gitlab"):
        cold = pdca("check", root, "--as-of", "2024-06-30", "--format", format, "--no-cache")
        first = pdca("check", root, "--as-of", "2024-06-30", "--format", format)
        warm = pdca("check", root, "--as-of", "2024-06-30", "--format", format)
        assert cold.out == first.out == warm.out and cold.code == warm.code, format
    assert list((root / ".pdca_cache").rglob("results/*.json"))


def test_the_run_cache_follows_every_file_and_the_date(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/a.yaml": "risks:\n  - {id: CG-1, title: t, area: procurement, dimension: 业务流程}\n"})
    assert pdca("check", root, "--format", "json").json()["diagnostics"] == []
    assert pdca("check", root, "--format", "json").json()["diagnostics"] == []
    (root / "risks" / "a.yaml").write_text("risks:\n  - {id: CG-1, title: t, area: nowhere, dimension: 业务流程}\n", encoding="utf-8")
    assert pdca("check", root, "--format", "json").found() == ["risks/a.yaml:2:26 unknown-reference"]
    (root / "risks" / "b.yaml").write_text("risks:\n  - {id: CG-1, title: t, area: procurement, dimension: 业务流程}\n", encoding="utf-8")
    assert "duplicate-id" in {d["rule"] for d in pdca("check", root, "--format", "json").json()["diagnostics"]}
    late = pdca("check", root, "--format", "json", "--as-of", "2030-01-01").json()
    assert late["summary"]["files"] == 3
