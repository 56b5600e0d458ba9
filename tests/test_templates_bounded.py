"""A register's own report templates arrive with pull requests: whatever they ask for, a report ends
in bounded time and memory with a message naming the template, on every platform."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import pdca, write_register

EXPLOSIONS = [
    "{{ 'a' * 10**10 }}",
    "{{ [0] * 10**10 }}",
    "{{ 2 ** (10**10) }}",
    "{{ '{:>9999999999}'.format(1) }}",
    "{{ '{:{w}}'.format(1, w=10**9) }}",
    "{{ '%9999999999d' % 1 }}",
    "{{ '%*d' % (10**9, 1) }}",
    "{{ '%9999999999d'|format(1) }}",
    "{{ 'x'|center(10**10) }}",
    "{{ 'x'.ljust(10**10) }}",
    "{{ 'x'|indent(10**10, true) }}",
    "{{ [1, 2]|batch(10**10)|list }}",
    "{{ 'x'.zfill(10**10) }}",
    "{% set ns = namespace(x=3) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x }}",
    "{{ lipsum(10**9) }}",
    "{{ range(10**9)|list }}",
]


@pytest.mark.parametrize("body", EXPLOSIONS)
def test_a_template_asking_for_too_much_at_once_is_refused_quickly(tmp_path: Path, body: str) -> None:
    root = write_register(tmp_path / "reg", {"templates/monthly.md.j2": f"x\n{body}\n"})
    start = time.perf_counter()
    result = pdca("report", root, "--month", "2024-06")
    assert time.perf_counter() - start < 20
    assert result.code == 2 and "Traceback" not in result.err and result.out == ""
    assert "monthly.md.j2" in result.err


@pytest.mark.slow  # a second or more: the default suite stays under a minute
@pytest.mark.parametrize("body", [
    "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}",
    "{% for a in range(99999) %}{% for b in range(99999) %}{{ a }}{% endfor %}{% endfor %}",
])
def test_a_template_that_runs_too_long_is_stopped_and_named(tmp_path: Path, body: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDCA_TEMPLATE_SECONDS", "1")
    root = write_register(tmp_path / "reg", {"templates/monthly.zh.md.j2": body})
    start = time.perf_counter()
    result = pdca("report", root, "--month", "2024-06")
    assert time.perf_counter() - start < 15
    assert result.code == 2 and "templates/monthly.zh.md.j2" in result.err and "1 秒" in result.err


def test_a_template_that_includes_itself_is_a_message(tmp_path: Path) -> None:
    root = write_register(tmp_path / "reg", {"templates/monthly.md.j2": 'x{% include "monthly.md.j2" %}\n'})
    result = pdca("report", root, "--month", "2024-06", "--lang", "en")
    assert result.code == 2 and "Traceback" not in result.err
    assert "templates/monthly.md.j2" in result.err and "itself" in result.err


def test_a_register_template_within_bounds_renders_the_same_as_in_process(tmp_path: Path) -> None:
    body = "{{ t('report.monthly.title', organization=organization, period=period.label) }}\n{{ '-' * 40 }}\n"
    root = write_register(tmp_path / "reg", {"templates/monthly.md.j2": body})
    first = pdca("report", root, "--month", "2024-06")
    assert first.code == 0 and first.out.splitlines()[1] == "-" * 40
    assert pdca("report", root, "--month", "2024-06").out == first.out


@pytest.mark.slow  # a spawned child imports Python afresh: seconds, not milliseconds
def test_a_spawned_child_as_on_windows_is_stopped_and_a_good_one_answers(tmp_path: Path) -> None:
    """Windows and macOS start the child afresh (spawn) instead of forking: the same bounds hold."""
    from pdca.formats import markdown_report, sandbox

    root = write_register(tmp_path / "reg", {
        "templates/slow.md.j2": "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}",
        "templates/fine.md.j2": "{{ '-' * 3 }} {{ t('sep.list') }}\n",
    })
    with pytest.raises(sandbox.Isolated) as stopped:
        sandbox.render_isolated(markdown_report._render_reporting, (root, ["slow.md.j2"], {}, "zh"), 1, spawn=True)
    assert stopped.value.reason == "time"
    assert sandbox.render_isolated(markdown_report._render_reporting, (root, ["fine.md.j2"], {}, "zh"), 30,
                                   spawn=True) == ("ok", "--- 、\n", 0)
