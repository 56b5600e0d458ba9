"""The records of the method (issue 19) through the real command line: 两个责任, typed activities, 会议决议督办
and 考核单, the 权职目录, 专项整治, on real register folders and real git repositories."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import BASE_CONFIG, EXAMPLE, ROOT, pdca, write_register

#: the activities file of the example register as it was before kinds were closed (free text)
OLD_ACTIVITIES = """\
activities:
  - id: HD-2024-01
    kind: 廉政教育
    title: 廉政教育月启动暨“每月一课”观看专题片《零容忍》
    date: 2024-01-26
    departments: [purchasing, finance]
  - id: HD-2024-02
    kind: 节日提醒
    title: 2024年春节前廉洁提醒及致员工家属廉洁倡议书
    date: 2024-02-05
    departments: [purchasing, finance]
  - {id: HD-2024-03, kind: 廉洁谈话, title: 新提任中层干部任前廉洁谈话, date: 2024-03-15, participants: [P-0001]}
  - {id: HD-2024-04, kind: 警示教育, title: 身边案例警示教育, date: 2024-04-18}
  - {id: HD-2024-05, kind: 提醒谈话, title: 提醒谈话, date: 2024-05-09, risks: [CG-001]}
"""
RISK = "risks:\n  - {id: CG-001, title: 供应商选择, area: procurement, department: purchasing, dimension: 业务流程}\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True,
                   capture_output=True)


# --- activities: a closed set of kinds; the files kept before keep working -----------------------------


def test_an_activities_file_written_before_kinds_were_closed_still_reads(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": RISK, "activities/2024.yaml": OLD_ACTIVITIES})
    check = pdca("check", root, "--as-of", "2024-06-30", "--format", "json")
    assert check.code == 0 and check.json()["summary"]["errors"] == 0, check.out
    kinds = {a["id"]: a["kind"] for a in pdca("export", root, "--as-of", "2024-06-30").json()["activities"]}
    assert kinds == {"HD-2024-01": "education", "HD-2024-02": "holiday_reminder", "HD-2024-03": "integrity_talk",
                     "HD-2024-04": "warning_education", "HD-2024-05": "reminder_talk"}


def test_a_free_text_kind_is_refused_at_its_place_with_what_to_write(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"activities/2024.yaml": OLD_ACTIVITIES.replace("kind: 警示教育", "kind: 学习会")})
    result = pdca("check", root, "--as-of", "2024-06-30")
    assert result.code == 1 and "Traceback" not in result.err
    line = next(line for line in result.out.splitlines() if "学习会" in line)
    assert line.strip().startswith("13:22 ") and "每月一课" in line and "lesson" in line and "[schema]" in line
    english = pdca("check", root, "--as-of", "2024-06-30", "--lang", "en").out
    assert "is not an activity kind" in english and "integrity_talk" in english


# --- 会议决议督办: the closed loop of findings, one computation ------------------------------------------


FOLLOWED = {
    "deadline": "2024-03-31",
    "status": "rectifying",
    "extensions": "[{until: 2024-04-30, approved_by: 纪委办公室, date: 2024-03-25, reason: 设备到货延迟}]",
    "actions": "[{kind: 通报, date: 2024-05-20, ref: 纪委办通报〔2024〕3号}, {kind: 考核, date: 2024-06-10, ref: KH-2024-009, sheet: KH-2024-009}]",
}


def _followed_register(root: Path) -> Path:
    fields = "".join(f"    {k}: {v}\n" for k, v in FOLLOWED.items())
    return write_register(root, {
        "risks/cg.yaml": RISK,
        "checks/sj.yaml": ("checks:\n  - id: SJ-2024-01\n    source: 审计\n    title: 采购专项审计\n    date: 2024-03-01\n"
                           "    findings:\n      - id: SJ-2024-01-F1\n        problem: 评审记录不完整\n"
                           "        department: purchasing\n        owner: 采购部经理\n"
                           + "".join(f"    {line}" for line in fields.splitlines(keepends=True))),
        "decisions/2024.yaml": ("decisions:\n  - id: JY-2024-03-01\n    meeting: 月度例会\n    date: 2024-03-01\n"
                                "    decision: 补齐评审记录并修订评审办法\n    department: purchasing\n    owner: 采购部经理\n"
                                + fields),
        "assessments/2024.yaml": ("assessments:\n  - {id: KH-2024-009, date: 2024-06-10, department: purchasing, "
                                  "reason: 整改与决议落实均逾期}\n"),
    })


def test_a_decision_is_followed_by_the_same_computation_as_a_finding(tmp_path: Path) -> None:
    root = _followed_register(tmp_path / "reg")
    for day in ("2024-04-15", "2024-05-31", "2024-06-30", "2024-09-30"):
        document = pdca("export", root, "--as-of", day).json()
        finding, decision = document["findings"][0], document["decisions"][0]
        computed = ("status_as_of", "effective_deadline", "overdue", "days_overdue", "escalation", "escalation_since",
                    "action", "action_pending_days", "awaiting_verification", "carried_over")
        assert {k: decision[k] for k in computed} == {k: finding[k] for k in computed}, day
    assert (decision["days_overdue"], decision["escalation"], decision["action"]) == (153, "accountability", "assessment")
    assert document["assessments"][0]["sources"] == ["JY-2024-03-01", "SJ-2024-01-F1"]
    check = pdca("check", root, "--as-of", "2024-06-30", "--format", "json").json()["diagnostics"]
    late = [d for d in check if d["rule"] == "decision-overdue"]
    assert len(late) == 1 and "61 天" in late[0]["message"] and "建议考核" in late[0]["message"]
    assert "已考核（KH-2024-009）" in late[0]["message"]


def test_the_tongbao_and_status_show_meeting_decisions_and_their_assessment_sheets(tmp_path: Path) -> None:
    root = _followed_register(tmp_path / "reg")
    report = pdca("report", root, "--month", "2024-06").out
    section = report.split("会议决议督办")[1].split("\n## ")[0]
    assert "| 1 | JY-2024-03-01 | 月度例会（2024-03-01） | 补齐评审记录并修订评审办法 |" in section
    assert "2024-03-31（延期至 2024-04-30）" in section and "| 61 | 建议考核 |" in section
    assert "| 1 | KH-2024-009 | 2024-06-10 | 物资采购部 | 整改与决议落实均逾期 | JY-2024-03-01、SJ-2024-01-F1 |" in section
    status = pdca("status", root, "--as-of", "2024-06-30").out
    table = status.split("逾期会议决议")[1]
    assert "JY-2024-03-01" in table and "考核" in table and "KH-2024-009" in table


def test_a_register_without_the_records_gets_the_reports_it_had(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": RISK})
    monthly = pdca("report", root, "--month", "2024-06").out
    annual = pdca("report", root, "--year", "2024").out
    for text in (monthly, annual):
        assert "会议决议督办" not in text and "专项整治" not in text and "两个责任" not in text and "每月一课" not in text


# --- 两个责任, 每月一课 and 廉洁谈话 ---------------------------------------------------------------------


def test_the_duties_are_asked_once_the_register_keeps_the_records(tmp_path: Path) -> None:
    config = BASE_CONFIG + "  - {id: keeper, name: 仓储管理员, department: purchasing, powers: [物资出入库]}\n"
    quiet = write_register(tmp_path / "quiet", {"risks/cg.yaml": RISK}, config)
    rules = {d["rule"] for d in pdca("check", quiet, "--as-of", "2024-12-31", "--format", "json").json()["diagnostics"]}
    assert not rules & {"pledge-missing", "lesson-missing", "talk-missing"}
    kept = write_register(tmp_path / "kept", {"risks/cg.yaml": RISK, "pledges/2024.yaml": "pledges: []\n",
                                              "activities/2024.yaml": "activities: []\n"}, config)
    found = pdca("check", kept, "--as-of", "2024-07-02", "--format", "json").json()["diagnostics"]
    said = {(d["rule"], d["message"].split("（")[0]) for d in found}
    assert ("pledge-missing", "部门 purchasing 在周期 2024 尚未签订《党风廉政建设责任书》") in said
    assert ("pledge-missing", "重点岗位 keeper") in said  # a post holding powers is a key post
    assert ("talk-missing", "部门 purchasing 的负责人在周期 2024 尚无廉洁谈话") in said
    assert sorted(d["message"][:7] for d in found if d["rule"] == "lesson-missing") == [
        "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    status = pdca("status", kept, "--as-of", "2024-07-02").out
    assert "尚未签订的责任书、承诺书" in status and "本周期负责人尚无廉洁谈话的部门" in status
    assert "没有开展“每月一课”的月份（6）" in status


def test_the_example_register_reports_who_signed_and_what_was_held(tmp_path: Path) -> None:
    report = pdca("report", EXAMPLE, "--month", "2024-06").out
    assert "- “两个责任”：10/10 个部门签订《党风廉政建设责任书》，15/15 个重点岗位签订《廉洁从业承诺书》。" in report
    assert "- “每月一课”：本周期已结束的 5 个月中 5 个月开展，本月已开展。" in report
    annual = pdca("report", EXAMPLE, "--year", "2024").out
    assert "## 三、“两个责任”、廉政教育与专项整治" in annual and "每月一课 12 项" in annual
    assert "本年发起考核单 4 张" in annual


# --- 权职目录 ---------------------------------------------------------------------------------------------


def test_the_powers_report_and_sheet_link_each_power_to_its_risks(tmp_path: Path) -> None:
    report = pdca("report", EXAMPLE, "--kind", "powers")
    assert report.code == 0, report.err
    assert report.out.startswith("# X公司权职目录\n")
    assert "**未识别风险点**" not in report.out  # every power of the example has a risk point
    assert "| 1 | 总经理（重点岗位） | 主持总经理办公会 | SZYD-003 " in report.out
    assert "| 4 | 综合办公室主任 | （未注明权力事项的风险点） | SZYD-004 " in report.out
    workbook = tmp_path / "x.xlsx"
    assert pdca("export", EXAMPLE, "--format", "xlsx", "-o", workbook, "--as-of", "2024-06-30").code == 0
    sheet = openpyxl.load_workbook(workbook)["权职目录"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["责任部门", "岗位", "权力事项", "风险点"]
    assert ["财务部", "财务部经理", "资金支付审核", "ZJ-001、ZJ-003"] in rows
    assert ["综合办公室", "综合办公室主任", "业务招待审批", "ZD-001、ZD-002、ZD-003、ZD-004"] in rows


def test_a_post_whose_powers_change_without_a_review_is_flagged_in_diff(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    config = BASE_CONFIG.replace("  - {id: buyer, name: 采购专员, department: purchasing}",
                                 "  - {id: buyer, name: 采购专员, department: purchasing, powers: [供应商询价]}")
    risk = ("risks:\n  - {id: CG-001, title: 询价中泄露标底, area: procurement, department: purchasing, post: buyer, "
            "power: 供应商询价, dimension: 业务流程, reviewed: 2024-01-10}\n")
    write_register(repo, {"risks/cg.yaml": risk}, config)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    (repo / "pdca.yaml").write_text(config.replace("powers: [供应商询价]", "powers: [供应商询价, 采购合同拟定]"),
                                    encoding="utf-8")
    diff = pdca("diff", "HEAD", "-r", repo).out
    flagged = diff.split("需要重点审查")[1].split("###")[0]
    assert "岗位 采购专员 的权力事项变动：新增 采购合同拟定" in flagged and "CG-001 未在本次变更中复核" in flagged
    (repo / "risks" / "cg.yaml").write_text(risk.replace("reviewed: 2024-01-10", "reviewed: 2024-06-20"), encoding="utf-8")
    diff = pdca("diff", "HEAD", "-r", repo).out
    assert "需要重点审查" not in diff and "岗位 采购专员 的权力事项变动" in diff


# --- 专项整治 ---------------------------------------------------------------------------------------------


def test_campaign_items_show_their_progress_in_the_report_and_export(tmp_path: Path) -> None:
    campaign = ("campaigns:\n  - id: wfq\n    name: 微权力专项治理\n    items:\n"
                "      - {id: WQ-01, title: 评审记录不全, group: 经营管理, findings: [SJ-2024-01-F1]}\n"
                "      - {id: WQ-02, title: 办公用品无台账}\n")
    root = _followed_register(tmp_path / "reg")
    (root / "pdca.yaml").write_text(BASE_CONFIG + campaign, encoding="utf-8")
    items = {i["id"]: i for i in pdca("export", root, "--as-of", "2024-06-30").json()["campaign_items"]}
    assert (items["WQ-01"]["progress"], items["WQ-02"]["progress"]) == ("overdue", "empty")
    report = pdca("report", root, "--month", "2024-06", "--force").out
    assert "| 1 | WQ-01 | 经营管理 | 评审记录不全 | 整改事项已完成 0/1 | 有逾期 |" in report
    assert "| 2 | WQ-02 | - | 办公用品无台账 | - | 未关联 |" in report
    found = pdca("check", root, "--as-of", "2024-06-30", "--format", "json").json()["diagnostics"]
    assert [d["line"] for d in found if d["rule"] == "campaign-item-empty"] == [17]


# --- pdca init, import, redact -----------------------------------------------------------------------------


def test_init_writes_the_record_files_and_a_complete_powers_catalogue(tmp_path: Path) -> None:
    target = tmp_path / "x"
    assert pdca("init", target, "--org", "测试公司", "--cycle", "2025", "--areas", "procurement").code == 0
    for folder in ("activities", "pledges", "decisions", "assessments"):
        text = (target / folder / "2025.yaml").read_text(encoding="utf-8")
        assert text.endswith(f"\n{folder}: []\n") and text.startswith("# ")
    found = pdca("check", target, "--as-of", "2025-04-01", "--format", "json").json()
    assert found["summary"]["errors"] == 0
    rules = {d["rule"] for d in found["diagnostics"]}
    assert "pledge-missing" in rules and "lesson-missing" in rules and "power-without-risk" not in rules


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_examples_pdca_init_writes_pass_check_when_taken_as_the_comment_says(
        tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new user does what the comment says (remove the #, write under `pledges:`, drop the `[]`): the
    examples name the register's own departments and posts, so nothing is an unknown reference, and
    the path the message tells them to check is typed as one word even with a space in it."""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "xgs 公司"
    done = pdca("init", "xgs 公司", "--org", "X公司", "--cycle", "2025", "--areas", "procurement,三重一大", "--lang", lang)
    assert done.code == 0 and done.out.rstrip().endswith('pdca check "xgs 公司"'), done.out
    for folder in ("activities", "pledges", "decisions", "assessments"):
        path = target / folder / "2025.yaml"
        lines = path.read_text(encoding="utf-8").splitlines()
        examples = [line[2:] for line in lines if line.startswith("#   - ")]
        assert examples and lines[-1] == f"{folder}: []"
        path.write_text("\n".join([*lines[:-1], f"{folder}:", *examples]) + "\n", encoding="utf-8")
    found = pdca("check", target, "--as-of", "2025-06-30", "--format", "json").json()["diagnostics"]
    assert [(d["file"], d["message"]) for d in found if d["severity"] == "error"
            and "整改事项编号" not in d["message"] and "finding id" not in d["message"]] == []


