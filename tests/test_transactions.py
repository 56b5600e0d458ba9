"""A change to several files lands whole or not at all: failing at every step, killed in the middle,
another program writing meanwhile, two edits at once.  Real registers, the real CLI, real processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import EXAMPLE, pdca

CYCLE = ["cycle", "start", "2025", "--start", "2025-01-01", "--end", "2025-12-31", "--force"]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the register, by relative path (hidden files too: nothing may be left behind)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PDCA_NO_CACHE", "1")  # only the commit's own renames are counted below
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".pdca_cache"))
    return root


def test_cycle_start_touches_many_files(register: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(register, copy)
    assert pdca(*CYCLE, "-r", copy).code == 0
    changed = [k for k, v in snapshot(copy).items() if snapshot(register).get(k) != v]
    assert "pdca.yaml" in changed and len(changed) >= 10  # the case the next tests break at every step


@pytest.mark.parametrize("step", range(1, 15))
def test_a_failed_rename_at_any_step_leaves_every_file_as_it_was(register: Path, step: int,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(register)
    real = os.replace
    calls = {"n": 0}

    def replace(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == step:
            raise OSError(16, "Device or resource busy")  # what a bind-mounted or locked file gives
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    result = pdca(*CYCLE, "-r", register)
    monkeypatch.setattr(os, "replace", real)
    assert calls["n"] >= step  # journal, 12 files, journal again: 14 renames
    assert result.code == 2 and "Traceback" not in result.err and "Device or resource busy" in result.err
    assert snapshot(register) == before


@pytest.mark.parametrize("step", range(1, 5))
def test_a_failed_new_file_at_any_step_leaves_nothing(tmp_path: Path, step: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "new"
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == step:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = pdca("init", target, "--org", "测试公司", "--cycle", "2025", "--areas", "procurement,finance")
    monkeypatch.setattr(os, "fsync", real)
    assert result.code == 2 and "No space left on device" in result.err
    assert not target.exists() or [p for p in target.rglob("*") if p.is_file()] == []


KILL_AT_THIRD_RENAME = """
import os, sys
real, calls = os.replace, [0]
def replace(src, dst):
    calls[0] += 1
    if calls[0] == 4:          # journal written, pdca.yaml and one risks file replaced
        os._exit(9)            # as if killed -9: no clean-up of any kind
    real(src, dst)
os.replace = replace
from pdca.cli import run
sys.exit(run(sys.argv[1:]))
"""


def test_a_commit_killed_between_renames_is_put_back_by_the_next_command(register: Path) -> None:
    before = snapshot(register)
    killed = subprocess.run([sys.executable, "-c", KILL_AT_THIRD_RENAME, *CYCLE, "-r", str(register)],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == 9
    half = snapshot(register)
    assert half != before and ".pdca-journal.json" in half  # half changed, and it says so
    check = pdca("check", register, "--as-of", "2024-06-30", "--format", "json", "--no-cache")
    assert any(d["rule"] == "interrupted-edit" for d in check.json()["diagnostics"])
    assert snapshot(register) == before  # every file as it was, the journal and backups gone
    assert pdca(*CYCLE, "-r", register).code == 0  # and the command can simply be run again


def test_stray_temp_files_of_an_interrupted_write_are_cleaned(register: Path) -> None:
    stray = register / "risks" / ".procurement.yaml.pdca-k3j2.tmp"
    stray.write_text("half a file", encoding="utf-8")
    assert pdca("finding", "act", "XC-2024-01-F5", "--kind", "notice", "--ref", "T-1", "--date", "2024-05-20",
                "-r", register).code == 0
    assert not stray.exists()


def test_a_file_written_by_another_program_during_the_commit_is_not_overwritten(
        register: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(register)
    target = register / "risks" / "hospitality.yaml"
    real = os.link

    def link(src: object, dst: object) -> None:  # the moment between staging and the rename
        if Path(str(src)) == target:
            target.write_text(target.read_text(encoding="utf-8") + "# 另一个编辑器刚保存\n", encoding="utf-8")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "link", link)
    result = pdca("advance", "ZD-003", "CG-005", "--to", "C", "--as-of", "2024-07-01", "-r", register)
    assert result.code == 2 and "hospitality.yaml" in result.err
    after = snapshot(register)
    assert after["risks/hospitality.yaml"].endswith("# 另一个编辑器刚保存\n".encode())  # their change kept
    assert {k: v for k, v in after.items() if k != "risks/hospitality.yaml"} == \
        {k: v for k, v in before.items() if k != "risks/hospitality.yaml"}  # ours not half applied


def test_a_second_edit_waits_for_the_first_and_is_told_when_it_cannot(register: Path) -> None:
    from pdca.io.transaction import locked

    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with locked(register, "zh"):
            held.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    try:
        waiting = subprocess.run([sys.executable, "-m", "pdca", "finding", "act", "XC-2024-01-F5", "--kind", "notice",
                                  "--ref", "T-1", "--date", "2024-05-20", "-r", str(register)],
                                 capture_output=True, text=True, timeout=60,
                                 env={**os.environ, "PDCA_LOCK_WAIT": "1"})
    finally:
        release.set()
        thread.join()
    assert waiting.returncode == 2 and "另一个 pdca 修改正在写入" in waiting.stderr
    assert pdca("finding", "act", "XC-2024-01-F5", "--kind", "notice", "--ref", "T-1", "--date", "2024-05-20",
                "-r", register).code == 0
