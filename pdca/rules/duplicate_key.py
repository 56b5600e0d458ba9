"""A key appears twice in the same mapping.

YAML parsers silently keep one of the two values; pdca says so instead.
"""

from pdca.model.diagnostic import Severity

NAME = "duplicate-key"
CODE = "PDCA003"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}
