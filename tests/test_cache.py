"""The caches: same results warm and cold, kept per user and never read from a work tree, JSON only,
and an entry that is not one pdca wrote (damaged, hand-made, from another version) costs only a re-parse."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE, ROOT, pdca, pdca_program, write_register

from pdca import __version__
from pdca.io.transaction import journal_path


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The per-user cache folder pdca uses in these tests (real processes inherit it too)."""
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("PDCA_CACHE_DIR", str(folder))
    monkeypatch.delenv("PDCA_NO_CACHE", raising=False)
    return folder


def test_warm_and_cold_runs_say_the_same(tmp_path: Path, user_cache: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".pdca_cache"))
    cold = pdca("export", root, "--as-of", "2024-06-30").out
    assert pdca("export", root, "--as-of", "2024-06-30").out == cold
    assert pdca("check", root, "--as-of", "2024-06-30", "--no-cache", "--format", "json").code == 0
    assert list(user_cache.rglob("*.json")) and not (root / ".pdca_cache").exists()  # nothing in the register


def test_numbers_written_as_text_survive_the_cache(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"checks/c.yaml": (
        "checks:\n  - {id: SJ-1, source: 审计, title: t, date: 2024-05-10, findings: [\n"
        "     {id: 007, problem: p, deadline: 2024-07-28, status: done, done: 2024-06-01, result: 1.50, evidence: 2024.10}]}\n")})
    first = pdca("export", root).json()["findings"][0]
    second = pdca("export", root).json()["findings"][0]
    assert first == second and (second["id"], second["result"], second["evidence"]) == ("007", "1.50", "2024.10")


