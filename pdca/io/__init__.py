"""Files and git: YAML read with positions, lossless edits, atomic writes, the parse cache. The only YAML users."""
