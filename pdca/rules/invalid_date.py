"""A date is not written YYYY-MM-DD, or is not on the calendar.
"""

from pdca.model.diagnostic import Severity

NAME = "invalid-date"
CODE = "PDCA005"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}
FIXED = True  # an entry with an invalid date is left out: switching this off would hide it
