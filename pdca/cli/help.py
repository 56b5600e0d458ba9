"""`--help` in the user's language, fitted to the terminal.

Typer builds the Click command tree from the commands' signatures, with the English words written
there.  The words people read come from the catalogue instead: its [help] table holds every
command's and every parameter's help by command path and parameter name ("check",
"check.format", "finding.close.by"; "*.lang" for a parameter that means the same on every
command).  `prepare` gives every command a context that speaks the language of this run; the first
time help or a usage line is formatted, `localise` puts the catalogue's words into the tree, so a
command that prints no help never reads them.

The language of help and usage errors: `--lang` on the command line, else PDCA_LANG, else the
`language:` of ./pdca.yaml, else the locale, else Chinese.
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from typer import _click as click
from typer.core import TyperGroup

from pdca import i18n
from pdca.io.wrapping import char_width, width, wrap

#: the root command's path in the [help] table
ROOT = "pdca"
#: how much of ./pdca.yaml is read to find its language (a register's pdca.yaml is a few KiB)
_CONFIG_HEAD = 64 * 1024
_LANGUAGE_KEY = re.compile(rb"^language:[ \t]*[\"']?([A-Za-z]+)", re.MULTILINE)


def language(argv: Sequence[str], folder: Path | None = None) -> str:
    """The language to show help and usage errors in."""
    return (_from_argv(argv) or _known(os.environ.get("PDCA_LANG")) or _from_config(folder or Path.cwd())
            or _from_locale() or "zh")


def _known(value: str | None) -> str | None:
    """zh or en for a language name (zh, zh_CN.UTF-8, en-US ...); None for anything else."""
    name = (value or "").strip().lower()
    return next((lang for lang in i18n.LANGS if name.startswith(lang)), None)


def _from_argv(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return _known(argv[index + 1])
        if arg.startswith("--lang="):
            return _known(arg.partition("=")[2])
    return None


def _from_config(folder: Path) -> str | None:
    """The `language:` of the register in this folder, read with a regex: help must not wait for
    YAML, and only a regular file is opened (a FIFO named pdca.yaml would never end)."""
    path = folder / "pdca.yaml"
    try:
        if not path.is_file():
            return None
        with path.open("rb") as file:
            head = file.read(_CONFIG_HEAD)
    except OSError:
        return None
    found = _LANGUAGE_KEY.search(head)
    return _known(found.group(1).decode("ascii")) if found else None


def _from_locale() -> str | None:
    """Chinese for a Chinese locale, English for any other named one; nothing for C or POSIX."""
    if os.name == "nt":
        name = locale.getlocale()[0] or ""
        return "zh" if name.lower().startswith(("zh", "chinese")) else ("en" if name else None)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        name = os.environ.get(variable, "")
        if name:
            if name.split(".")[0] in ("C", "POSIX"):
                return None
            return "zh" if name.lower().startswith("zh") else "en"
    return None


# --- the command tree in a language ---------------------------------------------------------------


def commands(root: click.Command) -> Iterator[tuple[str, click.Command]]:
    """Every command and group below `root` (itself first) with its path in the [help] table."""
    def walk(path: str, command: click.Command) -> Iterator[tuple[str, click.Command]]:
        yield path, command
        for name, sub in (command.commands.items() if isinstance(command, TyperGroup) else ()):
            yield from walk(name if path == ROOT else f"{path}.{name}", sub)

    return walk(ROOT, root)


def help_id(path: str, param: str, lang: str) -> str | None:
    """The catalogue id of a parameter's help: its own, else the one shared by every command."""
    words = i18n.catalogue(lang)
    return next((key for key in (f"help.{path}.{param}", f"help.*.{param}") if key in words), None)


def prepare(root: click.Command, lang: str) -> None:
    """Every command's help and usage lines are formatted in `lang` (the words are put in when
    they are first needed: see `localise`)."""
    context = _CONTEXTS[lang]
    for _, command in commands(root):
        command.context_class = context
        for param in command.params:
            if isinstance(param, click.core.Parameter) and param.param_type_name == "argument" and not param.metavar:
                param.metavar = (param.name or "").upper()  # REGISTERS, as the other placeholders (ID, DIR)


_localised: dict[int, str] = {}


def localise(root: click.Command, lang: str) -> None:
    """Put the catalogue's help into the command tree (once per language change)."""
    if _localised.get(id(root)) == lang:
        return
    words = i18n.catalogue(lang)
    for path, command in commands(root):
        if f"help.{path}" in words:  # a command without an entry keeps its English (the tests say so)
            command.help = i18n.text(f"help.{path}", lang)
            command.short_help = summary(command.help)
        command.options_metavar = i18n.text("usage.options_metavar", lang)
        if isinstance(command, TyperGroup):
            command.subcommand_metavar = i18n.text("usage.commands_metavar", lang)
        for param in command.params:
            found = help_id(path, param.name or "", lang)
            if found is not None:
                setattr(param, "help", i18n.text(found, lang))
        option = command.get_help_option(_CONTEXTS[lang](command, help_option_names=["-h", "--help"]))
        if option is not None:
            option.help = i18n.text("usage.help_option", lang)
    _localised[id(root)] = lang


_SENTENCE_END = re.compile(r"(?<=。)|(?<!e\.g)(?<!i\.e)(?<=\.)(?=\s)")


_SUMMARY_COLUMNS = 64
_COLON = re.compile(r"：|: ")


