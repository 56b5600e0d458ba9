"""`--format gitlab`: GitLab Code Quality JSON, shown in merge requests.

https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
The fingerprint follows the problem, not its line, so a moved line is the same issue to GitLab too.
A waived problem is left out; with --diff BASE, one that BASE already had is `info`, so that only what
the merge request brought is `major` (an error) or `minor` (a warning).
"""

from __future__ import annotations

import hashlib
import json
from typing import TextIO

from pdca.engine.check_run import CheckRun
from pdca.io.printable import block

_SEVERITY = {"error": "major", "warning": "minor"}


def report(run: CheckRun, out: TextIO, lang: str) -> None:
    issues = []
    for d in run.diagnostics:
        if d.waiver is not None:
            continue
        fingerprint = hashlib.sha256("\0".join(map(str, d.identity())).encode("utf-8")).hexdigest()
        issues.append({
            "description": d.text(lang),
            "check_name": d.rule,
            "fingerprint": fingerprint,
            "severity": "info" if d.new is False else _SEVERITY[d.severity.value],
            "location": {"path": d.repository_path, "lines": {"begin": d.line or 1}},
        })
    out.write(block(json.dumps(issues, ensure_ascii=False, indent=2)))  # C1 and bidi controls as \u escapes: the same JSON
    out.write("\n")
