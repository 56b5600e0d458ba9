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
    zh, en = i18n.every_word("zh"), i18n.every_word("en")
    assert set(zh) == set(en)
    different = {key: (zh[key], en[key]) for key in zh if placeholders(zh[key]) != placeholders(en[key])}
    assert different == {}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_help_tables_are_in_the_help_file_and_only_there(lang: str) -> None:
    """i18n.text looks for a help, usage or rule_doc id in help.<lang>.toml only (pdca check never
    reads that file), for any other id in <lang>.toml only."""
    assert [key for key in i18n.catalogue(lang) if key.partition(".")[0] in i18n.HELP_TABLES] == []
    assert [key for key in i18n.help_catalogue(lang) if key.partition(".")[0] not in i18n.HELP_TABLES] == []


#: message ids written as literals in the code: i18n.text("id", ...), i18n.Msg("id"), say("id"), message="id"
_NAMED = re.compile(r"""(?:i18n\.text\(|i18n\.Msg\(|\bsay\(|message=|_say\(|_refuse\(|problem\(\(?[^"]*?, )"([a-z_]+(?:\.[\w-]+)+)\"""")


def test_every_message_the_code_names_is_in_the_catalogue() -> None:
    known = i18n.every_word("zh")
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for match in _NAMED.finditer(path.read_text(encoding="utf-8")):
            if match.group(1) not in known:
                missing.append(f"{path.relative_to(PACKAGE)}: {match.group(1)}")
    assert missing == []


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_template_fills_in(lang: str) -> None:
    """No entry has a stray brace that would fail when its parameters are filled in."""
    for key, template in i18n.every_word(lang).items():
        names = placeholders(template)
        filled = template.format(**{name: "x" for name in names})
        assert "{" not in filled.replace("{{", "") or "{{" in template, key


def test_a_diagnostic_says_the_same_thing_in_either_language_from_the_same_ids() -> None:
    message = i18n.Msg("rule.finding_overdue", {"id": "SJ-1", "days": 3, "deadline": "2024-06-27",
                                               "step": i18n.Label("escalation", "notice"), "repeat": "", "decided": ""})
    assert message.render("zh") == "整改事项 SJ-1 已逾期 3 天（整改期限 2024-06-27），建议通报"
    assert message.render("en") == "finding SJ-1 is 3 days overdue (deadline 2024-06-27): suggested notice"
    assert i18n.from_data(message.to_data()) == message


TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

#: catalogue ids written as literals in the report templates: t("id", ...), |each("id"), |listing("id")
_TEMPLATE_NAMED = re.compile(r"""\b(?:t|each|listing)\(\s*(["'])([^"']+)\1""")
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)


def template_ids() -> dict[str, str]:
    """Every id the built-in templates name, with the first template naming it."""
    named: dict[str, str] = {}
    for path in sorted(TEMPLATES.glob("*.j2")):
        for match in _TEMPLATE_NAMED.finditer(_JINJA_COMMENT.sub("", path.read_text(encoding="utf-8"))):
            named.setdefault(match.group(2), path.name)
    return named


def test_every_word_a_template_names_is_in_the_catalogue() -> None:
    named = template_ids()
    assert len(named) > 100  # the scan does find the templates' words
    missing = [f"{where}: {key} ({lang})" for key, where in sorted(named.items()) for lang in i18n.LANGS
               if key not in i18n.catalogue(lang)]
    assert missing == []


def test_every_t_call_in_a_template_passes_exactly_the_entry_parameters() -> None:
    """Read through Jinja's parser, so a branch the example register never reaches is checked too."""
    from jinja2 import Environment, nodes

    wrong = []
    for path in sorted(TEMPLATES.glob("*.j2")):
        tree = Environment().parse(path.read_text(encoding="utf-8"))
        for call in tree.find_all(nodes.Call):
            if not (isinstance(call.node, nodes.Name) and call.node.name == "t"):
                continue
            assert len(call.args) == 1 and isinstance(call.args[0], nodes.Const), f"{path.name}:{call.lineno}"
            key, given = call.args[0].value, {kw.key for kw in call.kwargs}
            for lang in i18n.LANGS:
                wanted = placeholders(i18n.catalogue(lang).get(key, ""))
                if given != wanted:
                    wrong.append(f"{path.name}:{call.lineno} {key} ({lang}): gives {sorted(given)}, needs {sorted(wanted)}")
    assert wrong == []


def test_words_printed_as_written_are_inert_outside_the_report_section() -> None:
    """t() prints an entry as written: the report.* entries are Markdown on purpose; any other entry a
    template names (sep.list, kind.finding) is plain text and must read the same as Markdown."""
    from pdca.formats.markdown import escape

    plain = [f"{key} ({lang})" for key in template_ids() if not key.startswith("report.") for lang in i18n.LANGS
             if escape(i18n.catalogue(lang)[key]) != i18n.catalogue(lang)[key]]
    assert plain == []
