"""`pdca new`: the next free id, the required fields, and the right place in the right file.

Risks go to the file that already holds their area (else risks/<area>.yaml), measures under their risk,
checks beside the checks of the same source (else checks/<prefix>-<year>.yaml), findings under their
check.  The entry is appended as a block mapping, in the file's own indentation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from pdca import i18n
from pdca.domain.ids import Ids
from pdca.engine import lookup, verify
from pdca.errors import PdcaError
from pdca.io import yaml_read
from pdca.io.yaml_edit import Document, flow, scalar
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
            lang: str, force: bool) -> Placed:
    target = register.root / rel
    lines = [f"{'  - ' if n == 0 else '    '}{scalar(k)}: {flow(v)}" for n, (k, v) in enumerate(item.items())]
    block = f"{top}:\n" + "\n".join(lines) + "\n"
    if not target.exists():
        verify.commit(register, [], {target: block.encode("utf-8")}, force, lang)
        return Placed(item["id"], rel, 2)
    document = Document(target, lang, register.root)
    if document.empty:  # only comments so far: keep them, and start the list below
        document.append_text(block)
        line = document.result().count("\n") - block.count("\n") + 2
    else:
        document.append(path, item, block_fields=True)
        line = yaml_read.last_item_line(document.result(), path)
    verify.commit(register, [document], {}, force, lang)
    return Placed(item["id"], rel, line)


def new_risk(register: Register, fields: dict[str, Any], day: dt.date, lang: str, force: bool = False) -> Placed:
    config = register.config
    assert config is not None
    area = _must(register, "area", fields["area"], lang)
    prefix = area.prefix or area.id.upper()
    risk_id = Ids(_taken(register)).next(f"{prefix}-", 3)
    item = _clean({**fields, "id": risk_id, "area": area.id, "stage": "P", "identified": day}, Risk)
    _resolve(item, register, lang, {"department": "department", "post": "post"})
    _validate(item, Risk, lang)
    homes = Counter(register.where(r).file for r in register.risks if r.area == area.id)
    rel = homes.most_common(1)[0][0] if homes else f"risks/{area.id}.yaml"
    return _append(register, rel, ("risks",), item, "risks", lang, force)


def new_measure(register: Register, fields: dict[str, Any], lang: str, force: bool = False) -> Placed:
    risk = _must(register, "risk", fields["risk"], lang)
    measure_id = Ids(_taken(register)).next(f"{risk.id}-M", 1)
    item = _clean({**{k: v for k, v in fields.items() if k != "risk"}, "id": measure_id, "status": "planned"}, Measure)
    _validate(item, Measure, lang)
    where = register.where(risk)
    return _append(register, where.file, (*where.path, "measures"), item, "risks", lang, force)


def new_check(register: Register, fields: dict[str, Any], lang: str, force: bool = False) -> Placed:
    source = fields["source"]
    prefix = CHECK_PREFIXES.get(source, "JC")
    day: dt.date = fields["date"]
    check_id = Ids(_taken(register)).next(f"{prefix}-{day.year}-", 2)
    item = _clean({**fields, "id": check_id}, Check)
    _resolve(item, register, lang, {"departments": "department", "risks": "risk"})
    _validate(item, Check, lang)
    homes = Counter(register.where(c).file for c in register.checks if c.source == source)
    rel = homes.most_common(1)[0][0] if homes else f"checks/{prefix.lower()}-{day.year}.yaml"
    return _append(register, rel, ("checks",), item, "checks", lang, force)


def new_finding(register: Register, fields: dict[str, Any], lang: str, force: bool = False) -> Placed:
    check = _must(register, "check", fields["check"], lang)
    finding_id = Ids(_taken(register)).next(f"{check.id}-F", 1)
    item = _clean({**{k: v for k, v in fields.items() if k != "check"}, "id": finding_id, "status": "open"}, Finding)
    _resolve(item, register, lang, {"department": "department", "risk": "risk"})
    _validate(item, Finding, lang)
    where = register.where(check)
    return _append(register, where.file, (*where.path, "findings"), item, "checks", lang, force)
