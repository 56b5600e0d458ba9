"""A value does not fit the register format: a missing field, a wrong type, an unknown key, a value
outside its list of choices.

Unknown keys come with the closest known key as a hint.  ``line`` accepts 事前/事中/事后 as well as
before/during/after.
"""

from pdca.model.diagnostic import Severity

NAME = "schema"
CODE = "PDCA004"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}
FIXED = True
