"""What pdca says about units: suggestions apart from decisions, repeats only when confirmed, extensions,
periods that exist, dates that come from the record, grading that keeps the seed's rule.

Real copies of the example register, in real git repositories where the change is the point; the real CLI.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, EXAMPLE, pdca, status_entry, write_register
from openpyxl import load_workbook


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example register in a fresh git repository, committed."""
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    git(tmp_path, "init", "-q", str(root))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def added_lines(root: Path) -> list[str]:
    diff = git(root, "diff", "-U0")
    assert not [line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    return [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]


# --- recording decisions and extensions ---------------------------------------------------------


def test_finding_act_records_a_decision_beside_the_suggestion(repo: Path) -> None:
    result = pdca("finding", "act", "XC-2024-01-F5", "--kind", "考核", "--ref", "KH-2024-015", "--by", "纪委办公室",
                  "--date", "2024-05-20", "-r", repo)
    assert result.code == 0, result.err
    assert "XC-2024-01-F5：已考核（KH-2024-015，2024-05-20）；当前建议处理为考核" in result.out
    assert added_lines(repo) == [
        "        actions:",
        "          - {kind: assessment, date: 2024-05-20, ref: KH-2024-015, by: 纪委办公室}",
    ]
    monthly = pdca("report", repo, "--month", "2024-06").out
    row = next(line for line in monthly.splitlines() if "| XC-2024-01-F5 |" in line and "建议考核" in line)
    assert row.endswith("| 建议考核 | 考核（KH-2024-015，2024-05-20） |")
    # the decision is counted in its own month, the suggestion stays a suggestion
    may = pdca("report", repo, "--month", "2024-05").out
    assert "本月作出处理决定通报 1 项、考核 1 项、问责 0 项" in may


def test_a_decision_before_the_check_is_refused(repo: Path) -> None:
    result = pdca("finding", "act", "XC-2024-01-F5", "--kind", "notice", "--ref", "T-1", "--date", "2024-01-01",
                  "-r", repo)
    assert result.code == 1 and "早于检查日期 2024-01-22" in result.err
    assert git(repo, "status", "--porcelain") == ""


def test_finding_extend_moves_the_effective_deadline_and_keeps_the_original(repo: Path) -> None:
    result = pdca("finding", "extend", "NK-2024-01-F3", "--until", "2024-09-30", "--by", "纪委办公室",
                  "--reason", "需与接待单位逐一核对", "--date", "2024-07-20", "-r", repo)
    assert result.code == 0, result.err
    assert added_lines(repo) == [
        "        extensions:",
        "          - {until: 2024-09-30, approved_by: 纪委办公室, date: 2024-07-20, reason: 需与接待单位逐一核对}",
    ]
    exported = {f["id"]: f for f in pdca("export", repo, "--as-of", "2024-08-31").json()["findings"]}
    item = exported["NK-2024-01-F3"]
    assert (item["deadline"], item["effective_deadline"], item["overdue"]) == ("2024-07-31", "2024-09-30", False)
    before = {f["id"]: f for f in pdca("export", repo, "--as-of", "2024-07-19").json()["findings"]}
    assert before["NK-2024-01-F3"]["effective_deadline"] == "2024-07-31"  # not approved yet
    monthly = pdca("report", repo, "--month", "2024-08").out
    assert "| 2024-07-31（延期至 2024-09-30） |" in monthly


@pytest.mark.parametrize("by", ["黄志刚", "黄志刚 ", "黄 志刚", "黄\u3000志刚", "黄\u200b志刚", "ＨＵＡＮＧ", "huang"])
def test_an_owner_cannot_approve_or_verify_their_own_finding_however_written(repo: Path, by: str) -> None:
    owner = "黄志刚" if "黄" in by else "Huang"
    if owner != "黄志刚":
        path = repo / "checks" / "neikong-2024.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("owner: 黄志刚", "owner: Huang"), encoding="utf-8")
        git(repo, "commit", "-qam", "owner")
    extend = pdca("finding", "extend", "NK-2024-01-F3", "--until", "2024-09-30", "--by", by, "--reason", "x",
                  "--date", "2024-07-20", "-r", repo)
    assert extend.code == 1 and "不能批准自己的延期" in extend.err
    close = pdca("finding", "close", "NK-2024-01-F4", "--by", by, "--date", "2024-07-01", "-r", repo)
    assert close.code == 1 and "不能为自己销号" in close.err
    assert git(repo, "status", "--porcelain") == ""


def test_an_extension_that_does_not_move_the_deadline_later_is_refused(repo: Path) -> None:
    result = pdca("finding", "extend", "NK-2024-01-F3", "--until", "2024-07-31", "--by", "纪委办公室", "--reason", "x",
                  "-r", repo)
    assert result.code == 1 and "不晚于当前期限 2024-07-31" in result.err


def test_a_late_extension_is_recorded_and_pointed_out(repo: Path) -> None:
    result = pdca("finding", "extend", "SJ-2024-01-F1", "--until", "2024-08-31", "--by", "纪委办公室",
                  "--reason", "供应商协商中", "--date", "2024-06-20", "-r", repo)
    assert result.code == 0 and "这项延期会被 pdca check 提示" in result.err
    check = pdca("check", repo, "--as-of", "2024-06-30", "--format", "json").json()
    assert any(d["rule"] == "extension-irregular" and "SJ-2024-01-F1" in d["message"] for d in check["diagnostics"])


# --- pdca diff knows what was decided ------------------------------------------------------------


def _changes(repo: Path) -> list[tuple[str, str, bool]]:
    result = pdca("diff", "HEAD", "-r", repo, "--format", "json")
    assert result.code == 0, result.err
    return [(c["kind"], c["id"], c["flag"]) for r in result.json()["registers"] for c in r["changes"]]


def test_diff_tells_an_approved_extension_from_a_deadline_edited_in_place(repo: Path) -> None:
    pdca("finding", "extend", "NK-2024-01-F3", "--until", "2024-09-30", "--by", "纪委办公室", "--reason", "核对",
         "--date", "2024-07-20", "-r", repo)
    path = repo / "checks" / "anquan-2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("deadline: 2024-04-30\n        status: rectifying",
                                                              "deadline: 2024-07-31\n        status: rectifying", 1),
                    encoding="utf-8")
    found = _changes(repo)
    assert ("extension", "NK-2024-01-F3", False) in found
    assert ("deadline-pushed", "AQ-2024-01-F1", True) in found
    markdown = pdca("diff", "HEAD", "-r", repo).out
    assert "整改期限被直接改动推迟（未按延期记录）：2024-04-30 → 2024-07-31" in markdown


