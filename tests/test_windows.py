"""What Chinese Windows brings: a GBK console, CRLF files, no POSIX-only modules."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, pdca

COMMANDS = [
    (["check", "registers/example", "--as-of", "2024-06-30"], "个警告"),
    (["check", "registers/example", "--as-of", "2024-12-31", "--format", "github"], "整改事项"),
    (["status", "registers/example", "--as-of", "2024-12-31"], "逾期整改事项"),
    (["report", "registers/example", "--month", "2024-06"], "廉洁风险防控工作通报"),
    (["explain", "CG-005", "-r", "registers/example"], "一律一级"),
    (["export", "registers/example", "--format", "csv", "--table", "findings", "--as-of", "2024-06-30"], "整改期限"),
    (["rules"], "repeat-suspected"),
    (["report", "registers/example", "--year", "24"], "期间写法不对"),
]


@pytest.mark.parametrize("args, expected", COMMANDS, ids=[" ".join(c[0][:2]) for c in COMMANDS])
def test_a_gbk_console_gets_chinese_not_a_crash(args: list[str], expected: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pdca", *args], capture_output=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "gbk", "PDCA_NO_CACHE": "1"})
    out, err = done.stdout.decode("gbk"), done.stderr.decode("gbk")
    assert "Traceback" not in err and done.returncode in (0, 1, 2), err
    assert expected in out + err


def test_a_register_saved_with_windows_line_endings_reads_and_edits_the_same(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".pdca_cache"))
    for path in root.rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    lf = pdca("check", EXAMPLE, "--as-of", "2024-06-30", "--format", "json", "--no-cache").json()
    crlf = pdca("check", root, "--as-of", "2024-06-30", "--format", "json", "--no-cache").json()
    for run in (lf, crlf):  # `path` names the folder as given, which differs; everything else must not
        assert all(d.pop("path").endswith(d["file"]) for d in run["diagnostics"])
    assert crlf == lf
    ours, theirs = (pdca("report", r, "--month", "2024-06").out for r in (root, EXAMPLE))
    assert ours.split("\n", 4)[3:] == theirs.split("\n", 4)[3:]  # all but the header naming the folder
    assert pdca("advance", "ZD-003", "--to", "C", "--as-of", "2024-07-01", "-r", root).code == 0
    data = (root / "risks" / "hospitality.yaml").read_bytes()
    assert b"stage: C\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_no_posix_only_module_is_imported() -> None:
    """Only inside a function that looks at sys.platform first (the memory cap of a template's child
    process, where the platform has one)."""
    posix_only = {"fcntl", "termios", "pwd", "grp", "resource", "tty", "pty", "posix"}
    found = []
    for path in (ROOT / "pdca").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = {id(inner) for function in ast.walk(tree) if isinstance(function, ast.FunctionDef)
                   and "platform" in ast.dump(function) for inner in ast.walk(function)}
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names
                      if n.split(".")[0] in posix_only and id(node) not in guarded]
    assert found == []
