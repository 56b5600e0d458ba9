"""The data behind each report, built from the computed state: pure, no templates, no I/O.

Every builder returns plain dicts, lists, strings and numbers (what a template may see), with the
register's own text left as it is: escaping for Markdown happens once, when the template prints it.
Labels (status, level, escalation ...) come in the report's language.  Each report kind has its
module; `build` picks one.
"""

from __future__ import annotations

from typing import Any

from pdca.domain.periods import Period
from pdca.engine.report_data.annual import annual
from pdca.engine.report_data.context import Context
from pdca.engine.report_data.lists import lists, register_list
from pdca.engine.report_data.monthly import monthly
from pdca.engine.report_data.records import power_list
from pdca.engine.report_data.self_check import self_check, self_check_as_of
from pdca.engine.report_data.stats import stats

__all__ = ["KINDS", "Context", "build", "self_check_as_of", "stats"]

KINDS = ("monthly", "stats", "lists", "register", "self-check", "annual", "powers")


def build(kind: str, ctx: Context, period: Period, by: str = "area") -> dict[str, Any]:
    """The data of one report kind (see KINDS)."""
    if kind == "stats":
        return stats(ctx, period, by)
    builders = {"monthly": monthly, "lists": lists, "register": register_list, "self-check": self_check,
                "annual": annual, "powers": power_list}
    return builders[kind](ctx, period)
