"""`pdca diff` as people read it: Markdown for a pull-request comment, plain text, or JSON for tools."""

from __future__ import annotations

from typing import Any

from pdca import i18n
from pdca.engine.diff import RegisterDiff
from pdca.formats.markdown import escape
from pdca.io import printable


def _h(key: str, lang: str, **params: Any) -> str:
    return i18n.text(f"diff.head.{key}", lang, **params)


def _counted(label: str, count: int, lang: str) -> str:
    return i18n.text("sep.counted", lang, label=label, count=count)


def _labelled(label: str, lang: str) -> str:
    return i18n.text("sep.labelled", lang, label=label).rstrip()


def to_markdown(diffs: list[RegisterDiff], base: str, head: str | None, lang: str) -> str:
    out = []
    for diff in diffs:
        out.append(f"## {escape(_h('title', lang, register=diff.register))}\n")
        out.append(f"> {escape(_h('range', lang, base=base, head=head or _h('working', lang)))}\n")
        if not diff.changes:
            out.append(_h("none", lang) + "\n")
            continue
        if diff.flags:
            out.append(f"### ⚠️ {_counted(_h('flags', lang), len(diff.flags), lang)}\n")
            out.extend(f"- **{escape(c.id)}** {escape(c.message)}" for c in diff.flags)
            out.append("")
        out.append(f"### {_counted(_h('changes', lang), len(diff.changes), lang)}\n")
        out.extend(f"- {'⚠️ ' if c.flag else ''}**{escape(c.id)}** {escape(c.message)}" for c in diff.changes)
        out.append("")
        if diff.departments:
            out.append(f"**{_labelled(_h('departments', lang), lang)}** {escape(i18n.join(diff.departments, lang))}  ")
        if diff.people:
            out.append(f"**{_labelled(_h('people', lang), lang)}** {escape(i18n.join(diff.people, lang))}  ")
        if diff.reviewers:
            names = sorted({r for names in diff.reviewers.values() for r in names})
            out.append(f"**{_labelled(_h('reviewers', lang), lang)}** {escape(' '.join(names))}  ")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def to_json(diffs: list[RegisterDiff], base: str, head: str | None) -> str:
    import json

    return json.dumps({
        "base": base, "head": head,
        "registers": [{"register": d.register, "changes": [c.as_json() for c in d.changes],
                       "flags": len(d.flags), "people": d.people, "departments": d.departments,
                       "reviewers": d.reviewers} for d in diffs],
    }, ensure_ascii=False, indent=2) + "\n"


def to_text(diffs: list[RegisterDiff], base: str, head: str | None, lang: str) -> str:
    out = []
    for diff in diffs:
        span = _h("range", lang, base=base, head=head or _h("working", lang))
        out.append(f"{_h('title', lang, register=diff.register)} ({span})")
        if not diff.changes:
            out.append("  " + _h("none", lang))
        # one change a line: a line break inside a value must not forge another change
        out.extend(f"  {'!' if c.flag else ' '} {printable.line(c.id)}: {printable.line(c.message)}" for c in diff.changes)
    return "\n".join(out) + "\n"
