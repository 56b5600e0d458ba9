"""Markdown reports: report data (pdca.engine.report_data) rendered by Jinja2 templates.  With
pdca.formats.sandbox (the bounds on templates), the only Jinja2 user.

One built-in template per report kind (`monthly.md.j2`) serves every language: its words come from the
catalogue (pdca/catalogue/<lang>.toml) through `t("report.monthly.title", organization=...)`.  A
register's own `templates/` folder may override a report, for one language (`monthly.zh.md.j2`, the
name register templates have always had) or for all (`monthly.md.j2`).  Templates run in Jinja2's
immutable sandbox, bounded (pdca.formats.sandbox), and see report data only; a render that may use a
register's own templates runs in a child process with a time limit.  Every value a template prints is escaped for Markdown
unless a filter made it markup on purpose (`mermaid`, `lines`): a `|`, a newline or HTML in a title
cannot break a table or inject markup.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import string
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    select_autoescape,
)
from jinja2.exceptions import TemplateError, TemplateRuntimeError
from markupsafe import Markup

from pdca import i18n
from pdca.domain.periods import Period
from pdca.engine import narrative, report_data
from pdca.errors import PdcaError
from pdca.formats import sandbox
from pdca.formats.markdown import escape
from pdca.formats.sandbox import BoundedSandbox
from pdca.model.register import Register

BUILTIN = Path(str(importlib.resources.files("pdca.templates")))
SUFFIX = ".md.j2"

_MERMAID = str.maketrans({
    "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "\r": " ", "\n": " ", "`": "#96;", ";": "#59;",
    "\\": "#92;", "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;",
})


def markdown_escape(value: Any) -> Markup:
    """User text as inert Markdown: table pipes, emphasis, links, HTML and line breaks neutralised."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("-")
    if isinstance(value, dt.date):
        return Markup(value.isoformat())
    return Markup(escape(str(value)))


def mermaid_escape(value: Any) -> Markup:
    """Text for a quoted Mermaid label."""
    return Markup(str(value).translate(_MERMAID))


def _lines(values: list[Any]) -> Markup:
    """Several user values in one table cell, one per line."""
    return Markup("<br>").join(markdown_escape(v) for v in values) if values else Markup("-")


class _RegisterLoader(FileSystemLoader):
    """A register's own templates: only files that really live inside its templates/ folder, and inside
    the register (templates/ itself may be a link a pull request made, to the repository's root)."""

    def __init__(self, folder: Path, lang: str) -> None:
        super().__init__(str(folder), followlinks=False)
        self.folder = folder.resolve()
        self.register = folder.parent.resolve()
        self.lang = lang

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(os.path.realpath(filename))
        if not (real.is_relative_to(self.folder) and real.is_relative_to(self.register)):
            raise PdcaError(i18n.text("report.outside", self.lang, template=template))
        return source, filename, uptodate


