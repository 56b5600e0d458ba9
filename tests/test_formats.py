"""Every `pdca check` output format and the group report, pinned byte for byte (golden files, read by
eye when they change).  Regenerate after an intended change with:
    PDCA_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_formats.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, pdca

GOLDEN = Path(__file__).parent / "golden"


def _matches(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("PDCA_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "gitlab"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_check_format(fmt: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = pdca("check", "registers/example", "--as-of", "2024-12-31", "--format", fmt, "--lang", lang, "--no-cache")
    assert result.code == 0, result.err
    _matches(f"check.{lang}.{fmt}", result.out)


def test_the_group_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("group-a", "group-b"):
        shutil.copytree(EXAMPLE, tmp_path / name, ignore=shutil.ignore_patterns(".pdca_cache"))
    config = tmp_path / "group-b" / "pdca.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("organization: X公司", "organization: Y公司"),
                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = pdca("report", "group-a", "group-b", "--month", "2024-06", "--no-charts")
    assert result.code == 0, result.err
    _matches("group.zh.md", result.out)