def test_diff_says_decisions_and_flags_a_withdrawn_repeat(repo: Path) -> None:
    pdca("finding", "act", "XC-2024-01-F5", "--kind", "assessment", "--ref", "KH-9", "--date", "2024-05-20", "-r", repo)
    path = repo / "checks" / "zicha-2024h1.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("        repeat_of: SJ-2024-01-F2\n", "        repeat_of: none\n", 1)
    text = text.replace("        risk: ZJ-005\n", "        risk: ZJ-005\n        repeat_of: XC-2024-01-F4\n", 1)
    path.write_text(text, encoding="utf-8")
    found = _changes(repo)
    assert ("action", "XC-2024-01-F5", False) in found
    assert ("repeat-confirmed", "ZC-2024-H1-CW-F2", False) in found
    assert ("repeat-changed", "ZC-2024-H1-CW-F3", True) in found


# --- periods and dates ---------------------------------------------------------------------------


@pytest.mark.parametrize("args, says", [
    (["--year", "24"], "期间写法不对：24。"),
    (["--month", "2024-13"], "期间写法不对：2024-13。"),
    (["--half", "2024H3"], "期间写法不对：2024H3。"),
    (["--month", "1999-01"], "不包含1999年1月"),
    (["--year", "2025"], "不包含2025年度"),
])
def test_a_period_outside_the_cycles_or_written_wrongly_exits_2_with_the_range(args: list[str], says: str) -> None:
    result = pdca("report", EXAMPLE, *args)
    assert result.code == 2 and says in result.err and "2024-01-01 至 2024-12-31" in result.err
    assert result.out == ""


def test_with_no_period_the_latest_month_of_the_cycle_not_after_today() -> None:
    # the example's cycle ended in 2024: whatever today is, the defaults stay inside it
    assert pdca("report", EXAMPLE).out.startswith("# X公司2024年12月廉洁风险防控工作通报")
    assert pdca("report", EXAMPLE, "--kind", "annual").out.startswith("# X公司2024年度廉洁风险防控工作总结")
    assert pdca("report", EXAMPLE, "--kind", "self-check").out.startswith("# X公司2024年下半年")


def test_the_register_list_is_as_of_the_register_not_the_clock() -> None:
    first = pdca("report", EXAMPLE, "--kind", "register")
    assert first.code == 0 and "> 截至 2024-12-18 ·" in first.out  # the latest date the register records
    assert pdca("report", EXAMPLE, "--kind", "register").out == first.out


