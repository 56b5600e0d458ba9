"""`--format json`: exactly the shape of register-format.md, plus `register` when several are checked."""

from __future__ import annotations

import json
from typing import TextIO

from pdca.engine.lint import CheckRun
from pdca.io.printable import block


def report(run: CheckRun, out: TextIO, lang: str) -> None:
    several = len(run.registers) > 1
    diagnostics = []
    for diagnostic in run.diagnostics:
        item = diagnostic.as_json(lang)
        if several:
            item["register"] = diagnostic.register
        diagnostics.append(item)
    document = {
        "diagnostics": diagnostics,
        "summary": {"errors": run.errors, "warnings": run.warnings, "files": run.files}
        | ({"waived": run.waived} if run.waived else {})
        | ({"new_errors": run.new_errors} if run.ratcheted else {}),
    }
    out.write(block(json.dumps(document, ensure_ascii=False, indent=2)))  # C1 and bidi controls as \u escapes: the same JSON
    out.write("\n")
