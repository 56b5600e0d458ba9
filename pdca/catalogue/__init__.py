"""The catalogues of words, one TOML file per language (data, not code)."""
