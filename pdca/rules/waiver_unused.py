"""A waiver in pdca.yaml matches no diagnostic: the problem was fixed, or the waiver names the wrong
rule or target.
"""

from pdca.model.diagnostic import Severity

NAME = "waiver-unused"
CODE = "PDCA502"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}
