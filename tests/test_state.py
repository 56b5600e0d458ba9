"""Computed closed-loop state at every boundary, read through `pdca export --format json`."""

from __future__ import annotations

import pytest
from conftest import pdca, write_register

AS_OF = "2024-06-30"


def finding(fid: str, deadline: str, **extra: str) -> str:
    fields = ", ".join(f"{k}: {v}" for k, v in extra.items())
    return (f"        - {{id: {fid}, problem: 问题{fid}, department: purchasing, deadline: {deadline}"
            + (f", {fields}" if fields else "") + "}\n")


CHECKS = (
    "checks:\n"
    "  - id: OLD\n    source: 审计\n    title: 上一年度审计\n    date: 2023-11-01\n    findings:\n"
    + finding("OLD-F1", "2024-01-31", risk="CG-001", status="closed", done="2024-01-20", result="已整改",
              evidence="OA-1", closed="{date: 2024-01-25, by: 纪委办}")
    + finding("OLD-F2", "2024-03-31")
    + "  - id: CHK\n    source: 巡视巡察\n    title: 巡察\n    date: 2024-02-01\n    findings:\n"
    + finding("TODAY", "2024-06-30")
    + finding("YESTERDAY", "2024-06-29")
    + finding("D30", "2024-05-31", status="rectifying")
    + finding("D31", "2024-05-30")
    + finding("D90", "2024-04-01")
    + finding("D91", "2024-03-31")
    + finding("LONG", "2024-03-01", long_term="true")
    + finding("BYRISK", "2024-07-31", risk="CG-001")
    + finding("DISMISSED", "2024-07-31", risk="CG-001", repeat_of="none")
    + finding("NULLED", "2024-07-31", risk="CG-001", repeat_of="null")
    + finding("BYLINK", "2024-07-31", repeat_of="OLD-F1")
    + finding("SAMEDAY", "2024-07-31", repeat_of="TODAY", risk="CG-001")
    + finding("EXTENDED", "2024-05-31",
              extensions="[{until: 2024-07-31, approved_by: 纪委办, date: 2024-05-20, reason: 设备到货延迟}]")
    + finding("EXTLATER", "2024-05-31",
              extensions="[{until: 2024-08-31, approved_by: 纪委办, date: 2024-07-05, reason: 待定}]")
    + finding("DECIDED", "2024-04-01",
              actions="[{kind: notice, date: 2024-04-10, ref: 通报〔2024〕1号}, "
                      "{kind: 考核, date: 2024-06-01, ref: KH-1}, {kind: accountability, date: 2024-07-15, ref: W-1}]")
    + finding("WAITING", "2024-06-30", status="done", done="2024-06-10", result="已整改", evidence="OA-2")
    + finding("LATEDONE", "2024-06-01", status="closed", done="2024-07-10", result="已整改", evidence="OA-3",
              closed="{date: 2024-07-20, by: 纪委办}")
    + "  - id: LATER\n    source: 审计\n    title: 复查\n    date: 2024-03-01\n    findings:\n"
    + finding("AGAIN", "2024-07-31", repeat_of="BYLINK")
    + "  - id: FUTURE\n    source: 审计\n    title: 下半年审计\n    date: 2024-08-01\n    findings:\n"
    + finding("NOTYET", "2024-08-31")
)
RISKS = "risks:\n  - {id: CG-001, title: 供应商选择, area: procurement, dimension: 业务流程}\n"


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:  # type: ignore[type-arg]
    root = write_register(tmp_path_factory.mktemp("state") / "reg", {"checks/all.yaml": CHECKS, "risks/cg.yaml": RISKS})
    result = pdca("export", root, "--as-of", AS_OF)
    assert result.code == 0, result.err
    return {f["id"]: f for f in result.json()["findings"]}


@pytest.mark.parametrize(
    "fid, overdue, days, escalation",
    [
        ("TODAY", False, 0, None),
        ("YESTERDAY", True, 1, "notice"),
        ("D30", True, 30, "notice"),
        ("D31", True, 31, "assessment"),
        ("D90", True, 90, "assessment"),
        ("D91", True, 91, "accountability"),
        ("LONG", False, 0, None),
    ],
)
def test_overdue_days_and_escalation_at_each_boundary(findings, fid, overdue, days, escalation) -> None:  # type: ignore[no-untyped-def]
    item = findings[fid]
    assert (item["overdue"], item["days_overdue"], item["escalation"]) == (overdue, days, escalation)


