"""Each rule on real register files: the data-driven cases in pdca/rules/cases/<rule>.yaml, which are
also the examples `pdca rules NAME` and docs/rules.md show.

A case names the files it writes on top of a small valid register (tests/conftest.py BASE_CONFIG) and
every diagnostic `pdca check --format json --as-of 2024-06-30` must report, as 'file:line:column rule'.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BASE_CONFIG, pdca, write_register

CASES = Path(__file__).resolve().parent.parent / "pdca" / "rules" / "cases"


def _cases() -> list[pytest.param]:  # type: ignore[type-arg]
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            params.append(pytest.param(case, id=f"{path.stem}/{case['id']}"))
    return params


@pytest.mark.parametrize("case", _cases())
def test_rule_case(case: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    files = dict(case["files"])
    if "config_append" in case:  # settings on top of the base pdca.yaml, e.g. to isolate one rule
        files["pdca.yaml"] = BASE_CONFIG + case["config_append"]
    diff: tuple[str, ...] = ()
    if "base_files" in case:  # a rule that judges a change: the base is committed, `files` change it
        base = write_register(tmp_path / "reg", dict(case["base_files"]))
        _commit(base)
        diff = ("--diff", "HEAD")
    root = write_register(tmp_path / "reg", files)
    result = pdca("check", root, "--format", "json", "--as-of", case.get("as_of", "2024-06-30"), *diff)
    assert result.found() == case["expect"], result.out
    errors = any(line.split()[-1] in _errors(result) for line in case["expect"])
    assert result.code == (1 if errors else 0), result.err
    for needle in case.get("messages", []):
        assert needle in result.out


def _commit(root: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True,
                       capture_output=True)


def _errors(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {d["rule"] for d in result.json()["diagnostics"] if d["severity"] == "error"}


def test_every_rule_has_cases() -> None:
    from pdca.rules import RULES

    covered = {path.stem for path in CASES.glob("*.yaml")}
    # encoding needs bytes (tests/test_bad_input.py); interrupted-edit a killed edit (tests/test_transactions.py)
    missing = set(RULES) - covered - {"encoding", "interrupted-edit"}
    assert not missing
