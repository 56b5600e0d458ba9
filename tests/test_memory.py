"""Memory of a cold check (issue 21): what the reader and the models hold, and that reading stays the same.

* A document without anchors is built from libyaml's events as they come, without the node tree (about
  200 MB for a 7 MB file); it must read exactly as the tree does: the same data, of the same types, and
  the same problems at the same places, for the hostile corpus, fuzzed text and every YAML file here.
* Diagnostics are placed by reading a file's events once for all their paths, keeping nothing of it:
  the same lines and columns as walking its node tree.
* Entities that wrote the same fields share one set of their names (`model_fields_set`): changing one
  entity, or a copy of it, leaves every other as it was.
* A generated register of 2,000 risks in one file is checked within a bound of memory that the tree and
  a set per entity broke (146 MB before, 62 MB after).
"""

from __future__ import annotations

import copy
import math
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, write_register
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile import corpus

from pdca.io import yaml_read
from pdca.load import loader

#: shapes the hostile corpus leaves out: tags of `!`, merges, complex keys, undefined aliases, full-width
#: commas, nesting past the bound, a second document, refused tags over nested nodes
SHAPES = [
    "a: !! x\n", "! 007\n", "a: ! [1]\n", "- ! {a: 1}\n", "[CG-001，CG-002]\n", "a: [CG-001，CG-002, x，y, '1，2']\n",
    "<<: {a: 1}\nb: 2\n", "<<: [{a: 1}, 3]\n", "a: {<<: [{b: 1}, {c: 2}], b: 3}\n", "? [a]\n: b\nc: *x\n",
    "a: 1\na: 2\n", "{? {a: 1}: 2}\n", "--- a\n--- b\n", "---\n...\n---\n", "", "# only a comment\n", "a: *x\n",
    "- *x\n", "[*x]\n", "a: !!python/object {b: *c}\n", "a: !!python/object {b: [c]}\nd: 1\nd: 2\n",
    "x: " + "[" * 70 + "]" * 70 + "\n", "x: " + "[" * 70 + "]" * 70 + "\ny: [\n", "x: " + "[" * 70 + "]" * 70 + "\nx: 1\n",
    "x: !!str\ny: 1e999\nz: -0\n", "a: {b: [c, {d: e}]}\n  bad", ".nan: 1\n.nan: 2\n", "1: a\n01: b\n",
    "a:\n  - 0x" + "f" * 5000 + "\n", "!!map {a: b}\n", "!foo bar\n", "!!binary abc\n", "a: |\n  x\n b", "a: 'x\n",
    "\t- a\n", "- [a, b\n", "!!omap [a: 1]\n", "? - a\n: b\n", "a: !!int 007\nb: !!float 1\nc: !!bool yes\n",
]


def _typed(data: Any) -> Any:
    """Data with every value's type spelt out (an int is not a YamlInt, nan equals nan)."""
    if isinstance(data, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in data.items()])
    if isinstance(data, list):
        return ("list", [_typed(v) for v in data])
    if isinstance(data, float) and math.isnan(data):
        return ("nan", type(data).__name__, getattr(data, "source", None))
    return (type(data).__name__, data, getattr(data, "source", None))


def _reads_alike(text: str) -> None:
    assert "&" not in text  # with an anchor the document is composed: there is nothing to compare
    streamed, problems, plain = yaml_read.load_detailed(text)
    composed, problems_composed, plain_composed = yaml_read._load_composed(text)
    assert (_typed(streamed), problems, plain) == (_typed(composed), problems_composed, plain_composed), text[:200]


def test_the_stream_reads_as_the_node_tree() -> None:
    documents = list(SHAPES)
    for folder in ("registers", "templates", "pdca", "tests"):
        documents += [p.read_text(encoding="utf-8") for p in sorted((ROOT / folder).rglob("*.yaml"))
                      if "&" not in p.read_text(encoding="utf-8")]
    assert len(documents) > 60
    for text in documents:
        _reads_alike(text)


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_the_stream_reads_the_hostile_corpus_as_the_node_tree(tmp_path: Path) -> None:
    documents = [d for d in corpus(tmp_path / "pwned") if "&" not in d]
    documents.append("risks: " + "[" * 10_000 + "]" * 10_000 + "\n")  # 10,000 levels
    assert len(documents) > 300
    for text in documents:
        _reads_alike(text)


@settings(max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "200")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="-:?[]{},!#|>'\"*<  \t\nab0１，.~", max_size=60))
def test_fuzzed_text_reads_and_is_located_as_in_the_node_tree(text: str) -> None:
    _reads_alike(text)
    _located_alike(text)