def test_the_half_year_self_check_includes_the_july_meeting() -> None:
    report = pdca("report", EXAMPLE, "--half", "2024H1").out
    assert "截至 2024-07-05" in report and "| ZC-2024-H1-CW-F3 |" in report
    assert "公司领导班子" not in report.split("\n\n")[2]  # not listed as a department without a self-check
    assert "不承担半年度自查自验任务。" in report


def test_an_override_counts_from_its_date() -> None:
    june = pdca("report", EXAMPLE, "--month", "2024-06").out
    july = pdca("report", EXAMPLE, "--month", "2024-07").out
    assert "ZJ-005" not in june.split("、风险等级分布")[1].split("\n## ")[0]  # still 二级 in June
    assert "ZJ-005（二级→一级，等级调整：上级巡察指出不相容岗位未分离" in july
    exported = {r["id"]: r for r in pdca("export", EXAMPLE, "--as-of", "2024-06-30").json()["risks"]}
    assert (exported["ZJ-005"]["level"], exported["ZJ-005"]["matrix_level"]) == (2, 2)


def test_a_report_on_a_register_with_errors_needs_force(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": (
        "risks:\n  - {id: CG-001, title: t, area: procurment, dimension: 业务流程}\n")})
    refused = pdca("report", root, "--month", "2024-06")
    assert refused.code == 1 and refused.out == ""
    assert "risks/cg.yaml" in refused.err and "unknown-reference" in refused.err and "--force" in refused.err
    forced = pdca("report", root, "--month", "2024-06", "--force")
    assert forced.code == 0
    assert forced.out.startswith("> **注意：登记册有 1 个错误，本报告依据的数据可能不完整或不准确（运行 pdca check 查看）。**\n\n# ")


# --- the new fields everywhere -------------------------------------------------------------------


