"""The pure functions of pdca.domain, case by case: levels, gates, escalation, dates, periods, stage
moves, statuses as of a date.  No files and no CLI: registers are built in memory, so these cases cost
microseconds and carry most of what the method says (the seed's 三级, 三道防线, 销号, 通报/考核/问责)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pdca.domain import closed_loop, gates, periods, scoring
from pdca.domain.dates import add_days, add_months
from pdca.engine import advance
from pdca.errors import PdcaError
from pdca.model.entities import Check, Config, Finding, Measure, Risk, Scoring
from pdca.model.register import Register

D = dt.date

CONFIG: dict[str, Any] = {
    "schema": "pdca/v1",
    "organization": "测试公司",
    "cycle": {"id": "2024", "start": "2024-01-01", "end": "2024-12-31"},
    "departments": [{"id": "purchasing", "name": "物资采购部"}, {"id": "finance", "name": "财务部"},
                    {"id": "leaders", "name": "公司领导班子", "self_check": False}],
    "areas": [{"id": "procurement", "name": "物资采购", "prefix": "CG"}],
}


def risk(**fields: Any) -> Risk:
    base: dict[str, Any] = {"id": "CG-001", "title": "供应商选择", "area": "procurement", "dimension": "业务流程"}
    return Risk.model_validate(base | fields)


def measure(number: int = 1, **fields: Any) -> dict[str, Any]:
    return {"id": f"CG-001-M{number}", "title": f"措施{number}", "line": "before"} | fields


def check(**fields: Any) -> Check:
    base: dict[str, Any] = {"id": "SJ-1", "source": "审计", "title": "专项检查", "date": "2024-05-10"}
    return Check.model_validate(base | fields)


def finding(**fields: Any) -> dict[str, Any]:
    return {"id": "SJ-1-F1", "risk": "CG-001", "problem": "未比价"} | fields


def register(risks: list[Risk] = (), checks: list[Check] = (), **config: Any) -> Register:  # type: ignore[assignment]
    return Register(root=Path("."), name=".", lang="zh", config=Config.model_validate(CONFIG | config),
                    risks=list(risks), checks=list(checks))


# --- levels: likelihood x impact through the matrix -------------------------------------------

#: the default matrix, read as the seed's table: (likelihood, impact) -> level
DEFAULT_LEVELS = {
    (5, 1): 1, (5, 2): 1, (5, 3): 1, (5, 4): 1, (5, 5): 1,
    (4, 1): 1, (4, 2): 1, (4, 3): 1, (4, 4): 1, (4, 5): 1,
    (3, 1): 3, (3, 2): 2, (3, 3): 2, (3, 4): 1, (3, 5): 1,
    (2, 1): 3, (2, 2): 2, (2, 3): 2, (2, 4): 1, (2, 5): 1,
    (1, 1): 3, (1, 2): 3, (1, 3): 3, (1, 4): 1, (1, 5): 1,
}


@pytest.mark.parametrize(("likelihood", "impact"), sorted(DEFAULT_LEVELS))
def test_each_cell_of_the_default_matrix(likelihood: int, impact: int) -> None:
    assert scoring.cell(Scoring(), likelihood, impact) == DEFAULT_LEVELS[likelihood, impact]


@pytest.mark.parametrize(("likelihood", "impact"), [(None, 3), (3, None), (0, 3), (6, 3), (3, 0), (3, 6)])
def test_no_level_off_the_scale_or_unscored(likelihood: int | None, impact: int | None) -> None:
    assert scoring.cell(Scoring(), likelihood, impact) is None


@pytest.mark.parametrize(
    ("fields", "as_of", "effective", "rejected", "applied", "not_yet"),
    [
        ({"likelihood": 1, "impact": 1}, None, 3, False, False, False),
        ({"likelihood": 1, "impact": 1, "legal_liability": True}, None, 1, False, False, False),
        ({"legal_liability": True}, None, 1, False, False, False),  # unscored, still 一级
        ({"likelihood": 1, "impact": 1, "override": {"level": 2, "reason": "领导班子决定"}}, None, 2, False, True, False),
        ({"likelihood": 3, "impact": 2, "override": {"level": 3, "reason": "降级"}}, None, 2, True, False, False),
        ({"likelihood": 3, "impact": 2, "override": {"level": 2, "reason": "同级"}}, None, 2, False, False, False),
        ({"likelihood": 1, "impact": 1, "override": {"level": 1, "reason": "r", "date": "2024-06-01"}},
         D(2024, 5, 31), 3, False, False, True),
        ({"likelihood": 1, "impact": 1, "override": {"level": 1, "reason": "r", "date": "2024-06-01"}},
         D(2024, 6, 1), 1, False, True, False),
        ({"override": {"level": 2, "reason": "未评分先定级"}}, None, 2, False, True, False),
    ],
)
def test_legal_liability_and_overrides(fields: dict[str, Any], as_of: dt.date | None, effective: int,
                                       rejected: bool, applied: bool, not_yet: bool) -> None:
    found = scoring.assess(risk(**fields), Scoring(), as_of)
    assert (found.effective, found.override_rejected, found.override_applied, found.override_not_yet) == \
        (effective, rejected, applied, not_yet)


def test_severe_impacts_and_monotone_breaks() -> None:
    assert scoring.severe_impacts(Scoring()) == [4, 5]
    assert scoring.monotone_breaks(Scoring()) == []
    laxer_when_likelier = Scoring(likelihood=["低", "高"], impact=["轻", "重"], matrix=[[3, 1], [1, 1]])
    assert scoring.monotone_breaks(laxer_when_likelier) == [(1, 1, 2, 1)]
    assert scoring.severe_impacts(laxer_when_likelier) == [2]
    no_column_all_first = Scoring(likelihood=["低", "高"], impact=["轻", "重"], matrix=[[2, 1], [3, 2]])
    assert scoring.severe_impacts(no_column_all_first) == [2]


# --- stage gates ------------------------------------------------------------------------------

def failures(subject: Risk, stage: str, *checks: Check) -> list[tuple[str, str, dict[str, Any]]]:
    return [(f.stage, f.message, f.params)
            for f in gates.gate_failures(subject, stage, register([subject], list(checks)))]  # type: ignore[arg-type]


READY = {"likelihood": 2, "impact": 2, "owner": "张三", "department": "purchasing"}


def test_the_do_gate_wants_scores_an_owner_a_department_and_a_measure() -> None:
    assert failures(risk(), "D") == [
        ("D", "gate.missing", {"field": "likelihood"}), ("D", "gate.missing", {"field": "impact"}),
        ("D", "gate.missing", {"field": "owner"}), ("D", "gate.missing", {"field": "department"}),
        ("D", "gate.no_measure", {}),
    ]
    assert failures(risk(**READY, measures=[measure(status="dropped")]), "D") == [("D", "gate.no_measure", {})]
    assert failures(risk(**READY, measures=[measure()]), "D") == []
    assert gates.gates_up_to("P") == () and gates.gates_up_to("C") == ("D", "C")


@pytest.mark.parametrize(("lines", "passes"), [(["before"], False), (["before", "before"], False),
                                               (["before", "after"], True), (["during", "after"], True)])
def test_a_first_level_risk_needs_two_lines_of_defence(lines: list[str], passes: bool) -> None:
    subject = risk(**READY | {"likelihood": 5}, measures=[measure(n, line=line) for n, line in enumerate(lines, 1)])
    assert (failures(subject, "D") == []) == passes
    third_level = risk(**READY | {"likelihood": 1, "impact": 1}, measures=[measure(line=lines[0])])
    assert failures(third_level, "D") == []


def test_the_check_gate_wants_every_measure_done_with_date_and_evidence() -> None:
    subject = risk(**READY, measures=[
        measure(1, status="done", done="2024-03-01", evidence="OA-1"),
        measure(2, status="in_progress"),
        measure(3, status="done"),
        measure(4, status="dropped"),
    ])
    assert [(m, p) for _, m, p in failures(subject, "C")] == [
        ("gate.measure_not_done", {"id": "CG-001-M2", "status": "in_progress"}),
        ("gate.measure_no_date", {"id": "CG-001-M3"}),
        ("gate.measure_no_evidence", {"id": "CG-001-M3"}),
    ]


def test_the_act_gate_wants_an_examination_this_cycle_and_no_open_finding() -> None:
    done = measure(status="done", done="2024-03-01", evidence="OA-1")
    subject = risk(**READY, measures=[done])
    assert [m for _, m, _ in failures(subject, "A")] == ["gate.not_examined"]
    last_year = check(date="2023-11-01", risks=["CG-001"])
    assert [m for _, m, _ in failures(subject, "A", last_year)] == ["gate.not_examined"]
    assert failures(subject, "A", check(risks=["CG-001"])) == []
    open_one = check(findings=[finding(), finding(id="SJ-1-F2", status="closed", done="2024-05-20",
                                                  closed={"date": "2024-05-30", "by": "纪检"})])
    assert failures(subject, "A", open_one) == [("A", "gate.open_findings", {"ids": "SJ-1-F1"})]


# --- stage moves ------------------------------------------------------------------------------

def test_moves_forward_through_the_gates_and_back_only_with_a_reason() -> None:
    ready = risk(**READY, measures=[measure()])
    in_check = risk(id="CG-002", **READY, stage="C", measures=[measure(status="done", done="2024-03-01", evidence="E")])
    retired = risk(id="CG-003", retired={"date": "2024-02-01", "reason": "岗位撤销"})
    unready = risk(id="CG-004")
    reg = register([ready, in_check, retired, unready])

    moves, refusals = advance.plan(reg, [ready], [], "D", None, "en")
    assert [(m.risk.id, m.before, m.after) for m in moves] == [("CG-001", "P", "D")] and refusals == []
    _, refusals = advance.plan(reg, [unready], [], "D", None, "en")
    assert len(refusals) == 1 and "CG-004" in refusals[0] and "likelihood" in refusals[0]
    _, refusals = advance.plan(reg, [in_check], [], "D", None, "en")
    assert len(refusals) == 1 and "CG-002" in refusals[0]  # backwards without a reason
    moves, _ = advance.plan(reg, [in_check], [], "D", "复查发现措施不足", "en")
    assert [(m.before, m.after, m.note) for m in moves] == [("C", "D", "复查发现措施不足")]
    for subject, to in ((retired, "D"), (ready, "P"), (in_check, "C")):
        moves, refusals = advance.plan(reg, [subject], [], to, "r", "en")
        assert moves == [] and len(refusals) == 1
    # a selector moves only what is behind, in use, and passes; it never moves anything back
    moves, refusals = advance.plan(reg, [], [ready, in_check, retired], "D", None, "en")
    assert [m.risk.id for m in moves] == ["CG-001"] and refusals == []


def test_naming_an_unknown_risk_is_an_error_and_a_repeat_moves_once() -> None:
    reg = register([risk(), risk(id="CG-002", area="other")])
    with pytest.raises(PdcaError):
        advance.select(reg, ["CG-001", "CG-999"], None, None, False, "en")
    named, picked = advance.select(reg, ["CG-001", "CG-001"], "procurement", None, False, "en")
    assert [r.id for r in named] == ["CG-001"] and picked == []


@pytest.mark.parametrize(
    ("history", "identified", "retired", "day", "expected"),
    [
        ([], "2024-02-01", None, "2024-01-31", None),  # not identified yet
        ([], "2024-02-01", None, "2024-02-01", "C"),  # no history: the stage it says
        ([("D", "2024-03-01"), ("C", "2024-05-01")], None, None, "2024-02-28", "P"),
        ([("D", "2024-03-01"), ("C", "2024-05-01")], None, None, "2024-03-01", "D"),
        ([("D", "2024-03-01"), ("C", "2024-05-01")], None, None, "2024-06-01", "C"),
        ([], None, "2024-04-01", "2024-04-01", None),  # retired that day
    ],
)
def test_the_stage_a_risk_stood_in_on_a_day(history: list[tuple[str, str]], identified: str | None,
                                            retired: str | None, day: str, expected: str | None) -> None:
    subject = risk(stage="C", identified=identified, history=[{"stage": s, "date": d} for s, d in history],
                   retired={"date": retired, "reason": "r"} if retired else None)
    assert closed_loop.stage_as_of(subject, D.fromisoformat(day)) == expected


def test_days_in_stage_review_due_and_stalled() -> None:
    subject = risk(stage="D", identified="2024-01-10", history=[{"stage": "D", "date": "2024-02-01"}])
    assert closed_loop.stage_since(subject) == D(2024, 2, 1)
    assert closed_loop.days_in_stage(subject, D(2024, 3, 2)) == 30
    assert closed_loop.stalled(subject, D(2024, 3, 2), 30) is None
    assert closed_loop.stalled(subject, D(2024, 3, 3), 30) == 31
    assert closed_loop.review_due(subject, 12) == D(2025, 1, 10)
    assert closed_loop.review_overdue(subject, 12, D(2025, 1, 10)) is None
    assert closed_loop.review_overdue(subject, 12, D(2025, 1, 11)) == D(2025, 1, 10)
    reviewed = risk(identified="2024-01-10", reviewed="2024-08-31")
    assert closed_loop.review_due(reviewed, 6) == D(2025, 2, 28)
    assert closed_loop.review_due(risk(), 6) is None


# --- escalation: 通报 / 考核 / 问责 as suggestions ---------------------------------------------

LIMITS = dict(closed_loop.DEFAULT_THRESHOLDS)


@pytest.mark.parametrize(
    ("days", "depth", "expected"),
    [
        (0, 0, None), (1, 0, "notice"), (30, 0, "notice"), (31, 0, "assessment"), (90, 0, "assessment"),
        (91, 0, "accountability"), (0, 1, "assessment"), (0, 2, "accountability"), (0, 5, "accountability"),
        (91, 1, "accountability"), (1, 1, "assessment"),
    ],
)
def test_escalation_by_days_overdue_and_confirmed_repeats(days: int, depth: int, expected: str | None) -> None:
    assert closed_loop.escalation_for(days, depth, LIMITS) == expected


def test_thresholds_come_from_the_config_and_ignore_what_is_not_whole_days() -> None:
    config = Config.model_validate(CONFIG | {"rules": {"escalation": {"notice": 5, "assessment": 0,
                                                                      "accountability": True}}})
    assert closed_loop.thresholds(config) == {"notice": 5, "assessment": 31, "accountability": 91}
    assert closed_loop.thresholds(None) == LIMITS
    assert [closed_loop.rank(s) for s in (None, "notice", "assessment", "accountability", "other")] == [0, 1, 2, 3, 0]


def test_the_deadline_in_force_is_the_latest_extension_approved_by_the_day() -> None:
    subject = Finding.model_validate(finding(deadline="2024-06-30", extensions=[
        {"until": "2024-08-31", "approved_by": "纪委书记", "date": "2024-06-20", "reason": "招标周期"},
        {"until": "2024-07-31", "approved_by": "纪委书记", "date": "2024-07-15", "reason": "缩短"},
    ]))
    assert closed_loop.effective_deadline(subject, D(2024, 6, 19)) == (D(2024, 6, 30), None)
    assert closed_loop.effective_deadline(subject, D(2024, 6, 20))[0] == D(2024, 8, 31)
    assert closed_loop.effective_deadline(subject, D(2024, 7, 15))[0] == D(2024, 7, 31)


def test_decisions_count_from_their_date_and_the_strongest_wins() -> None:
    subject = Finding.model_validate(finding(actions=[
        {"kind": "考核", "date": "2024-08-01", "ref": "考核单 2024-07"},
        {"kind": "notice", "date": "2024-07-01", "ref": "通报 2024-3"},
    ]))
    assert closed_loop.recorded_actions(subject, D(2024, 6, 30)) == ((), None)
    assert closed_loop.recorded_actions(subject, D(2024, 7, 1))[1] == "notice"
    actions, strongest = closed_loop.recorded_actions(subject, D(2024, 8, 1))
    assert strongest == "assessment" and [a.kind for a in actions] == ["assessment", "notice"]


def states(reg: Register, day: str) -> dict[str, closed_loop.FindingState]:
    state = closed_loop.State(reg, D.fromisoformat(day))
    return {f.id: state.finding(f) for c in reg.checks for f in c.findings}


def test_overdue_days_and_the_day_a_suggestion_was_reached() -> None:
    reg = register([risk()], [check(findings=[finding(deadline="2024-06-30")])])
    before, first, later = (states(reg, d)["SJ-1-F1"] for d in ("2024-06-30", "2024-07-01", "2024-09-29"))
    assert (before.overdue, before.escalation) == (False, None)
    assert (first.days_overdue, first.escalation, first.escalation_since) == (1, "notice", D(2024, 7, 1))
    assert (later.days_overdue, later.escalation, later.escalation_since) == (91, "accountability", D(2024, 9, 29))
    assert later.action_pending_days == 0  # reached today


def test_a_repeat_counts_only_when_confirmed_and_only_from_an_earlier_check() -> None:
    first = check(id="SJ-1", date="2024-03-01", findings=[finding(id="SJ-1-F1", status="done", done="2024-03-20",
                                                                  deadline="2024-03-31")])
    suspected = check(id="SJ-2", date="2024-06-01", findings=[finding(id="SJ-2-F1", deadline="2024-12-31")])
    confirmed = check(id="SJ-3", date="2024-07-01", findings=[finding(id="SJ-3-F1", repeat_of="SJ-2-F1",
                                                                      deadline="2024-12-31")])
    cleared = check(id="SJ-4", date="2024-07-01", findings=[finding(id="SJ-4-F1", repeat_of="none")])
    same_day = check(id="SJ-5", date="2024-07-01", findings=[finding(id="SJ-5-F1", repeat_of="SJ-4-F1")])
    found = states(register([risk()], [first, suspected, confirmed, cleared, same_day]), "2024-07-10")
    assert (found["SJ-2-F1"].repeat, found["SJ-2-F1"].repeat_suspected, found["SJ-2-F1"].escalation) == \
        (False, ("SJ-1-F1",), None)  # a suspicion is never a repeat
    assert (found["SJ-3-F1"].repeat_source, found["SJ-3-F1"].repeat_depth, found["SJ-3-F1"].escalation) == \
        ("SJ-2-F1", 1, "assessment")
    assert found["SJ-3-F1"].escalation_since == D(2024, 7, 1)
    assert found["SJ-3-F1"].action_pending_days == 9
    assert found["SJ-4-F1"].repeat_suspected == () and not found["SJ-4-F1"].repeat
    assert not found["SJ-5-F1"].repeat  # same-day: cannot follow a rectification


def test_a_loop_of_repeat_links_ends() -> None:
    one = check(id="SJ-1", date="2024-03-01", findings=[finding(id="A", repeat_of="B")])
    two = check(id="SJ-2", date="2024-04-01", findings=[finding(id="B", repeat_of="A")])
    found = states(register([risk()], [one, two]), "2024-05-01")
    assert found["B"].repeat_depth == 1 and not found["A"].repeat  # A cannot repeat a later finding


@pytest.mark.parametrize(
    ("fields", "day", "expected"),
    [
        ({}, "2024-05-09", None),  # its check is later: not found yet
        ({}, "2024-05-10", "open"),
        ({"status": "done", "done": "2024-06-01"}, "2024-05-31", "rectifying"),
        ({"status": "done", "done": "2024-06-01"}, "2024-06-01", "done"),
        ({"status": "closed", "done": "2024-06-01", "closed": {"date": "2024-06-10", "by": "纪检"}}, "2024-06-09", "done"),
        ({"status": "closed", "done": "2024-06-01", "closed": {"date": "2024-06-10", "by": "纪检"}}, "2024-06-10", "closed"),
        ({"status": "done"}, "2024-12-31", "rectifying"),  # done with no date: not done on any day
        ({"status": "rectifying"}, "2024-06-01", "rectifying"),
    ],
)
def test_a_findings_status_on_a_day(fields: dict[str, Any], day: str, expected: str | None) -> None:
    assert closed_loop.finding_status(check(), Finding.model_validate(finding(**fields)), D.fromisoformat(day)) == expected


def test_a_measure_done_later_was_in_progress_and_overdue_counts_from_due() -> None:
    done_later = Measure.model_validate(measure(status="done", done="2024-06-01", due="2024-05-01"))
    assert closed_loop.measure_status(done_later, D(2024, 5, 31)) == "in_progress"
    assert closed_loop.measure_status(done_later, D(2024, 6, 1)) == "done"
    reg = register([risk(measures=[measure(status="done", done="2024-06-01", due="2024-05-01")])])
    state = closed_loop.State(reg, D(2024, 5, 31)).measure(reg.risks[0].measures[0])
    assert (state.status, state.overdue, state.days_overdue) == ("in_progress", True, 30)


def test_carried_over_and_waiting_for_closure() -> None:
    old = check(id="SJ-0", date="2023-11-01", findings=[finding(id="SJ-0-F1", status="done", done="2024-01-05")])
    found = states(register([risk()], [old]), "2024-01-20")["SJ-0-F1"]
    assert found.carried_over and found.awaiting_verification and found.days_awaiting_verification == 15


def test_self_check_gaps_skip_exempt_bodies_and_respect_the_covered_half() -> None:
    risks = [risk(department="purchasing"), risk(id="CG-002", department="finance"),
             risk(id="CG-003", department="leaders"), risk(id="CG-004", department="finance",
                                                          retired={"date": "2024-01-02", "reason": "r"})]
    july = check(id="ZC-1", source="自查自验", date="2024-07-05", period="2024H1", departments=["purchasing"])
    reg = register(risks, [july])
    assert closed_loop.self_check_gaps(reg, "2024H1") == ["finance"]
    assert closed_loop.self_check_gaps(reg, "2024H2") == ["purchasing", "finance"]
    assert closed_loop.covered_half(check(date="2024-07-05")) == "2024H2"


# --- dates and periods ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)), (D(2023, 1, 31), 1, D(2023, 2, 28)), (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)), (D(2024, 1, 15), -1, D(2023, 12, 15)), (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(9999, 12, 1), 1, dt.date.max), (D(1, 1, 1), -1, dt.date.min), (D(2024, 5, 5), 0, D(2024, 5, 5)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_add_days_never_overflows() -> None:
    assert add_days(D(9999, 12, 30), 5) == dt.date.max
    assert add_days(D(1, 1, 2), -5) == dt.date.min
    assert add_days(D(2024, 2, 28), 2) == D(2024, 3, 1)


@pytest.mark.parametrize(("key", "start", "end", "normal"), [
    ("2024-06", D(2024, 6, 1), D(2024, 6, 30), "2024-06"), ("2024-6", D(2024, 6, 1), D(2024, 6, 30), "2024-06"),
    ("2024/2", D(2024, 2, 1), D(2024, 2, 29), "2024-02"), ("2024年12月", D(2024, 12, 1), D(2024, 12, 31), "2024-12"),
])
def test_month_keys(key: str, start: dt.date, end: dt.date, normal: str) -> None:
    found = periods.month(key)
    assert (found.kind, found.start, found.end, found.key) == ("month", start, end, normal)


@pytest.mark.parametrize(("parse", "key"), [
    (periods.month, "2024-13"), (periods.month, "2024-0"), (periods.month, "24-06"), (periods.month, "0000-01"),
    (periods.half, "2024H3"), (periods.half, "2024"), (periods.year, "24"), (periods.year, "2024-06"),
])
def test_bad_period_keys_are_refused(parse: Any, key: str) -> None:
    with pytest.raises(ValueError):
        parse(key)


def test_halves_years_and_labels() -> None:
    assert (periods.half("2024h2").start, periods.half("2024H2").end) == (D(2024, 7, 1), D(2024, 12, 31))
    assert periods.half_year(D(2024, 6, 30)) == (D(2024, 1, 1), D(2024, 6, 30), "2024H1")
    assert periods.year("2024年").end == D(2024, 12, 31)
    assert D(2024, 6, 15) in periods.month("2024-06") and D(2024, 7, 1) not in periods.month("2024-06")
    assert periods.month("2024-06").label("zh") == "2024年6月"
    assert periods.half("2024H1").label("zh") == "2024年上半年"


def test_default_periods_follow_today_and_the_cycle() -> None:
    config = Config.model_validate(CONFIG | {"past_cycles": [{"id": "2023", "start": "2023-01-01",
                                                              "end": "2023-12-31"}]})
    assert periods.default_month(config, D(2023, 12, 31)) is None  # the current cycle has not begun
    assert periods.default_month(config, D(2024, 3, 15)).key == "2024-03"  # type: ignore[union-attr]
    assert periods.default_month(config, D(2025, 3, 15)).key == "2024-12"  # type: ignore[union-attr]
    assert periods.default_half(config, D(2024, 3, 15)).key == "2023H2"  # type: ignore[union-attr]
    assert periods.default_half(config, D(2024, 7, 1)).key == "2024H1"  # type: ignore[union-attr]
    assert periods.default_half(config, D(2025, 1, 1)).key == "2024H2"  # type: ignore[union-attr]
    assert periods.cycle_of(config, D(2023, 5, 1)).id == "2023" and periods.cycle_of(config, D(2030, 1, 1)).id == "2024"
    assert periods.known(config, periods.year("2023")) and not periods.known(config, periods.year("2022"))
    assert periods.span(config) == (D(2023, 1, 1), D(2024, 12, 31))


@pytest.mark.parametrize("blank", [" ", "\u3000", "\u200b", "\u200b\u200c\ufeff", "\u3164", "\u00ad", " \u2800 "])
def test_text_that_shows_nothing_is_blank(blank: str) -> None:
    """An owner, a reason or a reference made of zero-width characters or fillers says nothing."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        risk(owner=blank)
    assert risk(owner="张\u200b三").owner == "张\u200b三"  # a name with one inside is still a name
