"""Pages to HTML bytes with the built-in templates (templates/site/), and the site's two assets.

Every value is escaped for HTML by Jinja2's autoescape: the register is written by many hands, and a
title may hold `<script>`, a quote that would end an attribute, or `{{ }}` (printed as text: a value is
never a template); a control character or a bidi override is shown as an escape (pdca.io.printable).
The templates are pdca's own; a register's templates/ folder changes the reports' words
(pdca.site.reports), never these pages.  Output is deterministic: no clock, no absolute path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pdca import i18n
from pdca.formats.markdown_report import BUILTIN
from pdca.io import printable
from pdca.io.site_folder import put
from pdca.site import parallel
from pdca.site.model import Options, Page
from pdca.site.paths import relative

TEMPLATES = BUILTIN / "site"
#: copied as they are; every page links them relatively
ASSETS = ("assets/site.css", "assets/filter.js")
#: no request of any kind leaves the site: styles and the one script are its own files, nothing else loads
POLICY = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; base-uri 'none'; "
          "form-action 'none'")
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["t"] = partial(_say, lang)
    env.globals["label"] = partial(_label, lang)
    env.filters["day"] = _day
    return env


def _say(lang: str, message_id: str, **params: Any) -> str:
    return i18n.text(message_id, lang, **params) if params else _word(lang, message_id)


@cache
def _word(lang: str, message_id: str) -> str:
    """An entry without parameters (a column's name): looked up once, a page prints hundreds."""
    return i18n.text(message_id, lang)


def _label(lang: str, table: str, key: Any) -> str:
    return i18n.label(table, key, lang)


def _day(value: Any) -> str:
    if value is None:
        return "-"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def write(folder: Path, pages: list[Page], options: Options, advance: Callable[[int], None]) -> None:
    """Write the assets and every page into `folder`, calling `advance(n)` as pages are done."""
    for asset in ASSETS:
        put(folder, asset, (TEMPLATES / asset).read_bytes())
    env = environment(options.lang)
    common = {"lang": options.lang, "html_lang": HTML_LANG.get(options.lang, options.lang), "policy": POLICY,
              "banner": i18n.text("site.forced", options.lang, count=options.errors) if options.errors else None}

    def write_page(into: Path, page: Page) -> None:
        template = env.get_template(page.template)
        context = {**common, **page.frame, **page.data(), "page": page, "url": partial(relative, page.path)}
        # control characters and bidi overrides from the register shown as escapes, as `pdca report` shows them
        put(into, page.path, printable.block(template.render(context)).encode("utf-8"))

    parallel.write_all(folder, pages, write_page, advance)
