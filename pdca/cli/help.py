"""`--help` in the user's language, fitted to the terminal.

Typer builds the Click command tree from the commands' signatures.  The words people read come from
the catalogue's [help] table instead (pdca/catalogue/help.<lang>.toml): every command's and every
parameter's help by command path and parameter name ("check", "check.format", "finding.close.by";
"*.lang" for a parameter that means the same on every command).  pdca.cli.app gives every command
a context whose formatter comes from here: the first time help or a usage line is formatted,
`localise` puts the catalogue's words into the tree.  A command that prints neither imports none of
this, reads no help words and never works out the language (pdca.cli.language).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from typer import _click as click
from typer.core import TyperArgument, TyperGroup, TyperOption

from pdca import i18n
from pdca.cli import language
from pdca.io.wrapping import fill, joined, width, wrap

#: the root command's path in the [help] table
ROOT = "pdca"

_localised: dict[int, str] = {}


def commands(root: click.Command) -> Iterator[tuple[str, click.Command]]:
    """Every command and group below `root` (itself first) with its path in the [help] table."""
    def walk(path: str, command: click.Command) -> Iterator[tuple[str, click.Command]]:
        yield path, command
        for name, sub in (command.commands.items() if isinstance(command, TyperGroup) else ()):
            yield from walk(name if path == ROOT else f"{path}.{name}", sub)

    return walk(ROOT, root)


def help_id(path: str, param: str, lang: str) -> str | None:
    """The catalogue id of a parameter's help: its own, else the one shared by every command."""
    words = i18n.help_catalogue(lang)
    return next((key for key in (f"help.{path}.{param}", f"help.*.{param}") if key in words), None)


def localise(root: click.Command, lang: str, help_options: Sequence[str] = ("-h", "--help")) -> None:
    """Put the catalogue's help into the command tree (once per change of language).  A command or a
    parameter without an entry keeps the words of its code: tests/test_help.py fails on it."""
    if _localised.get(id(root)) == lang:
        return
    words = i18n.help_catalogue(lang)
    for path, command in commands(root):
        if f"help.{path}" in words:
            command.help = i18n.text(f"help.{path}", lang)
            command.short_help = summary(command.help)
        command.options_metavar = i18n.text("usage.options_metavar", lang)
        if isinstance(command, TyperGroup):
            command.subcommand_metavar = i18n.text("usage.commands_metavar", lang)
        for param in command.params:
            if param.param_type_name == "argument" and not param.metavar:
                param.metavar = (param.name or "").upper()  # REGISTERS, as the other placeholders (ID, DIR)
            found = help_id(path, param.name or "", lang)
            if found is not None and isinstance(param, (TyperArgument, TyperOption)):
                param.help = i18n.text(found, lang)
        option = command.get_help_option(click.Context(command, help_option_names=list(help_options)))
        if option is not None:
            option.help = i18n.text("usage.help_option", lang)
    _localised[id(root)] = lang


_SENTENCE_END = re.compile(r"(?<=。)|(?<!e\.g)(?<!i\.e)(?<=\.)(?=\s)")
#: a command's line in its group's list is at most this wide, else only what comes before its colon
_SUMMARY_COLUMNS = 64
_COLON = re.compile(r"：|: ")


def summary(text: str) -> str:
    """A command's line in its group's list: the first sentence of its help, or of a long one what
    comes before its colon (what the command does, without the list of how); no full stop, as a
    line of a list."""
    paragraph = text.strip().split("\n\n")[0]
    sentence = _SENTENCE_END.split(joined(paragraph.splitlines()), maxsplit=1)[0].strip()
    if width(sentence) > _SUMMARY_COLUMNS:
        sentence = _COLON.split(sentence, maxsplit=1)[0]
    return sentence.rstrip("。.")


# --- layout --------------------------------------------------------------------------------------

#: Typer's names for value types, and what help calls them
_TYPES = {"str": "text", "path": "path", "Path": "path", "int": "integer", "int range": "integer",
          "float": "number", "float range": "number"}
_TYPE_TAG = re.compile(r"<(list\[)?([^<>|\[\]]+)\]?>$")
_EXTRAS = re.compile(r"\s*\[([^\[\]]+)\]$")


class Formatter(click.HelpFormatter):
    """Click's help layout, in a language, wrapped by display width (a Chinese character is two
    columns), with no markup."""

    def __init__(self, lang: str, width: int | None = None, max_width: int | None = None) -> None:
        super().__init__(width=width, max_width=max_width)
        self.lang = lang

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
            else:  # a long option on a line of its own, its help below it
                self.write(lead + "\n")
                lead = hang
            lines = fill(second, max(self.width - first_col - self.current_indent, 10)) or [""]
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


def formatter(ctx: click.Context) -> Formatter:
    """What formats help and usage lines in this run's language, the catalogue's words put in."""
    lang = language.current()
    localise(ctx.find_root().command, lang, ctx.help_option_names)
    return Formatter(lang, width=ctx.terminal_width, max_width=ctx.max_content_width)