def test_problems_come_back_from_the_cache_with_their_positions(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/a.yaml": "risks:\n  - id: A\n    title: t\n    title: u\n\tbad: 1\n"})
    first = pdca("check", root, "--format", "json").found()
    assert first == pdca("check", root, "--format", "json").found() and "risks/a.yaml:5:1 yaml-syntax" in first


def test_a_whole_check_comes_back_from_the_cache_the_same_in_every_format(tmp_path: Path, user_cache: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    config = (root / "pdca.yaml").read_text(encoding="utf-8")
    (root / "pdca.yaml").write_text(config + "waivers:\n  - {rule: finding-overdue, target: XC-2024-01-F5, reason: 待定, "
                                    "until: 2030-01-01, approver: 纪委书记}\n", encoding="utf-8")
    for format in ("text", "json", "github", "sarif", "gitlab"):
        cold = pdca("check", root, "--as-of", "2024-06-30", "--format", format, "--no-cache")
        first = pdca("check", root, "--as-of", "2024-06-30", "--format", format)
        warm = pdca("check", root, "--as-of", "2024-06-30", "--format", format)
        assert cold.out == first.out == warm.out and cold.code == warm.code, format
    assert list(user_cache.rglob("runs/*.json"))


def test_the_run_cache_follows_every_file_and_the_date(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/a.yaml": "risks:\n  - {id: CG-1, title: t, area: procurement, dimension: 业务流程}\n"})
    assert pdca("check", root, "--format", "json").json()["diagnostics"] == []
    assert pdca("check", root, "--format", "json").json()["diagnostics"] == []
    (root / "risks" / "a.yaml").write_text("risks:\n  - {id: CG-1, title: t, area: nowhere, dimension: 业务流程}\n", encoding="utf-8")
    assert pdca("check", root, "--format", "json").found() == ["risks/a.yaml:2:26 unknown-reference"]
    (root / "risks" / "b.yaml").write_text("risks:\n  - {id: CG-1, title: t, area: procurement, dimension: 业务流程}\n", encoding="utf-8")
    assert "duplicate-id" in {d["rule"] for d in pdca("check", root, "--format", "json").json()["diagnostics"]}
    late = pdca("check", root, "--format", "json", "--as-of", "2030-01-01").json()
    assert late["summary"]["files"] == 3


# --- cache poisoning: nothing that arrives with the repository changes a result ---------------------

OLD_RISKS = "risks:\n  - {id: CG-1, title: 旧风险, area: procurement, dimension: 业务流程}\n"
NEW_RISKS = OLD_RISKS + "  - {id: CG-2, title: 新增风险, area: nowhere, dimension: 业务流程}\n"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "core.autocrlf=false",
                    "-c", "init.defaultBranch=main", *args], cwd=cwd, check=True, capture_output=True)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _pull_request(tmp_path: Path, plant: Callable[[Path, Path], None]) -> tuple[Path, Path]:
    """A repository whose main holds a register, and a fresh clone of a branch that adds a risk with an
    unknown area and, with `plant(repository, register)`, cache entries; (the clone, its register)."""
    origin = tmp_path / "origin"
    root = write_register(origin / "registers" / "r", {"risks/a.yaml": OLD_RISKS})
    _git(origin, "init")
    _git(origin, "add", ".")
    _git(origin, "commit", "-m", "register")
    _git(origin, "checkout", "-b", "pr")
    (root / "risks" / "a.yaml").write_bytes(NEW_RISKS.encode("utf-8"))
    plant(origin, root)
    _git(origin, "add", "-f", ".")
    _git(origin, "commit", "-m", "a risk, and cache entries that say it is not there")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-b", "pr", str(origin), str(clone))
    return clone, clone / "registers" / "r"


def _sees_the_change(clone: Path, checkout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(clone)
    plain = pdca("check", checkout, "--format", "json")
    assert plain.code == 1 and plain.found() == ["risks/a.yaml:3:29 unknown-reference"]
    ratchet = pdca("check", checkout, "--diff", "origin/main", "--format", "json")
    assert ratchet.code == 1 and [d["rule"] for d in ratchet.json()["diagnostics"] if d["new"]] == ["unknown-reference"]
    diff = pdca("diff", "origin/main", "-r", checkout, "--format", "text").out
    assert "CG-2" in diff and "没有变化" not in diff
    assert "新增风险" in pdca("report", checkout, "--kind", "register", "--force").out


def test_cache_entries_committed_beside_the_register_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pdca 0.1 read `.pdca_cache/` beside pdca.yaml: an entry filed under the changed file's content
    with the old file's data made `check --diff` pass, `diff` say nothing changed, reports show old data."""
    def plant(repository: Path, root: Path) -> None:
        key = _sha(NEW_RISKS)
        entry = root / ".pdca_cache" / f"1-{__version__}" / key[:2] / f"{key}.json"
        entry.parent.mkdir(parents=True)
        entry.write_text(json.dumps({"encoded": False, "data": yaml.safe_load(OLD_RISKS), "problems": []},
                                    ensure_ascii=False), encoding="utf-8")

    clone, checkout = _pull_request(tmp_path, plant)
    assert list((checkout / ".pdca_cache").rglob("*.json"))  # the entry arrived with the clone
    _sees_the_change(clone, checkout, monkeypatch)


def test_a_cache_folder_inside_the_checkout_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CI that points PDCA_CACHE_DIR into the checkout would read what the pull request put there:
    this pdca's own entry for the old file, filed under the new file's key."""
    def plant(repository: Path, root: Path) -> None:
        made = tmp_path / "made"
        monkeypatch.setenv("PDCA_CACHE_DIR", str(made))
        assert pdca("check", write_register(tmp_path / "scratch", {"risks/a.yaml": OLD_RISKS})).code == 0
        old, new = _sha(OLD_RISKS), _sha(NEW_RISKS)
        [own] = made.rglob(f"{old}.json")
        planted = repository / ".cache" / own.relative_to(made).parent.parent / new[:2] / f"{new}.json"
        planted.parent.mkdir(parents=True)
        planted.write_text(own.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    clone, checkout = _pull_request(tmp_path, plant)
    monkeypatch.setenv("PDCA_CACHE_DIR", str(clone / ".cache"))
    before = sorted(p.relative_to(clone) for p in (clone / ".cache").rglob("*"))
    _sees_the_change(clone, checkout, monkeypatch)
    assert sorted(p.relative_to(clone) for p in (clone / ".cache").rglob("*")) == before  # nor written to


# --- damaged entries: ignored, written again, never a traceback or another result ------------------

Damage = Callable[[Any, str], "str | None"]  # (an entry, its text) -> the damaged text; None: not this entry

DAMAGED_REGISTER = {
    "risks/a.yaml": "risks:\n  - id: CG-1\n    title: t\n    title: u\n    area: nowhere\n    dimension: 业务流程\n",
    "checks/c.yaml": ("checks:\n  - {id: SJ-1, source: 审计, title: t, date: 2024-05-10, findings: [\n"
                      "     {id: 007, problem: p, deadline: 2024-04-28, status: open, owner: nobody}]}\n"),
}


def _holder(value: Any, key: str) -> Any:
    """The JSON object in `value` that holds `key` (wherever this pdca's layout puts it), or None."""
    if isinstance(value, dict):
        if key in value:
            return value
        value = list(value.values())
    if isinstance(value, list):
        for inner in value:
            if (found := _holder(inner, key)) is not None:
                return found
    return None


def _changed(holding: str, item: int | None = None, /, **changes: Any) -> Damage:
    """Damage that sets fields of the object holding `holding` (with `item`: of its item-th element)."""
    def damage(entry: Any, text: str) -> str | None:
        entry = copy.deepcopy(entry)
        holder = _holder(entry, holding)
        if holder is None or (item is not None and len(holder[holding]) <= item):
            return None
        (holder if item is None else holder[holding][item]).update(changes)
        return json.dumps(entry, ensure_ascii=False)
    return damage


def _deep(depth: int) -> Any:
    value: Any = ["x"]
    for _ in range(depth):
        value = [value]
    return value


def _deep_listing(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"list": [value]}
    return value


def _another_run(entry: Any, text: str) -> str | None:
    """A run stored under another key (another version of pdca, other files), saying nothing is wrong."""
    entry = copy.deepcopy(entry)
    if isinstance(entry, dict) and "key" in entry:
        entry["key"] = "0" * 64
    _holder(entry, "diagnostics")["diagnostics"] = []
    return json.dumps(entry, ensure_ascii=False)


EVERY_ENTRY: dict[str, Damage] = {
    "truncated": lambda entry, text: text[: len(text) // 2],
    "deep JSON": lambda entry, text: "[" * 100_000 + "]" * 100_000,
    "not an object": lambda entry, text: "[]",
}
FILE_DAMAGE: dict[str, Damage] = {
    **EVERY_ENTRY,
    "data deeper than YAML": _changed("problems", encoded=False, data={"risks": _deep(100)}),
    "a number that is text": _changed("problems", encoded=True, data=[["risks", {"\u0000n": "abc"}]]),
    "a key that is a list": _changed("problems", encoded=True, data=[[{"l": []}, 1]]),
    "unknown message id": _changed("problems", 0, message="no.such.message"),
    "wrong param types": _changed("problems", 0, params={"key": {"x": [1]}}),
    "string line numbers": _changed("problems", 0, line="3"),
    "a line of 0": _changed("problems", 0, line=0),
    "another version": _changed("problems", format="0.0.1", encoded=False, data={"risks": []}, problems=[]),
    "another file's key": _changed("problems", key="0" * 64, encoded=False, data={"risks": []}, problems=[]),
}
RUN_DAMAGE: dict[str, Damage] = {
    **EVERY_ENTRY,
    "deep message": _changed("diagnostics", 0, message={"msg": "rule.waiver_unused", "params": {
        "rule": _deep_listing(50), "target": "x"}}),
    "unknown message id": _changed("diagnostics", 0, message={"msg": "no.such.message", "params": {}}),
    "wrong param types": _changed("diagnostics", 0, message={"msg": "rule.waiver_unused", "params": {
        "rule": {"label": "stage", "key": {"x": [1]}}, "target": "x"}}),
    "string line numbers": _changed("diagnostics", 0, line="3"),
    "a severity of off": _changed("diagnostics", 0, severity="off"),
    "empty registers": _changed("registers", registers=[]),
    "another register": _changed("registers", 0, root="/elsewhere"),
    "another run's key": _another_run,
}


def _damage(tmp_path: Path, damage: Damage, runs: bool) -> tuple[Path, Any, dict[Path, str]]:
    """A register with problems checked once (filling the caches), then every file entry (`runs`
    False; run entries are removed so that files are read) or every run entry damaged; (the register,
    the uncached result, {damaged entry: what pdca wrote there})."""
    root = write_register(tmp_path / "reg", DAMAGED_REGISTER)
    cold = pdca("check", root, "--format", "json", "--as-of", "2024-06-30", "--no-cache")
    assert cold.code == 1 and cold.json()["diagnostics"]
    assert pdca("check", root, "--format", "json", "--as-of", "2024-06-30").out == cold.out
    damaged = {}
    for path in tmp_path.rglob("*.json"):  # wherever pdca keeps them
        text = path.read_text(encoding="utf-8")
        is_run = _holder(json.loads(text), "diagnostics") is not None
        if is_run and not runs:
            path.unlink()
        elif is_run == runs and (bad := damage(json.loads(text), text)) is not None:
            path.write_text(bad, encoding="utf-8")
            damaged[path] = text
    assert damaged
    return root, cold, damaged


@pytest.mark.parametrize("damage", FILE_DAMAGE.values(), ids=FILE_DAMAGE.keys())
def test_a_damaged_file_entry_is_ignored_and_written_again(tmp_path: Path, damage: Damage) -> None:
    root, cold, damaged = _damage(tmp_path, damage, runs=False)
    warm = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, "")
    assert {path: path.read_text(encoding="utf-8") for path in damaged} == damaged


@pytest.mark.parametrize("damage", RUN_DAMAGE.values(), ids=RUN_DAMAGE.keys())
def test_a_damaged_run_entry_is_ignored_and_written_again(tmp_path: Path, damage: Damage) -> None:
    root, cold, damaged = _damage(tmp_path, damage, runs=True)
    warm = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert (warm.code, warm.out, warm.err) == (cold.code, cold.out, "")
    assert {path: path.read_text(encoding="utf-8") for path in damaged} == damaged


# --- a cached run prints paths relative to where it is run from -------------------------------------

@pytest.mark.slow  # a second or more: the default suite stays under a minute
@pytest.mark.parametrize("format", ["text", "github"])
def test_a_cached_run_prints_paths_from_the_current_folder(tmp_path: Path, format: str) -> None:
    root = write_register(tmp_path / "reg", DAMAGED_REGISTER)
    here, there = tmp_path / "a", tmp_path / "b" / "c"
    here.mkdir()
    there.mkdir(parents=True)
    for named in (root, Path("..") / "reg"):  # the same register, named absolutely and relatively
        first = pdca_program("check", named, "--format", format, "--as-of", "2024-06-30", cwd=here)
        assert "../reg/risks/a.yaml" in first.out
        elsewhere = named if named.is_absolute() else Path("..") / named
        cached = pdca_program("check", elsewhere, "--format", format, "--as-of", "2024-06-30", cwd=there)
        uncached = pdca_program("check", elsewhere, "--format", format, "--as-of", "2024-06-30", "--no-cache", cwd=there)
        assert (cached.code, cached.out) == (uncached.code, uncached.out) and "../../reg/risks/a.yaml" in cached.out


def test_a_run_is_not_reused_while_an_edit_waits_to_be_put_back(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", DAMAGED_REGISTER)
    first = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert "interrupted-edit" not in {d["rule"] for d in first.json()["diagnostics"]}
    journal = journal_path(root)  # an edit that stopped, in the user's folder
    journal.write_text(json.dumps({"root": str(root.resolve()), "files": [], "done": True}), encoding="utf-8")
    after = pdca("check", root, "--format", "json", "--as-of", "2024-06-30")
    assert "interrupted-edit" in {d["rule"] for d in after.json()["diagnostics"]}
    assert not journal.exists()


def test_every_entry_pdca_writes_is_taken_back_as_it_is(tmp_path: Path, user_cache: Path) -> None:
    """No entry of pdca's own fails the checks on reading (it would be parsed and written again on
    every run): a second run replaces no file entry."""
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".pdca_cache"))
    write_register(root, {**DAMAGED_REGISTER, "activities/scalar.yaml": "5\n", "activities/empty.yaml": "",
                          "checks/numbers.yaml": "checks: [{id: 007, n: 2024.10, 0x1F: .inf, ~: [1, {2: 3}]}]\n"},
                   config=(root / "pdca.yaml").read_text(encoding="utf-8"))
    pdca("check", root, "--as-of", "2024-06-30")
    entries = {path: path.stat().st_ino for path in (user_cache / "files").rglob("*.json")}
    assert len(entries) >= len(list(root.rglob("*.yaml"))) - 1  # the empty file and pdca.yaml may share one
    pdca("check", root, "--as-of", "2024-07-01")  # another day: the run is made again from the files
    assert {path: path.stat().st_ino for path in (user_cache / "files").rglob("*.json")} == entries


@pytest.mark.slow
def test_a_file_changed_while_a_check_ran_leaves_no_result_for_what_it_was(tmp_path: Path) -> None:
    """The run's key is the files as the check began; a file saved while it ran (an editor, a git
    checkout) was read as it ended up.  Kept under the first key, that result would be the answer when
    the file is back as it was: a problem no longer there (or none where there is one)."""
    root = tmp_path / "large"  # large enough to be read in other processes: their start says the check is under way
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--risks", "2000", "--files", "3",
                    "--out", str(root)], check=True, capture_output=True)
    words = root / "reports" / "2024-H1.yaml"  # read by rule personal-data after every file of entries
    words.parent.mkdir()
    words.write_text("summary: 本期无事\n", encoding="utf-8")
    command = [sys.executable, "-m", "pdca", "check", str(root), "--as-of", "2024-06-30", "--format", "json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PDCA_PARSE_PROCESSES": "2"}
    running = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, cwd=tmp_path)
    children = Path(f"/proc/{running.pid}/task/{running.pid}/children")
    while running.poll() is None and not children.read_text().split():
        time.sleep(0.005)
    words.write_text("summary: 举报人电话 13800138000\n", encoding="utf-8")
    during = json.loads(running.communicate(timeout=120)[0])
    assert any(d["rule"] == "personal-data" for d in during["diagnostics"])  # it read the file as saved
    words.write_text("summary: 本期无事\n", encoding="utf-8")
    after = subprocess.run(command, capture_output=True, env=env, cwd=tmp_path, timeout=120)
    cold = subprocess.run(command, capture_output=True, env={**env, "PDCA_NO_CACHE": "1"}, cwd=tmp_path, timeout=120)
    assert after.stdout == cold.stdout
    assert b"personal-data" not in after.stdout
