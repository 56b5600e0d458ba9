"""Where a register keeps its files (register-format.md): the names alone, so that what needs only
them (finding registers, the whole-run cache's key, progress) imports neither the models nor PyYAML."""

from __future__ import annotations

CONFIG = "pdca.yaml"
#: the folders of entries, in the order they are read; each file's top-level key is its folder's name
FOLDERS = ("risks", "checks", "activities", "pledges", "decisions", "assessments", "people", "dossier")
#: reports/<period>.yaml: the narrative of a period's 通报 (pdca.engine.narrative)
NARRATIVE_FOLDER = "reports"
