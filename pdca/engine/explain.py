"""`pdca explain ID`: how a risk's level was reached, step by step, with the matrix drawn."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pdca import i18n
from pdca.model.entities import Risk
from pdca.model.register import Register

_W = {
    "likelihood": ("可能性", "likelihood"), "impact": ("危害程度", "impact"),
    "legal": ("涉及违法犯罪", "legal liability"), "matrix": ("矩阵", "matrix"), "override": ("等级调整", "override"),
    "declared": ("声明等级", "declared level"), "result": ("结论", "result"), "none": ("无", "none"),
    "yes": ("是 → 一律一级", "yes -> always level 1"), "no": ("否", "no"),
    "unscored": ("未评定", "not scored"), "ignored": ("更宽松,已忽略", "laxer, ignored"),
    "applied": ("从严,已采用", "stricter, applied"), "agrees": ("一致", "agrees"),
    "no_effect": ("与计算结果相同,不起作用", "the same as computed: no effect"), "since": ("自 {date} 起", "from {date}"),
    "differs": ("与计算结果不符", "differs from the computed level"), "cell": ("格", "cell"),
    "stage": ("阶段", "stage"),
}


def show(register: Register, risk: Risk, lang: str, out: TextIO) -> None:
    assert register.config is not None
    scoring = register.config.scoring
    assessment = register.index.assessment(risk)
    console = Console(file=out, highlight=False, soft_wrap=True)

    def w(key: str) -> str:
        return i18n.label(_W, key, lang)

    def level(value: int | None) -> str:
        return i18n.label(i18n.LEVEL_NAMES, value, lang) if value is not None else w("unscored")

    criteria = scoring.criteria

    def scale(labels: list[str], value: int | None, sentences: list[str]) -> str:
        if value is None:
            return w("unscored")
        if not 1 <= value <= len(labels):
            return f"{value} (?)"
        shown = f"{value} ({labels[value - 1]})"
        return f"{shown} {sentences[value - 1]}" if len(sentences) >= value else shown

    console.print(f"[bold]{escape(risk.id)}[/bold]  {escape(risk.title)}")
    console.print(f"  {w('stage')}: {i18n.label(i18n.STAGE_NAMES, risk.stage, lang)}")
    console.print(f"  {w('likelihood')}: {escape(scale(scoring.likelihood, risk.likelihood, criteria.likelihood if criteria else []))}")
    console.print(f"  {w('impact')}: {escape(scale(scoring.impact, risk.impact, criteria.impact if criteria else []))}")
    console.print(f"  {w('matrix')}: {level(assessment.matrix)}")
    console.print(f"  {w('legal')}: {w('yes') if risk.legal_liability else w('no')}")
    if risk.override is None:
        console.print(f"  {w('override')}: {w('none')}")
    else:
        verdict = w("ignored") if assessment.override_rejected else (
            w("applied") if assessment.override_applied else w("no_effect"))
        since = f", {i18n.label(_W, 'since', lang).format(date=risk.override.date)}" if risk.override.date else ""
        console.print(f"  {w('override')}: {level(risk.override.level)} ({escape(risk.override.reason)}{escape(since)}) - {verdict}")
    if risk.level is not None:
        verdict = w("agrees") if risk.level == assessment.effective else w("differs")
        console.print(f"  {w('declared')}: {level(risk.level)} - {verdict}")
    console.print(f"  [bold]{w('result')}: {level(assessment.effective)}[/bold]")
    console.print()
    console.print(_matrix(register, risk, lang))


def _matrix(register: Register, risk: Risk, lang: str) -> Table:
    assert register.config is not None
    scoring = register.config.scoring
    corner = "可能性 \\ 危害程度" if lang == "zh" else "likelihood \\ impact"
    table = Table(title=None, show_lines=False)
    table.add_column(corner)
    for number, name in enumerate(scoring.impact, start=1):
        table.add_column(f"{number} {name}", justify="center")
    rows = len(scoring.likelihood)
    for offset, cells in enumerate(scoring.matrix):
        likelihood = rows - offset
        rendered = []
        for impact, value in enumerate(cells, start=1):
            text = i18n.label(i18n.LEVEL_NAMES, value, lang)
            if likelihood == risk.likelihood and impact == risk.impact:
                text = f"[reverse bold]«{text}»[/reverse bold]"  # marked when piped too
            rendered.append(text)
        table.add_row(f"{likelihood} {escape(scoring.likelihood[likelihood - 1])}", *rendered)
    return table
