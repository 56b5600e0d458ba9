"""The resolved register (`pdca export`): every entity with the values pdca computes, as plain data.

`resolve()` builds the document of docs/register-format.md; pdca.formats.tables serialises it.
Deterministic: entities sorted by id, keys in a fixed order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pdca.domain import numbers, scoring
from pdca.domain.closed_loop import days_in_stage, review_due, stage_since, state_of
from pdca.engine.settings import settings
from pdca.model.entities import Check, Finding, Measure, Risk
from pdca.model.register import Register


def resolve(register: Register, as_of: dt.date) -> dict[str, Any]:
    """One register as the spec's JSON document."""
    config = register.config
    assert config is not None, "export needs a readable pdca.yaml"
    state = state_of(register, as_of)
    review_months = int(settings(register)[0].params["review-stale"]["months"])

    risks, measures = [], []
    for risk in sorted(register.risks, key=lambda r: r.id):
        risks.append(_risk(risk, scoring.assessment(register, risk, as_of), as_of, review_months))
        for measure in risk.measures:
            computed = state.measure(measure)
            measures.append(
                {"id": measure.id, "risk": risk.id, **_fields(measure, exclude={"id"}),
                 "status_as_of": computed.status, "overdue": computed.overdue,
                 "days_overdue": computed.days_overdue}
            )
    findings = []
    for check in register.checks:
        for finding in check.findings:
            findings.append(_finding(check, finding, state.finding(finding)))
    checks = [
        {**_fields(check, exclude={"findings"}), "findings": [f.id for f in check.findings]}
        for check in sorted(register.checks, key=lambda c: c.id)
    ]
    activities = [_fields(a) for a in sorted(register.activities, key=lambda a: a.id)]
    return {
        "organization": config.organization,
        "cycle": config.cycle.id,
        "as_of": as_of.isoformat(),
        "register": register.name,
        "risks": risks,
        "measures": sorted(measures, key=lambda m: m["id"]),
        "findings": sorted(findings, key=lambda f: f["id"]),
        "checks": checks,
        "activities": activities,
        "summary": numbers.summary(register, as_of, int(settings(register)[0].params["action-pending"]["days"])),
    }


def resolve_all(registers: list[Register], as_of: dt.date) -> dict[str, Any]:
    """One register's document, or {"registers": [...]} for several (spec: group roll-up)."""
    documents = [resolve(register, as_of) for register in registers]
    if len(documents) == 1:
        return documents[0]
    return {"as_of": as_of.isoformat(), "registers": documents}


def names(registers: list[Register]) -> dict[str, dict[str, dict[str, str]]]:
    """register name -> kind (area, department, post) -> id -> the name pdca.yaml gives it, for the
    name columns of CSV (the JSON document keeps ids only, as the spec has it)."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for register in registers:
        config = register.config
        if config is not None:
            found[register.name] = {"area": {a.id: a.name for a in config.areas},
                                    "department": {d.id: d.name for d in config.departments},
                                    "post": {p.id: p.name for p in config.posts}}
    return found


def _fields(model: Measure | Risk | Check | Finding | Any, exclude: set[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude=exclude)
    return data


def _risk(risk: Risk, assessment: Any, as_of: dt.date, review_months: int) -> dict[str, Any]:
    data = _fields(risk, exclude={"measures", "level"})
    since = stage_since(risk)
    due = review_due(risk, review_months)
    out: dict[str, Any] = {"id": risk.id}
    for key, value in data.items():
        out[key] = value
        if key == "legal_liability":
            out["level"] = assessment.effective
            out["declared_level"] = risk.level
            out["matrix_level"] = assessment.matrix
    out["measures"] = [m.id for m in risk.measures]
    out["stage_since"] = since.isoformat() if since else None
    out["days_in_stage"] = days_in_stage(risk, as_of)
    out["review_due"] = due.isoformat() if due else None
    return out


def _finding(check: Check, finding: Finding, computed: Any) -> dict[str, Any]:
    return {
        "id": finding.id,
        "check": check.id,
        "source": check.source,
        "check_date": check.date.isoformat(),
        **_fields(finding, exclude={"id"}),
        "status_as_of": computed.status,
        "effective_deadline": computed.effective_deadline.isoformat() if computed.effective_deadline else None,
        "overdue": computed.overdue,
        "days_overdue": computed.days_overdue,
        "repeat": computed.repeat,
        "repeat_source": computed.repeat_source,
        "repeat_depth": computed.repeat_depth,
        "repeat_suspected": list(computed.repeat_suspected),
        "escalation": computed.escalation,
        "escalation_since": computed.escalation_since.isoformat() if computed.escalation_since else None,
        "action": computed.action,
        "action_pending_days": computed.action_pending_days,
        "awaiting_verification": computed.awaiting_verification,
        "days_awaiting_verification": computed.days_awaiting_verification,
        "carried_over": computed.carried_over,
    }
