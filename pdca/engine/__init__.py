"""What commands do: check, edits, diff, export, status, explain, redact, scaffold, report data."""
