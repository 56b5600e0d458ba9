"""The one error type a user sees, and the exit codes of every command."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1  # the command ran and found errors (check) or refused a change (advance)
EXIT_USAGE = 2  # the register could not be read at all, or the command was used wrongly


class PdcaError(Exception):
    """A problem the user can act on; the CLI prints the message, then each of `details` on a line of
    its own (the problems behind it), and exits with `exit_code`."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.details = details