class _Words:
    """The catalogue as templates use it, in the report's language.

    The catalogue's own words are printed as written: they are pdca's, reviewed like the template text
    they replaced, and the report entries are Markdown on purpose (`**{total}**`).  Their parameters are
    register data and are escaped first, exactly as `{{ value }}` would print them, so a `|` or `**` in a
    title can neither break a table nor add emphasis, whichever entry it is put in.
    """

    def __init__(self, environment: BoundedSandbox, lang: str) -> None:
        self.environment = environment
        self.lang = lang
        self.headings = 0  # numbered so far in this render: a section left out leaves no gap

    def numbered(self, text: str) -> Markup:
        """`numbered(t("report.monthly.heading.overview"))`: the next section number and the heading,
        一、总体情况 (1. Overview): sections that are left out leave no gap in the numbers."""
        self.headings += 1
        numerals = self.entry("report.numbering.numerals").split()
        numeral = numerals[self.headings - 1] if self.headings <= len(numerals) else str(self.headings)
        return self.t("report.numbering.heading", numeral=numeral, text=markdown_escape(text))

    def entry(self, message_id: str) -> str:
        try:
            return i18n.catalogue(self.lang)[message_id]
        except KeyError:
            # TemplateErrors become pdca's "模板 x 出错" message: a register's template naming an id the
            # catalogue lacks is the user's mistake, not a traceback
            raise TemplateRuntimeError(f"no catalogue entry {message_id!r}") from None

    def t(self, message_id: str, **params: Any) -> Markup:
        """`t("report.monthly.title", organization=...)`: the entry, its parameters escaped and filled in."""
        self.entry(message_id)
        escaped = {key: markdown_escape(i18n.render(value, self.lang)) for key, value in params.items()}
        try:
            return Markup(i18n.text(message_id, self.lang, **escaped))
        except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
            raise TemplateRuntimeError(f"{message_id!r} cannot be filled in with {sorted(params)}: {exc!r}") from None

    def each(self, items: Iterable[Any], message_id: str) -> list[Markup]:
        """`risks.by_level|each("report.count.level")`: the entry once per item, its parameters taken
        from the item's fields of the same names (through the sandbox, as `item.name` would be)."""
        names = {name for _, name, _, _ in string.Formatter().parse(self.entry(message_id)) if name}
        return [self.t(message_id, **{name: self.environment.getitem(item, name) for name in names})
                for item in items]

    def listing(self, items: Iterable[Any], separator: str = "sep.list") -> Markup:
        """`gaps|listing`: the items, escaped, joined the way the language lists them (、 or ", ");
        `listing("sep.clauses")` for items that hold commas themselves (； or "; ")."""
        return self.t(separator).join(markdown_escape(item) for item in items)


