"""pdca's own edits: the smallest change, everything else kept byte for byte, nothing lost on failure.

Whole files are compared before and after; registers are real folders, in real git repositories where
the diff is the point.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, pdca, write_register

from pdca.io.yaml_edit import Document


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example register in a fresh git repository, committed."""
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base"],
                   check=True)
    return root


def changed_lines(root: Path) -> list[str]:
    """The lines `git diff` adds and removes (without headers)."""
    diff = subprocess.run(["git", "-C", str(root), "diff", "-U0"], capture_output=True, text=True, check=True).stdout
    return [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("path", sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*.yaml")))
def test_a_no_op_edit_of_every_example_file_gives_identical_bytes(path: str, tmp_path: Path) -> None:
    target = tmp_path / "f.yaml"
    shutil.copy(EXAMPLE / path, target)
    before = target.read_bytes()
    document = Document(target)
    assert document.data() == before and not document.changed
    assert document.save() is False and target.read_bytes() == before


def test_crlf_and_bom_are_kept_on_edit(tmp_path: Path) -> None:
    text = "risks:\r\n  - id: CG-001  # 注释\r\n    title: t\r\n    stage: P\r\n"
    path = tmp_path / "r.yaml"
    path.write_bytes(codecs.BOM_UTF8 + text.encode())
    document = Document(path)
    document.set(("risks", 0, "stage"), "D")
    document.append(("risks", 0, "history"), {"stage": "D", "date": dt.date(2024, 7, 1), "note": "a, b"})
    document.save()
    assert path.read_bytes() == codecs.BOM_UTF8 + (
        "risks:\r\n  - id: CG-001  # 注释\r\n    title: t\r\n    stage: D\r\n"
        "    history:\r\n      - {stage: D, date: 2024-07-01, note: \"a, b\"}\r\n").encode()


def test_an_interrupted_write_leaves_the_original_intact(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = repo / "risks" / "hospitality.yaml"
    before = target.read_bytes()

    def fail(*args: object) -> None:
        raise OSError("disk gone at the worst moment")

    monkeypatch.setattr(os, "replace", fail)  # the temp file is written; the rename fails
    result = pdca("advance", "ZD-003", "--to", "C", "--as-of", "2024-07-01", "-r", repo)
    assert result.code == 2 and "Traceback" not in result.err
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir() if p.name.startswith(".")) == []  # no temp file left


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = write_register(tmp_path / "reg", {"risks/r.yaml": "risks:\n  - {id: CG-001, title: t, area: procurement, dimension: 业务流程}\n"}) / "risks" / "r.yaml"
    document = Document(path)
    document.set(("risks", 0, "title"), "新名称")
    path.write_text("risks: []  # someone else's change\n", encoding="utf-8")
    with pytest.raises(Exception) as refused:
        document.save()
    assert "changed" in str(refused.value) or "修改过" in str(refused.value)
    assert path.read_text(encoding="utf-8") == "risks: []  # someone else's change\n"


def test_two_processes_editing_one_file_never_lose_a_change_silently(repo: Path) -> None:
    script = (
        "import sys, time; from pathlib import Path; from pdca.io.yaml_edit import Document\n"
        "d = Document(Path(sys.argv[1])); d.set(('risks', int(sys.argv[2]), 'reviewed'), '2024-12-0' + sys.argv[2])\n"
        "time.sleep(0.5)\n"
        "try:\n    d.save(); print('saved')\nexcept Exception as e:\n    print('refused')\n"
    )
    target = repo / "risks" / "procurement.yaml"
    runs = [subprocess.Popen([sys.executable, "-c", script, str(target), str(n)], stdout=subprocess.PIPE, text=True)
            for n in (1, 2)]
    outcomes = sorted(run.communicate(timeout=60)[0].strip() for run in runs)
    assert outcomes == ["refused", "saved"]
    text = target.read_text(encoding="utf-8")
    assert ("reviewed: 2024-12-01" in text) != ("reviewed: 2024-12-02" in text)


def test_advance_changes_only_the_stage_and_appends_history(repo: Path) -> None:
    result = pdca("advance", "ZD-003", "CG-005", "--to", "C", "--as-of", "2024-07-01", "-r", repo)
    assert result.code == 0, result.err
    assert "ZD-003：D 执行 → C 检查" in result.out
    assert changed_lines(repo) == [
        "-    stage: D",
        "+    stage: C",
        "+      - {stage: C, date: 2024-07-01, note: 推进至 C 检查}",
        "-    stage: D",
        "+    stage: C",
        "+      - {stage: C, date: 2024-07-01, note: 推进至 C 检查}",
    ]
    assert pdca("check", repo, "--as-of", "2024-07-01", "--format", "json").json()["summary"]["errors"] == 0


def test_advance_refuses_with_the_condition_that_failed_and_changes_nothing(repo: Path) -> None:
    result = pdca("advance", "ZD-003", "CG-001", "--to", "C", "--as-of", "2024-07-01", "-r", repo)
    assert result.code == 1
    assert "CG-001 不能进入C 检查阶段：措施 CG-001-M2 状态为推进中，尚未完成" in result.err
    assert "未作任何修改" in result.err and changed_lines(repo) == []  # ZD-003 could move, but all or nothing


GATE_RISK = """\
risks:
  - id: CG-001
    title: 供应商选择中的利益输送
    area: procurement
    department: purchasing
    owner: 采购部经理
    dimension: 业务流程
    likelihood: 2
    impact: 2
    stage: {stage}
    measures:
      - {{id: CG-001-M1, title: 集体评审, line: before, status: done, done: 2024-03-01, evidence: OA-1}}
"""
GATE_CHECK = "checks:\n  - {id: SJ-1, source: 审计, title: 审计, date: 2024-05-10, risks: [CG-001]}\n"


@pytest.mark.parametrize(
    "stage, to, change, message",
    [
        ("P", "D", ("    likelihood: 2\n", ""), "缺少 likelihood（可能性）"),
        ("P", "D", ("    owner: 采购部经理\n", ""), "缺少 owner（责任人）"),
        ("P", "D", ("    department: purchasing\n", ""), "缺少 department（责任部门）"),
        ("P", "D", ("status: done, done: 2024-03-01, evidence: OA-1", "status: dropped"), "没有未取消的防控措施"),
        ("P", "D", ("    impact: 2\n", "    impact: 4\n"), "一级风险需在至少两道防线（事前/事中/事后）上有措施，目前只有事前"),
        ("D", "C", ("status: done, done: 2024-03-01, evidence: OA-1", "status: in_progress"), "措施 CG-001-M1 状态为推进中，尚未完成"),
        ("D", "C", (", evidence: OA-1", ""), "措施 CG-001-M1 已完成但缺少佐证材料 evidence"),
        ("D", "C", (", done: 2024-03-01", ""), "措施 CG-001-M1 已完成但缺少完成日期 done"),
        ("C", "A", ("date: 2024-05-10", "date: 2023-05-10"), "本周期（2024-01-01 至 2024-12-31）内没有检查覆盖该风险点"),
        ("C", "A", ("risks: [CG-001]}", "findings: [{id: F1, risk: CG-001, problem: p, department: purchasing, deadline: 2024-07-31}]}"), "整改事项未完成：F1"),
    ],
)
def test_each_gate_condition_is_named(tmp_path: Path, stage: str, to: str, change: tuple[str, str], message: str) -> None:
    risk = GATE_RISK.format(stage=stage)
    check = GATE_CHECK
    if change[0] in risk:
        risk = risk.replace(*change)
    else:
        check = check.replace(*change)
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": risk, "checks/c.yaml": check})
    before = (root / "risks" / "cg.yaml").read_bytes()
    result = pdca("advance", "CG-001", "--to", to, "-r", root)
    assert result.code == 1 and message in result.err, result.err
    assert (root / "risks" / "cg.yaml").read_bytes() == before
    fixed = write_register(tmp_path / "ok", {"risks/cg.yaml": GATE_RISK.format(stage=stage), "checks/c.yaml": GATE_CHECK})
    assert pdca("advance", "CG-001", "--to", to, "-r", fixed).code == 0  # the same move passes without the defect


def test_moving_back_needs_a_reason_and_is_recorded(repo: Path) -> None:
    refused = pdca("advance", "SZYD-003", "--to", "C", "-r", repo)
    assert refused.code == 1 and "需要说明理由（--reason）" in refused.err
    moved = pdca("advance", "SZYD-003", "--to", "C", "--reason", "复查发现会议纪要不全", "--as-of", "2024-10-08", "-r", repo)
    assert moved.code == 0
    assert "+      - {stage: C, date: 2024-10-08, note: 复查发现会议纪要不全}" in changed_lines(repo)
    back_to_plan = pdca("advance", "SZYD-003", "--to", "P", "--reason", "x", "-r", repo)
    assert back_to_plan.code == 1 and "pdca cycle start" in back_to_plan.err


def test_dry_run_prints_the_diff_and_writes_nothing(repo: Path) -> None:
    result = pdca("advance", "ZD-003", "--to", "C", "--as-of", "2024-07-01", "--dry-run", "-r", repo)
    assert result.code == 0 and "+    stage: C" in result.out and "试运行" in result.out
    assert changed_lines(repo) == []


def test_selectors_move_only_the_risks_behind(repo: Path) -> None:
    result = pdca("advance", "--area", "hospitality", "--to", "D", "--as-of", "2024-07-01", "-r", repo)
    # only ZD-004 (in P) is behind D in that area, and it has no measure yet: refused, nothing changed
    assert result.code == 1 and "ZD-004 不能进入D 执行阶段：没有未取消的防控措施" in result.err
    assert "ZD-001" not in result.err and "ZD-003" not in result.err
    assert changed_lines(repo) == []
    unknown = pdca("advance", "NO-SUCH", "--to", "D", "-r", repo)
    assert unknown.code == 2 and "NO-SUCH" in unknown.err


def test_finding_lifecycle_and_its_refusals(repo: Path) -> None:
    def run(*args: str) -> object:
        return pdca("finding", *args, "-r", str(repo))

    closed_too_early = run("close", "SJ-2024-01-F1", "--by", "纪委办公室")
    assert closed_too_early.code == 1 and "只有整改完成的事项才能销号" in closed_too_early.err  # type: ignore[attr-defined]
    assert run("done", "SJ-2024-01-F1", "--result", "已追回多付款项", "--evidence", "OA-2024-0801",
               "--date", "2024-07-10").code == 0  # type: ignore[attr-defined]
    own = run("close", "SJ-2024-01-F1", "--by", "徐静", "--date", "2024-07-12")
    assert own.code == 1 and "不能为自己销号" in own.err  # type: ignore[attr-defined]
    assert run("return", "SJ-2024-01-F1", "--reason", "缺少银行回单", "--by", "纪委办公室", "--date", "2024-07-12").code == 0  # type: ignore[attr-defined]
    again = run("return", "SJ-2024-01-F1", "--reason", "x")
    assert again.code == 1 and "只有整改完成的事项才能退回补充" in again.err  # type: ignore[attr-defined]
    assert run("done", "SJ-2024-01-F1", "--result", "已补充银行回单", "--evidence", "HD-0715", "--date", "2024-07-15").code == 0  # type: ignore[attr-defined]
    assert run("close", "SJ-2024-01-F1", "--by", "纪委办公室", "--date", "2024-07-16").code == 0  # type: ignore[attr-defined]
    assert changed_lines(repo) == [
        "-        status: open",
        "+        status: closed",
        "+        done: 2024-07-15",
        "+        result: 已补充银行回单",
        "+        evidence: HD-0715",
        "+        history:",
        "+          - {status: rectifying, date: 2024-07-12, note: 缺少银行回单, by: 纪委办公室}",
        "+        closed: {date: 2024-07-16, by: 纪委办公室}",
    ]
    assert pdca("check", repo, "--as-of", "2024-07-16", "--format", "json").json()["summary"]["errors"] == 0


def test_cycle_start_turns_the_spiral(repo: Path) -> None:
    refused = pdca("cycle", "start", "2025", "--start", "2025-01-01", "--end", "2025-12-31", "-r", repo)
    assert refused.code == 1 and "--force" in refused.err and changed_lines(repo) == []
    result = pdca("cycle", "start", "2025", "--start", "2025-01-01", "--end", "2025-12-31", "--force", "-r", repo)
    assert result.code == 0, result.err
    lines = changed_lines(repo)
    assert '-  id: "2024"' in lines and "+  id: 2025" in lines or '+  id: "2025"' in lines
    assert "+  start: 2025-01-01" in lines and "+  end: 2025-12-31" in lines
    assert lines.count("+    stage: P") == 43  # every risk not already in P, none retired in the example
    check = pdca("check", repo, "--as-of", "2025-01-02", "--format", "json").json()
    assert check["summary"]["errors"] == 0
    findings = pdca("export", repo, "--as-of", "2025-01-02").json()["findings"]
    assert any(f["carried_over"] for f in findings)


def test_new_entries_get_the_next_id_and_land_in_the_right_place(repo: Path) -> None:
    def new(*args: str) -> str:
        result = pdca("new", *args, "-r", str(repo))
        assert result.code == 0, result.err
        return result.out

    assert new("risk", "--area", "procurement", "--title", "紧急采购程序被滥用, 规避比价", "--dimension", "业务流程",
               "--department", "purchasing", "--as-of", "2024-07-01") == "已新增 CG-008 → risks/procurement.yaml:290\n"
    assert "CG-008-M1" in new("measure", "--risk", "CG-008", "--title", "紧急采购事后补办审批", "--line", "事后",
                              "--due", "2024-09-30")
    assert "SJ-2024-03 → checks/shenji-2024.yaml" in new("check", "--source", "审计", "--title", "下半年采购审计",
                                                         "--date", "2024-10-15", "--departments", "purchasing")
    assert "SJ-2024-03-F1" in new("finding", "--check", "SJ-2024-03", "--problem", "合同未经法务审核",
                                  "--department", "purchasing", "--deadline", "2024-11-30", "--risk", "CG-008")
    assert "checks/xf-2024.yaml:2" in new("check", "--source", "信访举报", "--title", "信访线索核查", "--date", "2024-08-01")
    added = changed_lines(repo)
    assert all(line.startswith("+") for line in added)  # only additions: nothing else in the files moved
    assert "+  - id: CG-008" in added and '+    title: "紧急采购程序被滥用, 规避比价"' in added
    assert "+      - id: SJ-2024-03-F1" in added and "+        risk: CG-008" in added
    check = pdca("check", repo, "--as-of", "2024-12-01", "--format", "json").json()
    assert check["summary"]["errors"] == 0


def test_new_without_a_terminal_says_what_is_missing(repo: Path) -> None:
    result = pdca("new", "finding", "--check", "SJ-2024-01", "-r", repo)
    assert result.code == 2 and "--problem, --department, --deadline" in result.err
    unknown = pdca("new", "measure", "--risk", "CG-999", "--title", "t", "--line", "before", "-r", repo)
    assert unknown.code == 2 and "CG-999" in unknown.err


def test_fmt_puts_keys_in_the_format_order_and_keeps_comments(tmp_path: Path) -> None:
    messy = (
        "# 物资采购领域\n"
        "risks:\n"
        "- dimension: 业务流程   # 五个维度之一\n"
        "  title: 供应商选择\n"
        "  id: CG-001\n"
        "  area: procurement\n"
        "  measures:\n"
        "  - {line: before, id: CG-001-M1, title: 集体评审}\n"
    )
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": messy})
    check = pdca("fmt", root, "--check")
    assert check.code == 1 and "risks/cg.yaml" in check.out
    assert (root / "risks" / "cg.yaml").read_text(encoding="utf-8") == messy  # --check changes nothing
    assert pdca("fmt", root).code == 0
    assert (root / "risks" / "cg.yaml").read_text(encoding="utf-8") == (
        "# 物资采购领域\n"
        "risks:\n"
        "  - id: CG-001\n"
        "    title: 供应商选择\n"
        "    area: procurement\n"
        "    dimension: 业务流程 # 五个维度之一\n"  # kept; its alignment follows the new indentation
        "    measures:\n"
        "      - {id: CG-001-M1, title: 集体评审, line: before}\n"
    )
    again = pdca("fmt", root, "--check")
    assert again.code == 0 and again.out == ""  # idempotent


def test_fmt_leaves_the_example_register_as_it_is() -> None:
    result = pdca("fmt", EXAMPLE, "--check")
    assert result.code == 0 and result.out == ""


def test_fmt_reports_a_broken_file_and_goes_on(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/a.yaml": "risks: [\n", "risks/b.yaml": "risks:\n- {id: X, title: t, area: a, dimension: 业务流程}\n"})
    result = pdca("fmt", root)
    assert result.code == 2 and "risks/a.yaml" in result.err and "Traceback" not in result.err
    assert (root / "risks" / "b.yaml").read_text(encoding="utf-8").startswith("risks:\n  - {id: X")
