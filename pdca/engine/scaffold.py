"""`pdca new`: the next free id, the required fields, and the right place in the right file.

Risks go to the file that already holds their area (else risks/<area>.yaml), measures under their risk,
checks beside the checks of the same source (else checks/<prefix>-<year>.yaml), findings under their
check.  The entry is appended as a block mapping, in the file's own indentation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pdca import i18n
from pdca.domain.ids import Ids
from pdca.engine import answers, lookup, verify
from pdca.errors import PdcaError
from pdca.io import yaml_read
from pdca.io.yaml_edit import Document, flow, scalar, unified_diff
from pdca.load import schema_errors
from pdca.model.entities import Check, Finding, Measure, Risk
from pdca.model.register import Register

#: id prefixes of checks by source, as 纪检 offices abbreviate them (审计 SJ, 巡视巡察 XC ...)
CHECK_PREFIXES = {
    "巡视巡察": "XC", "审计": "SJ", "内控合规评价": "NK", "安全生产检查": "AQJC", "大党建检查": "DJ",
    "物资检查": "WZ", "自查自验": "ZC", "信访举报": "XF", "日常监督": "RC",
}


@dataclass
class Placed:
    id: str
    file: str
    line: int


@dataclass
class Addition:
    """A new entry, not written yet: where it goes, and the edits that put it there."""

    placed: Placed
    documents: list[Document] = field(default_factory=list)
    new_files: dict[Path, bytes] = field(default_factory=dict)

    def save(self, register: Register, force: bool, lang: str) -> list[Path]:
        """Write it (every file or none), unless it gives the register a new error (`force` writes anyway)."""
        return verify.commit(register, self.documents, self.new_files, force, lang)

    def preview(self, register: Register) -> str:
        """What `save` would change, as a unified diff (a new file from /dev/null)."""
        return unified_diff(self.documents, register.root, self.new_files)

    def refusal(self, register: Register, force: bool, lang: str) -> PdcaError | None:
        """The refusal `save` would meet (the new errors the entry gives the register), for a dry run."""
        introduced = verify.new_errors(register, verify.changed_files(register, self.documents, self.new_files))
        return verify.refusal(introduced, lang) if introduced and not force else None


def _must(register: Register, kind: str, value: str, lang: str) -> Any:
    """The entry a new one goes under (or is named after), by id or name in any case (pdca.engine.lookup);
    one that names nothing is refused with the closest."""
    return lookup.entry(register, kind, value, lang, f"--{kind}")


def _taken(register: Register) -> set[str]:
    index = register.index
    taken = set(index.risks) | set(index.checks) | set(index.findings) | set(index.measures) | set(index.activities)
    for ids in register.invalid_ids.values():
        taken |= ids
    return taken


def _clean(fields: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """The fields that have a value, in the order of the register format."""
    order = list(model.model_fields)
    present = {k: v for k, v in fields.items() if v not in (None, [], "")}
    return dict(sorted(present.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


def _validate(item: dict[str, Any], model: type[BaseModel], lang: str) -> None:
    """Refuse a new entry that `pdca check` would reject for its values."""
    try:
        model.model_validate(item)
    except ValidationError as exc:
        detail = "; ".join(schema_errors.message_of(e, model).render(lang) for e in exc.errors())
        raise PdcaError(i18n.text("new.invalid", lang, detail=detail)) from None


def _resolve(item: dict[str, Any], register: Register, lang: str, references: dict[str, str]) -> None:
    """Put the ids in the fields that refer to other entries (field -> kind), given by id or name in any
    case (pdca.engine.lookup); a reference to nothing is refused with the closest, as `pdca check` would."""
    for field_name, kind in references.items():
        values = item.get(field_name)
        if isinstance(values, list):
            item[field_name] = [lookup.one(register, kind, str(v), lang, f"--{field_name}") for v in values]
        elif values is not None:
            item[field_name] = lookup.one(register, kind, str(values), lang, f"--{field_name}")


def _append(register: Register, rel: str, path: tuple[str | int, ...], item: dict[str, Any], top: str,
            lang: str) -> Addition:
    target = register.root / rel
    lines = [f"{'  - ' if n == 0 else '    '}{scalar(k)}: {flow(v)}" for n, (k, v) in enumerate(item.items())]
    block = f"{top}:\n" + "\n".join(lines) + "\n"
    if not target.exists():
        return Addition(Placed(item["id"], rel, 2), [], {target: block.encode("utf-8")})
    document = Document(target, lang, register.root)
    if document.empty:  # only comments so far: keep them, and start the list below
        document.append_text(block)
        line = document.result().count("\n") - block.count("\n") + 2
    else:
        document.append(path, item, block_fields=True)
        line = yaml_read.last_item_line(document.result(), path)
    return Addition(Placed(item["id"], rel, line), [document])


def next_risk_id(register: Register, prefix: str) -> str:
    """The next free risk id of an area's prefix: CG-008 after CG-007 (and after any id in use)."""
    return Ids(_taken(register)).next(f"{prefix}-", 3)


