"""The file is not valid YAML, or cannot be read safely.

Syntax errors, tab indentation, more than one document in a file, tags such as ``!!python/object``
(pdca never builds objects from tags), aliases that would expand without bound, nesting too deep.
Reported by the loader; the file's other content is not checked.
"""

from pdca.model.diagnostic import Severity

NAME = "yaml-syntax"
CODE = "PDCA001"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}
FIXED = True