def environment(register_root: Path | None, lang: str = "zh") -> BoundedSandbox:
    loaders: list[Any] = []
    if register_root is not None and (register_root / "templates").is_dir():
        loaders.append(_RegisterLoader(register_root / "templates", lang))
    loaders.append(FileSystemLoader(str(BUILTIN)))
    env = BoundedSandbox(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=markdown_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    words = _Words(env, lang)
    env.globals["t"] = words.t
    env.globals["numbered"] = words.numbered
    env.add_filter("md", markdown_escape)
    env.add_filter("mermaid", mermaid_escape)
    env.add_filter("lines", _lines)
    env.add_filter("each", words.each)
    env.add_filter("listing", words.listing)
    return env


def template_names(kind: str, lang: str) -> list[str]:
    """Where a report's template is looked for, the first found wins (a register's folder before the
    built-in one for each name): a template for this language, then one for every language."""
    return [f"{kind}.{lang}{SUFFIX}", f"{kind}{SUFFIX}"]


def list_templates(registers: list[Register]) -> list[tuple[str, str]]:
    """(template file, where it comes from) for every template found: the built-in ones, one per kind
    for every language, and a register's own (`monthly.zh.md.j2` or `monthly.md.j2`), which win."""
    names = {p.name: "built-in" for p in BUILTIN.glob(f"*{SUFFIX}")}
    for register in registers:
        folder = register.root / "templates"
        if folder.is_dir():
            for path in folder.glob(f"*{SUFFIX}"):
                names[path.name] = f"{register.name}/templates"
    return sorted(names.items())


def banner(errors: int, lang: str) -> str:
    """The line a report forced past a register's errors starts with (`pdca report --force`)."""
    return "> **" + escape(i18n.text("report.forced", lang, count=errors)) + "**\n\n"


def render(kind: str, registers: list[Register], period: Period, as_of: dt.date, lang: str,
           charts: bool = True, by: str = "area", document: bool = False) -> str:
    """The report as Markdown: one register's, or a group report with a part per register.  With
    `document`, the body a Word document puts under its own title, 主送 and 落款."""
    parts = []
    for register in registers:
        data = report_data.build(kind, report_data.Context(register, as_of, lang), period, by)
        words = narrative.read(register, period, lang) if kind in narrative.KINDS else None
        data.update(narrative=narrative.as_data(words), document=document)
        parts.append((register, data))
    if len(parts) == 1:
        register, data = parts[0]
        return _render_one(register.root, template_names(kind, lang), {**data, "charts_enabled": charts}, lang)
    rendered: list[dict[str, Any]] = [
        {"register": register.root.resolve().name, "data": data,  # its folder's name: no paths in what people read
         "markdown": Markup(_render_one(register.root, template_names(kind, lang),
                                        {**data, "charts_enabled": charts, "part": True}, lang))}
        for register, data in parts
    ]
    return _render_one(None, template_names("group", lang),
                       {"kind": kind, "parts": rendered, "period": rendered[0]["data"]["period"],
                        "as_of": as_of, "charts_enabled": charts, "document": document}, lang)


def title(kind: str, registers: list[Register], period: Period, lang: str, by: str = "area") -> str:
    """The report's title as its Markdown form prints it, in plain text."""
    if len(registers) > 1:
        return i18n.text("report.group.title", lang, period=period.label(lang))
    config = registers[0].config
    assert config is not None
    organization = config.organization
    if kind == "stats":
        return i18n.text(f"report.stats.title_by_{by}", lang, organization=organization)
    if kind in ("lists", "register", "powers"):
        return i18n.text(f"report.{kind}.title", lang, organization=organization)
    return i18n.text(f"report.{kind.replace('-', '_')}.title", lang, organization=organization,
                     period=period.label(lang))


def _render_one(root: Path | None, names: list[str], data: dict[str, Any], lang: str) -> str:
    """One template rendered; in a child process with a time limit when a register's own templates may
    take part (the template itself, or anything it includes)."""
    if root is None or not _own_templates(root):
        return _render(root, names, data, lang)
    limit = sandbox.seconds()
    try:
        outcome: tuple[str, str, int] = sandbox.render_isolated(_render_reporting, (root, names, data, lang), limit)
    except sandbox.Isolated as stopped:
        message = "report.template_time" if stopped.reason == "time" else "report.template_memory"
        raise PdcaError(i18n.text(message, lang, where=_first_found(root, names), seconds=f"{limit:g}")) from None
    kind, text, code = outcome
    if kind == "error":
        raise PdcaError(text, exit_code=code)
    return text


def _own_templates(root: Path) -> bool:
    folder = root / "templates"
    return folder.is_dir() and any(folder.iterdir())


def _first_found(root: Path, names: list[str]) -> str:
    """The template a render would start from, as the user would name it."""
    for name in names:
        if (root / "templates" / name).is_file():
            return f"templates/{name}"
    return names[-1]


def _render_reporting(root: Path | None, names: list[str], data: dict[str, Any], lang: str) -> tuple[str, str, int]:
    """`_render` for a child process: its outcome as data, ("ok", text, 0) or ("error", message, code)."""
    try:
        return "ok", _render(root, names, data, lang), 0
    except PdcaError as exc:
        return "error", exc.message, exc.exit_code
    except RecursionError:  # a template that includes or calls itself without end
        return "error", i18n.text("report.template_error", lang, where=_first_found(root, names) if root else names[-1],
                                  error=i18n.text("report.template_recursion", lang)), 2


def _render(root: Path | None, names: list[str], data: dict[str, Any], lang: str) -> str:
    env = environment(root, lang)
    try:
        template = env.select_template(names)
    except TemplateNotFound:
        raise PdcaError(i18n.text("report.no_template", lang, name=i18n.join(names, lang))) from None
    try:
        return sandbox.bounded_output(template.generate(**data))
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or template.name or names[-1]
        line = getattr(exc, "lineno", None)
        raise PdcaError(i18n.text("report.template_error", lang, where=f"{where}:{line}" if line else where,
                                      error=exc)) from None
