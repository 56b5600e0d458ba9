"""One set of numbers: every report, `export` and `status` give the same totals for the same register
and date, read from what each one prints.

Every month of the example cycle is rendered as the monthly 通报, the 统计情况表, the four lists and the
annual review (as of the month's end), and the register is exported; then the month after
`pdca cycle start` opens the next cycle, when unfinished and unverified items are carried over.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, pdca

from pdca.domain.periods import Period, month, year
from pdca.formats import markdown_report
from pdca.load import loader


def _monthly(text: str) -> dict[str, str]:
    found = re.search(r"本周期累计 \*\*(\d+)\*\* 项(?:（含上周期结转 (\d+) 项）)?，其中已完成 (\d+) 项（已销号 (\d+) 项、"
                      r"待核验销号 (\d+) 项），正在推进 (\d+) 项（其中逾期 \*\*(\d+)\*\* 项），长期坚持 (\d+) 项。"
                      r"本月新增 \*\*(\d+)\*\* 项", text)
    rates = re.search(r"整改完成率 \*\*(\S+?)\*\*，销号率 \*\*(\S+?)\*\*", text)
    assert found and rates, text[:1500]
    keys = ("found", "carried", "completed", "closed", "awaiting", "in_progress", "overdue", "long_term", "new")
    values = dict(zip(keys, found.groups()))
    values["carried"] = values["carried"] or "0"
    values["rectification_rate"], values["closure_rate"] = rates.groups()
    return values


def _stats(text: str) -> dict[str, str]:
    header = next(line for line in text.splitlines() if line.startswith("| 序号 | 重点领域 |"))
    total = next(line for line in text.splitlines() if line.startswith("| | **合计** |"))
    names = [c.strip() for c in header.strip("|").split("|")]
    cells = [c.strip().strip("*") for c in total.strip("|").split("|")]
    row = dict(zip(names, cells))
    carried = re.search(r"本表含结转 (\d+) 项", text)
    return {"found": row["问题累计"], "new": row["本期新增"], "completed": row["已完成"], "closed": row["已销号"],
            "in_progress": row["正在推进"], "long_term": row["长期坚持"], "overdue": row["逾期"],
            "carried": carried.group(1) if carried else "0",
            "rectification_rate": row["整改完成率"], "closure_rate": row["销号率"]}


def _annual(text: str) -> dict[str, str]:
    def cell(name: str) -> str:
        line = next(line for line in text.splitlines() if line.startswith(f"| {name} |"))
        return line.split("|")[2].strip()

    found = re.match(r"(\d+)(?:（含上周期结转 (\d+)）)?", cell("本周期问题累计"))
    completed = re.match(r"(\d+)（整改完成率 (\S+)）", cell("已完成（含销号）"))
    closed = re.match(r"(\d+)（销号率 (\S+)）", cell("已销号"))
    progress = re.match(r"(\d+)（其中逾期 (\d+)）", cell("正在推进"))
    assert found and completed and closed and progress
    return {"found": found.group(1), "carried": found.group(2) or "0", "completed": completed.group(1),
            "rectification_rate": completed.group(2), "closed": closed.group(1), "closure_rate": closed.group(2),
            "in_progress": progress.group(1), "overdue": progress.group(2), "long_term": cell("长期坚持")}


def _export(summary: dict) -> dict[str, str]:  # type: ignore[type-arg]
    findings = summary["findings"]
    return {key: str(findings[key]) for key in ("found", "carried", "completed", "closed", "awaiting", "in_progress",
                                                "overdue", "long_term", "rectification_rate", "closure_rate")}


def _agree(*sources: dict[str, str]) -> None:
    for key in {k for source in sources for k in source}:
        seen = {source[key] for source in sources if key in source}
        assert len(seen) == 1, (key, sources)


def _check_month(root: Path, period: Period, yearly: Period) -> None:
    register = loader.load(root, "zh")
    as_of = period.end
    monthly = _monthly(markdown_report.render("monthly", [register], period, as_of, "zh", charts=False))
    stats = _stats(markdown_report.render("stats", [register], period, as_of, "zh"))
    annual = _annual(markdown_report.render("annual", [register], yearly, as_of, "zh", charts=False))
    lists = markdown_report.render("lists", [register], period, as_of, "zh")
    new = re.search(r"本期发现 (\d+) 项", lists)
    assert new is not None
    export = pdca("export", root, "--as-of", as_of.isoformat())
    assert export.code == 0, export.err
    _agree(monthly, stats, annual, _export(export.json()["summary"]), {"new": new.group(1)} | {"new": monthly["new"]})
    assert stats["new"] == monthly["new"] == new.group(1)
    status = pdca("status", root, "--as-of", as_of.isoformat()).out
    overdue = re.search(r"逾期整改事项（(\d+)）", status)
    waiting = re.search(r"待核验销号（(\d+)）", status)
    assert (overdue.group(1) if overdue else "0") == monthly["overdue"]
    assert (waiting.group(1) if waiting else "0") == monthly["awaiting"]


@pytest.mark.parametrize("number", range(1, 13))
def test_every_report_agrees_in_every_month_of_the_cycle(number: int) -> None:
    _check_month(EXAMPLE, month(f"2024-{number:02d}"), year("2024"))


@pytest.mark.slow  # a second or more: the default suite stays under a minute
def test_every_report_agrees_after_the_next_cycle_opens(tmp_path: Path) -> None:
    root = tmp_path / "reg"
    shutil.copytree(EXAMPLE, root)
    opened = pdca("cycle", "start", "2025", "--start", "2025-01-01", "--end", "2025-12-31", "--force", "-r", root)
    assert opened.code == 0, opened.err
    assert "尚未销号的整改事项 24 项结转（其中待核验销号 5 项）" in opened.out
    _check_month(root, month("2025-01"), year("2025"))
    january = _monthly(pdca("report", root, "--month", "2025-01").out)
    assert january["carried"] == january["found"] == "24"  # nothing new yet: all of it carried over
    assert january["awaiting"] == "5"  # items awaiting 销号 carry over and stay counted until closed
    lists = pdca("report", root, "--month", "2025-01", "--kind", "lists").out
    assert "此前发现、本期初尚未销号 24 项（其中上周期结转 24 项）" in lists
    # the closed cycle stays reportable, with its own carried-over set (none) and numbers
    december = pdca("report", root, "--month", "2024-12").out
    assert _monthly(december) == _monthly(pdca("report", EXAMPLE, "--month", "2024-12").out)


def test_a_rate_with_nothing_to_count_is_a_dash() -> None:
    stats = pdca("report", EXAMPLE, "--month", "2024-06", "--kind", "stats").out
    row = next(line for line in stats.splitlines() if "| 业务招待 |" in line)
    assert row.rstrip().endswith("| — | — |")  # one finding, not yet due: no failure, nothing to rate
    assert "0.0%" not in row


def test_long_term_items_are_their_own_column_and_never_a_failure() -> None:
    monthly = _monthly(pdca("report", EXAMPLE, "--month", "2024-06").out)
    assert monthly["long_term"] == "1"  # XC-2024-01-F6, past its date but never overdue
    assert int(monthly["completed"]) + int(monthly["in_progress"]) + int(monthly["long_term"]) == int(monthly["found"])


def test_dates_are_those_of_the_record() -> None:
    day = dt.date(2024, 6, 30)
    assert month("2024-6").end == day and month("2024/06").end == day and month("2024年6月").end == day
