"""Moving risks through P→D→C→A (`pdca advance`) and turning the spiral (`pdca cycle start`).

Planning is pure: which risks move, and which gate condition stops a move (the same gates the
`stage-gate` rule checks).  Applying is a set of minimal edits: the risk's `stage`, and a `history`
entry (stage, date, note) appended in the style the file already uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from pdca import i18n
from pdca.domain.gates import gate_failures
from pdca.engine import lookup
from pdca.errors import EXIT_FINDINGS, PdcaError
from pdca.io.yaml_edit import Document, Editor
from pdca.model.entities import STAGES, Risk
from pdca.model.register import Register


@dataclass(frozen=True)
class Move:
    risk: Risk
    before: str
    after: str
    note: str


def select(register: Register, ids: Iterable[str], area: str | None, department: str | None,
           everything: bool, lang: str) -> tuple[list[Risk], list[Risk]]:
    """(risks named by id, risks picked by a selector).  Ids, areas and departments are resolved as
    pdca.engine.lookup does it (an area or department also by name): one that names nothing is an error
    with the closest, never an empty selection."""
    index = register.index
    area_id = lookup.one(register, "area", area, lang, "--area") if area else None
    department_id = lookup.one(register, "department", department, lang, "--department") if department else None
    named = [index.risks[risk_id] for risk_id in lookup.many(register, "risk", ids, lang)]
    picked = []
    if everything or area_id or department_id:
        picked = [r for r in register.risks
                  if (everything or area_id is None or r.area == area_id)
                  and (everything or department_id is None or r.department == department_id) and r not in named]
    return named, picked


def plan(register: Register, named: list[Risk], picked: list[Risk], to: str, reason: str | None,
         lang: str) -> tuple[list[Move], list[str]]:
    """The moves to make, and why others are refused (then nothing moves).  Risks picked by a selector
    move only forward, and only when they are behind `to`."""
    moves: list[Move] = []
    refusals: list[str] = []
    target = STAGES.index(to)
    stage_name = i18n.label("stage", to, lang)
    for risk, explicit in [(r, True) for r in named] + [(r, False) for r in picked]:
        current = STAGES.index(risk.stage)
        if not explicit and (current >= target or risk.retired is not None):
            continue
        if risk.retired is not None:
            refusals.append(i18n.text("advance.retired", lang, id=risk.id))
            continue
        if current == target:
            refusals.append(i18n.text("advance.already", lang, id=risk.id, stage=stage_name))
            continue
        if to == "P":
            refusals.append(i18n.text("advance.to_plan", lang, id=risk.id))
            continue
        if current > target:
            if not reason:
                refusals.append(i18n.text("advance.needs_reason", lang, id=risk.id,
                                              stage=i18n.label("stage", risk.stage, lang),
                                              to=stage_name))
                continue
        else:
            failures = gate_failures(risk, to, register)  # type: ignore[arg-type]
            if failures:
                reasons = i18n.text("sep.reasons", lang).join(f.describe(lang) for f in failures)
                refusals.append(i18n.text("advance.gate", lang, id=risk.id, stage=stage_name, reasons=reasons))
                continue
        note = reason or i18n.text("advance.note", register.lang, stage=i18n.label(
            "stage", to, register.lang))
        moves.append(Move(risk, risk.stage, to, note))
    return moves, refusals


def record(register: Register, editor: Editor, move: Move, day: dt.date) -> None:
    """Write one move: the new stage, and a history entry saying when and why."""
    where = register.where(move.risk)
    document = editor.document(where.file)
    document.set((*where.path, "stage"), move.after)
    document.append((*where.path, "history"), {"stage": move.after, "date": day, "note": move.note})


def apply(register: Register, moves: list[Move], day: dt.date, lang: str) -> list[Document]:
    editor = Editor(register.root, lang)
    for move in moves:
        record(register, editor, move, day)
    return editor.all()


def cycle_start(register: Register, cycle_id: str, start: dt.date, end: dt.date, force: bool,
                lang: str) -> tuple[list[Document], list[Move]]:
    """Open the next cycle: write it in pdca.yaml (the closing one joins `past_cycles`) and send every
    risk that is not retired back to P (with a history entry).  Risks not yet in A stop it unless
    `force`.  Findings are left as they are: those not yet closed are reported as carried over."""
    config = register.config
    assert config is not None
    if end < start:
        raise PdcaError(i18n.text("schema.cycle_order", lang))
    if cycle_id == config.cycle.id:
        raise PdcaError(i18n.text("cycle.same", lang, id=cycle_id))
    if any(cycle_id == c.id for c in config.past_cycles):
        raise PdcaError(i18n.text("cycle.used", lang, id=cycle_id))
    if start <= config.cycle.end:  # the spiral turns forward: a new cycle begins after the current one ends
        raise PdcaError(i18n.text("cycle.not_after", lang, id=cycle_id, start=start, current=config.cycle.id,
                                  end=config.cycle.end))
    behind = [r for r in register.risks if r.retired is None and r.stage != "A"]
    if behind and not force:
        listing = ", ".join(f"{r.id}({r.stage})" for r in behind[:20]) + (" …" if len(behind) > 20 else "")
        raise PdcaError(i18n.text("cycle.not_in_act", lang, count=len(behind), ids=listing),
                        exit_code=EXIT_FINDINGS)
    editor = Editor(register.root, lang)
    settings = editor.document("pdca.yaml")
    closing = config.cycle  # kept under past_cycles, so reports on its periods still work
    settings.append(("past_cycles",), {"id": closing.id, "start": closing.start, "end": closing.end})
    settings.set(("cycle", "id"), cycle_id)
    settings.set(("cycle", "start"), start)
    settings.set(("cycle", "end"), end)
    note = i18n.text("cycle.note", register.lang, id=cycle_id)
    moves = [Move(r, r.stage, "P", note) for r in register.risks if r.retired is None and r.stage != "P"]
    for move in moves:
        record(register, editor, move, start)
    return editor.all(), moves