def summary(text: str) -> str:
    """A command's line in its group's list: the first sentence of its help, or of a long one what
    comes before its colon (what the command does, without the list of how)."""
    paragraph = text.strip().split("\n\n")[0]
    sentence = _SENTENCE_END.split(_joined(paragraph.splitlines()), maxsplit=1)[0].strip()
    if width(sentence) > _SUMMARY_COLUMNS:
        return _COLON.split(sentence, maxsplit=1)[0]
    return sentence


# --- formatting ----------------------------------------------------------------------------------------


def _joined(lines: list[str]) -> str:
    """Lines of one paragraph as one: a space between words, none between Chinese characters."""
    text = ""
    for line in (line.strip() for line in lines):
        wide = text and line and char_width(text[-1]) == 2 and char_width(line[0]) == 2
        text = f"{text}{'' if wide or not text else ' '}{line}"
    return text


def fill(text: str, columns: int, indent: str = "") -> list[str]:
    """Help text as Click lays it out (paragraphs rewrapped, a paragraph after a \\b line kept as it
    is), wrapped by display width."""
    lines: list[str] = []
    for paragraph in _paragraphs(text):
        if lines:
            lines.append("")
        if paragraph[0].strip() == "\b":
            lines += [indent + line for line in paragraph[1:]]
            continue
        extra = " " * (len(paragraph[0]) - len(paragraph[0].lstrip()))
        lines += wrap(_joined(paragraph), columns, indent + extra)
    return lines


def _paragraphs(text: str) -> Iterator[list[str]]:
    paragraph: list[str] = []
    for line in text.expandtabs().splitlines():
        if line:
            paragraph.append(line)
        elif paragraph:
            yield paragraph
            paragraph = []
    if paragraph:
        yield paragraph


#: Typer's names for value types, and what help calls them
_TYPES = {"str": "text", "path": "path", "Path": "path", "int": "integer", "int range": "integer",
          "float": "number", "float range": "number"}
_TYPE_TAG = re.compile(r"<(list\[)?([^<>|\[\]]+)\]?>$")
_EXTRAS = re.compile(r"\s*\[([^\[\]]+)\]$")


class Formatter(click.HelpFormatter):
    """Click's help layout, in a language, wrapped by display width."""

    lang: ClassVar[str] = "zh"

    def say(self, message_id: str, **params: Any) -> str:
        return i18n.text(message_id, self.lang, **params)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        head = f"{self.say('usage.prefix') if prefix is None else prefix}{prog} "
        if width(head) + 20 <= self.width:
            lines = wrap(args, self.width, head, " " * width(head))
        else:
            lines = [head.rstrip(), *wrap(args, self.width, " " * 4)]
        self.write("\n".join(lines) + "\n")

    def write_heading(self, heading: str) -> None:
        named = {"Options": "usage.options", "Arguments": "usage.arguments", "Commands": "usage.commands"}
        said = self.say(named[heading]) if heading in named else f"{heading}:"
        self.write(f"{'':>{self.current_indent}}{said}\n")

    def write_text(self, text: str) -> None:
        self.write("\n".join(fill(text, self.width, " " * self.current_indent)) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(self._term(first), self._extras(second)) for first, second in rows]
        first_col = min(max(width(first) for first, _ in rows), col_max) + col_spacing
        hang = " " * (first_col + self.current_indent)
        for first, second in rows:
            lead = " " * self.current_indent + first
            if not second:
                self.write(lead + "\n")
                continue
            if width(first) <= first_col - col_spacing:
                lead += " " * (first_col - width(first))
            else:
                self.write(lead + "\n")
                lead = hang
            lines = fill(second, max(self.width - first_col - 2, 10)) or [""]
            self.write(lead + lines[0] + "\n" + "".join(f"{hang}{line}\n" if line else "\n" for line in lines[1:]))

    def _term(self, term: str) -> str:
        """An option with its value's type in words (<文本>, <路径>...), not Python's names."""
        found = _TYPE_TAG.search(term)
        if found is None or found.group(2) not in _TYPES:
            return term
        said = self.say(f"usage.type.{_TYPES[found.group(2)]}")
        return term[: found.start()] + f"<{said}>" + ("..." if found.group(1) else "")

    def _extras(self, text: str) -> str:
        """Click's [default: x; required] after a help text, in the language."""
        found = _EXTRAS.search(text)
        if found is None:
            return text
        parts = []
        for part in found.group(1).split("; "):
            if part.startswith("default: "):
                part = self.say("usage.default", value=part.removeprefix("default: "))
            elif part == "required":
                part = self.say("usage.required")
            parts.append(part)
        return text[: found.start()] + self.say("usage.extras", extras=i18n.text("sep.clauses", self.lang).join(parts))


class _ChineseFormatter(Formatter):
    lang = "zh"


class _EnglishFormatter(Formatter):
    lang = "en"


class _Context(click.Context):
    """A context whose help is in the catalogue's words (put into the tree when first formatted)."""

    def make_formatter(self) -> click.HelpFormatter:
        formatter = self.formatter_class(width=self.terminal_width, max_width=self.max_content_width)
        assert isinstance(formatter, Formatter)
        localise(self.find_root().command, formatter.lang)
        return formatter


class _ChineseContext(_Context):
    formatter_class = _ChineseFormatter


class _EnglishContext(_Context):
    formatter_class = _EnglishFormatter


_CONTEXTS: dict[str, type[click.Context]] = {"zh": _ChineseContext, "en": _EnglishContext}
