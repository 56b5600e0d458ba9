"""Every editing command checks its result: a change that would make `pdca check` report a new error is
refused and nothing is written; --force writes it anyway; errors the register already has never stop an
edit; --dry-run shows the refusal it would meet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, EXAMPLE, pdca, write_register


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    return root


def test_a_move_dated_before_the_last_history_entry_is_refused(example: Path) -> None:
    before = snapshot(example)
    result = pdca("advance", "ZD-003", "--to", "C", "--as-of", "2023-06-01", "-r", example)
    assert result.code == 1 and "date-order" in result.err and "--force" in result.err
    assert "risks/hospitality.yaml:" in result.err  # each new error at its place
    assert snapshot(example) == before
    forced = pdca("advance", "ZD-003", "--to", "C", "--as-of", "2023-06-01", "--force", "-r", example)
    assert forced.code == 0 and snapshot(example) != before
    assert pdca("check", example, "--format", "json").json()["summary"]["errors"] > 0


def test_dry_run_shows_the_diff_and_the_refusal(example: Path) -> None:
    before = snapshot(example)
    result = pdca("advance", "ZD-003", "--to", "C", "--as-of", "2023-06-01", "--dry-run", "-r", example)
    assert result.code == 1 and "+      - {stage: C, date: 2023-06-01" in result.out and "date-order" in result.err
    assert snapshot(example) == before


@pytest.mark.parametrize(("start", "end", "says"), [
    ("2023-01-01", "2023-12-31", "2024-12-31"),  # earlier than the current cycle
    ("2024-07-01", "2025-06-30", "2024-12-31"),  # overlapping it
])
def test_a_cycle_that_goes_back_or_overlaps_is_refused_even_with_force(example: Path, start: str, end: str,
                                                                       says: str) -> None:
    before = snapshot(example)
    result = pdca("cycle", "start", "2025", "--start", start, "--end", end, "--force", "-r", example)
    assert result.code == 2 and says in result.err
    assert snapshot(example) == before


def test_a_cycle_id_used_before_is_refused(example: Path) -> None:
    config = example / "pdca.yaml"
    config.write_text(config.read_text(encoding="utf-8") + 'past_cycles:\n  - {id: "2023", start: 2023-01-01, end: 2023-12-31}\n',
                      encoding="utf-8")
    result = pdca("cycle", "start", "2023", "--start", "2025-01-01", "--end", "2025-12-31", "--force", "-r", example)
    assert result.code == 2 and "past_cycles" in result.err


def test_a_hand_edit_that_makes_cycles_overlap_is_a_check_error(example: Path) -> None:
    config = example / "pdca.yaml"
    config.write_text(config.read_text(encoding="utf-8") + 'past_cycles:\n  - {id: "2023", start: 2023-01-01, end: 2024-03-31}\n',
                      encoding="utf-8")
    found = pdca("check", example, "--format", "json").json()["diagnostics"]
    assert [d["rule"] for d in found if d["file"].endswith("pdca.yaml") and d["severity"] == "error"] == ["date-order"]


def test_a_new_finding_that_breaks_a_rule_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {
        "checks/audit.yaml": "checks:\n  - {id: SJ-2024-01, source: 审计, title: t, date: 2024-05-10}\n",
    })
    before = snapshot(root)
    # a deadline before the check that found it: the schema accepts it, the date-order rule does not
    result = pdca("new", "finding", "--check", "SJ-2024-01", "--problem", "未比价", "--department", "purchasing",
                  "--deadline", "2024-04-30", "-r", root)
    assert result.code == 1 and "date-order" in result.err and snapshot(root) == before
    assert pdca("new", "finding", "--check", "SJ-2024-01", "--problem", "未比价", "--department", "purchasing",
                "--deadline", "2024-06-30", "-r", root).code == 0


def test_errors_the_register_already_has_do_not_stop_an_edit(tmp_path: Path) -> None:
    broken = "risks:\n  - {id: CG-001, title: t, area: procurement, dimension: 业务流程, department: nowhere}\n"
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": broken,
                                             "checks/audit.yaml": "checks:\n  - {id: SJ-2024-01, source: 审计, title: t, date: 2024-05-10}\n"})
    assert pdca("check", root, "--format", "json").json()["summary"]["errors"] == 1
    result = pdca("new", "finding", "--check", "SJ-2024-01", "--problem", "未比价", "--department", "purchasing",
                  "--deadline", "2024-06-30", "-r", root)
    assert result.code == 0, result.err
    assert pdca("check", root, "--format", "json").json()["summary"]["errors"] == 1


def test_a_first_entry_in_a_file_of_comments_only_is_checked_and_kept_with_its_comments(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"checks/sj-2024.yaml": "# 审计发现\r\n# 按年份记录\r\n"}, BASE_CONFIG)
    result = pdca("new", "check", "--source", "审计", "--title", "专项审计", "--date", "2024-05-10", "-r", root)
    assert result.code == 0 and "checks/sj-2024.yaml" in result.out, result.err
    data = (root / "checks" / "sj-2024.yaml").read_bytes()
    assert data.startswith("# 审计发现\r\n# 按年份记录\r\nchecks:\r\n  - id: SJ-2024-01\r\n".encode())
    assert b"\n" not in data.replace(b"\r\n", b"")  # comments and CRLF kept
    assert pdca("check", root, "--format", "json").json()["summary"]["errors"] == 0
