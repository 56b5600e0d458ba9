"""A risk's level: likelihood x impact through the configured matrix; no discretion.

legal_liability forces level 1 (the seed: 一级 includes anything that could involve a crime).  An
override may only make the level stricter (a smaller number); a laxer one is ignored and reported.
An override counts from its `date`: a report as of an earlier day uses the level the matrix gave then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from pdca.model.entities import Risk, Scoring
from pdca.model.register import Register


@dataclass(frozen=True, slots=True)
class Assessment:
    matrix: int | None  # the matrix cell for likelihood x impact; None when unscored or off the scale
    base: int | None  # the matrix level, or 1 when legal_liability
    effective: int | None  # base, made stricter by a valid override that applies on the date
    override_rejected: bool  # an override that tried to lower the level
    override_applied: bool = False  # the override made the level stricter on the date
    override_not_yet: bool = False  # the override is dated after the as-of date: not decided yet then


def cell(scoring: Scoring, likelihood: int | None, impact: int | None) -> int | None:
    rows, columns = len(scoring.likelihood), len(scoring.impact)
    if likelihood is None or impact is None or not (1 <= likelihood <= rows and 1 <= impact <= columns):
        return None
    return scoring.matrix[rows - likelihood][impact - 1]


def assess(risk: Risk, scoring: Scoring, as_of: dt.date | None = None) -> Assessment:
    """The level of a risk; with `as_of`, as it stood on that day (an override dated later not yet)."""
    matrix = cell(scoring, risk.likelihood, risk.impact)
    base = 1 if risk.legal_liability else matrix
    override = risk.override
    if override is None:
        return Assessment(matrix, base, base, False)
    if base is not None and override.level > base:
        return Assessment(matrix, base, base, True)
    if as_of is not None and override.date is not None and override.date > as_of:
        return Assessment(matrix, base, base, False, override_not_yet=True)
    return Assessment(matrix, base, override.level, False, override_applied=base is None or override.level < base)


_MEMO: WeakKeyDictionary[Register, dict[tuple[int, dt.date | None], Assessment]] = WeakKeyDictionary()


def assessment(register: Register, risk: Risk, as_of: dt.date | None = None) -> Assessment:
    """The level of a risk under its register's scoring; with `as_of`, as it stood that day (an override
    dated later did not apply yet).  Worked out once per risk and date."""
    memo = _MEMO.setdefault(register, {})
    key = (id(risk), as_of if risk.override is not None else None)
    found = memo.get(key)
    if found is None:
        assert register.config is not None
        found = memo[key] = assess(risk, register.config.scoring, as_of)
    return found


def level(register: Register, risk: Risk, as_of: dt.date | None = None) -> int | None:
    return assessment(register, risk, as_of).effective


def severe_impacts(scoring: Scoring) -> list[int]:
    """Impact scores that are 一级 whatever the likelihood (the seed's 严重后果); the highest impact when
    the matrix has no such column."""
    columns = len(scoring.impact)
    severe = [impact for impact in range(1, columns + 1) if all(row[impact - 1] == 1 for row in scoring.matrix)]
    return severe or [columns]


def monotone_breaks(scoring: Scoring) -> list[tuple[int, int, int, int]]:
    """Cells where raising likelihood or impact gives a lower level: (likelihood, impact) of the cell
    and of its neighbour with the higher score whose level is laxer (a larger number)."""
    rows = len(scoring.likelihood)
    breaks = []
    for likelihood in range(1, rows + 1):
        for impact in range(1, len(scoring.impact) + 1):
            here = cell(scoring, likelihood, impact)
            assert here is not None
            for up_l, up_i in ((likelihood + 1, impact), (likelihood, impact + 1)):
                above = cell(scoring, up_l, up_i)
                if above is not None and above > here:
                    breaks.append((likelihood, impact, up_l, up_i))
    return breaks
