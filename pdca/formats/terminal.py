"""What `pdca status` and `pdca explain` draw in a terminal, with rich: colour by suggested step on a
terminal, plain text when piped.  A section whose table fits the width (the terminal's; COLUMNS or 80
when piped) is a table; one that does not is a list, an item a few lines long, so that an 80-column
terminal, a CI log or a mail never gets rows folded into columns two characters wide.  Everything a
register says goes through `shown`: one line, control characters escaped, no markup."""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pdca import i18n
from pdca.domain import scoring
from pdca.engine.status_view import SOON_DAYS, Item, Status
from pdca.io.printable import line as one_line
from pdca.io.wrapping import width, wrap
from pdca.model.entities import Risk
from pdca.model.register import Register


def status(data: Status, lang: str) -> None:
    organization = " / ".join(dict.fromkeys(r.config.organization for r in data.registers if r.config))
    render_status(data, organization, lang, Console(highlight=False, emoji=False))


def explain(register: Register, risk: Risk, lang: str) -> None:
    explain_to(register, risk, lang, sys.stdout)


_STYLE = {"notice": "yellow", "assessment": "dark_orange", "accountability": "bold red"}
_SECTIONS: list[tuple[str, list[str]]] = [
    ("overdue", ["department", "id", "problem", "deadline", "days", "escalation", "action", "owner", "leader"]),
    ("pending", ["department", "id", "problem", "days", "escalation", "action"]),
    ("suspected", ["department", "id", "problem", "risk", "candidates"]),
    ("awaiting", ["id", "problem", "department", "done", "days", "source"]),
    ("measures_overdue", ["id", "title", "risk", "due", "days", "status", "owner"]),
    ("measures_soon", ["id", "title", "risk", "due", "days", "status", "owner"]),
    ("stale", ["id", "title", "last", "due", "owner"]),
    ("stalled", ["id", "title", "stage", "since", "days"]),
    ("no_self_check", ["department", "id"]),
    ("decisions_overdue", ["department", "id", "decision", "term", "days", "escalation", "action", "owner"]),
    ("unsigned", ["kind", "department", "id", "title"]),
    ("no_talk", ["department", "id"]),
    ("no_lesson", ["id"]),
]


def render_status(status: Status, organization: str, lang: str, console: Console) -> None:
    def t(key: str, **params: Any) -> str:
        return i18n.text(f"status.{key}", lang, **params)

    console.print(f"[bold]{shown(t('title', org=organization, as_of=status.as_of))}[/bold]")
    count = 0
    for name, columns in _SECTIONS:
        items: list[Item] = getattr(status, name)
        if not items:
            continue
        count += 1
        title = t(name, days=SOON_DAYS, half=status.half, pending=status.pending_days)
        if status.several:
            columns = ["register", *columns]
        table = _fitting_table(items, columns, lang, console)
        console.print()
        console.print(f"[bold]{shown(i18n.text('sep.counted', lang, label=title, count=len(items)))}[/bold]")
        if table is not None:
            console.print(table)
        else:
            _listing(items, columns, lang, console)
    if not count:
        console.print(t("all_clear"))


def _packed(clauses: list[str], separator: str, columns: int, indent: str = "    ") -> list[str]:
    """Clauses on as few lines as fit, a clause broken only when it is wider than a line."""
    lines: list[str] = []
    for clause in clauses:
        joined = f"{lines[-1]}{separator}{clause}" if lines else ""
        if lines and width(joined) <= columns:
            lines[-1] = joined
        else:
            lines += wrap(clause, columns, indent)
    return lines


def _natural_width(table: Table, console: Console) -> int:
    """How wide a table is with no cell folded."""
    return console.measure(table, options=console.options.update_width(_UNLIMITED)).maximum


_UNLIMITED = 100_000
#: rows measured first: a table is as wide as its widest cell in each column, so when these rows are
#: already too wide, so are all of them (measuring 10,000 rows with rich took a second)
_SAMPLE = 20


def _fitting_table(items: list[Item], columns: list[str], lang: str, console: Console) -> Table | None:
    """The section as a table when it fits the width with no cell folded, else None (a list)."""
    if len(items) > _SAMPLE and _natural_width(_table(items[:_SAMPLE], columns, lang), console) > console.width:
        return None
    table = _table(items, columns, lang)
    return table if _natural_width(table, console) <= console.width else None


def _style(item: Item) -> str:
    return _STYLE.get(item.values.get("escalation_code") or "", "")


def _table(items: list[Item], columns: list[str], lang: str) -> Table:
    table = Table(show_edge=False)
    for column in columns:
        table.add_column(i18n.text(f"status.column.{column}", lang),
                         justify="right" if column == "days" else "left", overflow="fold")
    for item in items:
        table.add_row(*(shown(_cell(item, column, lang)) for column in columns), style=_style(item))
    return table


#: what names an item in the list form (the first line); its other columns follow as "label：value"
_HEADING = ("id", "problem", "title")


def _listing(items: list[Item], columns: list[str], lang: str, console: Console) -> None:
    """A section too wide for a table: each item as its id and name, then its other values, wrapped to
    the width by display columns (a Chinese character is two)."""
    heading = [column for column in columns if column in _HEADING]
    for item in items:
        name = " ".join(one_line(_cell(item, column, lang)) for column in heading)
        values = [i18n.text("sep.labelled", lang, label=i18n.text(f"status.column.{column}", lang)) + one_line(value)
                  for column in columns if column not in heading and (value := _cell(item, column, lang)) != "-"]
        lines = wrap(name, console.width, "  ", "    ") + _packed(values, i18n.text("sep.clauses", lang), console.width)
        plain = _plain(console)
        for line in lines:
            if plain and not _RICH_CHANGES.search(line):
                console.file.write(line + "\n")  # what rich writes for it, without rich's cost per line
            else:
                console.print(line, style=_style(item), markup=False, soft_wrap=True)


