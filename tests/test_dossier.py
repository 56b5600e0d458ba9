"""pdca dossier through the real CLI: entries encrypted to keys made here, read back only with a key
that fits, never shown by any other command; rekey, retention and purge; the 意见回复."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pyrage
import pytest
from conftest import on_a_terminal, pdca, write_register

NOTE = "2024年3月1日，与该同志开展提醒谈话。本人对收受供应商购物卡一事作了说明，已于次日退还。"
SECOND = "2024年5月6日收到信访件，反映其在供应商准入中打招呼，经初核不属实。"


def new_key(folder: Path, name: str) -> tuple[Path, str]:
    """An age identity file made the way age-keygen makes one, and its public key."""
    identity = pyrage.x25519.Identity.generate()
    public = str(identity.to_public())
    path = folder / f"{name}.key"
    path.write_text(f"# created by the test\n# public key: {public}\n{identity}\n", encoding="utf-8")
    return path, public


def config(*recipients: str, extra: str = "") -> str:
    listed = "".join(f"    - {r}\n" for r in recipients)
    return textwrap.dedent("""\
        schema: pdca/v1
        organization: 测试公司
        cycle: {id: "2024", start: 2024-01-01, end: 2024-12-31}
        departments:
          - {id: purchasing, name: 物资采购部}
        areas:
          - {id: procurement, name: 物资采购, prefix: CG}
        posts:
          - {id: buyer, name: 采购专员, department: purchasing}
        issuer: {name: 中共测试公司纪律检查委员会}
        """) + (f"dossier:\n  recipients:\n{listed}" if recipients else "") + extra


PEOPLE = "people:\n  - {id: P-0001, post: buyer, key_post: true}\n  - {id: P-0002, post: buyer}\n"
CHECKS = """\
checks:
  - id: SJ-2024-01
    source: 审计
    title: 采购专项审计
    date: 2024-04-10
    risks: []
    findings:
      - id: SJ-2024-01-F1
        problem: 评审记录不完整 *未* 归档
        owner: P-0001
        leader: P-0002
        deadline: 2024-05-31
        actions:
          - {kind: notice, date: 2024-06-10, ref: 纪委通报〔2024〕3号}
      - id: SJ-2024-01-F2
        problem: 合同未按期归档
        owner: P-0002
        deadline: 2024-05-31
"""
ACTIVITIES = """\
activities:
  - {id: HD-2024-01, kind: 提醒谈话, title: 节前廉洁提醒谈话, date: 2024-02-01, participants: [P-0001]}
  - {id: HD-2024-02, kind: 廉政教育, title: 每月一课, date: 2024-03-01, participants: [P-0001]}
"""


@pytest.fixture
def office(tmp_path: Path) -> dict[str, object]:
    """A register with two people, and the keys of two officers: alice's is listed in pdca.yaml."""
    alice, alice_public = new_key(tmp_path, "alice")
    bob, bob_public = new_key(tmp_path, "bob")
    root = write_register(tmp_path / "reg", {"pdca.yaml": config(alice_public), "people/all.yaml": PEOPLE,
                                             "checks/sj.yaml": CHECKS, "activities/2024.yaml": ACTIVITIES})
    return {"root": root, "alice": alice, "alice_public": alice_public, "bob": bob, "bob_public": bob_public}


