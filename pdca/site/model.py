"""What the site is made of: options, and pages whose data is built when the page is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: days before a deadline when an unfinished item turns yellow, and blue (overdue is red)
YELLOW_DAYS = 7
BLUE_DAYS = 30


@dataclass(frozen=True)
class Options:
    today: dt.date  # the day the site is built for, as `pdca report` takes today
    lang: str
    yellow_days: int = YELLOW_DAYS
    blue_days: int = BLUE_DAYS
    errors: int = 0  # errors `pdca check` found, when built anyway (--force): every page says so


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site's root, `/`-separated
    template: str  # in templates/site/
    title: str
    section: str  # the part of the navigation it belongs to
    data: Callable[[], dict[str, Any]]  # built when the page is written: a large site never holds every page's data
    frame: dict[str, Any] = field(default_factory=dict)  # what every page of its register shows (name, cycle, menu)
