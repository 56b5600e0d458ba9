"""pdca diff and pdca owners: what a change means for risk, and who should review it."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from pdca.cli.options import OUTPUT_HELP, LangOpt, RegisterOpt, editable, emit, lang_of, out, say, write
from pdca.errors import EXIT_USAGE, PdcaError


class DiffFormat(str, Enum):
    markdown = "markdown"
    json = "json"
    text = "text"


def diff(
    base: Annotated[str, typer.Argument(help="The revision to compare with: a branch, tag or commit (origin/main).")],
    head: Annotated[Optional[str], typer.Argument(help="The revision to compare. Default: the working tree.")] = None,
    register: RegisterOpt = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="markdown (for a PR comment), json or text.")] = DiffFormat.markdown,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout. " + OUTPUT_HELP)] = None,
    lang: LangOpt = None,
) -> None:
    """What changed in the register between two git revisions, as a reviewer needs it: risks added,
    removed or retired, level changes with their cause, stage moves, measures and findings changed,
    deadlines moved. What to look at twice is flagged (a level lowered, a deadline pushed back, a
    finding closed without evidence or by its own owner, a risk deleted instead of retired, a whole
    register deleted, history rewritten, the matrix changed); the people and departments concerned are
    named. Files are read
    from git objects, no checkout; moving entries between files is not a change.

    Examples:

    \b
      pdca diff origin/main                     # the working tree against main, as Markdown
      pdca diff v2024.06 v2024.07 --format json
    """
    from pdca.engine import diff as differ
    from pdca.formats import diff_report
    from pdca.load import places

    chosen = lang_of(lang)
    roots = places.discover([register] if register else [], chosen or "zh")
    diffs, language = differ.between(roots, base, head, chosen, include_deleted=not register)
    if format is DiffFormat.json:
        text = diff_report.to_json(diffs, base, head)
    elif format is DiffFormat.text:
        text = diff_report.to_text(diffs, base, head, language)
    else:
        text = diff_report.to_markdown(diffs, base, head, language)
    emit(text, output, language)


def owners(
    register: RegisterOpt = None,
    write_to: Annotated[Optional[Path], typer.Option(
        "--write", metavar="FILE", help="Put the fragment into this CODEOWNERS file: the register's earlier "
        "fragment there is replaced, so running it again changes nothing.")] = None,
    lang: LangOpt = None,
) -> None:
    """Print a CODEOWNERS fragment: each register file with the reviewers of the departments its risks,
    checks and findings name (`reviewers:` of departments in pdca.yaml), so a pull request that touches
    a department's risks asks that department to review.

    Examples:

    \b
      pdca owners                                  # print it
      pdca owners --write .github/CODEOWNERS       # put it into the file (again: no change)
    """
    from pdca.engine import codeowners

    chosen = lang_of(lang)
    loaded = editable(register, chosen)
    language = chosen or loaded.lang
    made = codeowners.fragment(loaded)
    for name in made.rejected:
        out("pdca: " + say("owners.bad", language, name=name), err=True)
    for path in made.unwritable:
        out("pdca: " + say("owners.bad_path", language, path=path), err=True)
    if not codeowners.reviewers_configured(loaded):
        example = next(iter(loaded.config.departments), None) if loaded.config else None
        out("pdca: " + say("owners.no_reviewers", language, register=loaded.name,
                           id=example.id if example else "purchasing",
                           name=example.name if example else "物资采购部"), err=True)
    elif not made.lines:
        out("pdca: " + say("owners.no_files", language, register=loaded.name), err=True)
    if write_to is None:
        out(made.text(), end="")
        return
    _write_codeowners(write_to, made, language)


def _write_codeowners(path: Path, made: Any, lang: str) -> None:
    """The file with the fragment in it once; nothing written when it already is."""
    from pdca.engine import codeowners

    try:
        existing = path.read_bytes().decode("utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise PdcaError(say("owners.unreadable", lang, path=path, error=getattr(exc, "strerror", None) or exc),
                        EXIT_USAGE) from None
    text = codeowners.updated(existing, made)
    if text == existing:
        out(say("owners.unchanged", lang, path=path))
        return
    write(path, text.encode("utf-8"), lang)
    out(say("edit.written", lang, path=path))
