"""A finding's life: open → rectifying → done (整改完成) → closed (销号), and back to rectifying when the
verifier returns it (退回补充); beside it, an approved extension of its deadline (延期) and the decisions
taken about it (通报/考核/问责).  `pdca finding done|close|return|extend|act` check the step and write it
as minimal edits of the finding."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ValidationError

from pdca import i18n
from pdca.domain import people
from pdca.domain.closed_loop import effective_deadline
from pdca.errors import EXIT_FINDINGS, PdcaError
from pdca.io.yaml_edit import Document, Editor
from pdca.load import schema_errors
from pdca.model.entities import UNFINISHED, Action, Check, Extension, Finding
from pdca.model.register import Register


def _find(register: Register, finding_id: str, lang: str) -> tuple[Check, Finding]:
    found = register.index.findings.get(finding_id)
    if found is None:
        raise PdcaError(i18n.text("finding.unknown", lang, id=finding_id))
    return found


def _refuse(message_id: str, lang: str, **params: object) -> PdcaError:
    return PdcaError(i18n.text(message_id, lang, **params), exit_code=EXIT_FINDINGS)


def _status(finding: Finding, lang: str) -> str:
    return i18n.label("finding_status", finding.status, lang)


def done(register: Register, finding_id: str, result: str, evidence: str, day: dt.date, lang: str) -> list[Document]:
    """整改完成: from open or rectifying; records the date, the result and where the proof lives."""
    check, finding = _find(register, finding_id, lang)
    if finding.status not in UNFINISHED:
        raise _refuse("finding.not_open", lang, id=finding.id, status=_status(finding, lang))
    if day < check.date:
        raise _refuse("finding.before_check", lang, id=finding.id, date=day, check=check.date)
    editor = Editor(register.root, lang)
    where = register.where(finding)
    document = editor.document(where.file)
    document.set((*where.path, "status"), "done")
    document.set((*where.path, "done"), day)
    document.set((*where.path, "result"), result)
    document.set((*where.path, "evidence"), evidence)
    return editor.all()


def close(register: Register, finding_id: str, by: str, day: dt.date, lang: str) -> list[Document]:
    """销号: only from done, verified by someone named who is not one of the finding's owners (people
    compared as `pdca.domain.people` says: "黄 志刚" is 黄志刚, "张伟、李娜" names both)."""
    _, finding = _find(register, finding_id, lang)
    if finding.status != "done":
        raise _refuse("finding.not_done", lang, id=finding.id, status=_status(finding, lang))
    if not people.named(by):
        raise _refuse("finding.no_verifier", lang, id=finding.id, by=by)
    if people.same(by, finding.owner):
        raise _refuse("finding.own_verifier", lang, id=finding.id, by=by)
    if finding.done is not None and day < finding.done:
        raise _refuse("finding.close_before_done", lang, id=finding.id, date=day, done=finding.done)
    if finding.result is None or finding.evidence is None:
        raise _refuse("finding.incomplete", lang, id=finding.id)
    editor = Editor(register.root, lang)
    where = register.where(finding)
    document = editor.document(where.file)
    document.set((*where.path, "status"), "closed")
    document.set((*where.path, "closed"), {"date": day, "by": by})
    return editor.all()


def send_back(register: Register, finding_id: str, reason: str, by: str | None, day: dt.date,
              lang: str) -> list[Document]:
    """退回补充: done → rectifying, with the reason recorded in the finding's history."""
    _, finding = _find(register, finding_id, lang)
    if finding.status != "done":
        raise _refuse("finding.return_not_done", lang, id=finding.id, status=_status(finding, lang))
    if finding.done is not None and day < finding.done:
        raise _refuse("finding.return_before_done", lang, id=finding.id, date=day, done=finding.done)
    editor = Editor(register.root, lang)
    where = register.where(finding)
    document = editor.document(where.file)
    document.set((*where.path, "status"), "rectifying")
    event: dict[str, object] = {"status": "rectifying", "date": day, "note": reason}
    if by:
        event["by"] = by
    document.append((*where.path, "history"), event)
    return editor.all()


def extend(register: Register, finding_id: str, until: dt.date, by: str, reason: str, day: dt.date,
           lang: str) -> tuple[list[Document], str | None]:
    """延期: a new deadline approved on `day` by someone other than the owner, appended to the finding's
    `extensions` (the original deadline stays).  Returns the edit and, when the deadline in force had
    already passed on `day`, a note (pdca check warns about late extensions)."""
    check, finding = _find(register, finding_id, lang)
    if finding.status not in UNFINISHED:
        raise _refuse("finding.extend_not_open", lang, id=finding.id, status=_status(finding, lang))
    if not people.named(by):
        raise _refuse("finding.no_approver", lang, id=finding.id, by=by)
    if people.same(by, finding.owner):
        raise _refuse("finding.extend_by_owner", lang, id=finding.id, by=by)
    if day < check.date:
        raise _refuse("finding.extend_before_check", lang, id=finding.id, date=day, check=check.date)
    current, _ = effective_deadline(finding, day)
    if current is not None and until <= current:
        raise _refuse("finding.extend_not_later", lang, id=finding.id, until=until, deadline=current)
    extension = _valid(Extension, {"until": until, "approved_by": by, "date": day, "reason": reason}, lang)
    editor = Editor(register.root, lang)
    where = register.where(finding)
    editor.document(where.file).append((*where.path, "extensions"), extension)
    late = current is not None and day > current
    note = i18n.text("finding.extend_late", lang, id=finding.id, deadline=current, date=day) if late else None
    return editor.all(), note


def act(register: Register, finding_id: str, kind: str, ref: str, by: str | None, day: dt.date,
        lang: str) -> list[Document]:
    """A decision taken about a finding (通报 notice, 考核 assessment, 问责 accountability), with the
    document that records it, appended to its `actions`."""
    check, finding = _find(register, finding_id, lang)
    if day < check.date:
        raise _refuse("finding.act_before_check", lang, id=finding.id, date=day, check=check.date)
    editor = Editor(register.root, lang)
    where = register.where(finding)
    action: dict[str, object] = {"kind": kind, "date": day, "ref": ref}
    if by is not None:
        action["by"] = by
    editor.document(where.file).append((*where.path, "actions"), _valid(Action, action, lang))
    return editor.all()


def _valid(model: type[BaseModel], item: dict[str, object], lang: str) -> dict[str, object]:
    """The item as it will be written, refused (nothing written) when `pdca check` would reject it:
    an empty reference, reason or approver."""
    try:
        model.model_validate(item)
    except ValidationError as exc:
        detail = "; ".join(schema_errors.message_of(e, model).render(lang) for e in exc.errors())
        raise PdcaError(i18n.text("new.invalid", lang, detail=detail)) from None
    return item
