"""A report as a Word 公文 (`pdca report --format docx`): the same Markdown the report prints, in its
document form (no title or byline of its own, charts as tables when asked for), laid out by
pdca.formats.gongwen with the register's issuer (发文机关, 发文字号, 主送, 抄送, 红头).

The monthly 通报 carries the four lists and the 统计情况表 as its 附件, each on a new page with 序号 and
repeated header rows.  Output is deterministic: the same register, period, words and number give the
same bytes (the zip entries and the document properties are dated the as-of date).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pdca import i18n
from pdca.domain.periods import Period
from pdca.errors import PdcaError
from pdca.formats import gongwen, markdown_report
from pdca.model.entities import Issuer
from pdca.model.register import Register

#: the 附件 a report kind carries in its Word form
ATTACHMENTS = {"monthly": ("lists", "stats")}


def render(kind: str, registers: list[Register], period: Period, as_of: dt.date, lang: str,
           number: int | None = None, charts: bool = False, by: str = "area") -> bytes:
    """The .docx bytes of one report (a group report when several registers are given)."""
    first = registers[0]
    assert first.config is not None
    issuer = first.config.issuer
    if number is not None and (issuer is None or issuer.number is None):
        raise PdcaError(i18n.text("report.docx.no_number_pattern", lang))
    body = markdown_report.render(kind, registers, period, as_of, lang, charts=charts, by=by, document=True)
    attachments = tuple(
        (markdown_report.title(extra, registers, period, lang, by),
         markdown_report.render(extra, registers, period, as_of, lang, charts=False, by=by, document=True))
        for extra in ATTACHMENTS.get(kind, ()))
    meta = gongwen.Meta(
        title=markdown_report.title(kind, registers, period, lang, by), date=as_of, lang=lang, attachments=attachments,
        **_from_issuer(issuer, as_of, number))
    return gongwen.render(body, meta)


def _from_issuer(issuer: Issuer | None, as_of: dt.date, number: int | None) -> dict[str, Any]:
    if issuer is None:
        return {}
    written = issuer.number.format(year=as_of.year, n=number) if issuer.number and number is not None else None
    return {"issuer": issuer.name, "number": written, "to": issuer.to, "cc": tuple(issuer.cc),
            "red_header": issuer.red_header}
