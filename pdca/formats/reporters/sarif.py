"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

With --diff BASE every result has a `baselineState` (`new`, or `unchanged` for a problem BASE already
had), and an unchanged one is at level `note`: a viewer shows as errors only what the change brought.
"""

from __future__ import annotations

import json
from typing import Any, TextIO
from urllib.parse import quote

from pdca import __version__
from pdca.engine.check_run import CheckRun
from pdca.io.printable import block
from pdca.rules import RULES
from pdca.rules.base import summary

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def report(run: CheckRun, out: TextIO, lang: str) -> None:
    names = list(RULES)
    rules = [
        {
            "id": name,
            "name": "".join(part.title() for part in name.split("-")),
            "shortDescription": {"text": summary(rule)},
            "fullDescription": {"text": (rule.__doc__ or "").strip()},
            "defaultConfiguration": {"level": "warning" if rule.SEVERITY.value == "warning" else "error"},
            "properties": {"code": rule.CODE},
        }
        for name, rule in RULES.items()
    ]
    results = [_result(d, names, lang) for d in run.diagnostics]
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pdca",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/pdca/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    out.write(block(json.dumps(document, ensure_ascii=False, indent=2)))  # C1 and bidi controls as \u escapes: the same JSON
    out.write("\n")


def _result(d: Any, names: list[str], lang: str) -> dict[str, Any]:
    location: dict[str, Any] = {
        "artifactLocation": {"uri": quote(d.repository_path), "uriBaseId": "%SRCROOT%"},
    }
    if d.line is not None:
        location["region"] = {"startLine": d.line, "startColumn": d.column or 1}
    result: dict[str, Any] = {
        "ruleId": d.rule,
        "level": "note" if d.new is False else d.severity.value,
        "message": {"text": d.text(lang)},
        "locations": [{"physicalLocation": location}],
    }
    if d.new is not None:
        result["baselineState"] = "new" if d.new else "unchanged"
    if d.rule in names:
        result["ruleIndex"] = names.index(d.rule)
    if d.waiver is not None:
        justification = f"{d.waiver['reason']} ({d.waiver['approver']}, until {d.waiver['until']})"
        result["suppressions"] = [{"kind": "external", "justification": justification}]
    return result
