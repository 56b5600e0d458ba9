"""Shared helpers: real register folders on disk, and the real CLI run in-process or as a program."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pdca.cli import run

ROOT = Path(__file__).resolve().parent.parent

# PDCA_LANG chooses the language of every command (pdca.cli.language): the tests say which language
# they expect, so it must not come from the shell that runs them.
os.environ.pop("PDCA_LANG", None)
EXAMPLE = ROOT / "registers" / "example"

BASE_CONFIG = """\
schema: pdca/v1
organization: 测试公司
cycle: {id: "2024", start: 2024-01-01, end: 2024-12-31}
departments:
  - {id: purchasing, name: 物资采购部}
  - {id: finance, name: 财务部}
areas:
  - {id: procurement, name: 物资采购, prefix: CG}
  - {id: finance, name: 财务管理, prefix: CW}
posts:
  - {id: buyer, name: 采购专员, department: purchasing}
"""


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def found(self) -> list[str]:
        """The diagnostics of `--format json` output as 'file:line:column rule' lines, in order."""
        return [f"{d['file']}:{d['line']}:{d['column']} {d['rule']}" for d in self.json()["diagnostics"]]


def pdca(*args: str | Path) -> Result:
    """The real command line, run in this process (the console script calls the same `run`)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in args])
    return Result(code, out.getvalue(), err.getvalue())


def status_entry(out: str, entry_id: str) -> str:
    """What `pdca status` shows of one entry: its row of a table, or its item of a list (the line that
    names it and the lines indented under it), its lines joined with a space."""
    lines = out.splitlines()
    start = next(index for index, line in enumerate(lines) if entry_id in line)
    entry = [lines[start]]
    for line in lines[start + 1:]:
        if not line.startswith("    "):  # a new item (two spaces), a table row (one), a heading, a blank line
            break
        entry.append(line.strip())
    return " ".join(entry)


def pdca_program(*args: str | Path, cwd: Path | None = None) -> Result:
    """`python -m pdca ...` as a separate program, for what only a real process shows."""
    done = subprocess.run(
        [sys.executable, "-m", "pdca", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )
    return Result(done.returncode, done.stdout, done.stderr)


def measured_check(root: Path, timeout: float) -> tuple[float, int, int, str, str]:
    """`pdca check ROOT --format json` in a fresh process: (CPU seconds inside it, its peak memory in
    KiB, exit code, stdout, stderr), for bounds on time and memory.  CPU time, not the clock: a bound
    on how much work is done must not fail because other programs share the machine."""
    code = (
        "import resource, sys, time; from pdca.cli import run; t = time.process_time();"
        f"rc = run(['check', {str(root)!r}, '--format', 'json']);"
        "print(time.process_time() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rc, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    seconds, peak_kib, rc = done.stderr.split()[-3:]
    return float(seconds), int(peak_kib), int(rc), done.stdout, done.stderr


def write_register(root: Path, files: dict[str, str | bytes], config: str = BASE_CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if "pdca.yaml" not in files:
        (root / "pdca.yaml").write_text(config, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def register(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Make a register under tmp_path from {relative path: content}."""

    def make(files: dict[str, str | bytes], config: str = BASE_CONFIG) -> Path:
        return write_register(tmp_path / "reg", files, config)

    return make


def edit_sheet_xml(path: Path, edit: Callable[[bytes], bytes]) -> None:
    """Rewrite the first sheet's XML inside the .xlsx, as a hostile file would be written by hand."""
    edited = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, edit(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    shutil.move(edited, path)


def on_a_terminal(command: list[str], stream: str, **run: Any) -> tuple[subprocess.CompletedProcess[bytes], bytes]:
    """Run `command` with its `stream` ("stdout" or "stderr") on a pseudo-terminal (POSIX): the finished
    process, and what it wrote there."""
    import pty

    leader, follower = pty.openpty()
    done = subprocess.run(command, **{stream: follower}, **run)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return done, shown
