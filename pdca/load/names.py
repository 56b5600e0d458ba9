"""The display names of registered people: a mapping the office keeps outside the shared repository.

```yaml
# names.yaml: NOT in git (docs/privacy.md)
names:
  P-0001: 张伟
  P-0002: 李娜
```

Which file is read is the user's choice, never the repository's: `--names FILE` where a command has it,
else the `PDCA_NAMES` environment variable; without either, reports show posts and departments.  The
file is read like any register file (UTF-8, plain YAML, no tags); a problem names its line and column
and never quotes a name.
"""

from __future__ import annotations

import os
from pathlib import Path

from pdca import i18n
from pdca.errors import PdcaError
from pdca.io import yaml_read

ENV = "PDCA_NAMES"


def chosen(option: Path | None) -> Path | None:
    """The mapping to read: `--names`, else `PDCA_NAMES`, else none."""
    if option is not None:
        return option
    named = os.environ.get(ENV)
    return Path(named) if named else None


def read(path: Path | None, lang: str) -> dict[str, str]:
    """person id -> display name; {} for no file."""
    if path is None:
        return {}
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PdcaError(i18n.text("people.names_unreadable", lang, path=path, error=i18n.os_reason(exc, lang))) from None
    text, problem = yaml_read.decode(data)
    if text is None:
        assert problem is not None
        raise PdcaError(i18n.text("people.names_invalid", lang, path=path, line=problem.line or 1,
                                  problem=i18n.text(problem.message, lang, **problem.params)))
    value, problems = yaml_read.load(text)
    if problems:
        first = problems[0]
        raise PdcaError(i18n.text("people.names_invalid", lang, path=path, line=first.line or 1,
                                  problem=i18n.text(first.message, lang, **first.params)))
    return _mapping(value, path, text, lang)


def _mapping(value: object, path: Path, text: str, lang: str) -> dict[str, str]:
    names = value.get("names") if isinstance(value, dict) else None
    if not isinstance(names, dict):
        raise PdcaError(i18n.text("people.names_shape", lang, path=path))
    found: dict[str, str] = {}
    for person_id, name in names.items():
        if not isinstance(name, str) or not name.strip():
            line, _ = yaml_read.locate(yaml_read.compose(text), ("names", person_id))
            raise PdcaError(i18n.text("people.names_entry", lang, path=path, line=line, id=str(person_id)))
        found[str(person_id)] = name.strip()
    return found