def _paths(data: Any, limit: int = 400) -> list[tuple[str | int, ...]]:
    """Key paths into `data`, and paths that leave it at every depth (a missing key, an index past the
    end, a step into text)."""
    found: list[tuple[str | int, ...]] = [("missing",), (0,), (1, "x")]
    waiting: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while waiting and len(found) < limit:
        path, value = waiting.pop(0)
        steps: list[tuple[str | int, Any]] = []
        if isinstance(value, dict):
            steps = [(k if isinstance(k, (str, int)) else str(k), v) for k, v in value.items()]
        elif isinstance(value, list):
            steps = list(enumerate(value))
        for step, below in steps:
            found.append((*path, step))
            waiting.append(((*path, step), below))
        found += [(*path, "missing"), (*path, 10_000), (*path, 0, "deeper", 1)]
    return found


def _located_alike(text: str) -> None:
    assert "&" not in text
    composed = None
    try:
        data = yaml_read._load_composed(text)[0]
        tree = yaml_read.compose(text)
    except (yaml_read.YAMLError, RecursionError):
        tree = data = None
    paths = _paths(data)
    try:
        streamed = yaml_read.positions(text, paths)
    except yaml_read.YAMLError:
        streamed = None
    if tree is not None or data is not None or streamed is not None:
        composed = [yaml_read.locate(tree, path) for path in paths]
    assert streamed == composed, text[:200]


def test_positions_are_found_as_in_the_node_tree() -> None:
    documents = list(SHAPES) + ["a: 1\na: {b: [x, {c: 2}]}\n", "- {1: a, '1': b}\n- [x]\n", "{007: a, 7: b}\n"]
    for folder in ("registers", "templates"):
        documents += [p.read_text(encoding="utf-8") for p in sorted((ROOT / folder).rglob("*.yaml"))
                      if "&" not in p.read_text(encoding="utf-8")]
    for text in documents:
        _located_alike(text)


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_positions_in_the_hostile_corpus_are_found_as_in_the_node_tree(tmp_path: Path) -> None:
    for text in corpus(tmp_path / "pwned"):
        if "&" not in text:
            _located_alike(text)


def _register(tmp_path: Path) -> loader.Register:
    risk = "  - {{id: {id}, title: t, area: procurement, dimension: 业务流程, owner: 张三}}\n"
    root = write_register(tmp_path / "reg", {"risks/procurement.yaml": "risks:\n" + risk.format(id="CG-001")
                                             + risk.format(id="CG-002")})
    return loader.load(root, "zh", cache=False)


def test_an_entity_changed_leaves_the_others_fields_as_they_were(tmp_path: Path) -> None:
    first, second = _register(tmp_path).risks
    written = {"id", "title", "area", "dimension", "owner"}
    assert first.model_fields_set == second.model_fields_set == written
    first.stage = "D"  # as redaction and editing set fields
    assert first.model_fields_set == written | {"stage"}
    assert second.model_fields_set == written and second.stage == "P"
    moved = second.model_copy(update={"level": 2})
    assert moved.model_fields_set == written | {"level"} and second.model_fields_set == written
    assert copy.deepcopy(second).model_fields_set == written
    again = pickle.loads(pickle.dumps(second))
    assert again == second and again.model_fields_set == written
    again.owner = "李四"
    assert second.owner == "张三" and second.model_fields_set == written
    with pytest.raises(TypeError):  # shared: changed in place, it would change the others
        second.model_fields_set.add("level")


def _peak_of_a_check(root: Path) -> int:
    """The peak resident memory, in KiB, of `pdca check ROOT` in a fresh process: its own high-water mark
    (VmHWM).  Not `ru_maxrss`: Linux carries that over from the process that started it (here the test
    run, hundreds of MB after the hostile corpus)."""
    code = (
        "import sys; from pdca.cli import run;"
        f"rc = run(['check', {str(root)!r}, '--format', 'json', '--as-of', '2024-06-30', '--no-cache']);"
        "print(rc, [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    rc, peak_kib = done.stderr.split()[-2:]
    assert rc == "0", done.stdout[-2000:]
    return int(peak_kib)


@pytest.mark.slow  # a second or more: the default suite stays under a minute
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="the high-water mark is read from Linux's /proc")
def test_a_large_file_is_checked_in_bounded_memory(tmp_path: Path) -> None:
    """2,000 risks in one 3 MB file: 146 MB with the node tree and a set of field names per entity,
    62 MB without (the interpreter and its imports are about 45 MB of it)."""
    root = tmp_path / "r2k"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--risks", "2000", "--files", "1",
                    "--out", str(root)], check=True, capture_output=True)
    assert _peak_of_a_check(root) < 100 * 1024
