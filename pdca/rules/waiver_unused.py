"""A waiver in pdca.yaml matches no diagnostic: the problem was fixed, or the waiver names the wrong
rule or target.

Passing: a waiver whose rule and target match a diagnostic ``pdca check`` reports.

Failing::

    waivers:
      - {rule: post-without-risk, target: no-such-post, reason: ..., until: 2024-12-31, approver: 纪委书记}
"""

from pdca.model.diagnostic import Severity

NAME = "waiver-unused"
CODE = "PDCA502"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}
