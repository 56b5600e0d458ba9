"""A key appears twice in the same mapping.

YAML parsers silently keep one of the two values; pdca says so instead.

Passing::

    - id: CG-001
      owner: 采购部经理

Failing::

    - id: CG-001
      owner: 采购部经理
      owner: 物资采购部
"""

from pdca.model.diagnostic import Severity

NAME = "duplicate-key"
CODE = "PDCA003"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}
