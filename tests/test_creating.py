"""Creating and importing, as a new user meets them (issue 15): `pdca init`, `pdca library show`, `pdca new`
(at a terminal too), `pdca owners`, CSV with Chinese headers, and Excel imports, on real files."""

from __future__ import annotations

from pathlib import Path

from conftest import pdca

from pdca import i18n

# --- pdca init ------------------------------------------------------------------------------------


def test_init_refuses_a_cycle_year_that_is_not_four_digits(tmp_path: Path) -> None:
    for value in ("25", "0025", "20250", "next"):
        result = pdca("init", tmp_path / value, "--org", "测试公司", "--cycle", value)
        assert result.code == 2, value
        assert f"--cycle {value}" in result.err and "--cycle 2025" in result.err and "Traceback" not in result.err
        assert not (tmp_path / value).exists()


def test_init_in_english_writes_language_en(tmp_path: Path) -> None:
    assert pdca("init", tmp_path / "en", "--org", "X Co", "--cycle", "2025", "--lang", "en", "--empty").code == 0
    assert "\nlanguage: en " in (tmp_path / "en" / "pdca.yaml").read_text(encoding="utf-8")
    # the register then speaks English without --lang
    unknown = pdca("new", "risk", "-r", tmp_path / "en", "--area", "nope", "--title", "t", "--dimension", "业务流程")
    assert unknown.code == 2 and i18n.text("kind.area", "en") in unknown.err
    assert pdca("init", tmp_path / "zh", "--org", "甲公司", "--cycle", "2025", "--empty").code == 0
    assert "\nlanguage: zh " in (tmp_path / "zh" / "pdca.yaml").read_text(encoding="utf-8")
