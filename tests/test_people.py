"""One person, however the name is typed: 销号 and 延期 by one's own owner refused or reported in every
spelling (`pdca finding`, `pdca check`, `pdca diff`), and `--redact` leaving no name in any spelling in
any report or export, across registers."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from conftest import pdca, write_register

from pdca.domain import people

# --- the comparison itself ---------------------------------------------------------------------

ONE_PERSON = [
    ("黄志刚", "黄志刚"),
    ("黄志刚", "黄志刚 "),
    ("黄志刚", " 黄志刚"),
    ("黄志刚", "黄志刚\u3000"),  # full-width space
    ("黄志刚", "黄　志刚"),
    ("黄志刚", "黄 志刚"),
    ("黄志刚", "黄  志 刚"),
    ("黄志刚", "黄\t志刚"),
    ("黄志刚", "黄\u00a0志刚"),  # no-break space
    ("黄志刚", "黄\u200b志刚"),  # zero-width space
    ("黄志刚", "黄\u200c志刚"),
    ("黄志刚", "黄\u200d志刚"),
    ("黄志刚", "黄\u2060志刚"),  # word joiner
    ("黄志刚", "\ufeff黄志刚"),  # byte order mark
    ("黄志刚", "黄\u00ad志刚"),  # soft hyphen
    ("黄志刚", "黄\u200e志刚\u202c"),  # direction marks
    ("黄志刚", "黄\u034f志刚"),  # combining grapheme joiner
    ("黄志刚", "黄\ufe0f志刚"),  # variation selector
    ("黄志刚", "黄\u3164志刚"),  # Hangul filler, a "letter" drawn as nothing
    ("黄志刚", "黄\U000e0020志刚"),  # tag space
    ("黄志刚", "黄\u2800志刚"),  # braille blank
    ("黄志刚", "黄志刚\u0301"),  # a stray combining accent
    ("黄志刚", "黄志刚."),
    ("黄志刚", "黄志刚(代)"),
    ("黄志刚", "黄志刚（代签）"),
    ("黄志刚", "黄志刚 A1"),
    ("黄志刚", "黄志刚 13800138000"),
    ("黄志刚", "黄志刚 主任"),
    ("黄志刚", "纪委\u302a 黄志刚"),  # an ideographic tone mark hides the space between two people
    ("人民", "⼈民"),  # Kangxi radical 人
    ("阿依古丽·买买提", "阿依古丽•买买提"),
    ("Zhang Wei", "zhang wei"),
    ("Zhang Wei", "ZHANG WEI"),
    ("Zhang Wei", "ZhangWei"),
    ("Zhang Wei", "Ｚｈａｎｇ　Ｗｅｉ"),  # full-width letters
    ("José", "JOSE"),
    ("O'Brien", "OBrien"),
    # a field that names several people: each of them is one of its people
    ("张伟、李娜", "李娜"),
    ("张伟、李娜", "张伟"),
    ("张伟,李娜", "李 娜"),
    ("张伟，李娜", "李娜"),
    ("张伟/李娜", "李娜"),
    ("张伟／李娜", "李娜"),
    ("张伟;李娜", "李娜"),
    ("张伟 和 李娜", "李娜"),
    ("张伟和李娜", "李娜"),
    ("张伟与李娜", "张伟"),
    ("张伟 李娜", "李娜"),
    ("张伟、李娜等3人", "李娜"),
    ("张伟等", "张伟"),
    ("王和平和李娜", "王和平"),
    ("Zhang Wei and Li Na", "li na"),
    ("Zhang Wei, Li Na", "LI NA"),
    ("李娜", "纪委办公室、李娜"),  # the verifier's field names the owner among others
]

TWO_PEOPLE = [
    ("黄志刚", "黄志强"),
    ("黄志刚", "纪委办公室"),
    ("张伟", "张伟东"),
    ("王和平", "王平"),  # 和 inside a name is not "and"
    ("欧阳和平", "欧阳"),
    ("黄 志刚", "志刚"),  # a space inside a name is not a list
    ("Zhang Wei", "Wei Zhang"),
    ("Li Na", "Lina Wu"),
    ("张三(代)", "李四(代)"),  # a remark both share is not a person
    ("张伟、李娜", "王芳"),
    ("张伟2", "张伟"),  # how HR tells two 张伟 apart
    ("张三 10", "李四 10"),  # a number is no one
]


@pytest.mark.parametrize(("first", "second"), ONE_PERSON)
def test_one_person_however_the_name_is_written(first: str, second: str) -> None:
    assert people.same(first, second) and people.same(second, first)


@pytest.mark.parametrize(("first", "second"), TWO_PEOPLE)
def test_two_people_stay_two(first: str, second: str) -> None:
    assert not people.same(first, second) and not people.same(second, first)


@pytest.mark.parametrize("nobody", [None, "", " ", "\u3000", "\u200b", "\ufeff\u200d", "\u00ad", "()", "、", "\u3164"])
def test_a_field_that_names_no_one_is_no_one(nobody: str | None) -> None:
    assert not people.named(nobody)
    assert not people.same(nobody, nobody) and not people.same(nobody, "黄志刚")


def test_the_people_a_field_names() -> None:
    assert people.names("张伟、李娜") == ["张伟", "李娜"]
    assert people.names("张伟 和 李娜、张伟") == ["张伟", "李娜"]
    assert people.names("张 伟 李 娜") == ["张伟", "李娜"]
    assert people.names("物资采购部 张伟") == ["物资采购部", "张伟"]
    assert people.names("黄 志刚") == ["黄志刚"]
    assert people.names("Zhang  Wei") == ["zhangwei"]
    assert people.names("王") == ["王"]  # alone, one character is still the whole field
    assert people.key("ＺＨＡＮＧ\u200b Wei") == "zhangwei"
    assert people.distinct(["黄志刚", "黄 志刚", "黄志刚\u200b", "李娜"]) == ["李娜", "黄 志刚"]


# --- pdca finding close / extend, pdca check, pdca diff ----------------------------------------

OWNER = "黄志刚"
SPELLINGS = ["黄志刚 ", "黄志刚\u3000", "黄 志刚", "黄　志刚", "黄\u200b志刚", "黄\u200c志刚", "黄\u200d志刚",
             "黄\u2060志刚", "\ufeff黄志刚", "黄\u00ad志刚", "黄\u3164志刚", "黄志刚（代）", "黄志刚 A", "纪委办公室、黄志刚"]


def finding(number: int, owner: str, tail: str = "") -> str:
    return (f"      - id: SJ-1-F{number}\n        problem: 评审记录不完整\n        department: purchasing\n"
            f"        owner: {json.dumps(owner, ensure_ascii=False)}\n        deadline: 2024-06-30\n"
            f"        status: done\n        done: 2024-06-20\n        result: 已修订办法\n"
            f"        evidence: OA-2024-0655\n{tail}")


def checks(*findings: str) -> str:
    return ("checks:\n  - id: SJ-1\n    source: 审计\n    title: 采购专项审计\n    date: 2024-05-10\n"
            "    findings:\n" + "".join(findings))


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                   capture_output=True, text=True, check=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A register in a git repository: one finding done, owned by 黄志刚, one owned by 张伟、李娜."""
    root = write_register(tmp_path / "repo", {"checks/audit.yaml": checks(finding(1, OWNER), finding(2, "张伟、李娜"))})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


