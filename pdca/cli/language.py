"""The language of --help, of usage errors and of `pdca rules`: `--lang` on the command line, else
PDCA_LANG, else the `language:` of the register here (the nearest pdca.yaml at or above the current
folder, as `pdca check` finds it), else the locale, else Chinese.

A command that reads a register speaks the register's language unless --lang or PDCA_LANG says
otherwise (`given`).  The pdca.yaml here and the locale are looked at only when help, a usage error or
`pdca rules` is printed: `pdca check` never opens them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from pdca import i18n

#: how much of a pdca.yaml is read to find its language (a register's pdca.yaml is a few KiB)
_CONFIG_HEAD = 64 * 1024
#: a top-level `language:` key; a regex, not YAML: help must not wait for a YAML parser (compiled when
#: first used: every command imports this module, few need the pattern)
_LANGUAGE_KEY = rb"^language:[ \t]*[\"']?([A-Za-z_-]+)"


#: the command line of this run, to work out its language from if something is said in it
_argv: list[str] = []


def remember(argv: Sequence[str]) -> None:
    """Keep the command line of this run (`pdca.cli.app` calls it before parsing)."""
    _argv[:] = argv


def current() -> str:
    """The language of this run's help and usage errors."""
    return of(_argv)


def of(argv: Sequence[str], folder: Path | None = None) -> str:
    """The language to speak to the person who typed `argv` in `folder` (the current one by default)."""
    return (_from_argv(argv) or known(os.environ.get("PDCA_LANG")) or _from_config(folder or Path.cwd())
            or _from_locale() or "zh")


def given() -> str | None:
    """The language this run's command line or PDCA_LANG asks for, if any (a command that reads a
    register otherwise speaks the register's)."""
    return _from_argv(_argv) or known(os.environ.get("PDCA_LANG"))


def known(value: str | None) -> str | None:
    """zh or en for a language name (zh, zh_CN.UTF-8, en-US ...); None for anything else."""
    name = (value or "").strip().lower()
    return next((lang for lang in i18n.LANGS if name.startswith(lang)), None)


def _from_argv(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return known(argv[index + 1])
        if arg.startswith("--lang="):
            return known(arg.partition("=")[2])
    return None


def _from_config(folder: Path) -> str | None:
    """The `language:` of the nearest pdca.yaml at or above `folder`.  Only a regular file is opened
    (a FIFO named pdca.yaml would never end), and only its head is read."""
    try:
        start = folder.resolve()
        config = next((path for path in (d / "pdca.yaml" for d in (start, *start.parents)) if path.is_file()), None)
        if config is None:
            return None
        with config.open("rb") as file:
            head = file.read(_CONFIG_HEAD)
    except OSError:
        return None
    found = re.search(_LANGUAGE_KEY, head, re.MULTILINE)
    return known(found.group(1).decode("ascii")) if found else None


def _from_locale() -> str | None:
    """Chinese for a Chinese locale, English for any other named one; nothing for C or POSIX."""
    if os.name == "nt":
        import locale

        name = locale.getlocale()[0] or ""
        return "zh" if name.lower().startswith(("zh", "chinese")) else ("en" if name else None)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        name = os.environ.get(variable, "")
        if name:
            if name.split(".")[0] in ("C", "POSIX"):
                return None
            return "zh" if name.lower().startswith("zh") else "en"
    return None
