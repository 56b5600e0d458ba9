"""Reports on the example register, pinned byte for byte (golden files, reviewed by eye), and the
guarantees around them: determinism, escaping of hostile text, templates a register can own.

Regenerate the golden files after an intended change with:  PDCA_UPDATE_GOLDEN=1 python -m pytest tests/test_reports.py
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, EXAMPLE, pdca, write_register

GOLDEN = Path(__file__).parent / "golden"
REPORTS = {
    "monthly": ["--month", "2024-06"],
    "stats": ["--month", "2024-06", "--kind", "stats"],
    "stats-by-department": ["--year", "2024", "--kind", "stats", "--by", "department"],
    "lists": ["--month", "2024-06", "--kind", "lists"],
    "register": ["--month", "2024-06", "--kind", "register"],
    "self-check": ["--half", "2024H1"],
    "annual": ["--year", "2024"],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(REPORTS))
def test_report_matches_its_golden_file(name: str, lang: str) -> None:
    result = pdca("report", EXAMPLE, *REPORTS[name], "--lang", lang)
    assert result.code == 0, result.err
    golden = GOLDEN / f"{name}.{lang}.md"
    if os.environ.get("PDCA_UPDATE_GOLDEN"):
        golden.write_text(result.out, encoding="utf-8")
    assert result.out == golden.read_text(encoding="utf-8")


def test_same_register_and_date_give_identical_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    assert pdca("report", EXAMPLE, "--month", "2024-06", "-o", first).code == 0
    assert pdca("report", EXAMPLE, "--month", "2024-06", "-o", second).code == 0
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]  # nothing left behind


def test_no_charts_gives_plain_markdown() -> None:
    plain = pdca("report", EXAMPLE, "--month", "2024-06", "--no-charts").out
    assert "```mermaid" not in plain and "## 九、风险等级分布" in plain


HOSTILE = "A|B\n<script>alert(1)</script> **粗** [点我](http://evil) `x` #标题 $x$"


def tables(markdown: str) -> list[list[str]]:
    """The Markdown tables of a document, each as its lines."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in markdown.splitlines() + [""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found


def columns(line: str) -> int:
    return line.replace("\\|", "").count("|")


def test_hostile_text_cannot_break_a_table_or_inject_markup(tmp_path: Path) -> None:
    text = HOSTILE.replace("\n", "\\n").replace('"', '\\"')
    root = write_register(tmp_path / "reg", {
        "pdca.yaml": BASE_CONFIG.replace("测试公司", "测试|公司<b>"),
        "risks/cg.yaml": (
            "risks:\n"
            f'  - {{id: CG-001, title: "{text}", area: procurement, department: purchasing, dimension: 业务流程,\n'
            f'     likelihood: 3, impact: 3, identified: 2024-03-10, description: "{text}", owner: "{text}",\n'
            f'     measures: [{{id: CG-001-M1, title: "{text}", line: before, due: 2024-07-15}}]}}\n'
        ),
        "checks/c.yaml": (
            "checks:\n"
            f'  - {{id: SJ-1, source: 审计, title: "{text}", date: 2024-06-03, findings: [\n'
            f'      {{id: SJ-1-F1, risk: CG-001, problem: "{text}", task: "{text}", department: purchasing,\n'
            f'       owner: "{text}", leader: "{text}", deadline: 2024-06-20}}]}}\n'
        ),
        "activities/a.yaml": f'activities:\n  - {{id: HD-1, kind: 廉政教育, title: "{text}", date: 2024-06-05}}\n',
    })
    for args in (["--month", "2024-06"], ["--month", "2024-06", "--kind", "lists"],
                 ["--month", "2024-06", "--kind", "register"], ["--half", "2024H1"], ["--year", "2024"]):
        for lang in ("zh", "en"):
            out = pdca("report", root, *args, "--lang", lang).out
            assert "<script>" not in out and "<b>" not in out
            assert not re.search(r"(?<!\\)\]\(http://evil", out)  # no live link
            assert not re.search(r"(?<!\\)\*\*粗", out) and not re.search(r"(?<!\\)`x", out)
            assert "A\\|B &lt;script&gt;alert(1)&lt;/script&gt; \\*\\*粗\\*\\* \\[点我\\](http://evil)" in out
            for table in tables(out):
                assert len({columns(line) for line in table}) == 1, table