@pytest.mark.parametrize("by", SPELLINGS)
def test_finding_close_refuses_the_owner_in_any_spelling(repo: Path, by: str) -> None:
    before = (repo / "checks" / "audit.yaml").read_bytes()
    refused = pdca("finding", "close", "SJ-1-F1", "--by", by, "--date", "2024-06-25", "-r", repo)
    assert refused.code == 1 and "不能为自己销号" in refused.err
    assert (repo / "checks" / "audit.yaml").read_bytes() == before


@pytest.mark.parametrize("by", ["李娜", "张 伟", "李娜 ", "李\u200b娜", "纪委办公室、李娜"])
def test_finding_close_refuses_one_of_several_owners(repo: Path, by: str) -> None:
    refused = pdca("finding", "close", "SJ-1-F2", "--by", by, "--date", "2024-06-25", "-r", repo)
    assert refused.code == 1 and "不能为自己销号" in refused.err


@pytest.mark.parametrize("by", ["", " ", "\u200b", "\ufeff\u200d", "()"])
def test_finding_close_refuses_a_verifier_who_names_no_one(repo: Path, by: str) -> None:
    refused = pdca("finding", "close", "SJ-1-F1", "--by", by, "--date", "2024-06-25", "-r", repo)
    assert refused.code == 1 and "不是姓名" in refused.err
    english = pdca("finding", "close", "SJ-1-F1", "--by", by, "--date", "2024-06-25", "--lang", "en", "-r", repo)
    assert english.code == 1 and "names no one" in english.err


