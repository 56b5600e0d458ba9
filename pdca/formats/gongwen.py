"""A report's Markdown body + 公文 metadata -> a .docx in the national 公文 layout (GB/T 9704-2012).

Every report template already writes Markdown, so Word output is that same Markdown read as tokens
by markdown-it-py (CommonMark + tables, raw HTML off) and laid out here: one source of words.

Why python-docx rather than docxtpl: docxtpl runs Jinja2 over the XML of a binary .docx template.
That is a second template language over text that came out of Jinja2 once already, so a register
entry containing `{{ }}` or `{% %}` would be one mistake away from being evaluated; the layout would
live in a binary file no reviewer can diff; and tables whose shape comes from the Markdown would
need sub-documents. python-docx builds the document from code: register text only ever becomes a
run's text (lxml escapes it), output is deterministic, and every layout number is in this file.

Fonts are named as Windows/WPS have them and are never embedded; fonts/fonts.conf maps them to free
fonts for LibreOffice on Linux (FONTCONFIG_FILE=.../fonts.conf soffice --convert-to pdf ...).

Over 400 lines on purpose: GB/T 9704 is one set of measures (版心, line pitch, character width, the
版记's rules) that every part of the page depends on; kept in one file, each number is next to the
others it must agree with.
"""

from __future__ import annotations

import copy
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.document import Document as Doc
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pdca import i18n

__all__ = ["Meta", "format_date", "render"]

FANG, HEI, KAI, XBS, SONG = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"
RED = RGBColor(0xFF, 0x00, 0x00)
BODY_W = 8844  # twips: 版心 156 mm wide (x 225 mm high), 天头 37 mm, 订口 28 mm on A4
PITCH = 579  # twips: 225 mm / 22 lines = 28.95 pt, the exact line spacing of 3号 body text
CHAR = 315  # twips: a 3号 character condensed by 0.25 pt, so that 28 fit in a 156 mm line
MARK_CHAR = 280  # twips: one 4号 (14 pt) character, for the 版记 and the page number

# Word rejects a pPr/rPr/tblPr whose children are out of schema order. These are the schema's order
# of the children python-docx or this module ever writes, so that _child can put new ones in place.
_PPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr", "pBdr", "tabs",
        "overflowPunct", "snapToGrid", "spacing", "ind", "jc", "outlineLvl", "rPr", "sectPr")
_RPR = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "strike", "color", "spacing", "sz", "szCs", "u",
        "lang")
_TBLPR = ("tblStyle", "tblpPr", "tblOverlap", "tblW", "jc", "tblInd", "tblBorders", "tblLayout",
          "tblCellMar", "tblLook")

# Characters XML 1.0 cannot carry (C0 controls but tab/newline, surrogates) plus DEL and C1 controls, and
# the bidi marks, overrides and isolates and line separators that would show a line's words backwards
# or out of order (the characters pdca.io.printable shows as escapes elsewhere).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                      "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?%?")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CHUNK = re.compile(f"[{_CJK}]+|[^\\s{_CJK}]+")  # runs of CJK, runs of anything else but spaces
# html off: `<script>` in register text stays text; linkify/typographer are off in this preset too.
_MD = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass(frozen=True)
class Meta:
    title: str  # 标题; "\n" breaks it over lines (梯形/菱形 as the standard asks)
    date: datetime.date  # 成文日期, printed 2024年6月30日 (Arabic digits, as GB/T 9704-2012 allows)
    issuer: str | None = None  # 发文机关: 落款 and, unless `header` is given, 发文机关标志
    number: str | None = None  # 发文字号, e.g. X纪〔2024〕7号
    to: str | None = None  # 主送机关
    cc: tuple[str, ...] = ()  # 抄送 (版记)
    printer: str | None = None  # 印发机关 (版记); default: issuer
    red_header: bool = False  # red 发文机关标志 + red rule (红头)
    attachments: tuple[tuple[str, str], ...] = ()  # (附件 title, Markdown body), each on a new page
    lang: str = "zh"  # or "en": English words, same layout
    header: str | None = None  # 发文机关标志 when it is not the issuer, e.g. "X公司纪委文件"


