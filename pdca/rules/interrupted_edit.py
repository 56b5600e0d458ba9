"""An edit of the register was interrupted, and pdca put its files back as they were before it.

pdca changes several files as one change (pdca.io.transaction): every file or none.  When a change
could not finish (the process was killed, the machine lost power, a disk filled up), it leaves a
journal in the user's own pdca folder (never in the register), and the next pdca command of that user
that reads the register puts every file back as it was before the change and says so here.  Run the
command that was interrupted again.

Reported at pdca.yaml.  Nothing to fix in the files.

Passing (no journal: every pdca edit finished, or was refused before it changed anything)::

    registers/x/pdca.yaml
    registers/x/risks/procurement.yaml

Failing (``pdca cycle start`` was killed after replacing pdca.yaml, before the risks files; the journal
waits in the user's folder)::

    registers/x/.pdca.yaml.pdca-backup
    registers/x/risks/procurement.yaml
"""

from __future__ import annotations

from pdca.model.diagnostic import Severity

NAME = "interrupted-edit"
CODE = "PDCA007"
SEVERITY = Severity.WARNING
PARAMS: dict[str, object] = {}
