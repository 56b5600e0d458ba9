"""The rooms of the house and which way imports go (docs/architecture.md), checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pdca"

#: room -> the rooms it may import from (itself always)
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "i18n": {"errors"},
    "catalogue": set(),
    "io": {"errors", "i18n"},
    "model": {"errors", "i18n"},
    "domain": {"model", "errors", "i18n"},
    "load": {"io", "model", "domain", "errors", "i18n"},
    "rules": {"model", "domain", "privacy", "errors", "i18n"},
    "library": {"io", "model", "domain", "errors", "i18n"},
    "privacy": {"errors", "i18n"},
    "notify": {"errors", "i18n"},
    "engine": {"rules", "load", "library", "privacy", "io", "model", "domain", "errors", "i18n"},
    "importers": {"formats", "engine", "load", "library", "io", "model", "domain", "errors", "i18n"},
    "formats": {"engine", "rules", "load", "io", "model", "domain", "errors", "i18n"},
    "site": {"formats", "engine", "rules", "load", "io", "model", "domain", "errors", "i18n"},
    "cli": {"formats", "engine", "importers", "notify", "rules", "load", "library", "privacy", "io", "model",
            "domain", "errors", "i18n", "site"},
}
#: third-party libraries only some rooms may use
LIBRARIES = {"typer": {"cli"}, "rich": {"cli", "formats"}, "yaml": {"io"}, "ruamel": {"io"}, "filelock": {"io"},
             "jinja2": {"formats", "site"}, "docx": {"formats"}, "openpyxl": {"formats", "importers"}}


def room(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0] if parts[0] not in ("__init__", "__main__") else "cli"


def imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "pdca":
                found += [(f"pdca.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((node.module, node.lineno))
    return found


def test_imports_go_one_way() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = room(path)
        for module, line in imports(path):
            parts = module.split(".")
            if parts[0] == "pdca":
                if len(parts) < 2 or parts[1] == "__version__":
                    continue
                there = parts[1]
                if there != here and there not in ALLOWED[here]:
                    wrong.append(f"{path.relative_to(PACKAGE)}:{line} {here} imports {module}")
            elif parts[0] in LIBRARIES and here not in LIBRARIES[parts[0]]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} {here} imports {parts[0]}")
    assert wrong == []


def test_every_module_belongs_to_a_room() -> None:
    rooms = {room(path) for path in PACKAGE.rglob("*.py")}
    assert rooms <= set(ALLOWED) | {"__version__"}