def render(body_markdown: str, meta: Meta) -> bytes:
    """The .docx bytes of one 公文; the same input always gives the same bytes."""
    words = _words(meta.lang)
    doc = Document()
    _setup(doc, meta)
    if meta.red_header:
        _red_header(doc, meta)
    elif meta.number:
        _para(doc, _clean(meta.number), indent=0, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, _clean(meta.title), "GW Title")
    _blank(doc)  # 标题下空一行, then 主送机关 at the left margin, ending with a colon
    if meta.to:
        _para(doc, _clean(meta.to).rstrip("：: ") + words["colon"], indent=0)
    _blocks(doc, body_markdown, meta.title, meta.lang)
    if meta.attachments:  # 附件说明 正文下空一行
        _blank(doc)
        _attachment_note(doc, [_clean(t) for t, _ in meta.attachments], words)
    _signature(doc, meta)
    for n, (title, body) in enumerate(meta.attachments, 1):  # 附件1 in 黑体 at the top left,
        label = words["label"].format(n=n if len(meta.attachments) > 1 else "").strip()
        _para(doc, label, "GW Heading 1", indent=0).paragraph_format.page_break_before = True
        _blank(doc)
        _para(doc, _clean(title), "GW Title")  # the title on the 3rd line
        _blank(doc)
        _blocks(doc, body, title, meta.lang)
    _colophon(doc, meta, words)
    out = io.BytesIO()
    doc.save(out)
    return _freeze(out.getvalue(), meta.date)


def format_date(day: datetime.date, lang: str = "zh") -> str:
    """2024年6月30日 (30 June 2024): the catalogue's way of writing a document's date."""
    return i18n.written_date(day, lang)


def _words(lang: str) -> dict[str, str]:
    """The few words a 公文's frame adds (主送's colon, 附件, 抄送, 印发), from the catalogue."""
    return {key: i18n.catalogue(lang)[f"gongwen.{key}"] for key in ("colon", "label", "note", "notes", "cc", "sep",
                                                                   "end", "printed")}


def _clean(text: str) -> str:
    """Text as XML can hold it: control characters dropped (python-docx would raise on them), and bidi
    overrides too."""
    return _NOT_XML.sub("", text).replace("\t", " ").replace("\r", "")


def _width(text: str) -> float:
    """Width in characters: CJK and full-width forms take one, everything else half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def _child(parent: Any, tag: str, order: Sequence[str] = (), **attrs: str) -> Any:
    """`parent`'s child `w:tag` (added in schema order if missing) with these w: attributes set."""
    child = parent.find(qn("w:" + tag))
    if child is None:
        child = OxmlElement("w:" + tag)
        later = {qn("w:" + t) for t in order[order.index(tag) + 1:]} if order else set()
        successor = next((c for c in parent if c.tag in later), None)
        parent.append(child) if successor is None else successor.addprevious(child)
    for key, value in attrs.items():
        child.set(qn("w:" + key), value)
    return child


def _ind(ppr: Any, unit: float = CHAR, **chars: float) -> None:
    """Indents in characters: the *Chars attributes Word and WPS go by, and twips for LibreOffice."""
    ind = _child(ppr, "ind", _PPR)
    for key, n in chars.items():
        ind.set(qn(f"w:{key}"), str(round(n * unit)))
        ind.set(qn(f"w:{key}Chars"), str(round(n * 100)))


