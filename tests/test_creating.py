"""Creating and importing, as a new user meets them (issue 15): `pdca init`, `pdca library show`, `pdca new`
(at a terminal too), `pdca owners`, CSV with Chinese headers, and Excel imports, on real files."""

from __future__ import annotations

from pathlib import Path

from conftest import BASE_CONFIG, pdca

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


# --- pdca library show -----------------------------------------------------------------------------


def _paste(risks_file: Path, shown: str) -> None:
    """What a user does with the output: paste it at the end of a risks file, under `risks:`."""
    risks_file.write_text(risks_file.read_text(encoding="utf-8") + shown, encoding="utf-8")


def test_a_library_entry_pastes_into_a_risks_file_and_passes_check(tmp_path: Path) -> None:
    target = tmp_path / "reg"
    assert pdca("init", target, "--org", "测试公司", "--cycle", "2025", "--areas", "procurement").code == 0
    before = pdca("check", target, "--format", "json").json()["summary"]
    for entry in ("LIB-CG-01", "lib-cg-02"):  # twice: the second gets the next free id too
        shown = pdca("library", "show", entry, "-r", target)
        assert shown.code == 0, shown.err
        assert shown.out.startswith("# ") and "risks/procurement.yaml" in shown.out.splitlines()[0]
        _paste(target / "risks" / "procurement.yaml", shown.out)
    after = pdca("check", target, "--format", "json").json()
    assert after["summary"]["errors"] == before["errors"] == 0, after["diagnostics"][:3]
    risks = {r["title"]: r for r in pdca("export", target).json()["risks"]}
    pasted = risks["化整为零规避公开招标"]
    assert pasted["department"] == "purchasing" and pasted["area"] == "procurement" and pasted["stage"] == "P"
    assert len({r["id"] for r in risks.values()}) == len(risks)


def test_a_library_entry_for_a_register_without_its_area_says_what_to_add(register) -> None:  # type: ignore[no-untyped-def]
    root = register({"risks/cw.yaml": "risks:\n  - {id: CW-001, title: t, area: finance, dimension: 业务流程}\n"})
    shown = pdca("library", "show", "LIB-GC-01", "-r", root)
    assert shown.code == 0
    assert "areas:" in shown.err and "pdca.yaml" in shown.err and "engineering" in shown.err
    assert "department" in shown.err  # 工程管理部 is not a department of this register: said, not guessed


def test_library_show_of_an_unknown_entry_suggests_one() -> None:
    result = pdca("library", "show", "LIB-CG-1")
    assert result.code == 2 and "LIB-CG-01" in result.err


# --- pdca owners -------------------------------------------------------------------------------------

OWNED = {"risks/cg.yaml": "risks:\n  - {id: CG-001, title: t, area: procurement, department: purchasing, dimension: 业务流程}\n"}
REVIEWED = BASE_CONFIG.replace("{id: purchasing, name: 物资采购部}", "{id: purchasing, name: 物资采购部, reviewers: ['@org/buyers']}")


def test_owners_says_what_to_configure_when_no_department_has_reviewers(register) -> None:  # type: ignore[no-untyped-def]
    root = register(OWNED)
    for lang, words in (("zh", "审核人"), ("en", "reviewers")):
        result = pdca("owners", "-r", root, "--lang", lang)
        assert result.code == 0
        assert "pdca.yaml" in result.err and "departments[].reviewers" in result.err and words in result.err
        assert "reviewers: ['@" in result.err and "purchasing" in result.err  # an example to copy


def test_owners_written_twice_into_codeowners_adds_nothing(register, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = register(OWNED, REVIEWED)
    printed = pdca("owners", "-r", root)
    assert printed.code == 0 and "/risks/cg.yaml @org/buyers" in printed.out and printed.err == ""
    header, rule = printed.out.splitlines()[:2]
    codeowners = tmp_path / "CODEOWNERS"
    # a file with rules of its own, and the block an earlier `pdca owners >> CODEOWNERS` appended (no end line)
    codeowners.write_text(f"* @admins\n{header}\n{rule.replace('@org/buyers', '@old')}\n/docs/ @writers\n", encoding="utf-8")
    first = pdca("owners", "-r", root, "--write", codeowners)
    assert first.code == 0, first.err
    once = codeowners.read_text(encoding="utf-8")
    assert once.count(header) == 1 and "@old" not in once and rule in once
    assert once.startswith("* @admins\n") and "/docs/ @writers\n" in once
    second = pdca("owners", "-r", root, "--write", codeowners)
    assert second.code == 0 and codeowners.read_text(encoding="utf-8") == once
    assert str(codeowners) in second.out
    # a rule of the user's own for a register file, right after pdca's block, is not taken for part of it
    own = f"{once}{rule.split()[0]} @override\n"
    codeowners.write_text(own, encoding="utf-8")
    assert pdca("owners", "-r", root, "--write", codeowners).code == 0
    assert codeowners.read_text(encoding="utf-8") == own
