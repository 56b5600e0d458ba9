"""A risk's level: likelihood x impact through the configured matrix; no discretion.

legal_liability forces level 1 (the seed: 一级 includes anything that could involve a crime).  An
override may only make the level stricter (a smaller number); a laxer one is ignored and reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from pdca.models import Risk, Scoring


@dataclass(frozen=True, slots=True)
class Assessment:
    matrix: int | None  # the matrix cell for likelihood x impact; None when unscored or off the scale
    base: int | None  # the matrix level, or 1 when legal_liability
    effective: int | None  # base, made stricter by a valid override
    override_rejected: bool  # an override that tried to lower the level


def cell(scoring: Scoring, likelihood: int | None, impact: int | None) -> int | None:
    rows, columns = len(scoring.likelihood), len(scoring.impact)
    if likelihood is None or impact is None or not (1 <= likelihood <= rows and 1 <= impact <= columns):
        return None
    return scoring.matrix[rows - likelihood][impact - 1]


def assess(risk: Risk, scoring: Scoring) -> Assessment:
    matrix = cell(scoring, risk.likelihood, risk.impact)
    base = 1 if risk.legal_liability else matrix
    override = risk.override
    if override is None:
        return Assessment(matrix, base, base, False)
    if base is not None and override.level > base:
        return Assessment(matrix, base, base, True)
    return Assessment(matrix, base, override.level, False)
