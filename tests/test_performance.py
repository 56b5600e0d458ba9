"""The fast paths of `pdca check` print exactly what the slow ones print (issue 21).

* Piped text output is written without rich; it must equal, byte for byte, what rich prints for the
  same run: on the example register, a generated register with many diagnostics, the hostile corpus,
  and text rich would change (emoji codes, tabs), where the plain path must hand over to rich.
* A warm run (the whole-run cache) imports neither the rules, the linter, the models, the YAML reader,
  pydantic nor rich, and prints what the cold run printed.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, EXAMPLE, ROOT, write_register
from test_hostile import corpus

import pdca
from pdca.engine import check as checking
from pdca.formats.reporters import text

PACKAGE_PARENT = str(Path(pdca.__file__).parent.parent)


def _generated(tmp_path: Path, risks: int = 300) -> Path:
    out = tmp_path / f"gen{risks}"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--risks", str(risks), "--files", "3",
                    "--out", str(out)], check=True, capture_output=True)
    return out


def _hostile(tmp_path: Path) -> Path:
    files = {f"risks/h{n:04d}.yaml": doc for n, doc in enumerate(corpus(tmp_path / "pwned"))}
    return write_register(tmp_path / "hostile", files)


def _rich_changes(tmp_path: Path) -> Path:
    """Unknown keys and an unknown area whose names rich would print differently: `:ok:` is an emoji
    code to rich, a tab is expanded (printable escapes it first; the report must still agree)."""
    risk = "risks:\n  - {id: CG-001, title: t, area: 'a:ok:b', dimension: 业务流程, ':thumbs_up:': 1, \"x\\ty\": 2}\n"
    return write_register(tmp_path / "emoji", {"risks/r.yaml": risk}, BASE_CONFIG)


@pytest.mark.slow  # a second or more: the default suite stays under a minute
@pytest.mark.parametrize("which", ["example", "generated", "hostile", "rich_changes"])
def test_piped_text_is_byte_for_byte_what_rich_prints(which: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDCA_NO_CACHE", "1")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    root = {"example": lambda: EXAMPLE, "generated": lambda: _generated(tmp_path), "hostile": lambda: _hostile(tmp_path),
            "rich_changes": lambda: _rich_changes(tmp_path)}[which]()
    day = dt.date(2026, 3, 31) if which == "generated" else dt.date(2024, 6, 30)  # a late day: many overdue
    run = checking.run([root], day, None)
    assert len(run.diagnostics) >= (10 if which != "rich_changes" else 2)
    for lang in ("zh", "en"):
        plain, rich = io.StringIO(), io.StringIO()
        text.report(run, plain, lang)
        text.report_with_rich(run, rich, lang)
        assert plain.getvalue() == rich.getvalue()


def _check_in_a_process(root: Path, cache: Path, cwd: Path) -> tuple[str, list[str]]:
    """stdout of `pdca check ROOT` piped, and the modules that process imported."""
    code = ("import sys; from pdca.cli import run; rc = run(['check', sys.argv[1], '--as-of', '2024-06-30']);"
            "sys.stdout.flush(); print(*sorted(sys.modules), file=sys.stderr)")
    env = {**os.environ, "PDCA_CACHE_DIR": str(cache), "PYTHONPATH": PACKAGE_PARENT}
    env.pop("PDCA_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=120)
    return done.stdout, done.stderr.split()


def test_a_warm_check_prints_the_same_and_imports_only_what_it_shows(tmp_path: Path) -> None:
    root = _generated(tmp_path, 200)
    cold, cold_modules = _check_in_a_process(root, tmp_path / "cache", tmp_path)
    warm, warm_modules = _check_in_a_process(root, tmp_path / "cache", tmp_path)
    assert warm == cold and cold.strip()
    assert "pdca.engine.lint" in cold_modules  # the cold run did check
    heavy = ("pdca.engine.lint", "pdca.engine.settings", "pdca.rules", "rich", "filelock",
             # nor the models, the loader, PyYAML or pydantic (Typer's conversion of options included)
             "pdca.model.entities", "pdca.load.loader", "pdca.io.yaml_read", "yaml", "pydantic", "typer._adapters")
    assert [m for m in warm_modules if m.startswith(heavy)] == []


def test_a_check_imports_and_builds_no_other_command(tmp_path: Path) -> None:
    """`pdca check` imports only its own command module (the others and their Click commands cost
    more than a warm check of 10,000 risks), and `pdca --help` still lists every command."""
    root = _generated(tmp_path, 20)
    _, modules = _check_in_a_process(root, tmp_path / "cache", tmp_path)
    assert [m for m in modules if m.startswith("pdca.cli.commands.")] == ["pdca.cli.commands.check"]
    code = "import sys; from pdca.cli import run; run(['--help']); sys.stdout.flush()"
    env = {**os.environ, "PYTHONPATH": PACKAGE_PARENT, "PDCA_LANG": "en"}
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                           timeout=120).stdout
    from pdca.cli.app import COMMANDS

    listed = re.findall(r"^  (\S+)", shown.split("Commands:")[1], re.MULTILINE)  # a wrapped line starts further in
    assert listed == list(COMMANDS) and "check" in listed