def risks_file(register: Register, area: str) -> str:
    """The file a new risk of `area` goes to: the one holding most of the area's risks, else risks/<area>.yaml."""
    homes = Counter(register.where(r).file for r in register.risks if r.area == area)
    return homes.most_common(1)[0][0] if homes else f"risks/{area}.yaml"


def new_risk(register: Register, fields: dict[str, Any], day: dt.date, lang: str) -> Addition:
    """A risk in stage P with the next id of its area; area, department and post by id or name."""
    area = _must(register, "area", fields["area"], lang)
    named = _listed(register, fields, ("dimension",), lang)
    risk_id = next_risk_id(register, area.prefix or area.id.upper())
    item = _clean({**named, "id": risk_id, "area": area.id, "stage": "P", "identified": day}, Risk)
    _resolve(item, register, lang, {"department": "department", "post": "post"})
    _validate(item, Risk, lang)
    return _append(register, risks_file(register, area.id), ("risks",), item, "risks", lang)


def _listed(register: Register, fields: dict[str, Any], names: tuple[str, ...], lang: str) -> dict[str, Any]:
    """The fields that take one of a fixed list (a dimension, a line, a source ...) as `answers.resolve`
    reads them: a value not on the list refused with the list."""
    resolved = dict(fields)
    for name in names:
        if resolved.get(name):
            resolved[name] = answers.resolve(register, name, resolved[name], lang)
    return resolved


def new_measure(register: Register, fields: dict[str, Any], lang: str) -> Addition:
    fields = _listed(register, fields, ("line", "kind"), lang)
    risk = _must(register, "risk", fields["risk"], lang)
    measure_id = Ids(_taken(register)).next(f"{risk.id}-M", 1)
    item = _clean({**{k: v for k, v in fields.items() if k != "risk"}, "id": measure_id, "status": "planned"}, Measure)
    _validate(item, Measure, lang)
    where = register.where(risk)
    return _append(register, where.file, (*where.path, "measures"), item, "risks", lang)


def new_check(register: Register, fields: dict[str, Any], lang: str) -> Addition:
    fields = _listed(register, fields, ("source",), lang)
    source = fields["source"]
    prefix = CHECK_PREFIXES.get(source, "JC")
    day: dt.date = fields["date"]
    check_id = Ids(_taken(register)).next(f"{prefix}-{day.year}-", 2)
    item = _clean({**fields, "id": check_id}, Check)
    _resolve(item, register, lang, {"departments": "department", "risks": "risk"})
    _validate(item, Check, lang)
    homes = Counter(register.where(c).file for c in register.checks if c.source == source)
    rel = homes.most_common(1)[0][0] if homes else f"checks/{prefix.lower()}-{day.year}.yaml"
    return _append(register, rel, ("checks",), item, "checks", lang)


def new_finding(register: Register, fields: dict[str, Any], lang: str) -> Addition:
    check = _must(register, "check", fields["check"], lang)
    finding_id = Ids(_taken(register)).next(f"{check.id}-F", 1)
    item = _clean({**{k: v for k, v in fields.items() if k != "check"}, "id": finding_id, "status": "open"}, Finding)
    _resolve(item, register, lang, {"department": "department", "risk": "risk"})
    _validate(item, Finding, lang)
    where = register.where(check)
    return _append(register, where.file, (*where.path, "findings"), item, "checks", lang)
