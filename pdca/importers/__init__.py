"""Bringing registers kept elsewhere (Excel) into pdca: read, validate, then write through the editor."""