def add(root: Path, text: str | bytes, *args: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """`pdca dossier add` with `text` on standard input (bytes: exactly those bytes, as from `< file`)."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    return pdca("dossier", "add", *args, "-r", root)


def privacy_diagnostics(root: Path) -> list[tuple[str, str]]:
    """(rule, severity) of what `pdca check` says about people, personal data and the dossier (the
    register's findings are overdue on purpose, for the 意见回复)."""
    check = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    return [(d["rule"], d["severity"]) for d in check.json()["diagnostics"]
            if d["rule"].startswith(("dossier-", "person-", "duplicate", "schema", "yaml"))]


def show(root: Path, key: Path, person: str = "P-0001"):  # type: ignore[no-untyped-def]
    return pdca("dossier", "show", person, "-i", key, "-r", root, "--pipe")


# --- round trips --------------------------------------------------------------------------------


def test_add_then_show_round_trip(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    result = add(root, NOTE, "P-0001", "--kind", "talk", "--date", "2024-03-01", monkeypatch=monkeypatch)
    assert result.code == 0, result.err
    assert "P-0001-01" in result.out
    assert add(root, SECOND, "p-0001", "--kind", "信访", "--date", "2024-05-06", monkeypatch=monkeypatch).code == 0
    stored = (root / "dossier" / "P-0001.yaml").read_text(encoding="utf-8")
    assert "谈话" not in stored.split("\n", 1)[1].replace("kind: talk", "") and "购物卡" not in stored
    assert stored.count("-----BEGIN AGE ENCRYPTED FILE-----") == 2 and "kind: petition" in stored
    shown = show(root, office["alice"])
    assert shown.code == 0, shown.err
    assert NOTE in shown.out and SECOND in shown.out
    assert shown.out.index(NOTE) < shown.out.index(SECOND)  # oldest first
    assert privacy_diagnostics(root) == []


def test_an_entry_added_later_leaves_earlier_ones_byte_for_byte(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    add(root, NOTE, "P-0001", "--kind", "talk", "--date", "2024-03-01", monkeypatch=monkeypatch)
    before = (root / "dossier" / "P-0001.yaml").read_bytes()
    add(root, SECOND, "P-0001", "--kind", "petition", "--date", "2024-05-06", monkeypatch=monkeypatch)
    after = (root / "dossier" / "P-0001.yaml").read_bytes()
    assert after.startswith(before) and len(after) > len(before)


def test_ssh_keys_work_as_recipient_and_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keygen = "ssh-keygen"
    if subprocess.run(["which", keygen], capture_output=True).returncode != 0:
        pytest.skip("ssh-keygen is not installed")
    key = tmp_path / "id_ed25519"
    subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-C", "纪委书记", "-f", str(key)], check=True)
    public = (tmp_path / "id_ed25519.pub").read_text(encoding="utf-8").strip()
    root = write_register(tmp_path / "reg", {"pdca.yaml": config(json.dumps(public)), "people/all.yaml": PEOPLE})
    assert add(root, NOTE, "P-0001", "--kind", "talk", monkeypatch=monkeypatch).code == 0
    assert NOTE in show(root, key).out


# --- nothing decrypted by accident ---------------------------------------------------------------


def test_wrong_key_missing_key_and_no_key(office: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    add(root, NOTE, "P-0001", "--kind", "talk", monkeypatch=monkeypatch)
    wrong = show(root, office["bob"])
    assert wrong.code == 2 and wrong.out == ""
    assert "P-0001-01" in wrong.err and "不是加密给这些私钥的" in wrong.err
    missing = show(root, tmp_path / "nowhere.key")
    assert missing.code == 2 and missing.out == "" and "找不到私钥文件" in missing.err
    no_key = pdca("dossier", "show", "P-0001", "-r", root, "--pipe")
    assert no_key.code == 2 and NOTE not in no_key.out + no_key.err


@pytest.mark.parametrize("fingerprint", ["1234567890123456", "123e456789012345", "0000000000000e12"])
def test_a_fingerprint_of_digits_is_written_so_that_it_reads_back_as_text(
        office: dict, monkeypatch: pytest.MonkeyPatch, fingerprint: str) -> None:
    """sealed_for is 16 hex digits: about one list of recipients in a thousand gives one YAML reads as a
    number (123e456789012345 is infinity), and the entry could no longer be read or rewritten."""
    from pdca.engine import dossier
    from pdca.load import loader

    root = office["root"]
    add(root, NOTE, "P-0001", "--kind", "talk", "--date", "2024-03-01", monkeypatch=monkeypatch)
    entry = loader.load(root).dossier[0]
    (root / "dossier" / "P-0001.yaml").write_bytes(dossier.layout([entry.model_copy(update={"sealed_for": fingerprint})], "zh"))
    assert loader.load(root).dossier[0].sealed_for == fingerprint
    assert [rule for rule, _ in privacy_diagnostics(root)] == ["dossier-rekey"]


@pytest.mark.parametrize("saved", ["notepad", "powershell"])
def test_a_key_file_saved_on_windows_reads(office: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           saved: str) -> None:
    """Notepad's BOM and CRLF, or PowerShell 5's `age-keygen > 纪委.key` (UTF-16 with a BOM): the same key."""
    root = office["root"]
    add(root, NOTE, "P-0001", "--kind", "talk", monkeypatch=monkeypatch)
    text = office["alice"].read_text(encoding="utf-8").replace("\n", "\r\n")
    key = tmp_path / "办公 室" / "纪委.key"
    key.parent.mkdir()
    key.write_bytes(b"\xef\xbb\xbf" + text.encode() if saved == "notepad" else text.encode("utf-16"))
    shown = show(root, key)
    assert shown.code == 0 and NOTE in shown.out, shown.err


def test_tampered_ciphertext_is_refused_and_nothing_is_shown(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    add(root, NOTE, "P-0001", "--kind", "talk", "--date", "2024-03-01", monkeypatch=monkeypatch)
    add(root, SECOND, "P-0001", "--kind", "petition", "--date", "2024-05-06", monkeypatch=monkeypatch)
    path = root / "dossier" / "P-0001.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    ends = [i for i, line in enumerate(lines) if "END AGE" in line]
    target = ends[1] - 2  # a line of the second entry's payload, past its header
    lines[target] = lines[target][:20] + ("A" if lines[target][20] != "A" else "B") + lines[target][21:]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = show(root, office["alice"])
    assert result.code == 2 and result.out == ""  # the intact first entry is not shown either
    assert "P-0001-02" in result.err and "已被篡改或截断" in result.err


def test_show_writes_to_a_terminal_only(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    add(root, NOTE, "P-0001", "--kind", "talk", monkeypatch=monkeypatch)
    piped = pdca("dossier", "show", "P-0001", "-i", office["alice"], "-r", root)
    assert piped.code == 2 and piped.out == "" and "--pipe" in piped.err


@pytest.mark.slow  # a real process on a pseudo-terminal
@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_show_on_a_real_terminal(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    add(root, NOTE, "P-0001", "--kind", "talk", monkeypatch=monkeypatch)
    done, shown = on_a_terminal([sys.executable, "-m", "pdca", "dossier", "show", "P-0001", "-i", str(office["alice"]),
                                 "-r", str(root)], "stdout", stderr=subprocess.PIPE, timeout=60,
                                env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 0, done.stderr
    assert NOTE in shown.decode("utf-8").replace("\r\n", "\n")


# --- recipients --------------------------------------------------------------------------------


def test_a_recipient_removed_then_rekeyed_can_no_longer_read(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    (root / "pdca.yaml").write_text(config(office["alice_public"], office["bob_public"]), encoding="utf-8")
    add(root, NOTE, "P-0001", "--kind", "talk", monkeypatch=monkeypatch)
    assert NOTE in show(root, office["bob"]).out
    (root / "pdca.yaml").write_text(config(office["alice_public"]), encoding="utf-8")
    assert privacy_diagnostics(root) == [("dossier-rekey", "warning")]
    assert NOTE in show(root, office["bob"]).out  # not yet rekeyed: bob still reads it, and check says so
    rekeyed = pdca("dossier", "rekey", "-i", office["alice"], "-r", root)
    assert rekeyed.code == 0, rekeyed.err
    refused = show(root, office["bob"])
    assert refused.code == 2 and NOTE not in refused.out + refused.err
    assert NOTE in show(root, office["alice"]).out
    assert privacy_diagnostics(root) == []


def test_rekey_with_a_key_that_cannot_read_writes_nothing(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    add(root, NOTE, "P-0001", "--kind", "talk", monkeypatch=monkeypatch)
    (root / "pdca.yaml").write_text(config(office["alice_public"], office["bob_public"]), encoding="utf-8")
    before = (root / "dossier" / "P-0001.yaml").read_bytes()
    result = pdca("dossier", "rekey", "-i", office["bob"], "-r", root)
    assert result.code == 2 and "P-0001-01" in result.err
    assert (root / "dossier" / "P-0001.yaml").read_bytes() == before


def test_recipients_that_cannot_be_used(office: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    secret = (office["alice"]).read_text(encoding="utf-8").split("\n")[2]
    (root / "pdca.yaml").write_text(config(secret), encoding="utf-8")
    result = add(root, NOTE, "P-0001", "--kind", "talk", monkeypatch=monkeypatch)
    assert result.code == 2 and "私钥" in result.err and secret[16:30] not in result.err
    assert not (root / "dossier").exists()
    check = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert secret[16:30] not in check.out
    assert privacy_diagnostics(root) == [("dossier-recipients", "error")]
    assert "personal-data" in check.out  # the secret key, found where it does not belong
    (root / "pdca.yaml").write_text(config(), encoding="utf-8")
    result = add(root, NOTE, "P-0001", "--kind", "talk", monkeypatch=monkeypatch)
    assert result.code == 2 and "dossier.recipients" in result.err


# --- what add refuses ----------------------------------------------------------------------------


def test_add_refuses_an_unknown_person_empty_text_and_a_bad_kind(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    unknown = add(root, NOTE, "P-0011", "--kind", "talk", monkeypatch=monkeypatch)
    assert unknown.code == 2 and "P-0011" in unknown.err and "P-0001" in unknown.err
    empty = add(root, "  \n", "P-0001", "--kind", "talk", monkeypatch=monkeypatch)
    assert empty.code == 1 and "内容为空" in empty.err
    bad = add(root, NOTE, "P-0001", "--kind", "gossip", monkeypatch=monkeypatch)
    assert bad.code == 2
    future = add(root, NOTE, "P-0001", "--kind", "talk", "--date", "2999-01-01", monkeypatch=monkeypatch)
    assert future.code == 2
    assert not (root / "dossier").exists()


def test_a_notes_file_from_windows_is_read_as_written_and_a_gbk_one_refused(
        office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """`< 谈话记录.txt` as Notepad saves it: a BOM and CRLF are the same text; GBK ("ANSI") is refused
    before anything is encrypted (sealed as mojibake, no one could correct it without the key)."""
    root = office["root"]
    gbk = add(root, (NOTE + "\r\n").encode("gbk"), "P-0001", "--kind", "talk", monkeypatch=monkeypatch)
    assert gbk.code == 1 and "Traceback" not in gbk.err
    assert "档案内容未写入" in gbk.err and "GBK" in gbk.err, gbk.err
    assert not (root / "dossier").exists()
    windows = b"\xef\xbb\xbf" + f"{NOTE}\r\n{SECOND}\r\n".encode()
    assert add(root, windows, "P-0001", "--kind", "talk", "--date", "2024-03-01", monkeypatch=monkeypatch).code == 0
    shown = show(root, office["alice"]).out
    assert f"\n{NOTE}\n{SECOND}\n" in shown and "\ufeff" not in shown and "\\r" not in shown


def test_an_editor_named_by_its_path_with_spaces_is_run_as_it_stands(
        office: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """EDITOR=C:\\Program Files\\Notepad++\\notepad++.exe: a path with spaces is the program, not three words."""
    folder = tmp_path / "Program Files" / "编辑器"
    folder.mkdir(parents=True)
    editor = folder / "edit me"
    editor.write_text(f"#!{sys.executable}\nimport sys\nopen(sys.argv[1], 'w', encoding='utf-8').write({NOTE!r})\n",
                      encoding="utf-8")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    added = pdca("dossier", "add", "P-0001", "--kind", "talk", "--edit", "-r", office["root"])
    assert added.code == 0, added.err
    assert NOTE in show(office["root"], office["alice"]).out


@pytest.mark.slow  # a real process and a real editor
def test_the_editor_writes_into_a_file_that_is_gone_afterwards(office: dict, tmp_path: Path) -> None:
    root = office["root"]
    seen = tmp_path / "seen.txt"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import os, stat, sys\n"
        "path = sys.argv[1]\n"
        f"open({str(seen)!r}, 'w').write(path + ' ' + oct(stat.S_IMODE(os.stat(path).st_mode)))\n"
        f"open(path, 'w', encoding='utf-8').write({NOTE!r})\n", encoding="utf-8")
    env = {**os.environ, "EDITOR": f"{sys.executable} {editor}", "VISUAL": ""}
    done = subprocess.run([sys.executable, "-m", "pdca", "dossier", "add", "P-0001", "--kind", "talk", "--edit",
                           "-r", str(root)], capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    path, mode = seen.read_text().split()
    assert mode == "0o600" and not Path(path).exists()
    assert NOTE in show(root, office["alice"]).out


# --- every other command, without the key ----------------------------------------------------------


def entry_added(root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Add an entry; a line of its ciphertext."""
    add(root, NOTE, "P-0001", "--kind", "talk", "--date", "2024-03-01", monkeypatch=monkeypatch)
    armor = (root / "dossier" / "P-0001.yaml").read_text(encoding="utf-8").split("\n")[9]
    assert len(armor) > 40
    return armor


def assert_no_dossier(outputs: list[str], armor: str) -> None:
    for shown in outputs:
        assert armor not in shown and "BEGIN AGE" not in shown and "P-0001-01" not in shown
        assert "购物卡" not in shown


def test_other_commands_never_show_dossier_content(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    armor = entry_added(root, monkeypatch)
    outputs = [pdca("check", root, "--as-of", "2024-06-30").out, pdca("status", root, "--as-of", "2024-06-30").out,
               pdca("export", root, "--as-of", "2024-06-30").out,
               pdca("report", root, "--month", "2024-06").out, pdca("report", root, "--month", "2024-06", "--kind", "lists").out]
    assert_no_dossier(outputs, armor)


@pytest.mark.slow  # every file format: a few seconds
def test_other_commands_never_show_dossier_content_in_any_file(office: dict, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    armor = entry_added(root, monkeypatch)
    outputs = [pdca("report", root, "--month", "2024-06", "--kind", kind).out for kind in ("stats", "register")]
    folder = tmp_path / "csv"
    assert pdca("export", root, "--format", "csv", "-o", folder).code == 0
    outputs += [p.read_text(encoding="utf-8-sig") for p in folder.iterdir()]
    workbook = tmp_path / "all.xlsx"
    assert pdca("export", root, "--format", "xlsx", "-o", workbook).code == 0
    outputs.append(" ".join(str(c) for s in openpyxl.load_workbook(workbook).worksheets
                            for row in s.iter_rows(values_only=True) for c in row if c is not None))
    docx = tmp_path / "tongbao.docx"
    assert pdca("report", root, "--month", "2024-06", "--format", "docx", "-o", docx).code == 0
    outputs.append(zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8"))
    assert_no_dossier(outputs, armor)


# --- retention -------------------------------------------------------------------------------------


def test_entries_past_retention_are_flagged_and_purged(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    for text, kind, day in ((NOTE, "talk", "2019-03-01"), (SECOND, "petition", "2024-05-06")):
        added = add(root, text, "P-0001", "--kind", kind, "--date", day, monkeypatch=monkeypatch)
        assert added.code == 0, added.out + added.err
    check = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert privacy_diagnostics(root) == [("dossier-retention", "warning")], check.out + check.err
    listed = pdca("dossier", "list", "-r", root, "--as-of", "2024-06-30")
    assert listed.out.splitlines() == ["P-0001-01\tP-0001\t谈话记录\t2019-03-01\t已过保存期限",
                                       "P-0001-02\tP-0001\t信访举报\t2024-05-06"]
    assert pdca("dossier", "purge", "-r", root).code == 2  # what to delete must be said
    purged = pdca("dossier", "purge", "--expired", "--as-of", "2024-06-30", "-r", root)
    assert purged.code == 0 and "1" in purged.out and "git 历史" in purged.err
    assert privacy_diagnostics(root) == []
    assert NOTE not in show(root, office["alice"]).out and SECOND in show(root, office["alice"]).out
    everything = pdca("dossier", "purge", "P-0001", "-r", root)
    assert everything.code == 0
    assert "BEGIN AGE" not in (root / "dossier" / "P-0001.yaml").read_text(encoding="utf-8")


def test_a_dossier_file_with_plain_text_is_an_error_that_never_shows_it(office: dict) -> None:
    root = office["root"]
    (root / "dossier").mkdir()
    (root / "dossier" / "P-0001.yaml").write_text(
        f"dossier:\n  - id: P-0001-01\n    person: P-0001\n    kind: talk\n    date: 2024-03-01\n    content: {NOTE}\n",
        encoding="utf-8")
    for form in ("text", "json", "github", "sarif"):
        result = pdca("check", root, "--format", form, "--as-of", "2024-06-30")
        assert result.code == 1 and "dossier-unencrypted" in result.out and "购物卡" not in result.out


# --- the 意见回复 ---------------------------------------------------------------------------------------


def opinion(root: Path, *args: str | Path):  # type: ignore[no-untyped-def]
    return pdca("dossier", "opinion", "P-0001", "--as-of", "2024-06-30", "-r", root, *args)


def test_opinion_gathers_findings_actions_talks_and_entries(office: dict, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    add(root, NOTE, "P-0001", "--kind", "talk", "--date", "2024-03-01", monkeypatch=monkeypatch)
    add(root, "2018年的旧记录", "P-0001", "--kind", "other", "--date", "2018-01-05", monkeypatch=monkeypatch)
    names = tmp_path / "names.yaml"
    names.write_text("names:\n  P-0001: 张伟\n  P-0002: 李娜\n", encoding="utf-8")
    result = opinion(root, "-i", office["alice"], "--names", names, "--to", "公司党委组织部")
    assert result.code == 0, result.err
    text = result.out
    assert text.startswith("# 关于张伟同志党风廉政情况的意见回复\n")
    assert "草稿" in text and "草稿" in result.err  # not confirmed yet
    assert "公司党委组织部：" in text and "2019年7月1日至2024年6月30日" in text
    assert "岗位：采购专员；部门：物资采购部；关键岗位。" in text
    row = next(line for line in text.splitlines() if "评审记录不完整" in line)
    assert "责任人" in row and "通报（纪委通报〔2024〕3号，2024年6月10日）" in row
    assert r"\*未\*" in row  # register text is escaped, not Markdown
    assert "合同未按期归档" not in text  # P-0002's finding, where P-0001 was neither owner nor leader
    assert "节前廉洁提醒谈话" in text and "每月一课" not in text  # talks, not every activity
    assert NOTE in text and "2018年的旧记录" not in text  # entries inside the retention window only
    assert "有上述记载" in text


def test_opinion_conclusion_confirmed_or_written_by_the_officer(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    (root / "checks" / "sj.yaml").unlink()
    (root / "activities" / "2024.yaml").unlink()
    clear = opinion(root, "--confirm")  # nothing on record: no key needed
    assert clear.code == 0 and "草稿" not in clear.out + clear.err
    assert "未发现采购专员同志有违反党风廉政建设规定的问题" in clear.out  # no names mapping: the post
    own = opinion(root, "--conclusion", "经核查，同意提拔使用。")
    assert own.code == 0 and "经核查，同意提拔使用。" in own.out and "草稿" not in own.out


def test_opinion_needs_the_key_when_there_are_entries(office: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    add(root, NOTE, "P-0001", "--kind", "talk", "--date", "2024-03-01", monkeypatch=monkeypatch)
    result = opinion(root)
    assert result.code == 2 and "-i" in result.err and result.out == ""
    wrong = opinion(root, "-i", office["bob"])
    assert wrong.code == 2 and NOTE not in wrong.out + wrong.err


def test_opinion_as_a_word_document_readable_by_its_owner_only(office: dict, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = office["root"]
    add(root, NOTE, "P-0001", "--kind", "talk", "--date", "2024-03-01", monkeypatch=monkeypatch)
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for path in (first, second):
        assert opinion(root, "-i", office["alice"], "--confirm", "-f", "docx", "-o", path).code == 0
    assert first.read_bytes() == second.read_bytes()  # deterministic
    body = zipfile.ZipFile(first).read("word/document.xml").decode("utf-8")
    assert "党风廉政情况的意见回复" in body and "购物卡" in body and "中共测试公司纪律检查委员会" in body
    if os.name == "posix":
        assert first.stat().st_mode & 0o077 == 0
    assert re.search(r"草稿", body) is None


def test_talks_are_known_by_their_chinese_kind_or_a_typed_one() -> None:
    from pdca.engine.opinion import is_talk

    assert all(is_talk(k) for k in ("提醒谈话", "廉洁谈话", "诫勉谈话", "reminder_talk", "integrity_talk"))
    assert not any(is_talk(k) for k in ("每月一课", "廉政教育", "lesson", "warning_education"))


@pytest.mark.parametrize("linked", ["dossier", "dossier/P-0001.yaml"])
def test_add_never_writes_through_a_link_out_of_the_register(office: dict, tmp_path: Path, linked: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A dossier folder or file that a pull request made a link to somewhere else: the entry is refused
    with a message (no traceback) and nothing is written there or in the register."""
    root = office["root"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if linked == "dossier":
        (root / "dossier").symlink_to(elsewhere, target_is_directory=True)
    else:
        (root / "dossier").mkdir()
        (root / "dossier" / "P-0001.yaml").symlink_to(elsewhere / "P-0001.yaml")
    result = add(root, NOTE, "P-0001", "--kind", "talk", "--date", "2024-03-01", monkeypatch=monkeypatch)
    assert result.code == 2 and "P-0001.yaml" in result.err and "Traceback" not in result.err
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in (root / "dossier").iterdir()) == ([] if linked == "dossier" else ["P-0001.yaml"])