def test_import_of_a_sheet_without_powers_links_each_risk_to_the_power_it_makes(tmp_path: Path) -> None:
    workbook = tmp_path / "清单.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "部门", "岗位", "风险点", "业务事项", "风险等级", "防控措施"])
    sheet.append([1, "物资采购部", "采购专员", "询价中泄露标底", "供应商询价", "高", "询价全程留痕"])
    sheet.append([2, "物资采购部", "采购专员", "合同条款偏向供应商", "采购合同拟定", "中", "合同会签"])
    book.save(workbook)
    target = tmp_path / "reg"
    assert pdca("init", target, "--org", "X公司", "--empty", "--cycle", "2024").code == 0
    assert pdca("import", "xlsx", workbook, "-r", target).code == 0
    risks = pdca("export", target, "--as-of", "2024-06-30").json()["risks"]
    assert sorted(r["power"] for r in risks) == ["供应商询价", "采购合同拟定"]
    rules = {d["rule"] for d in pdca("check", target, "--as-of", "2024-06-30", "--format", "json").json()["diagnostics"]}
    assert "power-without-risk" not in rules and "unknown-reference" not in rules


def test_redact_withholds_the_people_of_decisions_and_assessment_sheets(tmp_path: Path) -> None:
    root = _followed_register(tmp_path / "reg")
    for path, old, new in ((root / "decisions" / "2024.yaml", "owner: 采购部经理", "owner: 黄志刚"),
                           (root / "checks" / "sj.yaml", "owner: 采购部经理", "owner: 黄志刚"),
                           (root / "assessments" / "2024.yaml", "department: purchasing,", "person: 黄志刚,")):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    exported = pdca("export", root, "--redact", "--as-of", "2024-06-30").out
    report = pdca("report", root, "--month", "2024-06", "--redact").out
    assert "黄志刚" in pdca("export", root, "--as-of", "2024-06-30").out
    assert "黄志刚" not in exported and "黄志刚" not in report


def test_the_format_reference_documents_every_new_file_and_field() -> None:
    reference = (ROOT / "docs" / "register-format.md").read_text(encoding="utf-8")
    for word in ("pledges/*.yaml", "decisions/*.yaml", "assessments/*.yaml", "campaigns:", "power:", "head:",
                 "sheet:", "kind: 每月一课", "finding: none", "pdca report --kind powers"):
        assert word in reference, word
