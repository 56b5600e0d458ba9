"""pdca site: the register as a static website for the intranet (阳光是最好的防腐剂)."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from pdca import i18n
from pdca.cli.options import (
    AsOfOpt,
    LangOpt,
    NoCacheOpt,
    RedactOpt,
    RegistersArg,
    RegistersOpt,
    lang_of,
    names_stream,
    out,
    readable,
    registers_named,
    say,
)
from pdca.cli.options import as_of as parse_date
from pdca.cli.options import redact as apply_redact
from pdca.errors import EXIT_FINDINGS, EXIT_USAGE, PdcaError


def site(
    registers: RegistersArg = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The site's folder: made, or replaced when pdca made it before (never a folder with other files).")] = Path("site"),
    as_of: AsOfOpt = None,
    yellow_days: Annotated[int, typer.Option("--yellow-days", min=0, help="Yellow warning: due within this many days.")] = 7,
    blue_days: Annotated[int, typer.Option("--blue-days", min=0, help="Blue warning: due within this many days (red: overdue).")] = 30,
    lang: LangOpt = None,
    redact: RedactOpt = False,
    force: Annotated[bool, typer.Option("--force", help="Build even though the register has errors; every page says so at its top.")] = False,
    no_cache: NoCacheOpt = False,
    register: RegistersOpt = None,
) -> None:
    """Build a static website of the register: the 驾驶舱 (overview with the heat map and 红黄蓝
    warnings), the 权职目录 and 风险清单 with a page per post and per risk, the 整改事项 table with
    filters, and every report of the cycle as `pdca report` gives it.

    The pages are plain files with relative links: open index.html from disk or serve the folder from
    any web server.  They load nothing from outside (a Content-Security-Policy forbids it).  The same
    register and --as-of give the same bytes.  With several registers, index.html is a group page with
    a folder per register.  A register with errors gives no site (exit 1) unless --force.

    Examples:

    \b
      pdca site -o site/
      pdca site registers/example --as-of 2024-06-30 -o public/
      pdca site registers/* --redact -o group/     # names replaced, to publish
    """
    from pdca.cli import progress
    from pdca.engine import reporting
    from pdca.io import site_folder
    from pdca.site import build, render
    from pdca.site.model import Options

    chosen = lang_of(lang)
    day = parse_date(as_of, chosen)
    _refuse_target(output, chosen)
    loaded = readable(registers_named(registers, register), chosen)
    language = chosen or loaded[0].lang
    if yellow_days > blue_days:
        raise PdcaError(say("site.days_order", language, yellow=yellow_days, blue=blue_days), EXIT_USAGE)
    errors = reporting.blocking_errors(loaded, day)
    if errors and not force:
        from pdca.engine.lint import CheckRun
        from pdca.formats.reporters import get

        get("text")(CheckRun(loaded, errors), sys.stderr, language)
        raise PdcaError(say("site.has_errors", language, count=len(errors)), exit_code=EXIT_FINDINGS)
    apply_redact(loaded, redact, language)
    options = Options(day, language, yellow_days, blue_days, len(errors))
    pages = build.plan(loaded, options)
    with progress.counting(len(pages), say("site.progress", language)) as advance:
        try:
            site_folder.write_folder(output, partial(render.write, pages=pages, options=options, advance=advance))
        except site_folder.NotOurs as exc:
            raise PdcaError(say(f"site.refused.{exc.reason}", language, path=output), EXIT_USAGE) from None
        except OSError as exc:
            raise PdcaError(say("cli.cannot_write", language, path=output, error=i18n.os_reason(exc, language)),
                            EXIT_USAGE) from None
    out(say("site.written", language, path=output, pages=len(pages)))


def _refuse_target(output: Path, lang: str | None) -> None:
    """Refuse a folder pdca must not replace before the registers are read and the pages built."""
    from pdca.io import site_folder

    if names_stream(output):  # `-o -`, /dev/stdout: a site is a folder, not a stream
        raise PdcaError(say("site.refused.stream", lang, path=output), EXIT_USAGE)
    try:
        site_folder.check_target(output)
    except site_folder.NotOurs as exc:
        raise PdcaError(say(f"site.refused.{exc.reason}", lang, path=output), EXIT_USAGE) from None
