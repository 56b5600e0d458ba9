"""`--format json`: exactly the shape of register-format.md, plus `register` when several are checked.

`file` is relative to the register root (stable across checkouts: the spec keeps it); `path` is the same
file as the text and concise formats print it, relative to the working directory."""

from __future__ import annotations

import json
from typing import TextIO

from pdca.engine.check_run import CheckRun
from pdca.io.printable import block
from pdca.model.diagnostic import Diagnostic


def _item(diagnostic: Diagnostic, lang: str, several: bool) -> dict[str, object]:
    fields = diagnostic.as_json(lang)
    item = {"file": fields.pop("file"), "path": diagnostic.display_path, **fields}
    if several:
        item["register"] = diagnostic.register
    return item


def report(run: CheckRun, out: TextIO, lang: str) -> None:
    several = len(run.registers) > 1
    document = {
        "diagnostics": [_item(diagnostic, lang, several) for diagnostic in run.diagnostics],
        "summary": {"errors": run.errors, "warnings": run.warnings, "files": run.files}
        | ({"waived": run.waived} if run.waived else {})
        | ({"new_errors": run.new_errors} if run.ratcheted else {}),
    }
    out.write(block(json.dumps(document, ensure_ascii=False, indent=2)))  # C1 and bidi controls as \u escapes: the same JSON
    out.write("\n")
