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
    footer: str = ""  # ends the block, so that writing it again replaces it instead of adding a copy
    scope: str = "/"  # how the block's lines begin: the register's folder in the repository

    def text(self, newline: str = "\n", footer: bool = False) -> str:
        """The block; with its footer line as `--write` puts it into a file (printed, it stays as
        `pdca owners >> CODEOWNERS` has always appended it)."""
        return newline.join([self.header, *self.lines, *([self.footer] if footer else [])]) + newline


def reviewers_configured(register: Register) -> bool:
    """Whether any department of pdca.yaml names reviewers (without them there is nothing to write)."""
    return register.config is not None and any(d.reviewers for d in register.config.departments)


def updated(existing: str, made: Fragment) -> str:
    """CODEOWNERS text with this register's block in it once: an earlier block of the same register (one
    `pdca owners >>` appended, without an end line, too) replaced where the first one was, else added at
    the end.  The rest of the file is kept as it is, in its own line endings."""
    newline = "\r\n" if "\r\n" in existing else "\n"
    lines = existing.splitlines()
    kept: list[str] = []
    at: int | None = None
    index = 0
    while index < len(lines):
        if lines[index].rstrip() != made.header:
            kept.append(lines[index])
            index += 1
            continue
        at = len(kept) if at is None else at
        index = _block_end(lines, index + 1, made)
    block = made.text(newline, footer=True).splitlines()
    if at is None:
        if kept and kept[-1].strip():
            kept.append("")
        at = len(kept)
    return newline.join(kept[:at] + block + kept[at:]) + newline


def _block_end(lines: list[str], index: int, made: Fragment) -> int:
    """The line after a block that starts above `index`: past its footer, or (a block written before
    blocks had one) at the first line that is not a rule for a file of this register."""
    while index < len(lines):
        text = lines[index].rstrip()
        if text == made.footer:
            return index + 1
        if not text.startswith(made.scope):
            return index
        index += 1
    return index


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
    name = line(register.repository_name or register.name)
    header = f"# pdca owners: {name}/pdca.yaml departments[].reviewers"
    scope = literal(_prefix(register) + "/") or "/"
    return Fragment(header, lines, sorted(rejected), unwritable, f"# end of pdca owners: {name}", scope)


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
    prefix = _prefix(register)
    return [(f"{prefix}/{rel}", sorted(names)) for rel, names in sorted(by_file.items()) if names]


def _prefix(register: Register) -> str:
    """The register's folder as CODEOWNERS paths begin ("" at the root of the repository)."""
    folder = (register.repository_name or register.name).strip("./")
    return f"/{folder}" if folder else ""
