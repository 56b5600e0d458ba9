"""The file is not valid YAML, or cannot be read safely.

Syntax errors, tab indentation, more than one document in a file, tags such as ``!!python/object``
(pdca never builds objects from tags), aliases that would expand without bound, nesting too deep.
Reported by the loader; the file's other content is not checked.

Passing::

    risks:
      - id: CG-001

Failing (a tab before ``title``)::

    risks:
      - id: CG-001
    	title: 供应商选择中的利益输送
"""

from pdca.model.diagnostic import Severity

NAME = "yaml-syntax"
CODE = "PDCA001"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}
FIXED = True
