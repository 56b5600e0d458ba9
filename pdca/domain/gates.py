"""The PDCA stage gates of register-format.md, as pure functions over a loaded register.

A risk in stage S must meet every gate up to S.  `gate_failures` says which conditions fail; the
`stage-gate` rule reports them for a risk whose stage is ahead of its gates, and `pdca advance` refuses a
move with the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pdca import i18n
from pdca.domain import scoring
from pdca.model.entities import STAGES, UNFINISHED, Risk, Stage
from pdca.model.register import Register


@dataclass(frozen=True, slots=True)
class GateFailure:
    stage: Stage  # the gate (the stage moved into) whose condition fails
    message: str  # a message id of pdca.i18n
    params: dict[str, Any] = field(default_factory=dict)
    path: tuple[str | int, ...] = ()  # key path under the risk that the failure points at

    def said(self) -> i18n.Msg:
        """What fails, to be put into words in any language."""
        params = dict(self.params)
        if "field" in params:
            params["field"] = i18n.Field(params["field"])
        if "status" in params:
            params["status"] = i18n.Label("status", params["status"])
        if "lines" in params:
            params["lines"] = i18n.Listing(tuple(i18n.Label("line", x) for x in params["lines"])) if params["lines"] else "-"
        return i18n.Msg(self.message, params)

    def describe(self, lang: str) -> str:
        return self.said().render(lang)


def gates_up_to(stage: Stage) -> tuple[Stage, ...]:
    """The gates a risk in `stage` has passed: ('D', 'C') for C."""
    return STAGES[1 : STAGES.index(stage) + 1]


def gate_failures(risk: Risk, stage: Stage, register: Register) -> list[GateFailure]:
    """Every condition that a risk must meet to stand in `stage`, and fails."""
    failures: list[GateFailure] = []
    for gate in gates_up_to(stage):
        failures.extend(_GATES[gate](risk, register))
    return failures


def _gate_do(risk: Risk, register: Register) -> list[GateFailure]:
    out = [
        GateFailure("D", "gate.missing", {"field": name}, (name,))
        for name in ("likelihood", "impact", "owner", "department")
        if getattr(risk, name) is None
    ]
    active = [m for m in risk.measures if m.status != "dropped"]
    if not active:
        out.append(GateFailure("D", "gate.no_measure", {}, ("measures",)))
    elif scoring.level(register, risk) == 1:
        lines = sorted({m.line for m in active}, key=("before", "during", "after").index)
        if len(lines) < 2:
            out.append(GateFailure("D", "gate.two_lines", {"lines": lines}, ("measures",)))
    return out


def _gate_check(risk: Risk, register: Register) -> list[GateFailure]:
    out = []
    for number, measure in enumerate(risk.measures):
        at = ("measures", number)
        if measure.status == "dropped":
            continue
        if measure.status != "done":
            out.append(GateFailure("C", "gate.measure_not_done", {"id": measure.id, "status": measure.status}, at))
            continue
        if measure.done is None:
            out.append(GateFailure("C", "gate.measure_no_date", {"id": measure.id}, at))
        if measure.evidence is None:
            out.append(GateFailure("C", "gate.measure_no_evidence", {"id": measure.id}, at))
    return out


def _gate_act(risk: Risk, register: Register) -> list[GateFailure]:
    out = []
    index = register.index
    cycle = index.config.cycle if index.config else None
    if cycle is not None:
        examined = any(cycle.start <= check.date <= cycle.end for check in index.checks_by_risk.get(risk.id, ()))
        if not examined:
            out.append(GateFailure("A", "gate.not_examined", {"start": cycle.start, "end": cycle.end}, ("stage",)))
    unfinished = sorted(
        finding.id for _, finding in index.findings_by_risk.get(risk.id, ()) if finding.status in UNFINISHED
    )
    if unfinished:
        out.append(GateFailure("A", "gate.open_findings", {"ids": ", ".join(unfinished)}, ("stage",)))
    return out


_GATES = {"D": _gate_do, "C": _gate_check, "A": _gate_act}
