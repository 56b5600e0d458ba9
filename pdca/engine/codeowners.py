"""`pdca owners`: a CODEOWNERS fragment, so a pull request that touches a department's entries asks
that department's reviewers (`reviewers:` of departments in pdca.yaml).

File names come with the repository, so a hostile one must not add or change a rule: a line break in
it would start a line of its own (`* @attacker`), `*`, `?` or `[` would make it a pattern matching
other files, `#` a comment, a space the end of the path.  Those that CODEOWNERS can escape (GitHub and
GitLab both follow gitignore: a backslash before the character) are escaped; a name with a line break,
another control character, a bidi control or an unusual space cannot be written and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdca.io.printable import is_plain, line
from pdca.model.register import Register

_SPECIAL = "\\ #*?[]"  # escaped with a backslash, as gitignore does (`!` matters only first: a path starts with /)


@dataclass(frozen=True)
class Fragment:
    header: str
    lines: list[str]  # "path reviewer reviewer"
    rejected: list[str]  # reviewer names CODEOWNERS cannot hold (they contain spaces)
    unwritable: list[str]  # file paths CODEOWNERS cannot hold, as pdca shows them (escaped)


def fragment(register: Register) -> Fragment:
    lines, rejected, unwritable = [], set(), []
    for path, names in owners(register):
        valid = [n for n in names if n and not any(ch.isspace() for ch in n)]  # CODEOWNERS splits on spaces
        rejected |= set(names) - set(valid)
        pattern = literal(path)
        if pattern is None:
            unwritable.append(line(path))
        elif valid:
            lines.append(f"{pattern} {' '.join(valid)}")
    header = f"# pdca owners: {line(register.repository_name or register.name)}/pdca.yaml departments[].reviewers"
    return Fragment(header, lines, sorted(rejected), unwritable)


def literal(path: str) -> str | None:
    """A CODEOWNERS pattern that matches `path` and nothing else, or None when there is none."""
    if not is_plain(path) or any(ch.isspace() and ch != " " for ch in path):
        return None
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in path)


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
