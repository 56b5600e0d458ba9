"""The parse cache: same results warm and cold, JSON only, and a damaged entry costs only a re-parse."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import EXAMPLE, pdca, write_register


def test_warm_and_cold_runs_say_the_same(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    cold = pdca("export", root, "--as-of", "2024-06-30").out
    entries = list((root / ".pdca_cache").rglob("*.json"))
    assert len(entries) == 20  # one per file, JSON: a cache in a repository holds data, never code
    assert (root / ".pdca_cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
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