def test_schema_export_and_workbook_know_the_new_fields(tmp_path: Path) -> None:
    schema = json.loads(pdca("schema").out)
    text = json.dumps(schema, ensure_ascii=False)
    for name in ("extensions", "actions", "approved_by", "criteria", "past_cycles", "self_check", "考核"):
        assert name in text
    exported = {f["id"]: f for f in pdca("export", EXAMPLE, "--as-of", "2024-12-31").json()["findings"]}
    assert exported["ZC-2024-H1-CW-F2"]["repeat_suspected"] == ["XC-2024-01-F4"]
    assert exported["AQ-2024-02-F3"]["repeat_of"] == "none" and exported["AQ-2024-02-F3"]["repeat_suspected"] == []
    assert exported["SJ-2024-02-F3"]["repeat_depth"] == 2 and exported["SJ-2024-02-F3"]["escalation"] == "accountability"
    assert exported["XC-2024-01-F3"]["action"] == "accountability"
    assert exported["ZC-2024-H1-CG-F2"]["effective_deadline"] == "2024-12-31"
    workbook = tmp_path / "清单.xlsx"
    assert pdca("export", EXAMPLE, "--format", "xlsx", "-o", workbook, "--as-of", "2024-12-31").code == 0
    sheet = load_workbook(workbook)["四个清单"]
    header = [c.value for c in sheet[1]]
    assert {"延期至", "建议处理", "已处理", "处理文号"} <= set(header)
    rows = {row[0]: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["XC-2024-01-F3"]["已处理"] == "问责" and "X纪〔2024〕9号" in rows["XC-2024-01-F3"]["处理文号"]
    assert str(rows["ZC-2024-H1-CG-F2"]["延期至"])[:10] == "2024-12-31"


def test_the_example_register_shows_each_kind_of_judgment() -> None:
    monthly = pdca("report", EXAMPLE, "--month", "2024-12").out
    assert "疑似屡查屡犯（同一风险点此前已整改过问题" in monthly and "| ZC-2024-H1-CW-F2 |" in monthly
    assert "| SJ-2024-02-F3 |" in monthly.split("经纪检机构确认的屡查屡犯问题")[1]
    assert "AQ-2024-02-F3" not in monthly.split("## 六、屡查屡犯")[1].split("## 七")[0]  # dismissed
    annual = pdca("report", EXAMPLE, "--year", "2024").out
    assert "| 处理决定 | 通报 3、考核 3、问责 1 |" in annual


def test_a_non_monotone_matrix_and_the_written_criteria(tmp_path: Path) -> None:
    config = BASE_CONFIG + (
        "scoring:\n  criteria:\n    likelihood: [一, 二, 三]\n")
    root = write_register(tmp_path / "reg", {}, config)
    result = pdca("check", root, "--format", "json")
    assert result.code == 1 and "每个分值各写一句，共 5 句，实际 3 句" in result.out


# --- found in review ---------------------------------------------------------------------------


def test_a_report_kind_takes_the_period_it_covers() -> None:
    self_check = pdca("report", EXAMPLE, "--kind", "self-check", "--month", "2024-06")
    assert self_check.code == 0 and self_check.out.startswith("# X公司2024年上半年廉洁风险防控自查自验情况")
    assert "未开展自查自验的部门（3 个）" in self_check.out
    monthly = pdca("report", EXAMPLE, "--kind", "monthly", "--year", "2024")
    assert monthly.code == 2 and "月度通报需要用 --month 指定期间" in monthly.err
    early = pdca("report", EXAMPLE, "--month", "2024-06", "--as-of", "2023-05-01")
    assert early.code == 2 and "早于所报告期间2024年6月的第一天 2024-06-01" in early.err


def test_a_period_not_over_is_reported_as_of_today(tmp_path: Path) -> None:
    import datetime as dt

    today = dt.date.today()
    start, end = today - dt.timedelta(days=100), today + dt.timedelta(days=200)
    config = BASE_CONFIG.replace('cycle: {id: "2024", start: 2024-01-01, end: 2024-12-31}',
                                 f'cycle: {{id: "now", start: {start}, end: {end}}}')
    tomorrow = today + dt.timedelta(days=1)
    root = write_register(tmp_path / "reg", {"checks/c.yaml": (
        f"checks:\n  - {{id: C1, source: 审计, title: 审计, date: {start}, findings: [\n"
        f"      {{id: C1-F1, problem: 合同未会签, department: purchasing, deadline: {tomorrow}}}]}}\n")}, config)
    annual = pdca("report", root, "--kind", "annual")
    assert annual.code == 0, annual.err
    assert f"截至 {today}" in annual.out and "逾期" not in annual.out.split("## 三")[1].split("|")[-2]
    exported = pdca("export", root, "--as-of", str(today)).json()["findings"][0]
    assert exported["overdue"] is False


def test_an_empty_reference_reason_or_approver_is_refused_before_writing(repo: Path) -> None:
    act = pdca("finding", "act", "XC-2024-01-F5", "--kind", "notice", "--ref", "", "--date", "2024-05-20", "-r", repo)
    assert act.code == 2 and "ref" in act.err
    extend = pdca("finding", "extend", "NK-2024-01-F3", "--until", "2024-09-30", "--by", "纪委办公室", "--reason", " ",
                  "--date", "2024-07-20", "-r", repo)
    assert extend.code == 2 and "reason" in extend.err
    assert git(repo, "status", "--porcelain") == ""


def test_a_decision_dated_after_today_is_refused(repo: Path) -> None:
    result = pdca("finding", "act", "XC-2024-01-F5", "--kind", "notice", "--ref", "T-1", "--date", "2999-01-01",
                  "-r", repo)
    assert result.code == 2 and "晚于今天" in result.err
    assert git(repo, "status", "--porcelain") == ""


def test_the_overdue_message_names_the_strongest_decision(repo: Path) -> None:
    path = repo / "checks" / "shenji-2024.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "          - {kind: assessment, date: 2024-06-20, ref: KH-2024-021, by: 纪委办公室}\n",
        "          - {kind: assessment, date: 2024-06-20, ref: KH-2024-021, by: 纪委办公室}\n"
        "          - {kind: notice, date: 2024-06-21, ref: 通报-9, by: 纪委办公室}\n", 1)
    path.write_text(text, encoding="utf-8")
    check = pdca("check", repo, "--as-of", "2024-06-30").out
    assert "整改事项 SJ-2024-01-F1 已逾期 45 天（整改期限 2024-05-16），建议考核；已考核（KH-2024-021）" in check


def test_status_shows_both_dates_and_the_decision_with_its_reference() -> None:
    out = pdca("status", EXAMPLE, "--as-of", "2024-12-31").out
    assert "2024-09-30 → 2024-12-31" not in out  # ZC-2024-H1-CG-F2 is extended and not overdue on 12-31
    assert "考核（KH-2024-021）" in status_entry(out, "SJ-2024-01-F1")
    later = pdca("status", EXAMPLE, "--as-of", "2025-01-15").out
    assert "2024-09-30 → 2024-12-31" in later
