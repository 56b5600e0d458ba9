"""A change to several files lands whole or not at all: failing at every step, killed in the middle,
another program writing meanwhile, two edits at once.  Real registers, the real CLI, real processes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLE, pdca, write_register

from pdca.io.transaction import journal_path

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
    assert result.code == 2 and "磁盘空间不足" in result.err
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
    assert half != before and journal_path(register).exists()  # half changed, and the journal says so
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


@pytest.mark.slow  # a second or more: the default suite stays under a minute
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


# --- every command that changes several files: advance, import xlsx, cycle start ----------------

MOVE = ["advance", "ZD-003", "CG-005", "--to", "C", "--as-of", "2024-07-01"]


def workbook(path: Path) -> Path:
    """A sheet whose import appends to two risks files, creates a third and adds an area to pdca.yaml."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["重点领域", "部门", "风险点名称", "风险类别", "风险描述", "主要防控措施"],
                ["物资采购", "物资采购部", "新增风险甲", "业务流程风险", "描述", "集体评审"],
                ["财务管理", "财务部", "新增风险乙", "业务流程风险", "描述", "双人复核"],
                ["新设领域", "财务部", "新增风险丙", "业务流程风险", "描述", "抽查"]):
        sheet.append(row)
    book.save(path)
    return path


def command(name: str, register: Path) -> list[str | Path]:
    if name == "import":
        return ["import", "xlsx", workbook(register.parent / "清单.xlsx"), "-r", register]
    return [*(MOVE if name == "advance" else CYCLE), "-r", register]


@pytest.mark.parametrize("name", ["advance", "import", "cycle"])
def test_each_command_changes_several_files(register: Path, tmp_path: Path, name: str) -> None:
    before = snapshot(register)
    assert pdca(*command(name, register)).code == 0
    after = snapshot(register)
    assert len([k for k in after if before.get(k) != after[k]]) >= 2  # the case the tests below break


