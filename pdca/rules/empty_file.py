"""A register file is empty.
"""

from pdca.model.diagnostic import Severity

NAME = "empty-file"
CODE = "PDCA006"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}
