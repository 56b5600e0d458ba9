"""The 党风廉政意见回复 as Markdown, and as a Word 公文 laid out by pdca.formats.gongwen.

Every word around the register's own text comes from the catalogue (`dossier.opinion.*`); the
register's text and the decrypted entries are escaped, so nothing in them becomes Markdown.  Until the
officer has confirmed the conclusion the document says it is a draft, at its top.
"""

from __future__ import annotations

from pdca import i18n
from pdca.engine.opinion import Opinion
from pdca.formats import gongwen
from pdca.formats.markdown import escape
from pdca.model.entities import Issuer


def _t(key: str, lang: str, **params: object) -> str:
    return i18n.text(f"dossier.opinion.{key}", lang, **params)


def title(opinion: Opinion, lang: str) -> str:
    return _t("title", lang, who=opinion.shown_as)


def conclusion(opinion: Opinion, lang: str) -> str:
    """The officer's line, or the draft: whether anything is on record in the window."""
    if opinion.conclusion is not None:
        return opinion.conclusion
    dates = {"since": i18n.written_date(opinion.since, lang), "as_of": i18n.written_date(opinion.as_of, lang)}
    key = "conclusion_records" if opinion.on_record else "conclusion_clear"
    return _t(key, lang, who=opinion.shown_as, **dates)


def markdown(opinion: Opinion, lang: str, to: str | None = None, issuer: Issuer | None = None,
             document: bool = False) -> str:
    """The 意见回复 as Markdown; `document`: the body of the Word form (主送 and 落款 are the 公文's)."""
    out = [f"# {escape(title(opinion, lang))}", ""]
    if not opinion.confirmed:
        out += [f"**{_t('draft', lang)}**", ""]
    if to and not document:
        out += [escape(_t("to", lang, to=to)), ""]
    role = i18n.text("sep.list", lang).join(x for x in (opinion.department, opinion.post) if x) or opinion.person.id
    out += [escape(_t("intro", lang, who=opinion.shown_as, role=role, since=i18n.written_date(opinion.since, lang),
                      as_of=i18n.written_date(opinion.as_of, lang))), ""]
    out += _basic(opinion, lang) + _findings(opinion, lang) + _talks(opinion, lang) + _entries(opinion, lang)
    out += [f"## {_t('section_conclusion', lang)}", "", escape(conclusion(opinion, lang)), ""]
    if not document:
        out += [escape(issuer.name) if issuer else "", "", i18n.written_date(opinion.as_of, lang), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def docx(opinion: Opinion, lang: str, to: str | None = None, issuer: Issuer | None = None) -> bytes:
    """The 意见回复 as a 公文 (.docx bytes; the same input gives the same bytes)."""
    meta = gongwen.Meta(title=title(opinion, lang), date=opinion.as_of, lang=lang, to=to,
                        issuer=issuer.name if issuer else None, red_header=bool(issuer and issuer.red_header))
    return gongwen.render(markdown(opinion, lang, to, issuer, document=True), meta)


def _basic(opinion: Opinion, lang: str) -> list[str]:
    person = opinion.person
    standing = [_t(flag, lang) for flag in ("key_post", "key_minority", "top_leader") if getattr(person, flag)]
    line = _t("basic", lang, post=opinion.post or "-", department=opinion.department or "-",
              standing=i18n.text("sep.list", lang).join(standing) or _t("standing_none", lang))
    return [f"## {_t('section_basic', lang)}", "", escape(line), ""]


def _findings(opinion: Opinion, lang: str) -> list[str]:
    out = [f"## {_t('section_findings', lang)}", ""]
    if not opinion.findings:
        return [*out, _t("none", lang), ""]
    heads = [_t(f"column.{c}", lang) for c in ("check", "date", "problem", "role", "status", "handling")]
    out += ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for record in opinion.findings:
        handling = i18n.text("sep.list", lang).join(
            _t("action", lang, kind=i18n.label("escalation", a.kind, lang), ref=a.ref,
               date=i18n.written_date(a.date, lang)) for a in record.actions) or _t("handling_none", lang)
        cells = [record.check.title, i18n.written_date(record.check.date, lang), record.finding.problem,
                 _t(f"role_{record.role}", lang), i18n.label("finding_status", record.status, lang), handling]
        out.append("| " + " | ".join(escape(str(c)) for c in cells) + " |")
    return [*out, ""]


def _talks(opinion: Opinion, lang: str) -> list[str]:
    out = [f"## {_t('section_talks', lang)}", ""]
    talks = [_t("talk", lang, date=i18n.written_date(a.date, lang), kind=i18n.label("activity", a.kind, lang), title=a.title)
             for a in opinion.talks]
    talks += [_t("talk_entry", lang, date=i18n.written_date(e.date, lang), id=e.id)
              for e, _ in opinion.entries if e.kind == "talk"]
    if not talks:
        return [*out, _t("none", lang), ""]
    return [*out, *(f"- {escape(line)}" for line in talks), ""]


def _entries(opinion: Opinion, lang: str) -> list[str]:
    out = [f"## {_t('section_entries', lang)}", ""]
    if not opinion.entries:
        return [*out, _t("none", lang), ""]
    for entry, text in opinion.entries:
        heading = _t("entry", lang, date=i18n.written_date(entry.date, lang), kind=_t(f"kind.{entry.kind}", lang),
                     id=entry.id)
        out += [f"### {escape(heading)}", ""]
        out += [escape(line.strip()) + "\n" for line in text.splitlines() if line.strip()]
    return out