def test_same_risk_is_only_a_suspicion_and_never_escalates(findings) -> None:  # type: ignore[no-untyped-def]
    item = findings["BYRISK"]
    assert item["repeat_suspected"] == ["OLD-F1"] and not item["repeat"] and item["repeat_source"] is None
    assert item["escalation"] is None and item["repeat_depth"] == 0 and not item["overdue"]
    assert findings["NULLED"]["repeat_suspected"] == ["OLD-F1"]  # null is the same as leaving it out


def test_a_link_to_a_finding_of_the_same_day_confirms_nothing(findings) -> None:  # type: ignore[no-untyped-def]
    item = findings["SAMEDAY"]  # found with TODAY by the same check: it cannot repeat it
    assert not item["repeat"] and item["escalation"] is None
    assert item["repeat_suspected"] == ["OLD-F1"]  # a bad link does not hide a real candidate


def test_repeat_of_none_dismisses_the_suspicion(findings) -> None:  # type: ignore[no-untyped-def]
    item = findings["DISMISSED"]
    assert item["repeat_suspected"] == [] and not item["repeat"] and item["escalation"] is None


def test_an_extension_moves_the_effective_deadline_from_its_approval_on(findings) -> None:  # type: ignore[no-untyped-def]
    extended = findings["EXTENDED"]
    assert (extended["deadline"], extended["effective_deadline"]) == ("2024-05-31", "2024-07-31")
    assert not extended["overdue"] and extended["escalation"] is None
    later = findings["EXTLATER"]  # approved after the as-of date: not in force yet
    assert later["effective_deadline"] == "2024-05-31" and later["days_overdue"] == 30
    assert later["escalation"] == "notice"


def test_recorded_actions_count_from_their_date_and_the_strongest_wins(findings) -> None:  # type: ignore[no-untyped-def]
    decided = findings["DECIDED"]  # 90 days overdue: assessment suggested since 2024-05-02
    assert decided["escalation"] == "assessment" and decided["escalation_since"] == "2024-05-02"
    assert decided["action"] == "assessment"  # the accountability of July is not known on June 30
    assert decided["action_pending_days"] == 0
    assert findings["D91"]["action"] is None and findings["D91"]["action_pending_days"] == 0  # reached today
    assert findings["D90"]["action_pending_days"] == 59  # assessment since 2024-05-02


def test_repeat_by_link_and_repeat_of_a_repeat(findings) -> None:  # type: ignore[no-untyped-def]
    assert findings["BYLINK"]["repeat"] and findings["BYLINK"]["repeat_source"] == "OLD-F1"
    assert findings["BYLINK"]["escalation"] == "assessment" and findings["BYLINK"]["repeat_suspected"] == []
    again = findings["AGAIN"]
    assert again["repeat_depth"] == 2 and again["escalation"] == "accountability"


def test_an_earlier_finding_still_open_does_not_make_a_repeat(findings) -> None:  # type: ignore[no-untyped-def]
    assert findings["OLD-F2"]["repeat"] is False


def test_done_but_not_closed_waits_for_verification(findings) -> None:  # type: ignore[no-untyped-def]
    item = findings["WAITING"]
    assert item["awaiting_verification"] and item["days_awaiting_verification"] == 20
    assert not item["overdue"] and item["status_as_of"] == "done"


def test_status_as_of_replays_the_recorded_dates(findings) -> None:  # type: ignore[no-untyped-def]
    late = findings["LATEDONE"]
    assert late["status"] == "closed" and late["status_as_of"] == "rectifying"
    assert late["overdue"] and late["days_overdue"] == 29
    future = findings["NOTYET"]
    assert future["status_as_of"] is None and not future["overdue"] and future["escalation"] is None


def test_carried_over_from_before_the_cycle(findings) -> None:  # type: ignore[no-untyped-def]
    assert findings["OLD-F2"]["carried_over"] is True
    assert findings["OLD-F1"]["carried_over"] is False and findings["D31"]["carried_over"] is False
