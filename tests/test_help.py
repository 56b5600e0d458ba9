"""--help, usage errors and `pdca rules` in the user's language, and output that fits a terminal or a
pipe (issue 15): every word from the catalogue, nothing cut, no markup, no line wider than 80 columns."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, ROOT, pdca, write_register

from pdca import i18n

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


# --- every command's help comes from the catalogue ---------------------------------------------


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_command_and_parameter_has_its_help_in_the_catalogue(lang: str) -> None:
    """A command or option added without catalogue help fails here (its help would be the English of
    its code, in Chinese too)."""
    from pdca.cli.app import _command
    from pdca.cli.help import commands, help_id

    words = i18n.help_catalogue(lang)
    missing = []
    for path, command in commands(_command()):
        if f"help.{path}" not in words:
            missing.append(path)
        missing += [f"{path} {param.name}" for param in command.params if help_id(path, param.name or "", lang) is None]
    assert missing == []


def test_every_help_entry_is_for_a_command_or_parameter_there_is() -> None:
    """A renamed option leaves no entry behind that nothing shows."""
    from pdca.cli.app import _command
    from pdca.cli.help import commands, help_id

    used: set[str | None] = set()
    for path, command in commands(_command()):
        used.add(f"help.{path}")
        used |= {help_id(path, param.name or "", "zh") for param in command.params}
    assert sorted(key for key in i18n.help_catalogue("zh") if key.startswith("help.") and key not in used) == []


#: four words or more in a row: an English sentence, or a good part of one
_ENGLISH = re.compile(r"[A-Za-z][a-z']*(?:[ ,;]+[A-Za-z][a-z']*){3,}")


@pytest.mark.parametrize("path", command_paths())
def test_chinese_help_has_no_english_sentence_of_the_english_help(path: str, speaking: Callable[..., None]) -> None:
    speaking("en")
    english = pdca(*argv(path), "--help")
    speaking("zh")
    chinese = pdca(*argv(path), "--help")
    assert english.code == chinese.code == 0
    sentences = {s for s in _ENGLISH.findall(english.out) if not s.startswith("pdca ")}
    assert sentences, english.out  # the English help does say something in English
    assert sorted(s for s in sentences if s in chinese.out) == []
    assert chinese.out.startswith("用法：") and english.out.startswith("Usage: ")


@pytest.mark.parametrize("path", ["check", "status", "report", "advance", "finding.close", "new.risk", "init"])
def test_the_main_commands_show_examples(path: str, speaking: Callable[..., None]) -> None:
    speaking("zh")
    chinese = pdca(*argv(path), "--help").out
    speaking("en")
    english = pdca(*argv(path), "--help").out
    assert "示例：" in chinese and "Example" in english
    assert f"  pdca {' '.join(argv(path))} " in chinese


# --- piped help: a real process, no terminal -----------------------------------------------------


_HELP_OF_EVERY_COMMAND = """
import sys
from pdca.cli import run
for args in {commands!r}:
    print("=== " + " ".join(args), flush=True)
    run([*args, "--help"])
    sys.stdout.flush()
"""


def help_pages(lang: str, width: str | None) -> dict[str, str]:
    """Every command's --help as a separate program prints it into a pipe, by command path."""
    paths = command_paths()
    done = program(_HELP_OF_EVERY_COMMAND.format(commands=[argv(path) for path in paths]), PDCA_LANG=lang,
                   COLUMNS=width)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    pages = done.stdout.split("=== ")[1:]
    assert len(pages) == len(paths)
    return {path: page.partition("\n")[2] for path, page in zip(paths, pages)}


@pytest.mark.parametrize("width", [None, "80"])
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_piped_help_fits_80_columns_shows_every_word_and_no_markup(lang: str, width: str | None) -> None:
    from pdca.cli.app import _command
    from pdca.cli.help import commands, help_id, summary

    pages = help_pages(lang, width)
    for path, command in commands(_command()):
        page = pages[path]
        assert [line for line in page.splitlines() if columns(line) > 80] == [], path
        assert not re.search(r"\x1b\[|\[/?bold|`|\*\*", page), path
        said = [i18n.text(f"help.{path}", lang)]
        said += [i18n.text(found, lang) for param in command.params if (found := help_id(path, param.name or "", lang))]
        below = [name if path == "pdca" else f"{path}.{name}" for name in getattr(command, "commands", {})]
        said += [summary(i18n.text(f"help.{sub}", lang)) for sub in below]
        assert [text for text in said if squeezed(text) not in squeezed(page)] == [], path


# --- usage errors --------------------------------------------------------------------------------

