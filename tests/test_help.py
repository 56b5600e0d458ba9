"""--help, usage errors and `pdca rules` in the user's language, and output that fits a terminal or a
pipe (issue 15): every word from the catalogue, nothing cut, no markup, no line wider than 80 columns."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, ROOT

#: the environment that decides the language of help when no --lang is given
LANGUAGE_VARIABLES = ("PDCA_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def columns(line: str) -> int:
    """The columns a line takes in a terminal: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def squeezed(text: str) -> str:
    """Text without its whitespace: the same words however a width wrapped them."""
    return re.sub(r"\s+", "", text.replace("\b", ""))


def command_paths() -> list[str]:
    """Every command and group of the real command tree, by its path in the [help] table ("pdca",
    "check", "finding.close"), walked here so that a command added later is in it."""
    from pdca.cli.app import _command

    def walk(path: str, command: Any) -> Iterator[str]:
        yield path
        for name, below in getattr(command, "commands", {}).items():
            yield from walk(name if path == "pdca" else f"{path}.{name}", below)

    return list(walk("pdca", _command()))


def argv(path: str) -> list[str]:
    return [] if path == "pdca" else path.split(".")


@pytest.fixture
def speaking(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., None]:
    """Help in `lang` for the runs in this process: PDCA_LANG, no locale, in a folder with no register."""
    monkeypatch.chdir(tmp_path)

    def speak(lang: str | None, **variables: str) -> None:
        for name in LANGUAGE_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        if lang:
            monkeypatch.setenv("PDCA_LANG", lang)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)

    return speak


def program(code: str, cwd: Path = ROOT, **variables: str | None) -> subprocess.CompletedProcess[str]:
    """`python -c code` as a separate program with pipes for output (no terminal), `variables` set
    (None: unset) and the others as they are, the language variables unset unless given."""
    env = {k: v for k, v in os.environ.items() if k not in (*LANGUAGE_VARIABLES, "COLUMNS")}
    env.update({k: v for k, v in variables.items() if v is not None})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300, encoding="utf-8")


# --- pdca status in 80 columns -------------------------------------------------------------------


def status(width: str | None, *args: str) -> str:
    done = program(f"from pdca.cli import run; raise SystemExit(run({['status', str(EXAMPLE), *args]!r}))",
                   COLUMNS=width)
    assert done.returncode == 0, done.stderr
    return done.stdout


def table_rows(out: str) -> Iterator[list[str]]:
    """The cells of every row of every table rich drew."""
    for line in out.splitlines():
        if "│" in line:
            yield [cell.strip() for cell in line.split("│")]


@pytest.mark.parametrize("as_of", ["2024-06-30", "2024-12-31"])
@pytest.mark.parametrize("width", [None, "80"])
def test_status_piped_fits_80_columns_and_says_everything_a_wide_table_says(as_of: str, width: str | None) -> None:
    wide = status("400", "--as-of", as_of)
    narrow = status(width, "--as-of", as_of)
    assert len(list(table_rows(wide))) > 10  # wide enough: every section is a table
    assert [line for line in narrow.splitlines() if columns(line) > 80] == []
    wide_sections, narrow_sections = wide.split("\n\n"), narrow.split("\n\n")
    assert [s.splitlines()[0] for s in wide_sections] == [s.splitlines()[0] for s in narrow_sections]
    for wide_section, narrow_section in zip(wide_sections, narrow_sections):
        for row in table_rows(wide_section):
            assert [cell for cell in row if cell != "-" and squeezed(cell) not in squeezed(narrow_section)] == []


def test_status_in_80_columns_is_a_list_of_entries_each_readable_on_its_own() -> None:
    out = status("80", "--as-of", "2024-06-30")
    lines = out.splitlines()
    start = lines.index("逾期整改事项（6）")
    assert lines[start + 1:start + 4] == [
        "  XC-2024-01-F5 2023年提拔的2名中层干部任前未书面征求纪委廉政意见",
        "    责任部门：人力资源部；整改期限：2024-04-15；天数：76；建议处理：考核",
        "    责任人：高洁；分管领导：陈志远",
    ]


# --- text fitted by display width ----------------------------------------------------------------


def test_wrapping_counts_a_chinese_character_as_two_columns_and_keeps_punctuation_with_its_word() -> None:
    from pdca.io.wrapping import fill, wrap

    text = "整改事项已过整改期限（限期整改），仍处于待整改或整改中。"
    lines = wrap(text, 20)
    assert "".join(lines) == text and all(columns(line) <= 20 for line in lines)
    assert not any(line[0] in "，。）" or line[-1] == "（" for line in lines)
    assert wrap("a  b", 80) == ["a  b"]  # the spaces a value holds stay
    assert wrap("x" * 30, 12, "  ") == ["  xxxxxxxxxx", "  xxxxxxxxxx", "  xxxxxxxxxx"]  # cut only when it must
    assert fill("* 一项很长的说明，需要折行才能放下\n\n    pdca check  # code", 20) == [
        "* 一项很长的说明，需", "  要折行才能放下", "", "    pdca check  # code"]
