"""`pdca diff` and the `check --diff` ratchet on real git repositories made in a temp folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, EXAMPLE, pdca, write_register


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root / "registers" / "example")
    git(root.parent, "init", "-q", str(root))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changes(repo: Path, *args: str) -> list[tuple[str, str, bool]]:
    result = pdca("diff", *args, "-r", repo / "registers" / "example", "--format", "json")
    assert result.code == 0, result.err
    return [(c["kind"], c["id"], c["flag"]) for r in result.json()["registers"] for c in r["changes"]]


def test_moving_files_and_reformatting_are_not_changes(repo: Path) -> None:
    register = repo / "registers" / "example"
    git(repo, "mv", "registers/example/risks/vehicle.yaml", "registers/example/risks/cars.yaml")
    assert changes(repo, "HEAD") == []
    markdown = pdca("diff", "HEAD", "-r", register).out
    assert "登记册内容没有变化" in markdown


def test_each_kind_of_change_between_two_commits(repo: Path) -> None:
    register = repo / "registers" / "example"
    assert pdca("advance", "ZD-003", "--to", "C", "--as-of", "2024-07-01", "-r", register).code == 0
    assert pdca("finding", "done", "SJ-2024-01-F1", "--result", "已追回", "--evidence", "OA-1", "--date", "2024-07-10",
                "-r", register).code == 0
    assert pdca("finding", "close", "NK-2024-01-F4", "--by", "纪委办公室", "--date", "2024-07-10", "-r", register).code == 0
    assert pdca("new", "risk", "--area", "vehicle", "--title", "公车加油卡私用", "--dimension", "职业道德",
                "--as-of", "2024-07-01", "-r", register).code == 0
    edit(register / "risks" / "procurement.yaml", "    likelihood: 3\n    impact: 5\n    legal_liability: true",
         "    likelihood: 2\n    impact: 2\n    legal_liability: false")
    edit(register / "checks" / "shenji-2024.yaml", "deadline: 2024-06-10", "deadline: 2024-08-31")
    git(repo, "commit", "-qam", "july")
    assert changes(repo, "HEAD~1", "HEAD") == [
        ("level", "CG-001", True),
        ("risk-added", "GW-004", False),
        ("stage", "ZD-003", False),
        ("finding-closed", "NK-2024-01-F4", False),
        ("finding-rectified", "SJ-2024-01-F1", False),
        ("deadline-pushed", "SJ-2024-01-F3", True),
    ]
    markdown = pdca("diff", "HEAD~1", "HEAD", "-r", register).out
    assert markdown.splitlines()[:6] == [
        "## pdca 变更审查：registers/example",
        "",
        "> HEAD\\~1 → HEAD",  # escaped for Markdown: renders as HEAD~1
        "",
        "### ⚠️ 需要重点审查（2）",
        "",
    ]
    assert "- **CG-001** 等级降低：一级 → 二级（likelihood（可能性） 3→2, impact（危害程度） 5→2, " \
           "legal\\_liability（涉及违法犯罪） true→false）" in markdown
    assert "**涉及的部门：**" in markdown


def test_what_a_reviewer_must_see_twice(repo: Path) -> None:
    register = repo / "registers" / "example"
    risks = register / "risks" / "hospitality.yaml"
    text = risks.read_text(encoding="utf-8")
    start = text.index("  - id: ZD-004")
    risks.write_text(text[:start].rstrip("\n") + "\n", encoding="utf-8")  # a risk deleted, not retired
    edit(register / "risks" / "decision.yaml", "      - {stage: P, date: 2024-01-12, note: 领导班子风险排查识别}\n", "")
    edit(register / "checks" / "wuzi-2024.yaml", "status: done", "status: closed\n        closed: {date: 2024-07-01, by: 赵磊}")
    edit(register / "pdca.yaml", "    - [3, 2, 2, 1, 1]   # likelihood 3", "    - [3, 3, 2, 1, 1]   # likelihood 3")
    found = changes(repo, "HEAD")
    flagged = {(kind, entity) for kind, entity, flag in found if flag}
    assert ("risk-removed", "ZD-004") in flagged
    assert ("history-rewritten", "SZYD-001") in flagged
    assert ("closed-by-owner", "WZ-2024-01-F1") in flagged
    assert ("matrix", "scoring") in flagged
    matrix = next(c for r in pdca("diff", "HEAD", "-r", register, "--format", "json").json()["registers"]
                  for c in r["changes"] if c["kind"] == "matrix")
    assert "XR-004" not in matrix["message"] and "个风险点等级随之改变" in matrix["message"]


def test_a_finding_closed_without_evidence_is_flagged(repo: Path) -> None:
    register = repo / "registers" / "example"
    edit(register / "checks" / "neikong-2024.yaml", "        evidence: OA-2024-0587\n", "")
    edit(register / "checks" / "neikong-2024.yaml", "        status: done\n        done: 2024-06-20",
         "        status: closed\n        done: 2024-06-20\n        closed: {date: 2024-07-02, by: 纪委办公室}")
    assert ("closed-without-evidence", "NK-2024-01-F4", True) in changes(repo, "HEAD")


def test_reviewers_come_from_the_departments_in_pdca_yaml(repo: Path) -> None:
    register = repo / "registers" / "example"
    edit(register / "pdca.yaml", "  - {id: purchasing, name: 物资采购部, head: purchasing-manager}",
         "  - {id: purchasing, name: 物资采购部, head: purchasing-manager, reviewers: ['@x-corp/purchasing']}")
    git(repo, "commit", "-qam", "reviewers")
    assert pdca("advance", "CG-005", "--to", "C", "--as-of", "2024-07-01", "-r", register).code == 0
    out = pdca("diff", "HEAD", "-r", register).out
    assert "**应请以下人员审查：** @x-corp/purchasing" in out
    owners = pdca("owners", "-r", register).out
    assert "/registers/example/risks/procurement.yaml @x-corp/purchasing" in owners


def test_the_ratchet_fails_only_on_what_the_change_introduced(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    root = write_register(repo, {"risks/cg.yaml": (
        "risks:\n"
        "  - {id: CG-001, title: t, area: nowhere, dimension: 业务流程}\n"
        "  - {id: CG-002, title: t, area: procurement, dimension: 业务流程, likelihood: 2, impact: 2, level: 3}\n"
    )})
    git(tmp_path, "init", "-q", str(repo))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base with two known problems")
    (root / "risks" / "cg.yaml").write_text(
        "risks:\n"
        "  # a comment moves every line down\n"
        "  - {id: CG-001, title: t, area: nowhere, dimension: 业务流程}\n"
        "  - {id: CG-002, title: t, area: procurement, dimension: 业务流程, likelihood: 2, impact: 2, level: 3}\n"
        "  - {id: CG-003, title: t, area: procurement, dimension: 业务流, likelihood: 1, impact: 1}\n",
        encoding="utf-8")
    result = pdca("check", root, "--diff", "HEAD", "--format", "json")
    assert result.code == 1
    document = result.json()
    assert document["summary"]["errors"] == 3 and document["summary"]["new_errors"] == 1
    assert [(d["line"], d["rule"]) for d in document["diagnostics"] if d["new"]] == [(5, "schema")]
    (root / "risks" / "cg.yaml").write_text(
        "risks:\n"
        "  # a comment moves every line down\n"
        "  - {id: CG-001, title: t, area: nowhere, dimension: 业务流程}\n"
        "  - {id: CG-002, title: t, area: procurement, dimension: 业务流程, likelihood: 2, impact: 2, level: 3}\n",
        encoding="utf-8")
    assert pdca("check", root, "--diff", "HEAD").code == 0  # old problems only: adoption without fixing all


def test_diff_outside_git_and_unknown_revisions_are_messages(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {})
    result = pdca("diff", "HEAD", "-r", root)
    assert result.code == 2 and "git" in result.err
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    missing = pdca("diff", "no-such-branch", "-r", root)
    assert missing.code == 2 and "no-such-branch" in missing.err


def test_field_changes_removed_deadlines_and_config_that_hides_problems(repo: Path) -> None:
    register = repo / "registers" / "example"
    edit(register / "checks" / "xuncha-2024.yaml", "        deadline: 2024-03-10      # 重新核定需造价咨询单位配合，已申请延期未获批准\n", "")
    edit(register / "risks" / "procurement.yaml", "    department: purchasing\n", "    department: finance\n")
    edit(register / "pdca.yaml", "  review-stale: {severity: warning, months: 6}",
         "  review-stale: {severity: warning, months: 6}\n  stage-gate: warning\n"
         "waivers:\n  - {rule: finding-overdue, target: XC-2024-01-F5, reason: 待定, until: 2030-01-01, approver: 纪委书记}")
    found = {(kind, entity, flag) for kind, entity, flag in changes(repo, "HEAD")}
    assert ("deadline-pushed", "XC-2024-01-F3", True) in found  # a deadline removed is pushed back for ever
    assert ("risk-field", "CG-001", False) in found
    assert ("rules", "stage-gate", True) in found and ("waiver", "XC-2024-01-F5", True) in found


def test_a_broken_file_is_not_reported_as_deletions(repo: Path) -> None:
    register = repo / "registers" / "example"
    edit(register / "risks" / "finance.yaml", "    likelihood: 3\n", "    likelihood: [\n")
    result = pdca("diff", "HEAD", "-r", register)
    assert result.code == 2 and "risks/finance.yaml" in result.err and "被删除" not in result.out


def test_the_ratchet_follows_problems_across_renames_and_lost_waivers(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    config = BASE_CONFIG + "waivers:\n  - {rule: score-out-of-range, target: CG-002, reason: r, until: 2030-01-01, approver: a}\n"
    root = write_register(repo, {"risks/a.yaml": (
        "risks:\n  - {id: CG-001, title: t, area: procurement, dimension: 业务流程, likelihood: high}\n"
        "  - {id: CG-002, title: t, area: procurement, dimension: 业务流程, likelihood: 9}\n")}, config=config)
    git(tmp_path, "init", "-q", str(repo))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "mv", "risks/a.yaml", "risks/b.yaml")
    assert pdca("check", root, "--diff", "HEAD").code == 0  # renamed: the schema error is the same one
    (root / "pdca.yaml").write_text(BASE_CONFIG, encoding="utf-8")  # the waiver goes
    result = pdca("check", root, "--diff", "HEAD", "--format", "json")
    assert result.code == 1 and [d["rule"] for d in result.json()["diagnostics"] if d["new"]] == ["score-out-of-range"]


def test_a_register_deleted_whole_is_reported_and_flagged(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(repo / "registers" / "example", repo / "registers" / "branch")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "two registers")
    git(repo, "rm", "-rq", "registers/branch")
    monkeypatch.chdir(repo)

    result = pdca("diff", "HEAD", "--format", "json")
    assert result.code == 0, result.err
    registers = {r["register"]: r["changes"] for r in result.json()["registers"]}
    assert registers["registers/example"] == []
    [removed] = registers["registers/branch"]
    assert removed["kind"] == "register-removed" and removed["flag"] is True
    assert "49" in removed["message"] and "ZD-003" in removed["message"]
    assert removed["departments"] and removed["people"]

    git(repo, "commit", "-qm", "branch register retired")
    between = pdca("diff", "HEAD~1", "HEAD", "--format", "json", "--lang", "en")
    assert between.code == 0, between.err
    [gone] = [r["changes"] for r in between.json()["registers"] if r["register"] == "registers/branch"]
    assert gone[0]["kind"] == "register-removed" and "the whole register was deleted" in gone[0]["message"]
    after_commit = pdca("diff", "HEAD", "--format", "json").json()["registers"]
    assert [(r["register"], r["changes"]) for r in after_commit] == [("registers/example", [])]
    markdown = pdca("diff", "HEAD~1").out
    assert "⚠️" in markdown and "整个台账被删除" in markdown


def test_a_scale_relabelled_moves_no_level_and_says_so(repo: Path) -> None:
    register = repo / "registers" / "example"
    edit(register / "pdca.yaml", "[极低, 低, 中, 高, 极高]", "[很低, 低, 中, 高, 很高]")
    for lang, empty in (("zh", "0 个风险点等级随之改变：-"), ("en", "0 risks change level: -")):
        result = pdca("diff", "HEAD", "-r", register, "--format", "json", "--lang", lang)
        [matrix] = [c for r in result.json()["registers"] for c in r["changes"] if c["kind"] == "matrix"]
        assert matrix["message"].endswith(empty), matrix["message"]
