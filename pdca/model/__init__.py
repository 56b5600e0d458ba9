"""The register's data: pydantic models of its files, the loaded register with its indexes, diagnostics."""
