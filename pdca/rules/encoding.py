"""The file is not UTF-8.

Register files are UTF-8, with or without a byte-order mark.  Files saved as GBK/GB18030 (the default of
many Chinese Windows editors), UTF-16 or UTF-32 (with a byte-order mark or without one, little- or
big-endian) are named as such, with the command that converts them.

Passing: a file saved as UTF-8.

Failing: the same file saved as GBK::

    $ iconv -f UTF-8 -t GBK risks/cg.yaml > risks/cg-gbk.yaml
"""

from pdca.model.diagnostic import Severity

NAME = "encoding"
CODE = "PDCA002"
SEVERITY = Severity.ERROR
PARAMS: dict[str, object] = {}
FIXED = True
