"""A waiver in pdca.yaml has passed its ``until`` date.

A waiver accepts a known problem for a while (``waivers:`` with rule, target, reason, until and
approver); the diagnostic it covers is shown as waived and not counted.  When it expires the problem
counts again, and the stale waiver itself is an error until it is renewed or removed: mandatory
checks need an honest way out, not a permanent one.
"""

from pdca.model.diagnostic import Severity

NAME = "waiver-expired"
CODE = "PDCA501"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}