def _fonts(rpr: Any, name: str) -> None:
    """One font for East Asian and Latin text; theme fonts would override names set beside them."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn("w:" + attr), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn("w:" + attr), name)


def _setup(doc: Doc, meta: Meta) -> None:
    """Page, grid, styles, odd/even footers with the page number, and fixed document properties."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(21)  # 一字线 7 mm under 版心
    # 22 lines x 28 characters: a line grid, and 3号 characters condensed by 0.25 pt (28 x 15.75 pt
    # fit 442 pt). Word's character grid (charSpace=-842) would squeeze 16 pt glyphs into 15.79 pt
    # cells, but LibreOffice gives each such glyph two cells and spreads the text over the line.
    _child(section._sectPr, "docGrid", type="lines", linePitch=str(PITCH))
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, FANG)
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")

    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    _fonts(normal.element.get_or_add_rPr(), FANG)
    _child(normal.element.get_or_add_rPr(), "spacing", _RPR, val="-5")  # twentieths of a point
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Twips(PITCH)
    pf.alignment, pf.widow_control = WD_ALIGN_PARAGRAPH.JUSTIFY, False  # keep the 22-line grid
    # No line-end 、，。 hanging past the 版心 (Word's default lets it).
    _child(normal.element.get_or_add_pPr(), "overflowPunct", _PPR, val="0")
    _ind(normal.element.get_or_add_pPr(), firstLine=2)  # 每个自然段左空二字
    _style(doc, "GW Title", XBS, 22, grid=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    for level, font in enumerate((HEI, KAI, FANG)):  # 一、 in 黑体, （一） in 楷体, 1. in 仿宋
        _style(doc, f"GW Heading {level + 1}", font, 16, outline=level)
    _style(doc, "GW Table", FANG, 12, grid=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    _style(doc, "GW Mark", FANG, 14, grid=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    _style(doc, "GW Page", SONG, 14, grid=False, align=WD_ALIGN_PARAGRAPH.LEFT)

    for setting in doc.settings.element.iter(qn("w:compatSetting")):  # Word 2013 layout: a table's
        if setting.get(qn("w:name")) == "compatibilityMode":  # border, not its text, on the margin
            setting.set(qn("w:val"), "15")
    doc.settings.odd_and_even_pages_header_footer = True  # 单页码居右空一字，双页码居左空一字
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        _styled(p, "GW Page").alignment = align
        _ind(p._p.get_or_add_pPr(), MARK_CHAR, **{side: 1})
        p.add_run("— ")  # 4号 半角 digits between two 一字线: a PAGE field
        for kind in ("begin", " PAGE ", "separate", "1", "end"):
            run = p.add_run(kind if kind == "1" else None)
            if kind == " PAGE ":
                run._r.append(instr := OxmlElement("w:instrText"))
                instr.text = kind
                instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            elif kind != "1":
                run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
        p.add_run(" —")

    props = doc.core_properties
    props.title, props.author = _clean(meta.title), _clean(meta.issuer or "pdca")
    props.created = props.modified = datetime.datetime(meta.date.year, meta.date.month, meta.date.day)
    props.revision, props.comments = 1, ""
    props.language = "en-US" if meta.lang == "en" else "zh-CN"
    if (last := props._element.find(qn("cp:lastModifiedBy"))) is not None:
        props._element.remove(last)
    rels = doc.part.package.rels  # the template's thumbnail would show a blank page in Explorer
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL]:
        del rels[rid]


def _style(doc: Doc, name: str, font: str, size: float, *, grid: bool = True, align: Any = None,
           outline: int | None = None) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style, style.quick_style = doc.styles["Normal"], True
    style.font.size = Pt(size)
    _fonts(style.element.get_or_add_rPr(), font)
    ppr = style.element.get_or_add_pPr()
    if align is not None:  # set apart from the body: no 2-character first-line indent
        style.paragraph_format.alignment = align
        _ind(ppr, firstLine=0)
    if not grid:  # off the 28.95 pt line grid: other sizes set their own line spacing
        _child(ppr, "snapToGrid", _PPR, val="0")
    if outline is not None:  # headings show in Word's navigation pane and stay with what follows
        style.paragraph_format.keep_with_next = True
        _child(ppr, "outlineLvl", _PPR, val=str(outline))


def _styled(p: Paragraph, name: str | None) -> Paragraph:
    """`p` in one of our styles, named by its id (the name without spaces): python-docx's `p.style =
    name` looks through every style each time, seconds for a month's tables."""
    if name is not None:
        p._p.style = name.replace(" ", "")
    return p


def _para(doc: Doc, text: str = "", style: str | None = None, *, indent: float | None = None,
          align: Any = None, right: float | None = None) -> Paragraph:
    p = _styled(doc.add_paragraph(), style)
    _text(p, text)
    if indent is not None:
        _ind(p._p.get_or_add_pPr(), firstLine=indent)
    if right is not None:
        _ind(p._p.get_or_add_pPr(), right=right)
    if align is not None:
        p.alignment = align
    return p


def _blank(doc: Doc, lines: int = 1) -> None:
    """空一行: the standard counts vertical space in empty body lines."""
    for _ in range(lines):
        doc.add_paragraph()


def _text(p: Paragraph, text: str) -> None:
    """Text with its line breaks as Word breaks (a title can be set over several lines)."""
    for i, line in enumerate(text.split("\n") if text else ()):
        if i:
            p.add_run().add_break()
        p.add_run(line)


def _red_header(doc: Doc, meta: Meta) -> None:
    """版头: 发文机关标志 in red 35 mm below the top of the 版心, 发文字号 two lines under it, then
    a red rule 4 mm under the 发文字号 as wide as the 版心; the title follows two lines lower."""
    sign = _clean(meta.header or meta.issuer or "")
    size = min(42.0, 440 / max(_width(sign), 1) * 0.96)  # as large as fits on one line, up to 42 pt
    p = _para(doc, sign, "GW Title")
    p.paragraph_format.space_before = Mm(35) - Pt(size * 0.2)  # less the leading above the glyphs
    p.paragraph_format.line_spacing = Pt(size * 1.2)
    for run in p.runs:
        run.font.size, run.font.color.rgb = Pt(size), RED
    _blank(doc, 2)
    number = _para(doc, _clean(meta.number or ""), indent=0, align=WD_ALIGN_PARAGRAPH.CENTER)
    _child(_child(number._p.get_or_add_pPr(), "pBdr", _PPR), "bottom", val="single", sz="12",
           space="4", color="FF0000")
    _blank(doc, 2)


def _attachment_note(doc: Doc, titles: list[str], words: dict[str, str]) -> None:
    """附件：1. … 左空二字, each further number under the first one's, wrapped names under the name."""
    numbered = len(titles) > 1
    label = words["notes" if numbered else "note"]
    for n, title in enumerate(titles, 1):
        mark = f"{n}. " if numbered else ""
        p = _para(doc, (label if n == 1 else "") + mark + title, align=WD_ALIGN_PARAGRAPH.LEFT)
        hanging = (_width(label) if n == 1 else 0) + _width(mark)
        _ind(p._p.get_or_add_pPr(), left=2 + _width(label) + _width(mark), hanging=hanging)


def _signature(doc: Doc, meta: Meta) -> None:
    """成文日期 右空四字 with the 发文机关署名 centred over it, two lines under the body: the
    seal goes over both with its top within a line of the text (加盖印章的公文)."""
    day = format_date(meta.date, meta.lang)
    _blank(doc, 2)
    if meta.issuer:
        issuer = _clean(meta.issuer)
        shift = max(0.0, 4 + (_width(day) - _width(issuer)) / 2)
        p = _para(doc, issuer, indent=0, right=shift, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.keep_with_next = True
    _para(doc, day, indent=0, right=4, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _blocks(doc: Doc, markdown: str, title: str, lang: str) -> None:
    """Markdown blocks as 公文 paragraphs. Quotes become plain paragraphs; code blocks (mermaid
    charts) and rules are dropped; raw HTML is not parsed at all, so it stays text."""
    tokens = _MD.parse(_clean(markdown))
    lists: list[int | None] = []  # None for a bullet list, else the last number of an ordered one
    mark, i = "", 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open":
            level = int(t.tag[1])
            if level > 1 or _plain(tokens[i + 1]).strip() != title.replace("\n", "").strip():
                style = f"GW Heading {min(level - 1, 3)}" if level > 1 else "GW Title"
                _inline(_styled(doc.add_paragraph(), style), tokens[i + 1], lang)
        elif t.type == "paragraph_open":
            p = doc.add_paragraph(mark)
            if lists:  # list items are indented paragraphs, nested lists two characters further
                _ind(p._p.get_or_add_pPr(), left=2 * (len(lists) - 1), firstLine=2)
            _inline(p, tokens[i + 1], lang)
            mark = ""
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(None if t.type == "bullet_list_open" else int(t.attrGet("start") or 1) - 1)
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t.type == "list_item_open" and lists[-1] is not None:
            lists[-1] += 1
            mark = f"{lists[-1]}. "
        elif t.type == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            _table(doc, tokens[i:end], lang)
            i = end
        i += 1


def _plain(inline: Token) -> str:
    """The text of an inline token; an image stands for its alt text."""
    return "".join(_plain(c) if c.type == "image" else c.content for c in inline.children or ()
                   if c.type in ("text", "code_inline", "image"))


#: a run's formatting as `_inline` makes it, (bold, size, font) -> a run with only that formatting
_Runs = dict[tuple[bool, float | None, str | None], Any]


def _inline(p: Paragraph, inline: Token, lang: str, size: float | None = None,
            font: str | None = None, runs: _Runs | None = None) -> None:
    """Runs of text; only **bold** is kept (Chinese fonts have no italics; links keep their text).
    With `runs`, each kind of run is formatted once and copied after that (a table's cells have
    thousands of runs of two or three kinds; formatting each through python-docx took most of the time)."""
    bold, parts = 0, []
    for c in [*(inline.children or ()), Token("end", "", 0)]:
        if c.type in ("text", "code_inline"):
            parts.append(c.content)  # already unescaped: `\|` and `&lt;` arrive as `|` and `<`
        elif c.type == "image":
            parts.append(_plain(c))
        elif c.type == "softbreak":
            parts.append(" " if lang == "en" else "")
        elif (text := "".join(parts)) or c.type == "hardbreak":
            key = (bool(bold), size, font)
            if runs is not None and key in runs:
                r = copy.deepcopy(runs[key])
                p._p._insert_r(r)  # where add_run puts a new run
                run = Run(r, p)
                if text:
                    run.text = text  # what add_run(text) does; the formatting was already in place
            else:
                run = p.add_run()
                run.bold = True if bold else None
                if size:
                    run.font.size = Pt(size)
                if font:
                    _fonts(run._r.get_or_add_rPr(), font)
                if runs is not None:
                    runs[key] = copy.deepcopy(run._r)
                if text:
                    run.text = text  # after the formatting: the same XML as add_run(text) and then it
            if c.type == "hardbreak":
                run.add_break()
            parts = []
        bold += {"strong_open": 1, "strong_close": -1}.get(c.type, 0)


def _table(doc: Doc, tokens: list[Token], lang: str) -> None:
    """A GFM table across the 版心 with borders, its header row repeated on every page, rows kept
    whole, numbers right-aligned, the 序号 column narrow and centred."""
    rows: list[list[tuple[str, Token]]] = []
    align = ""
    for t in tokens:
        if t.type == "tr_open":
            rows.append([])
        elif t.type in ("th_open", "td_open"):
            align = str(t.attrGet("style") or "").removeprefix("text-align:")
        elif t.type == "inline":
            rows[-1].append((align, t))
    texts = [[_plain(cell).strip() for _, cell in row] for row in rows]
    cols = len(texts[0])
    size = 14.0 if cols <= 4 else 12.0 if cols <= 6 else 10.5  # 4号, 小四, 五号 to fit the columns
    narrow = {c for c, head in enumerate(texts[0]) if head in ("序号", "No.", "#")}
    table = doc.add_table(rows=len(rows), cols=cols)
    table.autofit = False  # fixed layout: Word must not widen columns past the 版心
    tblpr = table._tbl.tblPr
    _child(tblpr, "tblW", _TBLPR, w=str(BODY_W), type="dxa")
    _child(tblpr, "tblInd", _TBLPR, w="0", type="dxa")
    borders = _child(tblpr, "tblBorders", _TBLPR)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _child(borders, side, val="single", sz="4", space="0", color="000000")
    _cell_margins(tblpr, 57)
    for column, w in zip(table.columns, _column_widths(texts, BODY_W / (size * 20), narrow)):
        column.width = Twips(round(w * size * 20))
    # a column whose cells are all numbers (blanks and "-" aside), worked out once per column: per cell,
    # it made a month's tables quadratic in their rows (a minute for a 10k-risk register)
    numeric = [bool(body) and all(map(_NUMBER.fullmatch, body))
               for body in ([t[c] for t in texts[1:] if t[c] not in ("", "-")] for c in range(cols))]
    # The header row and the first body row are laid out cell by cell; every later body row laid out
    # the same way (the same cells, aligned alike) is a copy of the first one's layout: through
    # python-docx, each cell's properties cost more than its text.
    first: tuple[Any, list[str]] | None = None
    for r, (row, cells) in enumerate(zip(list(table.rows), rows)):
        hows = [how for how, _ in cells]
        if first is not None and hows == first[1] and len(cells) == cols:
            tr = copy.deepcopy(first[0])
            row._tr.getparent().replace(row._tr, tr)
        else:
            _lay_out_row(table, row, r, hows, size, narrow, numeric)
            if r == 1:
                first = (copy.deepcopy(row._tr), hows)
    runs: _Runs = {}
    for r, (tr, cells) in enumerate(zip(table._tbl.tr_lst, rows)):
        for tc, (_, token) in zip(tr.tc_lst, cells):
            _inline(Paragraph(tc.p_lst[0], _Cell(tc, table)), token, lang, size, HEI if r == 0 else None, runs)


def _lay_out_row(table: Table, row: _Row, r: int, hows: list[str], size: float, narrow: set[int],
                 numeric: list[bool]) -> None:
    """A table row's and its cells' properties: repeated header or kept whole, width, centred
    vertically, line spacing, alignment."""
    _child(row._tr.get_or_add_trPr(), "cantSplit" if r else "tblHeader")
    for c, (cell, how) in enumerate(zip(row.cells, hows)):
        cell.width = table.columns[c].width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        _styled(p, "GW Table")
        p.paragraph_format.line_spacing = Pt(round(size * 1.5))
        if r == 0 or c in narrow or how == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif how == "right" or (how != "left" and numeric[c]):
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _column_widths(texts: list[list[str]], total: float, narrow: set[int]) -> list[float]:
    """Widths in characters, as HTML's auto layout: each column at least its widest unbreakable
    piece, the rest shared in proportion to how much more each column needs to fit on one line.
    Pieces: a Latin word or ID up to 5 characters (longer ones break at hyphens), a CJK run up to
    3 (so 整改中 stays whole), in the header 4 (so 责任部门 does not wrap as 责任部/门)."""
    pad = 0.7  # the cell margins

    def piece(chunk: str, header: bool) -> float:
        return min(_width(chunk), (4.0 if header else 3.0) if chunk[0] >= "\u2e80" else 5.0)

    most = [max(_width(t[c]) for t in texts) + pad for c in range(len(texts[0]))]
    least = [max((piece(k, r == 0) for r, t in enumerate(texts) for k in _CHUNK.findall(t[c])),
                 default=1.0) + pad for c in range(len(most))]
    if sum(most) <= total:  # everything fits on one line: widen all but the 序号 column
        grow = [0.0 if c in narrow else m for c, m in enumerate(most)]
        return [m + (total - sum(most)) * g / (sum(grow) or 1) for m, g in zip(most, grow)]
    if sum(least) >= total:
        return [w * total / sum(least) for w in least]
    share = (total - sum(least)) / (sum(most) - sum(least))
    return [lo + (m - lo) * share for lo, m in zip(least, most)]


def _cell_margins(tblpr: Any, side: int) -> None:
    margins = _child(tblpr, "tblCellMar", _TBLPR)
    for edge in ("top", "left", "bottom", "right"):
        _child(margins, edge, w=str(side if edge in ("left", "right") else 0), type="dxa")


def _colophon(doc: Doc, meta: Meta, words: dict[str, str]) -> None:
    """版记, a table floated to the foot of the last page: 抄送 over 印发机关 and 印发日期, the
    first and last rules thick (0.35 mm), the one between thin (0.25 mm), all 版心 wide."""
    lines = [words["cc"] + words["sep"].join(map(_clean, meta.cc)) + words["end"]] if meta.cc else []
    printer = _clean(meta.printer or meta.issuer or "")
    lines.append(printer + "\t" + words["printed"].format(date=format_date(meta.date, meta.lang)))
    table = doc.add_table(rows=len(lines), cols=1)
    table.autofit = False
    tblpr = table._tbl.tblPr
    # Against the page's left edge rather than the margin: LibreOffice only floats a table as wide
    # as the text area when it is placed that way, and sets it inline otherwise.
    _child(tblpr, "tblpPr", _TBLPR, vertAnchor="margin", tblpYSpec="bottom", horzAnchor="page",
           tblpX=str(round(28 / 25.4 * 1440)), leftFromText="0", rightFromText="0")
    _child(tblpr, "tblOverlap", _TBLPR, val="never")
    _child(tblpr, "tblW", _TBLPR, w=str(BODY_W), type="dxa")
    borders = _child(tblpr, "tblBorders", _TBLPR)
    for side, sz in (("top", "8"), ("left", ""), ("bottom", "8"), ("right", ""), ("insideH", "6"),
                     ("insideV", "")):
        _child(borders, side, val="single" if sz else "nil", sz=sz or "0", space="0", color="000000")
    _cell_margins(tblpr, 0)
    table.columns[0].width = Twips(BODY_W)
    for row, line in zip(table.rows, lines):
        row.cells[0].width = Twips(BODY_W)
        p = row.cells[0].paragraphs[0]
        _styled(p, "GW Mark")
        _text(p, line)
        if "\t" in line:  # 印发机关 左空一字, 印发日期 右空一字 on a right tab
            _ind(p._p.get_or_add_pPr(), MARK_CHAR, left=1)
            p.paragraph_format.tab_stops.add_tab_stop(Twips(BODY_W - MARK_CHAR), WD_TAB_ALIGNMENT.RIGHT)
        else:  # 抄送 左右各空一字, wrapped lines under the first name after the colon
            lead = _width(words["cc"])
            _ind(p._p.get_or_add_pPr(), MARK_CHAR, left=1 + lead, right=1, hanging=lead)
    # A floating table needs a paragraph after it to anchor to (LibreOffice drops it otherwise):
    # a 1 pt one, so that it cannot start a page of its own.
    anchor = _para(doc, indent=0)
    anchor.paragraph_format.line_spacing = Pt(1)
    _child(anchor._p.get_or_add_pPr(), "snapToGrid", _PPR, val="0")


def _freeze(docx: bytes, day: datetime.date) -> bytes:
    """The same zip with fixed entry order and dates, so equal input gives byte-identical files."""
    stamp = (day.year, day.month, day.day, 0, 0, 0) if day.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 3, 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()