USAGE_ERRORS = [
    (["check", "--bogus"], "没有选项 --bogus", "no such option --bogus"),
    (["check", "--formt", "json"], "没有选项 --formt（是否指 --format？）", "(did you mean --format?)"),
    (["check", "--format", "xml"], "--format 的值 xml 无效，可选：text、json、github、sarif、gitlab",
     "--format: xml is not one of text, json, github, sarif, gitlab"),
    (["export", "--format", "csv", "--table", "x"], "--table 的值 x 无效，可选：risks、measures",
     "--table: x is not one of risks, measures"),
    (["status", "--level", "5"], "--level 的值 5 不在 1 到 3 之间", "--level: 5 is not between 1 and 3"),
    (["status", "--level", "x"], "--level 的值 x 不是整数", "--level: x is not a whole number"),
    (["check", "--as-of"], "选项 --as-of 后面要跟一个值", "option --as-of needs a value"),
    (["check", "--no-cache=1"], "选项 --no-cache 不带值", "option --no-cache takes no value"),
    (["advance", "CG-001"], "缺少选项 --to，可选：P、D、C、A", "option --to is needed: P, D, C, A"),
    (["cycle", "start"], "缺少参数 ID", "ID is needed"),
    (["owners", "x", "y"], "多余的参数：x y", "unexpected extra arguments: x y"),
    (["bogus"], "没有命令 bogus；可用的命令：check、export", "no such command bogus; the commands are check, export"),
    (["finding", "closee"], "没有命令 closee（是否指 close？）", "no such command closee (did you mean close?)"),
]
#: what Click and pydantic say, in English, about a command line
_CLICK_WORDS = re.compile(r"Error:|Value error|Invalid value|No such|Missing|Try '|requires an argument|"
                          r"does not take|Input should|Got unexpected|Choose from")


