"""What `pdca status` and `pdca explain` draw in a terminal, with rich: colour by suggested step on a
terminal, plain text (wide enough that tables do not fold) when piped."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pdca import i18n
from pdca.domain import scoring
from pdca.engine.status_view import SOON_DAYS, Item, Status
from pdca.model.entities import Risk
from pdca.model.register import Register


def status(data: Status, lang: str) -> None:
    organization = " / ".join(dict.fromkeys(r.config.organization for r in data.registers if r.config))
    console = Console(highlight=False)
    if not console.is_terminal:  # piped or in CI: plain text, wide enough that tables do not fold
        console = Console(highlight=False, width=200)
    render_status(data, organization, lang, console)


def explain(register: Register, risk: Risk, lang: str) -> None:
    explain_to(register, risk, lang, sys.stdout)



_STYLE = {"notice": "yellow", "assessment": "dark_orange", "accountability": "bold red"}
_T = {
    "title": ("{org}廉洁风险防控待办(截至 {as_of})", "{org} integrity-risk work to chase (as of {as_of})"),
    "overdue": ("逾期整改事项", "Overdue findings"),
    "pending": ("建议处理超过 {pending} 天尚无处理决定", "Suggested handling with no decision for over {pending} days"),
    "suspected": ("疑似屡查屡犯,待纪检核实(repeat_of: 编号 确认,repeat_of: none 排除)",
                  "Suspected repeats to confirm (repeat_of: ID) or dismiss (repeat_of: none)"),
    "awaiting": ("待核验销号", "Awaiting verification (销号)"),
    "measures_overdue": ("逾期措施", "Overdue measures"),
    "measures_soon": ("{days} 天内到期的措施", "Measures due within {days} days"),
    "stale": ("复核过期的风险点", "Risks due for review"),
    "stalled": ("阶段停滞的风险点", "Risks stalled in a stage"),
    "no_self_check": ("{half} 尚未开展自查自验的部门", "Departments without a self-check (自查自验) in {half}"),
    "none": ("无", "none"),
    "all_clear": ("没有需要跟进的事项。", "Nothing to chase."),
}
_COLUMNS = {
    "register": ("登记册", "register"), "department": ("责任部门", "department"), "id": ("编号", "id"),
    "problem": ("问题", "problem"), "deadline": ("整改期限", "deadline"), "days": ("天数", "days"),
    "escalation": ("建议处理", "suggested"), "action": ("已处理", "decided"), "refs": ("文号", "reference"),
    "candidates": ("此前已整改", "rectified before"), "owner": ("责任人", "owner"), "leader": ("分管领导", "leader"),
    "done": ("完成日期", "done"), "source": ("来源", "source"), "title": ("名称", "title"),
    "risk": ("风险点", "risk"), "due": ("期限", "due"), "status": ("状态", "status"), "last": ("上次复核", "last review"),
    "stage": ("阶段", "stage"), "since": ("进入日期", "since"),
}
_SECTIONS: list[tuple[str, list[str]]] = [
    ("overdue", ["department", "id", "problem", "deadline", "days", "escalation", "action", "owner", "leader"]),
    ("pending", ["department", "id", "problem", "days", "escalation", "action"]),
    ("suspected", ["department", "id", "problem", "risk", "candidates"]),
    ("awaiting", ["id", "problem", "department", "done", "days", "source"]),
    ("measures_overdue", ["id", "title", "risk", "due", "days", "status", "owner"]),
    ("measures_soon", ["id", "title", "risk", "due", "days", "status", "owner"]),
    ("stale", ["id", "title", "last", "due", "owner"]),
    ("stalled", ["id", "title", "stage", "since", "days"]),
    ("no_self_check", ["department", "id"]),
]


def render_status(status: Status, organization: str, lang: str, console: Console) -> None:
    def t(key: str, **params: Any) -> str:
        zh, en = _T[key]
        return (en if lang == "en" else zh).format(**params)

    console.print(f"[bold]{escape(t('title', org=organization, as_of=status.as_of))}[/bold]")
    shown = 0
    for name, columns in _SECTIONS:
        items: list[Item] = getattr(status, name)
        if not items:
            continue
        shown += 1
        title = t(name, days=SOON_DAYS, half=status.half, pending=status.pending_days)
        table = Table(show_edge=False)
        if status.several:
            columns = ["register", *columns]
        for column in columns:
            table.add_column(i18n.label(_COLUMNS, column, lang),
                             justify="right" if column == "days" else "left", overflow="fold")
        for item in items:
            table.add_row(*(_cell(item, column, lang) for column in columns),
                          style=_STYLE.get(item.values.get("escalation") or "", ""))
        console.print()
        console.print(f"[bold]{escape(title)} ({len(items)})[/bold]")
        console.print(table)
    if not shown:
        console.print(t("all_clear"))


def _cell(item: Item, column: str, lang: str) -> str:
    if column == "register":
        return escape(item.register.name)
    value = item.values.get(column)
    if column == "escalation":
        text = i18n.label(i18n.ESCALATION_NAMES, value, lang) if value else "-"
        if item.values.get("repeat"):
            text += " (屡查屡犯)" if lang == "zh" else " (repeat)"
        return text
    separator = "、" if lang == "zh" else ", "
    if column == "action":
        if not value:
            return "-"
        refs = item.values.get("refs") or []
        label = i18n.label(i18n.ESCALATION_NAMES, value, lang)
        return escape(f"{label} ({separator.join(refs)})" if refs else label)
    if column == "deadline" and item.values.get("extended"):
        return escape(f"{item.values.get('original') or '-'} → {value}")
    if isinstance(value, list):
        return escape(separator.join(str(v) for v in value) or "-")
    if column == "status":
        return i18n.label(i18n.STATUS_NAMES, value, lang)
    if column == "stage":
        return i18n.label(i18n.STAGE_NAMES, value, lang)
    return escape("-" if value is None else str(value))


# --- explain ---------------------------------------------------------------------------------

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


def explain_to(register: Register, risk: Risk, lang: str, out: TextIO) -> None:
    assert register.config is not None
    scales = register.config.scoring
    assessment = scoring.assessment(register, risk)
    console = Console(file=out, highlight=False, soft_wrap=True)

    def w(key: str) -> str:
        return i18n.label(_W, key, lang)

    def level(value: int | None) -> str:
        return i18n.label(i18n.LEVEL_NAMES, value, lang) if value is not None else w("unscored")

    criteria = scales.criteria

    def scale(labels: list[str], value: int | None, sentences: list[str]) -> str:
        if value is None:
            return w("unscored")
        if not 1 <= value <= len(labels):
            return f"{value} (?)"
        shown = f"{value} ({labels[value - 1]})"
        return f"{shown} {sentences[value - 1]}" if len(sentences) >= value else shown

    console.print(f"[bold]{escape(risk.id)}[/bold]  {escape(risk.title)}")
    console.print(f"  {w('stage')}: {i18n.label(i18n.STAGE_NAMES, risk.stage, lang)}")
    console.print(f"  {w('likelihood')}: {escape(scale(scales.likelihood, risk.likelihood, criteria.likelihood if criteria else []))}")
    console.print(f"  {w('impact')}: {escape(scale(scales.impact, risk.impact, criteria.impact if criteria else []))}")
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
    scales = register.config.scoring
    corner = "可能性 \\ 危害程度" if lang == "zh" else "likelihood \\ impact"
    table = Table(title=None, show_lines=False)
    table.add_column(corner)
    for number, name in enumerate(scales.impact, start=1):
        table.add_column(f"{number} {name}", justify="center")
    rows = len(scales.likelihood)
    for offset, cells in enumerate(scales.matrix):
        likelihood = rows - offset
        rendered = []
        for impact, value in enumerate(cells, start=1):
            text = i18n.label(i18n.LEVEL_NAMES, value, lang)
            if likelihood == risk.likelihood and impact == risk.impact:
                text = f"[reverse bold]«{text}»[/reverse bold]"  # marked when piped too
            rendered.append(text)
        table.add_row(f"{likelihood} {escape(scales.likelihood[likelihood - 1])}", *rendered)
    return table