#: what rich's Console.print changes in a line of plain text (no markup, no emoji codes): tabs
#: (expanded) and the control characters it strips (pdca.formats.reporters.text has the same list)
_RICH_CHANGES = re.compile(r"[\t\x07\x08\x0b\x0c\r]")


def _plain(console: Console) -> bool:
    """Whether rich prints a line with a style as the bare text: no colours or styles (piped, no
    FORCE_COLOR or TTY_COMPATIBLE), not into a notebook.  (The console is `status`'s own: nothing is
    drawn live on it and it buffers nothing, so a line written to its file comes where rich's would.)"""
    return console.color_system is None and not console.is_jupyter and not console.record


def shown(text: object) -> str:
    """A value as rich prints it: one line, its control characters escaped (pdca.io.printable), its
    square brackets not taken for markup."""
    return escape(one_line(str(text)))


def _cell(item: Item, column: str, lang: str) -> str:
    """The plain text of a cell (`shown` makes it safe to print)."""
    if column == "register":
        return item.register.name
    values = item.values
    value = values.get(column)
    separator = i18n.text("sep.list", lang)
    if column == "escalation":  # a finding's row: the suggested step, by its code
        text = i18n.label("escalation", values.get("escalation_code"), lang)
        if values.get("repeat"):
            text += i18n.text("status.repeat", lang)
        return text
    if column == "action":
        code = values.get("action_code")
        if not code:
            return "-"
        refs = [a["ref"] for a in values.get("actions", []) if a["kind_code"] == code]
        label = i18n.label("escalation", code, lang)
        return i18n.text("sep.aside", lang, text=label, aside=separator.join(refs)) if refs else label
    if column in ("deadline", "term") and "effective_deadline" in values:
        if values.get("extended"):
            return i18n.text("status.extended", lang, original=value or "-", effective=values["effective_deadline"])
        return str(values["effective_deadline"] or "-")
    if column == "candidates":
        return separator.join(values.get("repeat_suspected", [])) or "-"
    if column == "status":
        return i18n.label("status", value, lang)
    if column == "stage":
        return i18n.label("stage", value, lang)
    return "-" if value is None else str(value)


# --- explain ---------------------------------------------------------------------------------



def explain_to(register: Register, risk: Risk, lang: str, out: TextIO) -> None:
    assert register.config is not None
    scales = register.config.scoring
    assessment = scoring.assessment(register, risk)
    console = Console(file=out, highlight=False, soft_wrap=True)

    def w(key: str) -> str:
        return i18n.text(f"explain.{key}", lang)

    def line(key: str, value: str) -> str:
        return f"  {i18n.text('sep.labelled', lang, label=w(key))}{value}"

    def aside(text: str, note: str) -> str:
        return i18n.text("sep.aside", lang, text=text, aside=note)

    def level(value: int | None) -> str:
        return shown(i18n.label("level", value, lang)) if value is not None else w("unscored")

    criteria = scales.criteria

    def scale(labels: list[str], value: int | None, sentences: list[str]) -> str:
        if value is None:
            return w("unscored")
        if not 1 <= value <= len(labels):
            return aside(str(value), "?")
        named = aside(str(value), labels[value - 1])
        return f"{named} {sentences[value - 1]}" if len(sentences) >= value else named

    console.print(f"[bold]{shown(risk.id)}[/bold]  {shown(risk.title)}")
    console.print(line("stage", shown(i18n.label("stage", risk.stage, lang))))
    likelihood = scale(scales.likelihood, risk.likelihood, criteria.likelihood if criteria else [])
    impact = scale(scales.impact, risk.impact, criteria.impact if criteria else [])
    console.print(line("likelihood", shown(likelihood)))
    console.print(line("impact", shown(impact)))
    console.print(line("matrix", level(assessment.matrix)))
    console.print(line("legal", w("yes") if risk.legal_liability else w("no")))
    if risk.override is None:
        console.print(line("override", w("none")))
    else:
        verdict = w("ignored") if assessment.override_rejected else (
            w("applied") if assessment.override_applied else w("no_effect"))
        since = i18n.text("sep.list", lang) + i18n.text("explain.since", lang, date=risk.override.date) \
            if risk.override.date else ""
        reason = shown(risk.override.reason + since)
        console.print(line("override", f"{aside(level(risk.override.level), reason)} - {verdict}"))
    if risk.level is not None:
        verdict = w("agrees") if risk.level == assessment.effective else w("differs")
        console.print(line("declared", f"{level(risk.level)} - {verdict}"))
    console.print(f"[bold]{line('result', level(assessment.effective))}[/bold]")
    console.print()
    console.print(_matrix(register, risk, lang))


def _matrix(register: Register, risk: Risk, lang: str) -> Table:
    assert register.config is not None
    scales = register.config.scoring
    corner = i18n.text("explain.corner", lang)
    table = Table(title=None, show_lines=False)
    table.add_column(corner)
    for number, name in enumerate(scales.impact, start=1):
        table.add_column(shown(f"{number} {name}"), justify="center")
    rows = len(scales.likelihood)
    for offset, cells in enumerate(scales.matrix):
        likelihood = rows - offset
        rendered = []
        for impact, value in enumerate(cells, start=1):
            text = shown(i18n.label("level", value, lang))
            if likelihood == risk.likelihood and impact == risk.impact:
                text = f"[reverse bold]【{text}】[/reverse bold]"  # marked when piped too
            rendered.append(text)
        table.add_row(shown(f"{likelihood} {scales.likelihood[likelihood - 1]}"), *rendered)
    return table