def test_finding_close_by_someone_else_is_written(repo: Path) -> None:
    assert pdca("finding", "close", "SJ-1-F1", "--by", "黄志强", "--date", "2024-06-25", "-r", repo).code == 0
    assert pdca("finding", "close", "SJ-1-F2", "--by", "纪委办公室", "--date", "2024-06-25", "-r", repo).code == 0
    assert pdca("check", repo, "--as-of", "2024-06-25", "--format", "json").json()["summary"]["errors"] == 0


def test_finding_extend_refuses_the_owner_and_no_one(tmp_path: Path) -> None:
    open_finding = finding(1, OWNER).replace("status: done", "status: rectifying")
    root = write_register(tmp_path / "reg", {"checks/audit.yaml": checks(open_finding, finding(2, "张伟/李娜"))})
    for finding_id, by in [("SJ-1-F1", "黄 志刚"), ("SJ-1-F1", "黄\u2060志刚"), ("SJ-1-F1", "纪委、黄志刚")]:
        refused = pdca("finding", "extend", finding_id, "--until", "2024-08-31", "--by", by, "--reason", "r",
                       "--date", "2024-06-01", "-r", root)
        assert refused.code == 1 and "不能批准自己的延期" in refused.err, by
    nobody = pdca("finding", "extend", "SJ-1-F1", "--until", "2024-08-31", "--by", "\u200b", "--reason", "r",
                  "--date", "2024-06-01", "-r", root)
    assert nobody.code == 1 and "不是姓名" in nobody.err


def closed(by: str) -> str:
    return f"        closed: {{date: 2024-06-25, by: {json.dumps(by, ensure_ascii=False)}}}\n"


def by_finding(diagnostics: list[dict[str, str]], rule: str) -> dict[str, str]:
    """The messages of one rule by the finding they name."""
    return {re.findall(r"SJ-1-F\d+", d["message"])[0]: d["message"] for d in diagnostics if d["rule"] == rule}


def test_check_reports_every_spelling_of_closing_ones_own_finding(tmp_path: Path) -> None:
    own = [finding(n, OWNER, closed(by)).replace("status: done", "status: closed") for n, by in enumerate(SPELLINGS)]
    several = finding(90, "张伟 和 李娜", closed("李 娜")).replace("status: done", "status: closed")
    other = finding(91, OWNER, closed("黄志强")).replace("status: done", "status: closed")
    nobody = finding(92, OWNER, closed("——")).replace("status: done", "status: closed")
    root = write_register(tmp_path / "reg", {"checks/audit.yaml": checks(*own, several, other, nobody)})
    result = pdca("check", root, "--as-of", "2024-06-25", "--format", "json")
    hits = by_finding(result.json()["diagnostics"], "status-incomplete")
    expected = {f"SJ-1-F{n}" for n in range(len(SPELLINGS))} | {"SJ-1-F90", "SJ-1-F92"}
    assert set(hits) == expected and result.code == 1
    assert all("销号人与责任人相同" in hits[t] for t in expected - {"SJ-1-F92"})
    assert "不是姓名" in hits["SJ-1-F92"]


def test_check_reports_an_extension_approved_by_its_owner_in_any_spelling(tmp_path: Path) -> None:
    def extended(number: int, owner: str, by: str) -> str:
        tail = (f"        extensions:\n          - {{until: 2024-08-31, approved_by: {json.dumps(by, ensure_ascii=False)},"
                " date: 2024-06-01, reason: 平台未上线}\n")
        return finding(number, owner, tail).replace("status: done", "status: rectifying")

    entries = [extended(n, OWNER, by) for n, by in enumerate(SPELLINGS)]
    entries += [extended(90, "张伟、李娜", "张\u200b伟"), extended(91, OWNER, "黄志强"), extended(92, OWNER, "——")]
    root = write_register(tmp_path / "reg", {"checks/audit.yaml": checks(*entries)})
    found = pdca("check", root, "--as-of", "2024-06-01", "--format", "json").json()["diagnostics"]
    hits = by_finding(found, "extension-irregular")
    assert set(hits) == {f"SJ-1-F{n}" for n in range(len(SPELLINGS))} | {"SJ-1-F90", "SJ-1-F92"}
    assert "本人批准" in hits["SJ-1-F90"] and "不是姓名" in hits["SJ-1-F92"]


