"""`pdca owners`: a CODEOWNERS fragment, so a pull request that touches a department's entries asks
that department's reviewers (`reviewers:` of departments in pdca.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdca.model.register import Register


@dataclass(frozen=True)
class Fragment:
    header: str
    lines: list[str]  # "path reviewer reviewer"
    rejected: list[str]  # reviewer names CODEOWNERS cannot hold (they contain spaces)


def fragment(register: Register) -> Fragment:
    lines, rejected = [], set()
    for path, names in owners(register):
        valid = [n for n in names if n and not any(ch.isspace() for ch in n)]  # CODEOWNERS splits on spaces
        rejected |= set(names) - set(valid)
        if valid:
            lines.append(f"{path} {' '.join(valid)}")
    header = f"# pdca owners: {register.repository_name or register.name}/pdca.yaml departments[].reviewers"
    return Fragment(header, lines, sorted(rejected))


def owners(register: Register) -> list[tuple[str, list[str]]]:
    """CODEOWNERS lines: each register file and the reviewers of the departments its entries name."""
    config = register.config
    if config is None:
        return []
    reviewers = {d.id: list(d.reviewers) for d in config.departments if d.reviewers}
    by_file: dict[str, set[str]] = {}

    def note(entity: Any, departments: list[str | None]) -> None:
        names = by_file.setdefault(register.where(entity).file, set())
        for department in departments:
            names.update(reviewers.get(department or "", []))

    for risk in register.risks:
        note(risk, [risk.department])
    for check in register.checks:
        note(check, [*check.departments, *(f.department for f in check.findings)])
    for activity in register.activities:
        note(activity, list(activity.departments))
    prefix = "/" + (register.repository_name or register.name).strip("./")
    return [(f"{prefix}/{rel}" if prefix != "/" else f"/{rel}", sorted(names))
            for rel, names in sorted(by_file.items()) if names]
