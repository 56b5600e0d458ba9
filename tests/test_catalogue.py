"""The one catalogue of words: both languages say the same things, and every id the code names exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from pdca import i18n

PACKAGE = Path(__file__).resolve().parent.parent / "pdca"


def placeholders(template: str) -> set[str]:
    return {field.split("!")[0].split(":")[0].split(".")[0].split("[")[0]
            for _, field, _, _ in string.Formatter().parse(template) if field}


def test_both_languages_hold_the_same_ids_and_placeholders() -> None:
    zh, en = i18n.catalogue("zh"), i18n.catalogue("en")
    assert set(zh) == set(en)
    different = {key: (zh[key], en[key]) for key in zh if placeholders(zh[key]) != placeholders(en[key])}
    assert different == {}


#: message ids written as literals in the code: i18n.text("id", ...), i18n.Msg("id"), say("id"), message="id"
_NAMED = re.compile(r"""(?:i18n\.text\(|i18n\.Msg\(|\bsay\(|message=|_say\(|_refuse\(|problem\(\(?[^"]*?, )"([a-z_]+(?:\.[\w-]+)+)\"""")


def test_every_message_the_code_names_is_in_the_catalogue() -> None:
    known = i18n.catalogue("zh")
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if {"notify", "privacy"} & set(path.parts):
            continue
        for match in _NAMED.finditer(path.read_text(encoding="utf-8")):
            if match.group(1) not in known:
                missing.append(f"{path.relative_to(PACKAGE)}: {match.group(1)}")
    assert missing == []


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_template_fills_in(lang: str) -> None:
    """No entry has a stray brace that would fail when its parameters are filled in."""
    for key, template in i18n.catalogue(lang).items():
        names = placeholders(template)
        filled = template.format(**{name: "x" for name in names})
        assert "{" not in filled.replace("{{", "") or "{{" in template, key


def test_a_diagnostic_says_the_same_thing_in_either_language_from_the_same_ids() -> None:
    message = i18n.Msg("rule.finding_overdue", {"id": "SJ-1", "days": 3, "deadline": "2024-06-27",
                                               "step": i18n.Label("escalation", "notice"), "repeat": "", "decided": ""})
    assert message.render("zh") == "整改事项 SJ-1 已逾期 3 天(整改期限 2024-06-27),建议通报"
    assert message.render("en") == "finding SJ-1 is 3 days overdue (deadline 2024-06-27): suggested notice"
    assert i18n.from_data(message.to_data()) == message