@pytest.mark.parametrize(("name", "step"), [("advance", s) for s in range(1, 5)] + [("import", s) for s in range(1, 7)])
def test_a_failed_rename_at_any_step_of_advance_or_import_leaves_every_file_as_it_was(
        register: Path, name: str, step: int, monkeypatch: pytest.MonkeyPatch) -> None:
    args = command(name, register)
    before = snapshot(register)
    real = os.replace
    calls = {"n": 0}

    def replace(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == step:
            raise OSError(16, "Device or resource busy")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    result = pdca(*args)
    monkeypatch.setattr(os, "replace", real)
    assert calls["n"] >= step  # advance: journal, 2 files, journal; import: journal, 3 files, 1 new, journal
    assert result.code == 2 and "Traceback" not in result.err and "Device or resource busy" in result.err
    assert snapshot(register) == before


@contextmanager
def cannot_be_replaced(path: Path) -> Iterator[str]:
    """A real file system condition under which `path` reads but cannot be renamed over: an immutable
    file (root, on a file system with the flag), else a folder without write permission (not root)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("the immutable flag cannot be set here")
        try:
            yield "没有权限"  # EPERM, in the language of the message (pdca.i18n.os_reason)
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        return
    if sys.platform == "win32":
        pytest.skip("no read-only folders that refuse a rename on Windows")
    mode = path.parent.stat().st_mode
    path.parent.chmod(0o555)
    try:
        yield "没有权限"  # EACCES
    finally:
        path.parent.chmod(mode)


@pytest.mark.parametrize(("name", "blocked"), [("advance", "risks/procurement.yaml"), ("import", "risks/finance.yaml"),
                                               ("cycle", "risks/safety.yaml")])
def test_a_file_that_cannot_be_replaced_leaves_every_file_as_it_was(register: Path, name: str, blocked: str) -> None:
    args = command(name, register)
    before = snapshot(register)
    with cannot_be_replaced(register / blocked) as error:
        result = pdca(*args)
        after = snapshot(register)
    assert result.code == 2 and "Traceback" not in result.err
    assert error in result.err and Path(blocked).name in result.err
    assert after == before  # the files renamed before it are back, and no temp, backup or journal is left


def test_when_putting_back_fails_too_the_next_command_does_it(register: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(register)
    real = os.replace
    calls = {"n": 0}

    def replace(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] >= 3:  # journal and pdca.yaml in place, then the disk goes away
            raise OSError(5, "Input/output error")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    result = pdca(*CYCLE, "-r", register)
    monkeypatch.setattr(os, "replace", real)
    assert result.code == 2 and "Traceback" not in result.err
    assert "Input/output error" in result.err and "下一条 pdca 命令会把它们恢复" in result.err
    assert journal_path(register).exists()
    check = pdca("check", register, "--as-of", "2024-06-30", "--format", "json")
    assert any(d["rule"] == "interrupted-edit" for d in check.json()["diagnostics"])
    assert snapshot(register) == before


KILL_WHILE_STAGING = """
import os, sys
real, calls = os.fsync, [0]
def fsync(fd):
    calls[0] += 1
    if calls[0] == 3:          # two files staged, a third half written; no journal yet
        os._exit(9)
    real(fd)
os.fsync = fsync
from pdca.cli import run
sys.exit(run(sys.argv[1:]))
"""


def temps(root: Path) -> list[str]:
    return sorted(k for k in snapshot(root) if k.rsplit("/", 1)[-1].startswith(".") and k.endswith(".tmp"))


def test_temp_files_of_a_killed_edit_are_removed_by_the_next_command_but_not_while_an_edit_runs(
        register: Path) -> None:
    from pdca.io.transaction import locked

    before = snapshot(register)
    killed = subprocess.run([sys.executable, "-c", KILL_WHILE_STAGING, *CYCLE, "-r", str(register)],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == 9
    left = temps(register)
    assert len(left) == 3 and ".pdca-journal.json" not in snapshot(register)

    held, release = threading.Event(), threading.Event()

    def hold() -> None:  # an edit under way: the temp files may be its own
        with locked(register, "zh"):
            held.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    try:
        during = subprocess.run([sys.executable, "-m", "pdca", "check", str(register), "--as-of", "2024-06-30"],
                                capture_output=True, text=True, timeout=120)
    finally:
        release.set()
        thread.join()
    assert during.returncode in (0, 1) and "Traceback" not in during.stderr
    assert temps(register) == left  # not touched while the lock was held
    assert pdca("check", register, "--as-of", "2024-06-30").code in (0, 1)
    assert temps(register) == [] and snapshot(register) == before


# --- an outside edit while the commit is staging --------------------------------------------------

WRITER = r"""
import os, sys, time
folder, name = sys.argv[1], sys.argv[2]
target = os.path.join(folder, name)
original = open(target, "rb").read()
print("ready", flush=True)
deadline = time.monotonic() + 120
while not any(n.startswith("." + name + ".pdca-") for n in os.listdir(folder)):  # our file is staged
    if time.monotonic() > deadline:
        sys.exit(3)
with open(target, "r+b") as out:   # another editor saves it, in place
    now = out.read()
    out.write(b"# saved by another editor\n")
print("in time" if now == original else "too late", flush=True)
"""
MANY = 120  # files staged after the one the writer changes: their fsyncs hold the window open


def many_files(root: Path) -> Path:
    files: dict[str, str | bytes] = {
        f"risks/r{n:03d}.yaml": f"risks:\n  - {{id: CG-{n + 1:03d}, title: 风险{n}, area: procurement, "
                                f"dimension: 业务流程, stage: D}}\n" for n in range(MANY)}
    return write_register(root, files)


def test_a_file_changed_by_another_program_while_the_commit_stages_is_refused_not_overwritten(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real second program changes risks/r010.yaml after pdca read and staged it, while pdca is still
    staging the files after it; the comparison right before each rename sees it."""
    monkeypatch.setenv("PDCA_NO_CACHE", "1")
    for attempt in range(3):
        root = many_files(tmp_path / f"try{attempt}")
        before = snapshot(root)
        with subprocess.Popen([sys.executable, "-c", WRITER, str(root / "risks"), "r010.yaml"],
                              stdout=subprocess.PIPE, text=True) as writer:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
            result = pdca(*CYCLE, "-r", root)
            outcome = writer.stdout.readline().strip()
        if outcome == "in time":
            break
    else:
        pytest.skip("the second program never came between staging and rename on this machine")
    assert result.code == 2 and "r010.yaml 在读取后被修改过" in result.err
    after = snapshot(root)
    assert after["risks/r010.yaml"] == before["risks/r010.yaml"] + b"# saved by another editor\n"  # theirs kept
    del after["risks/r010.yaml"], before["risks/r010.yaml"]
    assert after == before  # pdca.yaml and r000..r009 were renamed already: put back; nothing left behind


def test_a_journal_and_backups_that_arrive_with_a_repository_put_nothing_back(register: Path) -> None:
    """A pull request commits a journal and a backup holding the old text of a file it changed: no
    command "recovers" the old text over the change (the journal pdca trusts is only in the user's folder)."""
    target = register / "risks" / "procurement.yaml"
    old = target.read_bytes()
    changed = old.replace("供应商选择".encode(), "供应商遴选".encode(), 1)
    target.write_bytes(changed)
    (register / ".procurement.yaml.pdca-backup").write_bytes(old)
    (register / "risks" / ".procurement.yaml.pdca-backup").write_bytes(old)
    journal = {"files": [{"path": "risks/procurement.yaml", "temp": "risks/.procurement.yaml.pdca-x.tmp",
                          "backup": "risks/.procurement.yaml.pdca-backup", "existed": True, "size": 1}], "done": False}
    (register / ".pdca-journal.json").write_text(json.dumps(journal), encoding="utf-8")
    check = pdca("check", register, "--as-of", "2024-06-30", "--format", "json", "--no-cache")
    assert "interrupted-edit" not in {d["rule"] for d in check.json()["diagnostics"]}
    assert pdca("finding", "act", "XC-2024-01-F5", "--kind", "notice", "--ref", "T-1", "--date", "2024-05-20",
                "-r", register).code == 0
    assert target.read_bytes() == changed


def test_a_backup_that_is_not_the_recorded_original_is_not_put_back(register: Path) -> None:
    """Even the user's own journal restores only the bytes it recorded."""
    target = register / "risks" / "procurement.yaml"
    changed = target.read_bytes() + "# 之后的修改\n".encode()
    target.write_bytes(changed)
    (register / "risks" / ".procurement.yaml.pdca-backup").write_bytes(b"risks: []\n")
    journal = {"root": str(register.resolve()), "done": False, "files": [
        {"path": "risks/procurement.yaml", "temp": "risks/.procurement.yaml.pdca-x.tmp",
         "backup": "risks/.procurement.yaml.pdca-backup", "existed": True, "size": 1,
         "original": hashlib.sha256(b"something else").hexdigest()}]}
    journal_path(register).write_text(json.dumps(journal), encoding="utf-8")
    pdca("check", register, "--as-of", "2024-06-30", "--no-cache")
    assert target.read_bytes() == changed and not journal_path(register).exists()