@pytest.mark.parametrize(("args", "chinese", "english"), USAGE_ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_usage_errors_are_said_in_the_language(args: list[str], chinese: str, english: str,
                                               speaking: Callable[..., None]) -> None:
    speaking(None)
    zh = pdca(*args)
    assert zh.code == 2 and zh.out == ""
    assert zh.err.startswith("pdca: ") and chinese in zh.err.splitlines()[0], zh.err
    assert not _CLICK_WORDS.search(zh.err) and "Usage" not in zh.err, zh.err
    speaking("en")
    en = pdca(*args)
    assert en.code == 2 and english in en.err.splitlines()[0], en.err
    assert not _CLICK_WORDS.search(en.err), en.err


def test_a_usage_error_shows_the_usage_and_where_help_is(speaking: Callable[..., None]) -> None:
    speaking(None)
    assert pdca("check", "--bogus").err.splitlines() == [
        "pdca: 没有选项 --bogus", "用法：pdca check [选项] [REGISTERS]...", "查看帮助：pdca check -h"]


def test_a_group_without_its_command_shows_its_help(speaking: Callable[..., None]) -> None:
    speaking(None)
    result = pdca("finding")
    assert result.code == 2 and result.err.startswith("用法：pdca finding [选项] 命令 [参数]...")
    assert "close" in result.err and "销号" in result.err


# --- which language ------------------------------------------------------------------------------


def first_error_line(*args: str) -> str:
    return pdca(*args).err.splitlines()[0]


def test_help_language_is_lang_then_pdca_lang_then_the_register_then_the_locale_then_chinese(
        speaking: Callable[..., None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chinese, english = "pdca: 没有选项 --bogus", "pdca: no such option --bogus"
    speaking(None)
    assert first_error_line("check", "--bogus") == chinese  # nothing says: Chinese
    assert first_error_line("check", "--bogus", "--lang", "en") == english
    speaking("en")
    assert first_error_line("check", "--bogus") == english
    assert first_error_line("check", "--bogus", "--lang=zh") == chinese  # --lang over PDCA_LANG
    register = write_register(tmp_path / "reg", {}, "schema: pdca/v1\nlanguage: en\norganization: 测试公司\n")
    (register / "risks").mkdir()
    monkeypatch.chdir(register / "risks")  # in the register, below its pdca.yaml
    speaking(None)
    assert first_error_line("check", "--bogus") == english  # the register's language
    speaking("zh")
    assert first_error_line("check", "--bogus") == chinese  # PDCA_LANG over the register


@pytest.mark.skipif(os.name == "nt", reason="Windows names its locale through the system, not the environment")
def test_without_anything_else_help_follows_the_locale(speaking: Callable[..., None]) -> None:
    speaking(None, LANG="en_US.UTF-8")
    assert first_error_line("check", "--bogus") == "pdca: no such option --bogus"
    speaking(None, LANG="zh_CN.UTF-8")
    assert first_error_line("check", "--bogus") == "pdca: 没有选项 --bogus"
    speaking(None, LANG="C.UTF-8", LC_ALL="C")
    assert first_error_line("check", "--bogus") == "pdca: 没有选项 --bogus"


def test_lang_before_the_command_chooses_the_language_of_help_and_of_the_command(speaking: Callable[..., None]) -> None:
    speaking(None)
    assert pdca("--lang", "en", "--help").out.startswith("Usage: pdca [OPTIONS] COMMAND [ARGS]...")
    assert pdca("--lang", "en", "finding", "close", "--help").out.startswith("Usage: pdca finding close")
    assert "Overdue findings (6)" in pdca("--lang", "en", "status", EXAMPLE, "--as-of", "2024-06-30").out
    assert "逾期整改事项（6）" in pdca("--lang", "en", "status", EXAMPLE, "--as-of", "2024-06-30", "--lang", "zh").out


def test_pdca_lang_chooses_the_language_of_a_command_too(speaking: Callable[..., None]) -> None:
    speaking("en")
    result = pdca("status", EXAMPLE, "--as-of", "2024-06-30")
    assert "Overdue findings (6)" in result.out
    assert "逾期整改事项（6）" in pdca("status", EXAMPLE, "--as-of", "2024-06-30", "--lang", "zh").out


_CHECK_AND_SAY_WHAT_WAS_READ = """
import contextlib, io, sys
from pdca import i18n
from pdca.cli import run
with contextlib.redirect_stdout(io.StringIO()):
    run(["check", {register!r}, "--as-of", "2024-06-30"])
before = i18n._load.cache_info().misses
i18n._load("help.zh")
i18n._load("help.en")
print(i18n._load.cache_info().misses - before, sorted(m for m in sys.modules if m.startswith("pdca.cli.")))
"""


def test_pdca_check_reads_no_help_words_and_imports_no_help_code() -> None:
    """Start-up of `pdca check` stays as it was: the help tables and the code that formats help are
    read only when help or a usage error is printed."""
    done = program(_CHECK_AND_SAY_WHAT_WAS_READ.format(register=str(EXAMPLE)))
    assert done.returncode == 0, done.stderr
    misses, modules = done.stdout.split(" ", 1)
    assert misses == "2"  # neither help table had been read
    assert "pdca.cli.help" not in modules and "pdca.cli.usage_errors" not in modules


# --- pdca rules ----------------------------------------------------------------------------------


def plain(docstring: str) -> str:
    """A rule's docstring as the catalogue writes it: ``code`` as 'code', no *emphasis*, no '::'."""
    text = re.sub(r"``(.+?)``", r"'\1'", inspect.cleandoc(docstring), flags=re.S)
    text = re.sub(r"(?<![\w*])\*(\w+)\*(?![\w*])", r"\1", text)
    return re.sub(r"::$", ":", text, flags=re.M)


def test_the_english_rule_docs_are_the_rules_docstrings() -> None:
    """The catalogue says in English what each rule's docstring says (docs/rules.md is made from the
    docstrings): a docstring changed, or a rule added, without its catalogue entry fails here.  Fix:
    write `plain(docstring)` as rule_doc."doc.NAME" in help.en.toml, and the Chinese in help.zh.toml."""
    from pdca.rules import RULES

    words = i18n.help_catalogue("en")
    different = [name for name, rule in RULES.items()
                 if words.get(f"rule_doc.doc.{name}", "").strip() != plain(rule.__doc__ or "").replace("{", "{{").replace("}", "}}")]
    assert different == []


_RULES_PAGES = """
import sys
from pdca.cli import run
from pdca.rules import RULES
for args in [[], *([name] for name in RULES)]:
    print("=== " + " ".join(args), flush=True)
    run(["rules", *args])
    sys.stdout.flush()
"""


@pytest.mark.parametrize("width", [None, "80"])
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_pdca_rules_piped_is_in_the_language_whole_and_plain(lang: str, width: str | None) -> None:
    from pdca.rules import RULES

    done = program(_RULES_PAGES, PDCA_LANG=lang, COLUMNS=width)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    listing, *pages = [page.partition("\n")[2] for page in done.stdout.split("=== ")[1:]]
    other = "en" if lang == "zh" else "zh"
    for name, page in zip(RULES, pages):
        words = i18n.text(f"rule_doc.doc.{name}", lang)
        assert squeezed(words) in squeezed(page), name  # nothing cut
        assert squeezed(words.split("\n\n")[0]) in squeezed(listing), name
        assert squeezed(i18n.text(f"rule_doc.doc.{name}", other).split("\n\n")[0]) not in squeezed(listing + page)
        # only an example's files (indented four spaces) are shown as they are, however wide
        assert [line for line in page.splitlines() if columns(line) > 80 and not line.startswith("    ")] == [], name
    everything = "\n".join([listing, *pages])
    assert not re.search(r"\x1b\[|``|\*\*|::$|\[/?bold", everything, re.M)
    assert ("Passing" in everything) == (lang == "en") and ("通过的示例" in everything) == (lang == "zh")


def test_an_unknown_rule_is_said_with_a_hint(speaking: Callable[..., None]) -> None:
    speaking(None)
    result = pdca("rules", "review-stal")
    assert result.code == 2 and result.err == "pdca: 没有规则 review-stal（是否指 review-stale？）\n"


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


@pytest.mark.slow  # a second or more: the default suite stays under a minute
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


def test_remind_dry_run_says_it_sends_nothing_not_that_it_shows_a_diff(speaking: Callable[..., None]) -> None:
    """--dry-run of remind is not the --dry-run of an edit: it shows the messages, and -r may be repeated."""
    speaking("zh")
    chinese = squeezed(pdca("remind", "--help").out)
    speaking("en")
    english = squeezed(pdca("remind", "--help").out)
    assert "不发送任何内容" in chinese and "diff" not in chinese and "可重复给出" in chinese
    assert "sendnothing" in english and "diff" not in english and "mayberepeated" in english