@pytest.mark.parametrize("by", ["黄\u200b志刚", "黄　志刚 ", "纪委办公室/黄志刚"])
def test_diff_flags_a_finding_closed_by_its_owner_in_any_spelling(repo: Path, by: str) -> None:
    path = repo / "checks" / "audit.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: done", "status: closed", 1).replace(
        "evidence: OA-2024-0655\n", "evidence: OA-2024-0655\n" + closed(by), 1), encoding="utf-8")
    git(repo, "commit", "-qam", "closed")
    result = pdca("diff", "HEAD~1", "HEAD", "-r", repo, "--format", "json")
    assert result.code == 0, result.err
    flagged = [(c["kind"], c["id"]) for r in result.json()["registers"] for c in r["changes"] if c["flag"]]
    assert ("closed-by-owner", "SJ-1-F1") in flagged


def test_diff_flags_a_finding_closed_by_one_of_its_owners_and_by_no_one(repo: Path) -> None:
    path = repo / "checks" / "audit.yaml"
    text = path.read_text(encoding="utf-8").replace("status: done", "status: closed")
    first, second = text.split("      - id: SJ-1-F2")
    first = first.replace("evidence: OA-2024-0655\n", "evidence: OA-2024-0655\n" + closed("——"))
    second = second.replace("evidence: OA-2024-0655\n", "evidence: OA-2024-0655\n" + closed("李 娜"))
    path.write_text(first + "      - id: SJ-1-F2" + second, encoding="utf-8")
    result = pdca("diff", "HEAD", "-r", repo, "--format", "json")
    flagged = [(c["kind"], c["id"]) for r in result.json()["registers"] for c in r["changes"] if c["flag"]]
    assert ("closed-by-owner", "SJ-1-F2") in flagged and ("closed-by-nobody", "SJ-1-F1") in flagged


# --- --redact -------------------------------------------------------------------------------------

RISKS_A = """\
risks:
  - id: CG-001
    title: 供应商选择
    area: procurement
    department: purchasing
    owner: 张伟、李娜
    leader: "赵  敏 "
    dimension: 业务流程
    likelihood: 2
    impact: 2
    description: 由张 伟牵头，李\u200b娜配合；赵敏审核。Carolina Supplies 是供应商
    measures:
      - {id: CG-001-M1, title: 集体评审, line: before, owner: Zhang Wei, note: "ZHANG WEI 与 zhang  wei 负责"}
"""
CHECKS_A = """\
checks:
  - id: SJ-1
    source: 审计
    title: 采购专项审计
    date: 2024-05-10
    findings:
      - id: SJ-1-F1
        problem: 评审记录不完整，经办人孙  丽
        task: 由钱进督促
        department: purchasing
        owner: 孙丽
        leader: 赵敏
        deadline: 2024-06-30
        status: closed
        done: 2024-06-20
        result: 已修订办法，周　杰复核
        evidence: OA-2024-0655
        closed: {date: 2024-06-25, by: 周杰}
        extensions:
          - {until: 2024-06-30, approved_by: 吴刚, date: 2024-05-20, reason: 吴 刚同意延期}
        actions:
          - {kind: notice, date: 2024-06-01, ref: 纪通〔2024〕3号, by: 郑华}
        history:
          - {status: rectifying, date: 2024-06-22, note: 缺少附件, by: 钱进}
"""
# the second register names no one in a person field: the names come only from the first
CHECKS_B = """\
checks:
  - id: CW-1
    source: 审计
    title: 财务审计
    date: 2024-05-12
    findings:
      - id: CW-1-F1
        problem: 报销单由ZHANG WEI签字，李 娜经办，孙\u00ad丽知情
        task: 赵 敏、周杰和吴刚、郑 华 、钱　进 督办
        department: finance
        owner: 财务部
        deadline: 2024-12-31
        status: open
"""
ACTIVITIES_B = """\
activities:
  - id: HD-1
    kind: 廉政教育
    title: 警示教育会
    date: 2024-05-20
    participants: [张伟、李娜, 孙丽]
    note: 由zhang wei主讲
"""
PEOPLE = {"张伟": "张伟", "李娜": "李娜", "赵敏": "赵敏", "zhangwei": "Zhang Wei", "孙丽": "孙丽", "钱进": "钱进",
          "周杰": "周杰", "吴刚": "吴刚", "郑华": "郑华"}


