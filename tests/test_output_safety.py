"""Output as a hostile contributor would attack it (issue 14): where -o writes, control characters that
come with a register, and output that cannot be written.  Real files, devices, FIFOs and git repositories
in temp folders; the real CLI, in-process or as a program where only a process shows it.

No test names /dev/null or /dev/full itself as -o: a link in a temp folder leads there instead, so that a
regression (pdca renaming over what it was given) breaks the link and never the machine's devices.
/dev/stdout is named, as users name it: pdca writes that to its own standard output and never opens it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, EXAMPLE, pdca, pdca_program, write_register

from pdca import i18n
from pdca.cli.app import _command

#: what a terminal would act on, or what would start a line of its own: C0 (but a line break), DEL,
#: C1, bidi controls, the Unicode line and paragraph separators
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

HOSTILE_ID = "CG-\x1b]0;pwned\x07001"
HOSTILE_DEPARTMENT = "采购部，“中文”。\x1b[2J\u202eevil\x9b31m\n  1:1      错误  伪造的一行\r覆盖\tTAB"
HOSTILE_TITLE = "措施\x1b]0;x\x07\u202e\n  伪造的一行"

RISKS = f"""\
risks:
  - id: CG-001
    title: 供应商选择
    area: procurement
    dimension: 业务流程
    department: purchasing
    stage: D
    likelihood: 2
    impact: 2
    identified: 2024-01-15
    measures:
      - id: CG-001-M1
        title: {json.dumps(HOSTILE_TITLE)}
        line: before
        kind: 制度
        owner: {json.dumps("王海涛" + chr(0x1b) + "[8m")}
        due: 2024-03-31
        status: in_progress
  - id: {json.dumps(HOSTILE_ID)}
    title: {json.dumps("标题" + chr(0x1b) + "[2J" + chr(0x202e) + "反")}
    area: procurement
    dimension: 业务流程
  - id: {json.dumps(HOSTILE_ID)}
    title: 重复
    area: procurement
    dimension: 业务流程
  - id: CG-003
    title: 部门
    area: procurement
    dimension: 业务流程
    department: {json.dumps(HOSTILE_DEPARTMENT)}
  - id: CG-004
    title: 部门
    area: procurement
    dimension: 业务流程
    department: {json.dumps("purch" + chr(0x1b) + "[2Jasing" + chr(0x202e))}
