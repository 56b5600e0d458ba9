"""A register file is empty.

Passing::

    risks: []

Failing: a file under risks/ with nothing (or only comments) in it.
"""

from pdca.model.diagnostic import Severity

NAME = "empty-file"
CODE = "PDCA006"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}
