"""早提醒 digests as Markdown (what stdout shows, a robot posts and a mail carries) and as JSON data.

Markdown that every receiver renders alike: a heading, bold section names, one line per item (企业微信
and 钉钉 robots show no tables).  Everything the register says goes through `escape`, so an item's text
can neither format the message nor @ anyone (`<@all>` arrives as text), and a control character or a
bidi override arrives as the escape stdout and the dry run show (pdca.io.printable), never raw.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from pdca import i18n
from pdca.engine.remind import Digest, Item, Plan
from pdca.formats.markdown import escape
from pdca.io import printable

#: characters of a register's text shown in one line: a reminder points at the item, the register holds it
TEXT_LIMIT = 80


def title(digest: Digest, as_of: dt.date, lang: str) -> str:
    """The digest's title: its heading, the mail subject, the DingTalk title."""
    return printable.line(_title(digest, as_of, lang))


def _title(digest: Digest, as_of: dt.date, lang: str) -> str:
    return i18n.text("remind.title", lang, name=digest.name, as_of=as_of.isoformat())


def markdown(digest: Digest, as_of: dt.date, lang: str) -> str:
    lines = [f"## {escape(_title(digest, as_of, lang))}", ""]
    if not digest.items:
        lines.append(i18n.text("remind.empty", lang, as_of=as_of.isoformat()))
    for section, found in digest.sections():
        label = i18n.text(f"remind.section.{section}", lang)
        lines += [f"**{i18n.text('sep.counted', lang, label=label, count=len(found))}**", ""]
        lines += [_line(item, digest.audience, lang) for item in found]
        lines.append("")
    if any(item.escalation for item in digest.items):
        lines.append(i18n.text("remind.note", lang))
    return printable.block("\n".join(lines).rstrip("\n") + "\n")


def document(plan: Plan, lang: str) -> str:
    """Every digest of a run, one after the other (stdout)."""
    if not plan.digests:
        return i18n.text("remind.empty", lang, as_of=plan.as_of.isoformat()) + "\n"
    return "\n".join(markdown(d, plan.as_of, lang) for d in plan.digests)


def _line(item: Item, audience: str, lang: str) -> str:
    def t(key: str, **params: Any) -> str:
        return i18n.text(f"remind.{key}", lang, **params)

    head = t("item", kind=i18n.text(f"kind.{item.kind}", lang), id=escape(item.id), text=_short(item.text))
    details = []
    if item.risk is not None:
        details.append(t("detail.risk", id=escape(item.risk), title=_short(item.risk_title or "")).rstrip())
    if audience == "owner" and item.department_name is not None:
        details.append(t("detail.department", department=escape(item.department_name)))
    elif audience == "department" and item.owner is not None:
        details.append(t("detail.owner", owner=escape(item.owner)))
    details.append(_deadline(item, lang))
    details.append(_when(item, lang))
    if item.repeat_source is not None:
        details.append(t("detail.repeat", source=escape(item.repeat_source)))
    if item.escalation is not None:
        step = i18n.label("escalation", item.escalation, lang)
        if item.action is None:
            details.append(t("detail.suggested", step=step))
        else:
            details.append(t("detail.suggested_after", step=step, action=i18n.label("escalation", item.action, lang),
                             ref=escape(item.action_ref or "-")))
    return i18n.text("sep.clauses", lang).join([head, *(d for d in details if d)])


def _deadline(item: Item, lang: str) -> str:
    if item.kind == "measure":
        return i18n.text("remind.detail.due", lang, due=_day(item.deadline))
    shown = _day(item.deadline)
    if item.effective_deadline is not None and item.effective_deadline != item.deadline:
        shown = i18n.text("deadline.extended", lang, deadline=shown, until=_day(item.effective_deadline))
    return i18n.text("remind.detail.deadline", lang, deadline=shown)


def _when(item: Item, lang: str) -> str:
    if item.section == "overdue":
        return i18n.text("remind.detail.overdue", lang, days=item.days_overdue)
    if item.section == "due" and item.days_left is not None:
        if item.days_left == 0:
            return i18n.text("remind.detail.today", lang)
        return i18n.text("remind.detail.left", lang, days=item.days_left)
    if item.section == "awaiting":
        return i18n.text("remind.detail.done", lang, done=_day(item.done), days=item.days_awaiting)
    return ""


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else "-"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return escape(text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…")


def data(plan: Plan) -> dict[str, Any]:
    """The run as JSON data (`--format json`): dates as YYYY-MM-DD, every item with its moments."""
    return {
        "as_of": plan.as_of.isoformat(),
        "all": plan.everything,
        "digests": [digest_data(d) for d in plan.digests],
    }


def digest_data(digest: Digest) -> dict[str, Any]:
    return {"register": digest.register, "audience": digest.audience, "id": digest.key, "name": digest.name,
            "items": [_plain(dataclasses.asdict(item)) for item in digest.items]}


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, dt.date) else list(value) if isinstance(value, tuple) else value
            for key, value in values.items()}
