"""The reference risk library (风险库) shipped with pdca: typical integrity risk points per key area,
with their dimension, 表现形式, suggested likelihood and impact, typical posts and 事前/事中/事后 measures.

The seed names its absence as the reason risk points come out shallow and scattered; `pdca library`
browses it and `pdca init` starts a register from it.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from pdca.domain.scoring import cell
from pdca.io import yaml_read
from pdca.model.entities import Dimension, Line, MeasureKind, Score, Scoring, Text


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LibraryMeasure(_Model):
    title: Text
    line: Line
    kind: MeasureKind


class LibraryEntry(_Model):
    id: Text
    title: Text
    dimension: Dimension
    description: Text
    process: Text
    likelihood: Score = Field(le=5)
    impact: Score = Field(le=5)
    legal_liability: bool = False
    posts: list[Text] = Field(min_length=1)
    department: Text
    indicator: Text | None = None
    measures: list[LibraryMeasure] = Field(min_length=3)


class LibraryAreaInfo(_Model):
    id: Text
    name: Text
    prefix: Text


class LibraryArea(_Model):
    area: LibraryAreaInfo
    entries: list[LibraryEntry]


@lru_cache(maxsize=1)
def areas() -> tuple[LibraryArea, ...]:
    """Every area of the library, in the order of their files."""
    folder = importlib.resources.files("pdca.library")
    found = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            data, problems = yaml_read.load(item.read_text(encoding="utf-8"))
            if problems:
                raise ValueError(f"library/{item.name}: {problems[0]}")
            found.append(LibraryArea.model_validate(data))
    return tuple(found)


def suggested_level(item: LibraryEntry) -> int:
    """The level the default matrix gives the entry's suggested likelihood and impact."""
    if item.legal_liability:
        return 1
    level = cell(Scoring(), item.likelihood, item.impact)
    assert level is not None
    return level


def entry(entry_id: str) -> tuple[LibraryArea, LibraryEntry] | None:
    """The entry with this id, in any case (lib-cg-01 is LIB-CG-01: library ids differ by more than case)."""
    wanted = entry_id.strip().upper()
    for area in areas():
        for item in area.entries:
            if item.id.upper() == wanted:
                return area, item
    return None


def entry_ids() -> list[str]:
    return [item.id for area in areas() for item in area.entries]
