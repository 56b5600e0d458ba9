"""Cases of every rule: register files and what `pdca check` reports on them (tests and docs)."""
