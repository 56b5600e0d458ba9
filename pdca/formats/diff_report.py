"""`pdca diff` as people read it: Markdown for a pull-request comment, plain text, or JSON for tools."""

from __future__ import annotations

from typing import Any

from pdca.engine.diff import RegisterDiff
from pdca.formats.markdown import escape

_HEAD = {
    "title": ("pdca 变更审查:{register}", "pdca review: {register}"),
    "range": ("{base} → {head}", "{base} -> {head}"),
    "flags": ("需要重点审查", "Look at these twice"),
    "changes": ("全部变更", "All changes"),
    "none": ("登记册内容没有变化(文件移动或格式调整不算变更)。", "No change to the register's content (moving or reformatting files is not a change)."),
    "people": ("涉及的责任人", "People concerned"),
    "departments": ("涉及的部门", "Departments concerned"),
    "reviewers": ("应请以下人员审查", "Reviewers to ask"),
    "working": ("工作区", "working tree"),
}


def _h(key: str, lang: str, **params: Any) -> str:
    zh, en = _HEAD[key]
    return (en if lang == "en" else zh).format(**params)


def to_markdown(diffs: list[RegisterDiff], base: str, head: str | None, lang: str) -> str:
    out = []
    for diff in diffs:
        out.append(f"## {escape(_h('title', lang, register=diff.register))}\n")
        out.append(f"> {escape(_h('range', lang, base=base, head=head or _h('working', lang)))}\n")
        if not diff.changes:
            out.append(_h("none", lang) + "\n")
            continue
        if diff.flags:
            out.append(f"### ⚠️ {_h('flags', lang)} ({len(diff.flags)})\n")
            out.extend(f"- **{escape(c.id)}** {escape(c.message)}" for c in diff.flags)
            out.append("")
        out.append(f"### {_h('changes', lang)} ({len(diff.changes)})\n")
        out.extend(f"- {'⚠️ ' if c.flag else ''}**{escape(c.id)}** {escape(c.message)}" for c in diff.changes)
        out.append("")
        if diff.departments:
            out.append(f"**{_h('departments', lang)}:** {escape('、'.join(diff.departments) if lang == 'zh' else ', '.join(diff.departments))}  ")
        if diff.people:
            out.append(f"**{_h('people', lang)}:** {escape('、'.join(diff.people) if lang == 'zh' else ', '.join(diff.people))}  ")
        if diff.reviewers:
            names = sorted({r for names in diff.reviewers.values() for r in names})
            out.append(f"**{_h('reviewers', lang)}:** {escape(' '.join(names))}  ")
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
        out.append(f"{_h('title', lang, register=diff.register)} ({_h('range', lang, base=base, head=head or _h('working', lang))})")
        if not diff.changes:
            out.append("  " + _h("none", lang))
        out.extend(f"  {'!' if c.flag else ' '} {c.id}: {c.message}" for c in diff.changes)
    return "\n".join(out) + "\n"
