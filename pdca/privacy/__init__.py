"""Privacy building blocks for the 廉政档案 (personal integrity dossier).

`pii` finds personal identifiers in plain text so that they never reach a register kept in git;
`vault` encrypts the dossier entries that must hold personal information, per entry, with age.
"""
