"""A value does not fit the register format: a missing field, a wrong type, an unknown key, a value
outside its list of choices.

Unknown keys come with the closest known key as a hint.  ``line`` accepts 事前/事中/事后 as well as
before/during/after.

Passing::

    - id: CG-001-M1
      title: 供应商准入实行三人以上集体评审
      line: 事前
      status: done

Failing (``staus`` is not a field; did you mean ``status``?)::

    - id: CG-001-M1
      title: 供应商准入实行三人以上集体评审
      line: before
      staus: done
"""

from pdca.model.diagnostic import Severity

NAME = "schema"
CODE = "PDCA004"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}
FIXED = True
