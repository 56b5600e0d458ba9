"""The integrations the README offers, run for real: pre-commit, the CI examples, GitLab Code Quality,
and the editor schema line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, ROOT, pdca, write_register

from pdca import __version__


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                   check=True, capture_output=True)


def example_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo / "registers" / "example")
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    return repo


def test_gitlab_code_quality_report(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"risks/cg.yaml": "risks:\n  - {id: CG-1, title: t, area: nowhere, dimension: 业务流程}\n"})
    issues = json.loads(pdca("check", root, "--format", "gitlab").out)
    assert len(issues) == 1
    issue = issues[0]
    assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
    assert issue["check_name"] == "unknown-reference" and issue["severity"] == "major"
    assert issue["location"]["lines"] == {"begin": 2} and issue["location"]["path"].endswith("risks/cg.yaml")
    (root / "risks" / "cg.yaml").write_text("risks:\n\n  - {id: CG-1, title: t, area: nowhere, dimension: 业务流程}\n",
                                            encoding="utf-8")
    moved = json.loads(pdca("check", root, "--format", "gitlab").out)[0]
    assert moved["fingerprint"] == issue["fingerprint"] and moved["location"]["lines"] == {"begin": 3}


@pytest.mark.slow  # builds a virtualenv: run by .ci/run, not by the quick suite
def test_pre_commit_try_repo_runs_the_hook_against_the_example_register(tmp_path: Path) -> None:
    repo = example_repo(tmp_path)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "pdca-check", "--all-files"]
    passed = subprocess.run(command, cwd=repo / "registers" / "example", capture_output=True, text=True, env=env,
                            timeout=600)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"pdca check .*Passed", passed.stdout)
    broken = repo / "registers" / "example" / "risks" / "decision.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("likelihood: 2", "likelihood: 9", 1), encoding="utf-8")
    git(repo, "add", "-A")
    failed = subprocess.run(command, cwd=repo / "registers" / "example", capture_output=True, text=True, env=env,
                            timeout=600)
    assert failed.returncode == 1 and "score-out-of-range" in failed.stdout


def _pdca_lines(workflow: Path) -> list[str]:
    """The pdca command lines of a CI example, as a shell would run them."""
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    scripts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("run", "script"):
                    scripts.extend(value if isinstance(value, list) else [value])
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
    lines = [line.strip() for script in scripts for line in str(script).splitlines()]
    return [line for line in lines if line.startswith("pdca ")]


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_the_ci_examples_run_their_pdca_commands(tmp_path: Path) -> None:
    repo = example_repo(tmp_path)
    git(repo, "branch", "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    for workflow in sorted((ROOT / "docs" / "ci").glob("*.yml")):
        lines = _pdca_lines(workflow)
        assert lines, workflow
        for line in lines:
            shell = line.replace("${{ github.base_ref }}", "main").replace("|| true", "")
            done = subprocess.run(["bash", "-c", shell], cwd=repo, capture_output=True, text=True, env=env, timeout=120)
            assert done.returncode == 0 and "Traceback" not in done.stderr, (workflow.name, line, done.stderr)
    quality = json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert quality and all({"description", "fingerprint", "location", "severity"} <= set(i) for i in quality)
    assert json.loads((repo / "pdca.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert (repo / "pdca-diff.md").read_text(encoding="utf-8").startswith("## pdca 变更审查：registers/example")


def test_the_readme_shows_each_integration() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for needle in ("# yaml-language-server: $schema=", "pdca schema risks >", "id: pdca-check",
                   "docs/ci/github-actions.yml", "docs/ci/gitlab-ci.yml", "--format gitlab", "upload-sarif",
                   "pdca owners"):
        assert needle in readme, needle


def _readme_pre_commit_config() -> str:
    """The YAML block of the README's pre-commit item, as a user would paste it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    item = readme[readme.index("- **pre-commit**"):]
    block = re.search(r"```yaml\n(.*?)\n *```", item, re.S)
    assert block, "no YAML block under the README's pre-commit item"
    return textwrap.dedent(block.group(1))


def test_the_readme_pre_commit_snippet_is_a_config_for_the_hooks_this_repository_offers(tmp_path: Path) -> None:
    text = _readme_pre_commit_config()
    config = yaml.safe_load(text)
    offered = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert isinstance(config, dict) and list(config) == ["repos"]
    [repo] = config["repos"]
    assert re.fullmatch(r"https://[^\s<>]+", repo["repo"]), repo["repo"]  # a URL, not a <placeholder>
    assert repo["rev"] == f"v{__version__}"  # the release tag of this version (tagged when it is merged)
    ids = [hook["id"] for hook in repo["hooks"]]
    assert "pdca-check" in ids and set(ids) <= offered
    (tmp_path / ".pre-commit-config.yaml").write_text(text, encoding="utf-8")
    validated = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
                               cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert validated.returncode == 0 and not (validated.stdout + validated.stderr).strip(), validated.stdout + validated.stderr


def test_the_hooks_manifest_is_valid_and_its_version_is_the_package_version() -> None:
    validated = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
                               cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{__version__}"' in project
