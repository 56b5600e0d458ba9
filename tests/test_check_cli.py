"""`pdca check` and its companions through the real command line, on the example register."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import EXAMPLE, ROOT, pdca, pdca_program, write_register

from pdca.load import loader


def test_example_register_is_clean_as_of_mid_2024() -> None:
    result = pdca("check", EXAMPLE, "--as-of", "2024-06-30", "--format", "json")
    document = result.json()
    assert result.code == 0
    assert set(document) == {"diagnostics", "summary"}
    assert set(document["summary"]) == {"errors", "warnings", "files"}
    assert document["summary"]["errors"] == 0
    assert document["summary"]["files"] == 23
    assert {d["severity"] for d in document["diagnostics"]} == {"warning"}
    assert {d["rule"] for d in document["diagnostics"]} == {
        "measure-overdue", "finding-overdue", "finding-accountability", "verification-pending", "action-pending",
        "decision-overdue"}


def test_example_register_has_what_a_discipline_office_keeps() -> None:
    register = loader.load(EXAMPLE)
    config = register.config
    assert config is not None and config.organization == "X公司" and config.cycle.id == "2024"
    area_names = {area.name for area in config.areas}
    assert len(area_names & {"三重一大", "物资采购", "选人用人", "工程变更和现场签证", "大额资金支付", "财务管理",
                             "项目发展", "废旧物资处置", "安全生产", "公务用车", "业务招待"}) >= 8
    assert len(register.risks) >= 40
    assert {r.dimension for r in register.risks} == {"职业道德", "岗位职责", "业务流程", "制度机制", "内外部环境"}
    assert {m.line for r in register.risks for m in r.measures} == {"before", "during", "after"}
    assert any(post.powers for post in config.posts)
    assert len(register.checks) >= 5 and len({c.source for c in register.checks}) >= 5
    findings = [f for c in register.checks for f in c.findings]
    assert len(findings) >= 15
    assert set(Counter(f.status for f in findings)) == {"open", "rectifying", "done", "closed"}
    as_of = __import__("datetime").date(2024, 6, 30)
    overdue = [f for f in findings if f.status in ("open", "rectifying") and f.deadline and f.deadline < as_of
               and not f.long_term]
    assert overdue and any(f.repeat_of for f in findings) and any(f.status == "closed" for f in findings)


def test_every_output_format_on_a_register_with_problems(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": (
        "risks:\n"
        "  - id: CG-001\n"
        "    title: 供应商选择中的利益输送, 围标串标\n"
        "    area: procurement\n"
        "    dimension: 业务流程\n"
        "    likelihood: 2\n"
        "    impact: 2\n"
        "    level: 3\n"
    )})
    text = pdca("check", root, "--as-of", "2024-06-30")
    assert text.code == 1
    assert "risks/cg.yaml" in text.out and "8:5" in text.out and "[level-mismatch]" in text.out
    assert "1 个错误，0 个警告（2 个文件）" in text.out

    github = pdca("check", root, "--as-of", "2024-06-30", "--format", "github", "--lang", "en")
    line = github.out.strip()
    assert line.startswith("::error file=")
    assert "reg/risks/cg.yaml,line=8,col=5,title=pdca level-mismatch::declared level 3, computed level 2" in line

    sarif = json.loads(pdca("check", root, "--as-of", "2024-06-30", "--format", "sarif").out)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    result = run["results"][0]
    assert result["ruleId"] == "level-mismatch" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 8, "startColumn": 5}
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "level-mismatch"


def test_sarif_is_valid_against_the_sarif_schema_shape(tmp_path: Path) -> None:
    # the official schema is not shipped offline: check the fields code scanning requires
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": "risks:\n  - {id: CG-1, title: t, area: x, dimension: 业务流程}\n"})
    document = json.loads(pdca("check", root, "--format", "sarif").out)
    for result in document["runs"][0]["results"]:
        assert set(result) >= {"ruleId", "level", "message", "locations"}
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.endswith("risks/cg.yaml")


def test_english_messages(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": "risks:\n  - {id: CG-1, title: t, area: nowhere, dimension: 业务流程}\n"})
    result = pdca("check", root, "--lang", "en")
    assert "area names area nowhere, which does not exist" in result.out
    assert "1 error(s), 0 warning(s) (2 files)" in result.out


def test_register_language_setting_is_the_default(tmp_path: Path) -> None:
    config = (EXAMPLE / "pdca.yaml").read_text(encoding="utf-8").replace("language: zh", "language: en")
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    (root / "pdca.yaml").write_text(config, encoding="utf-8")
    assert "warning(s)" in pdca("check", root, "--as-of", "2024-06-30").out


def test_severity_changes_and_switching_off(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    config = (root / "pdca.yaml").read_text(encoding="utf-8")
    (root / "pdca.yaml").write_text(config + "  measure-overdue: error\n", encoding="utf-8")
    result = pdca("check", root, "--as-of", "2024-06-30", "--format", "json")
    assert result.code == 1 and result.json()["summary"]["errors"] == 3
    assert {d["rule"] for d in result.json()["diagnostics"] if d["severity"] == "error"} == {"measure-overdue"}
    (root / "pdca.yaml").write_text(config + "  measure-overdue: {severity: 'off'}\n", encoding="utf-8")
    result = pdca("check", root, "--as-of", "2024-06-30", "--format", "json")
    assert result.code == 0 and "measure-overdue" not in result.out


def test_discovery_from_inside_a_register_and_from_a_repository(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo / "registers" / "a")
    write_register(repo / "registers" / "b", {"risks/x.yaml": "risks: []\n"})
    monkeypatch.chdir(repo)
    document = pdca("check", "--as-of", "2024-06-30", "--format", "json").json()
    assert document["summary"]["files"] == 25
    assert {d["register"] for d in document["diagnostics"]} == {"registers/a"}
    monkeypatch.chdir(repo / "registers" / "a" / "risks")
    assert pdca("check", "--as-of", "2024-06-30", "--format", "json").json()["summary"]["files"] == 23
    monkeypatch.chdir(tmp_path)
    result = pdca("check")
    assert result.code == 2 and "pdca.yaml" in result.err
    named_file = pdca("check", repo / "registers" / "a" / "risks" / "decision.yaml", "--format", "json")
    assert named_file.json()["summary"]["files"] == 23  # a file names the register it belongs to
    missing = pdca("check", tmp_path / "nowhere")
    assert missing.code == 2 and "不存在" in missing.err


def test_console_script_and_module_entry_points() -> None:
    script = Path(sys.executable).parent / "pdca"
    done = subprocess.run([str(script), "check", str(EXAMPLE), "--as-of", "2024-06-30"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "0 个错误" in done.stdout
    module = pdca_program("--version")
    assert module.code == 0 and module.out.startswith("pdca ")


def test_help_has_examples() -> None:
    result = pdca_program("check", "--help")
    assert result.code == 0 and "pdca check --format github" in result.out and "--as-of" in result.out


def test_wrong_usage_exits_2() -> None:
    assert pdca("check", "--format", "xml").code == 2
    assert pdca("no-such-command").code == 2


def test_rules_lists_every_rule_and_documents_one() -> None:
    from pdca.rules import RULES

    listing = pdca("rules").out
    for name in RULES:
        assert name in listing
    one = pdca("rules", "level-mismatch", "--lang", "en")
    assert one.code == 0 and "Passing" in one.out and "Failing" in one.out
    chinese = pdca("rules", "level-mismatch", "--lang", "zh")
    assert chinese.code == 0 and "通过的示例" in chinese.out and "不通过的示例" in chinese.out
    assert pdca("rules", "level-mismatc").code == 2


def test_every_rule_documents_a_passing_and_a_failing_example() -> None:
    from pdca.engine import rule_docs
    from pdca.rules import RULES

    for rule in RULES.values():
        passing, failing = rule_docs.examples(rule.NAME)
        if passing is None or failing is None:  # shown by bytes or a killed process: examples in words
            doc = rule.__doc__ or ""
            assert "Passing" in doc and "Failing" in doc, rule.NAME
        assert rule.NAME == rule.NAME.lower() and " " not in rule.NAME
        assert "Passing" in rule_docs.text(rule.NAME) and "Failing" in rule_docs.text(rule.NAME)


def test_the_rules_reference_in_docs_is_generated_from_the_rules() -> None:
    from pdca.engine import rule_docs

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rule_docs.reference()


@pytest.mark.parametrize("kind", ["risks", "checks", "activities", "pledges", "decisions", "assessments", "config"])
def test_example_files_validate_against_pdca_schema(kind: str) -> None:
    schema = json.loads(pdca("schema", kind).out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = [EXAMPLE / "pdca.yaml"] if kind == "config" else sorted((EXAMPLE / kind).glob("*.yaml"))
    assert files
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsText)
        errors = list(validator.iter_errors(data))
        assert not errors, (path, errors[:1])


def test_schema_of_all_files_accepts_each_kind_and_rejects_typos() -> None:
    schema = json.loads(pdca("schema").out)
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"risks": [{"id": "CG-1", "title": "t", "area": "a", "dimension": "业务流程",
                                          "measures": [{"id": "M", "title": "t", "line": "事前"}]}]})
    assert not validator.is_valid({"risks": [{"id": "CG-1", "title": "t", "area": "a", "dimension": "业务流程",
                                              "staus": "D"}]})


class _DatesAsText(yaml.SafeLoader):
    """YAML as pdca reads it: dates stay text (the schema says format: date)."""


_DatesAsText.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in value if tag != "tag:yaml.org,2002:timestamp"]
    for key, value in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_explain_shows_inputs_labels_matrix_cell_and_override() -> None:
    result = pdca("explain", "ZJ-005", "-r", EXAMPLE)
    assert result.code == 0
    assert "等级调整" in result.out and "从严，已采用" in result.out and "结论：一级" in result.out
    assert "自 2024-07-10 起" in result.out  # the override's date
    assert "可能性：2（低） 近三年同行业偶有发生" in result.out  # the written criterion of the score
    legal = pdca("explain", "CG-005", "-r", EXAMPLE, "--lang", "en")
    assert "legal liability: yes -> always level 1" in legal.out
    assert "likelihood: 2 (低)" in legal.out and "impact: 4 (严重)" in legal.out
    assert "matrix: level 1" in legal.out and "result: level 1" in legal.out
    missing = pdca("explain", "CG-999", "-r", EXAMPLE)  # an id that names nothing is a usage error, as for advance
    assert missing.code == 2 and "CG-999" in missing.err


def test_readme_commands_are_the_ones_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pytest" in readme and ".venv/bin/python -m pytest" in ci


def test_annotation_paths_are_relative_to_the_repository_root(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    repo = tmp_path / "repo"
    root = write_register(repo / "registers" / "x", {"risks/cg.yaml": "risks:\n  - {id: CG-1, title: t, area: nowhere, dimension: 业务流程}\n"})
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    monkeypatch.chdir(root / "risks")
    github = pdca("check", "--format", "github").out
    assert "file=registers/x/risks/cg.yaml,line=2" in github
    sarif = json.loads(pdca("check", "--format", "sarif").out)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "registers/x/risks/cg.yaml"
    text = pdca("check").out
    assert text.startswith(".")  # the text format speaks from where the user stands: ../risks/cg.yaml