def _visible(text: str) -> str:
    """Output as a reader sees it, to look for a name in: compatibility forms and case folded, spaces
    and invisible characters gone (written here, not with pdca's own code)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\u00ad\u200b-\u200f\u2060\ufeff\u3164]", "", folded)


def leaked(outputs: list[str]) -> set[str]:
    return {shown for key, shown in PEOPLE.items() for out in outputs if key in _visible(out)}


@pytest.fixture
def two_registers(tmp_path: Path) -> tuple[Path, Path]:
    first = write_register(tmp_path / "a", {"risks/cg.yaml": RISKS_A, "checks/audit.yaml": CHECKS_A})
    second = write_register(tmp_path / "b", {"checks/audit.yaml": CHECKS_B, "activities/2024.yaml": ACTIVITIES_B})
    for root in (first, second):
        assert pdca("check", root, "--as-of", "2024-06-30", "--format", "json").json()["summary"]["errors"] == 0
    return first, second


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_redact_withholds_every_spelling_across_registers(two_registers: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = two_registers
    plain = pdca("export", first, second, "--as-of", "2024-06-30").out
    assert leaked([plain]) == set(PEOPLE.values())  # without --redact every name is there
    outputs = [pdca("export", first, second, "--redact", "--as-of", "2024-06-30").out]
    for lang in ("zh", "en"):
        folder = tmp_path / f"csv-{lang}"
        assert pdca("export", first, second, "--redact", "--format", "csv", "-o", folder, "--lang", lang).code == 0
        outputs += [p.read_text(encoding="utf-8-sig") for p in sorted(folder.iterdir())]
        for args in (["--month", "2024-06"], ["--month", "2024-06", "--kind", "lists"],
                     ["--month", "2024-06", "--kind", "register"], ["--half", "2024H1"], ["--year", "2024"]):
            result = pdca("report", first, second, *args, "--redact", "--lang", lang)
            assert result.code == 0, result.err
            outputs.append(result.out)
    workbook = tmp_path / "a.xlsx"  # a workbook holds one register
    assert pdca("export", first, "--redact", "--format", "xlsx", "-o", workbook).code == 0
    book = openpyxl.load_workbook(workbook)
    outputs.append("\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row))
    assert {n: leaked([out]) for n, out in enumerate(outputs) if leaked([out])} == {}
    document = json.loads(outputs[0])
    text = json.dumps(document, ensure_ascii=False)
    assert "Carolina Supplies" in text  # "Li Na" is not inside another word
    assert "物资采购部" in text and "财务部" in text  # departments are not people


def test_redact_replaces_person_fields_by_their_role(two_registers: tuple[Path, Path]) -> None:
    first, _ = two_registers
    document = pdca("export", first, "--redact", "--as-of", "2024-06-30").json()
    risk = document["risks"][0]
    assert risk["owner"] == "物资采购部" and risk["leader"] == "分管领导"
    found = document["findings"][0]
    assert found["owner"] == "物资采购部"


def test_diff_names_each_person_concerned_once(repo: Path) -> None:
    path = repo / "checks" / "audit.yaml"
    text = path.read_text(encoding="utf-8").replace("status: done", "status: rectifying", 1)
    path.write_text(text + finding(3, "黄 志刚") + finding(4, "黄志刚\u200b") + finding(5, "李娜"), encoding="utf-8")
    result = pdca("diff", "HEAD", "-r", repo, "--format", "json")
    assert result.code == 0, result.err
    concerned = [p for r in result.json()["registers"] for p in r["people"]]
    assert len(concerned) == 2 and "李娜" in concerned and people.key(concerned[1 - concerned.index("李娜")]) == "黄志刚"