def test_mermaid_labels_are_escaped_for_template_authors(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {
        "pdca.yaml": BASE_CONFIG.replace("测试公司", 'X"公司"; [注入]'),
        "templates/monthly.zh.md.j2": '```mermaid\npie title {{ organization|mermaid }}\n    "{{ organization|mermaid }}" : 1\n```\n',
    })
    out = pdca("report", root, "--month", "2024-06").out
    assert out == '```mermaid\npie title X#quot;公司#quot;#59; #91;注入#93;\n    "X#quot;公司#quot;#59; #91;注入#93;" : 1\n```\n'


def test_a_register_template_overrides_the_built_in_one(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    (root / "templates").mkdir()
    (root / "templates" / "monthly.zh.md.j2").write_text(
        "# {{ organization }}自定义通报\n逾期 {{ findings.overdue }} 项;{{ new_findings[0].problem }}\n", encoding="utf-8")
    result = pdca("report", root, "--month", "2024-06")
    assert result.out.startswith("# X公司自定义通报\n逾期 6 项;")
    listing = pdca("report", root, "--list-templates").out
    assert "monthly.zh.md.j2\treg/templates" in listing.replace(str(tmp_path) + "/", "") or \
        "monthly.zh.md.j2\t" in listing
    assert "annual.md.j2\tbuilt-in" in listing


def test_a_register_template_for_one_language_comes_before_one_for_all(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    (root / "templates").mkdir()
    (root / "templates" / "monthly.md.j2").write_text(
        '{{ t("report.monthly.title", organization=organization, period=period.label) }}\n', encoding="utf-8")
    (root / "templates" / "monthly.en.md.j2").write_text("English only\n", encoding="utf-8")
    assert pdca("report", root, "--month", "2024-06").out == "X公司2024年6月廉洁风险防控工作通报\n"
    assert pdca("report", root, "--month", "2024-06", "--lang", "en").out == "English only\n"
    assert pdca("report", root, "--month", "2024-06", "--kind", "lists").out.startswith("# X公司整改事项“四个清单”")
    listing = dict(line.split("\t") for line in pdca("report", root, "--list-templates").out.splitlines())
    assert listing["monthly.md.j2"].endswith("reg/templates") and listing["monthly.en.md.j2"].endswith("reg/templates")
    assert listing["lists.md.j2"] == "built-in" and not any(".zh." in name for name in listing)


def test_a_register_template_gets_the_catalogue_with_its_parameters_escaped(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {
        "pdca.yaml": BASE_CONFIG.replace("测试公司", "测试|公司**粗**"),
        "templates/monthly.md.j2": '{{ t("report.group.part", organization=organization, register="<b>") }}\n'
                                   '{{ ["a|b", "c"]|listing }}\n',
    })
    assert pdca("report", root, "--month", "2024-06").out == "测试\\|公司\\*\\*粗\\*\\*（&lt;b&gt;）\na\\|b、c\n"
    assert pdca("report", root, "--month", "2024-06", "--lang", "en").out.endswith("(&lt;b&gt;)\na\\|b, c\n")


def test_a_template_naming_a_word_the_catalogue_lacks_says_where(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"templates/monthly.md.j2": 'x\n{{ t("report.no.such") }}\n'})
    result = pdca("report", root, "--month", "2024-06")
    assert result.code == 2 and "monthly.md.j2" in result.err and "report.no.such" in result.err
    assert "Traceback" not in result.err


def test_templates_run_in_the_sandbox(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    (root / "templates").mkdir()
    (root / "templates" / "monthly.zh.md.j2").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    result = pdca("report", root, "--month", "2024-06")
    assert result.code == 2 and "模板" in result.err and "Traceback" not in result.err


def test_a_template_symlink_leaving_the_register_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    (root / "templates").mkdir()
    outside = tmp_path / "secret.md.j2"
    outside.write_text("secret\n", encoding="utf-8")
    (root / "templates" / "monthly.zh.md.j2").symlink_to(outside)
    result = pdca("report", root, "--month", "2024-06")
    assert result.code == 2 and "secret" not in result.out and "拒绝" in result.err


@pytest.mark.slow  # a report and a site, each rendering in a child process: about a second
def test_a_templates_folder_linked_out_of_the_register_is_refused(tmp_path: Path) -> None:
    """templates/ as a link to the repository's root, where a pull request's template includes
    .git/config (where actions/checkout keeps the CI token): nothing of it is read, in a report or a site."""
    repository = tmp_path / "repo"
    root = repository / "registers" / "x"
    shutil.copytree(EXAMPLE, root)
    (repository / ".git").mkdir()
    (repository / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n", "utf-8")
    (repository / "monthly.md.j2").write_text('# 通报\n\n{% include ".git/config" %}\n', encoding="utf-8")
    (root / "templates").symlink_to(Path("..", ".."), target_is_directory=True)
    result = pdca("report", root, "--month", "2024-06")
    assert result.code == 2 and "c2VjcmV0" not in result.out and "拒绝" in result.err and "Traceback" not in result.err
    site = pdca("site", root, "--as-of", "2024-06-30", "-o", tmp_path / "site")
    assert site.code == 2 and "拒绝" in site.err and not (tmp_path / "site").exists()


def test_group_report_has_a_part_per_register(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "registers" / "a")
    write_register(tmp_path / "registers" / "b", {})
    out = pdca("report", tmp_path, "--month", "2024-06").out
    assert out.startswith("# 集团汇总：2024年6月")
    assert "# X公司（" in out and "# 测试公司（" in out and out.count("## 一、总体情况") == 2


def test_period_options_are_checked() -> None:
    assert pdca("report", EXAMPLE, "--month", "2024-6-1").code == 2
    assert pdca("report", EXAMPLE, "--half", "2024H3").code == 2
    assert pdca("report", EXAMPLE, "--month", "2024-06", "--year", "2024").code == 2


def test_the_readme_shows_the_real_first_screen() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```markdown\n", 1)[1].split("\n...\n", 1)[0]
    assert "pdca report registers/example --month 2024-06" in readme
    out = pdca("report", EXAMPLE, "--month", "2024-06").out
    assert out.startswith(shown.split("## 一、总体情况")[0])
    assert shown.split("## 一、总体情况")[1].split("\n```")[0].strip().splitlines()[0] in out
    for line in shown.splitlines():
        assert line in out


def test_an_overdue_finding_below_every_threshold_shows_no_suggestion(tmp_path: Path) -> None:
    """A register may raise the thresholds (通报 only after 10 days): a finding 5 days late is overdue
    with nothing suggested yet, and the report says "-", not "建议-"."""
    config = BASE_CONFIG + "rules:\n  escalation: {notice: 10, assessment: 40, accountability: 100}\n"
    checks = ("checks:\n  - {id: SJ-1, source: 审计, title: t, date: 2024-05-10, findings: [{id: SJ-1-F1, "
              "problem: 未比价, department: purchasing, deadline: 2024-06-25}]}\n")
    root = write_register(tmp_path / "reg", {"checks/c.yaml": checks}, config)
    report = pdca("report", root, "--month", "2024-06")
    row = next(line for line in report.out.splitlines() if "| SJ-1-F1 |" in line and "| 5 |" in line)
    assert "建议" not in row and row.split(" | ")[8] == "-"