"""
AS_OF = "2024-06-30"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return write_register(tmp_path / "reg", {"risks/procurement.yaml": RISKS})


def shown_safely(text: str) -> list[str]:
    """The lines of `text`, after checking that none holds a raw control character."""
    lines = text.splitlines()
    raw = [line for line in lines if RAW.search(line)]
    assert raw == [], raw
    return lines


# --- 6. control characters in terminal output -------------------------------------------------------


def test_check_text_shows_control_characters_as_escapes_one_diagnostic_a_line(hostile: Path) -> None:
    result = pdca("check", hostile, "--as-of", AS_OF)
    count = len(pdca("check", hostile, "--as-of", AS_OF, "--format", "json").json()["diagnostics"])
    lines = shown_safely(result.out)
    assert len([line for line in lines if re.match(r"  (\d+:\d+|-) ", line)]) == count  # nothing forged
    assert not any("伪造的一行" in line and "采购部" not in line for line in lines)
    assert "CG-\\u001b]0;pwned\\u0007001" in result.out
    assert "purch\\u001b[2Jasing\\u202e" in result.out
    assert "采购部，“中文”。\\u001b[2J\\u202eevil\\u009b31m\\n  1:1" in result.out  # Chinese punctuation kept


def test_github_annotations_cannot_be_forged(hostile: Path) -> None:
    (hostile / "risks" / "x,line=1::y%0A\n::error file=z::forged.yaml").write_text(
        "risks:\n  - {id: CG-009, title: 标题, area: procurement, dimension: 业务流程, department: nowhere}\n",
        encoding="utf-8")
    result = pdca("check", hostile, "--as-of", AS_OF, "--format", "github")
    count = len(pdca("check", hostile, "--as-of", AS_OF, "--format", "json").json()["diagnostics"])
    lines = shown_safely(result.out)
    assert len(lines) == count
    assert all(re.match(r"::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=pdca [a-z-]+::", line)
               for line in lines), lines
    assert "/x%2Cline=1%3A%3Ay%250A\\n%3A%3Aerror file=z%3A%3Aforged.yaml,line=" in result.out


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_json_reports_keep_every_value_and_show_no_raw_control(hostile: Path, fmt: str) -> None:
    result = pdca("check", hostile, "--as-of", AS_OF, "--format", fmt)
    shown_safely(result.out)
    values = "\n".join(strings(json.loads(result.out)))  # what the JSON means: every value as it was
    assert HOSTILE_ID in values and HOSTILE_DEPARTMENT[:30] in values


def strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in strings(value)]
    return [data] if isinstance(data, str) else []


def test_status_and_explain_show_control_characters_as_escapes(hostile: Path) -> None:
    status = pdca("status", hostile, "--as-of", AS_OF)
    assert status.code == 0, status.err
    lines = shown_safely(status.out)
    assert any("措施\\u001b]0;x\\u0007\\u202e\\n  伪造的一行" in line for line in lines)
    assert "王海涛\\u001b[8m" in status.out
    explain = pdca("explain", "CG-001", "-r", hostile)
    assert explain.code == 0, explain.err
    shown_safely(explain.out)


def test_messages_and_errors_show_control_characters_as_escapes(tmp_path: Path) -> None:
    folder = tmp_path / "reg\x1b]0;pwned\x07"
    write_register(folder, {"risks/a\x1b[2J.yaml": "risks:\n- {id: CG-001, title: 供应商选择, area: procurement, "
                                                   "dimension: 业务流程}\n"})
    fmt = pdca("fmt", folder)
    assert fmt.code == 0, fmt.err
    shown_safely(fmt.out + fmt.err)
    assert "a\\u001b[2J.yaml" in fmt.out
    (folder / "pdca.yaml").write_text("schema: [", encoding="utf-8")
    report = pdca("report", folder, "--month", "2024-06")
    assert report.code == 2
    assert shown_safely(report.err) and "reg\\u001b]0;pwned\\u0007" in report.err


def test_diff_shows_control_characters_as_escapes(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo / "registers" / "example")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    risks = repo / "registers" / "example" / "risks" / "procurement.yaml"
    text = risks.read_text(encoding="utf-8")
    risks.write_text(text.replace("title: 供应商选择中的利益输送", 'title: "供应商\\e]0;pwned\\a选择\\u202e"', 1),
                     encoding="utf-8")
    for fmt in ("text", "markdown", "json"):
        result = pdca("diff", "HEAD", "-r", repo / "registers" / "example", "--format", fmt)
        assert result.code == 0, result.err
        shown_safely(result.out)
        assert "\\u001b" in result.out and "\\u202e" in result.out
    risks.write_text(text.replace("title: 供应商选择中的利益输送", 'title: "供应商\\n  ! CG-999: 伪造的变更"', 1),
                     encoding="utf-8")
    forged = pdca("diff", "HEAD", "-r", repo / "registers" / "example", "--format", "text").out
    assert not any(line.lstrip(" !").startswith("CG-999") for line in forged.splitlines())  # one change, one line


def test_owners_cannot_be_injected_by_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = BASE_CONFIG.replace("{id: purchasing, name: 物资采购部}",
                                 '{id: purchasing, name: 物资采购部, reviewers: ["@x-corp/buy"]}')
    entry = "risks:\n  - {{id: CG-00{n}, title: 标题, area: procurement, dimension: 业务流程, department: purchasing}}\n"
    write_register(tmp_path / "reg", {
        "risks/a\n* @attacker.yaml": entry.format(n=1),
        "risks/b\x1b[2J.yaml": entry.format(n=2),
        "risks/采购 *[x]#?\\.yaml": entry.format(n=3),
        "risks/ok.yaml": entry.format(n=4),
    }, config)
    result = pdca("owners", "-r", "reg")
    assert result.code == 0, result.err
    lines = shown_safely(result.out)
    assert lines == ["# pdca owners: reg/pdca.yaml departments[].reviewers",
                     "/reg/risks/ok.yaml @x-corp/buy",
                     "/reg/risks/采购\\ \\*\\[x\\]\\#\\?\\\\.yaml @x-corp/buy"]
    warnings = shown_safely(result.err)
    assert [w.split("：")[0] for w in warnings] == ["pdca: /reg/risks/a\\n* @attacker.yaml", "pdca: /reg/risks/b\\u001b[2J.yaml"]


# --- 2. where -o writes ------------------------------------------------------------------------------

#: every command with -o, and how to run it on the example register (the last argument is the -o value)
OUTPUT_COMMANDS: dict[str, list[str]] = {
    "report": ["report", str(EXAMPLE), "--month", "2024-06"],
    "export": ["export", str(EXAMPLE), "--as-of", AS_OF],
    "export-csv-table": ["export", str(EXAMPLE), "--format", "csv", "--table", "risks"],
    "export-xlsx": ["export", str(EXAMPLE), "--format", "xlsx", "--as-of", AS_OF],
    "diff": ["diff", "HEAD", "-r", "registers/example"],
    "dossier opinion": ["dossier", "opinion", "P-0001", "--as-of", AS_OF, "--confirm"],
}
#: commands whose -o is a folder they make (tests/test_site.py: links, files and other folders refused)
FOLDER_COMMANDS = {"site"}


def with_output(name: str, output: Path | str, cwd: Path) -> list[str]:
    args = OUTPUT_COMMANDS[name]
    if name == "diff":  # in a git repository holding the example register
        args = ["diff", "HEAD", "-r", str(cwd / "registers" / "example")]
    if name == "dossier opinion":  # a register that lists its people
        args = [*args, "-r", str(write_register(cwd / "people-register", {"people/all.yaml": "people:\n  - {id: P-0001}\n"}))]
    return [*args, "-o", str(output)]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A git repository holding the example register, for `pdca diff`."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo / "registers" / "example")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    return repo


def test_every_command_with_output_is_covered() -> None:
    having = set()
    for name, command in _command().commands.items():
        subcommands = getattr(command, "commands", {name: command})
        for sub in subcommands.values():
            if any("--output" in getattr(param, "opts", []) for param in sub.params):
                having.add(sub.name if sub is command else f"{name} {sub.name}")
    assert having == {args[0] if args[0] != "dossier" else " ".join(args[:2])
                      for args in OUTPUT_COMMANDS.values()} | FOLDER_COMMANDS


needs_links = pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="POSIX links")


@needs_links
@pytest.mark.parametrize("name", OUTPUT_COMMANDS)
def test_a_link_to_a_device_is_written_through(workdir: Path, name: str) -> None:
    link = workdir / "null"
    link.symlink_to(os.devnull)
    result = pdca(*with_output(name, link, workdir))
    assert result.code == 0, result.err
    assert link.is_symlink() and os.readlink(link) == os.devnull


@needs_links
@pytest.mark.parametrize("name", OUTPUT_COMMANDS)
def test_a_link_to_a_file_is_refused_and_both_are_left_alone(workdir: Path, tmp_path: Path, name: str) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("export PATH\n", encoding="utf-8")
    link = workdir / "report.md"
    link.symlink_to(victim)
    result = pdca(*with_output(name, link, workdir))
    assert result.code == 2
    assert result.err == f"pdca: {i18n.text('cli.output_link', 'zh', path=link)}\n"
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "export PATH\n"


@needs_links
def test_a_dangling_link_is_refused_and_nothing_is_made(tmp_path: Path) -> None:
    link = tmp_path / "report.md"
    link.symlink_to(tmp_path / "elsewhere" / "made.md")
    result = pdca(*OUTPUT_COMMANDS["report"], "-o", link)
    assert result.code == 2
    assert link.is_symlink() and not (tmp_path / "elsewhere").exists()


@needs_links
def test_a_csv_folder_with_a_link_in_it_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("kept\n", encoding="utf-8")
    (folder / "measures.csv").symlink_to(victim)
    result = pdca("export", EXAMPLE, "--format", "csv", "-o", folder)
    assert result.code == 2
    assert sorted(p.name for p in folder.iterdir()) == ["measures.csv"]
    assert victim.read_text(encoding="utf-8") == "kept\n"


def test_a_character_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(*divmod(os.stat(os.devnull).st_rdev, 256)))
    except (AttributeError, PermissionError, OSError):
        pytest.skip("making a device node needs root on Linux")
    result = pdca(*OUTPUT_COMMANDS["report"], "-o", node)
    assert result.code == 0, result.err
    assert stat.S_ISCHR(os.lstat(node).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_written_through_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = pdca(*OUTPUT_COMMANDS["report"], "-o", fifo)
    reader.join(timeout=30)
    assert result.code == 0, result.err
    assert received == [pdca(*OUTPUT_COMMANDS["report"]).out.encode("utf-8")]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("output", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_are_standard_output(output: str) -> None:
    # /dev/stdout names pdca's own stream: written there, never opened, renamed over or made
    expected = pdca(*OUTPUT_COMMANDS["report"]).out
    result = pdca(*OUTPUT_COMMANDS["report"], "-o", output)
    assert result.code == 0, result.err
    assert result.out == expected and expected.startswith("#")


@pytest.mark.slow  # a second or more: the default suite stays under a minute
@pytest.mark.skipif(not Path("/dev/stdout").is_symlink(), reason="/dev/stdout is a link on Linux")
def test_dev_stdout_in_a_real_process_is_its_standard_output() -> None:
    before = os.readlink("/dev/stdout")
    result = pdca_program(*OUTPUT_COMMANDS["report"], "-o", "/dev/stdout")
    assert result.code == 0, result.err
    assert result.out == pdca(*OUTPUT_COMMANDS["report"]).out
    assert Path("/dev/stdout").is_symlink() and os.readlink("/dev/stdout") == before


def test_a_csv_folder_cannot_be_standard_output() -> None:
    result = pdca("export", EXAMPLE, "--format", "csv", "-o", "-")
    assert result.code == 2
    assert result.err == f"pdca: {i18n.text('cli.csv_needs', 'zh')}\n"
    assert not Path("-").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_write_atomic_never_renames_over_what_is_not_a_regular_file(tmp_path: Path) -> None:
    from pdca.io.files import write_atomic

    fifo, link, folder = tmp_path / "fifo", tmp_path / "link", tmp_path / "folder"
    os.mkfifo(fifo)
    link.symlink_to(tmp_path / "file")
    (tmp_path / "file").write_text("kept", encoding="utf-8")
    folder.mkdir()
    for path in (fifo, link, folder):
        with pytest.raises(OSError):  # pdca.io.files.Refused
            write_atomic(path, b"new")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink() and folder.is_dir()
    assert (tmp_path / "file").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "file", "folder", "link"]  # no temp left


# --- 13. output that cannot be written ---------------------------------------------------------------

needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux")


@needs_dev_full
@pytest.mark.parametrize("args", [
    ["check", str(EXAMPLE), "--as-of", AS_OF],
    ["report", str(EXAMPLE), "--month", "2024-06"],
    ["export", str(EXAMPLE)],
    ["status", str(EXAMPLE), "--as-of", AS_OF],
])
def test_a_full_standard_output_is_one_line_and_exit_2(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "pdca", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == f"pdca: {i18n.text('cli.stdout_failed', 'zh', error=os.strerror(28))}\n"


@needs_dev_full
@needs_links
def test_an_output_device_that_is_full_is_a_message(tmp_path: Path) -> None:
    link = tmp_path / "full"
    link.symlink_to("/dev/full")
    result = pdca(*OUTPUT_COMMANDS["report"], "-o", link)
    assert result.code == 2
    assert result.err == f"pdca: {i18n.text('cli.cannot_write', 'zh', path=link, error=i18n.text('os.disk_full', 'zh'))}\n"
    assert link.is_symlink()
