"""The 公文 Word writer: real Markdown in, the .docx read back with python-docx, and (where
LibreOffice is installed) the PDF it prints checked with poppler for the GB/T 9704-2012 layout."""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as Doc
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import _Row
from docx.text.paragraph import Paragraph
from hypothesis import given, settings
from hypothesis import strategies as st

from pdca.formats import gongwen
from pdca.formats.gongwen import Meta, render
from pdca.formats.markdown import escape

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "gongwen"
NOTICE = (CASES / "notice.zh.md").read_text(encoding="utf-8")
ATTACHMENT = (CASES / "attachment.zh.md").read_text(encoding="utf-8")
MONTHLY = (ROOT / "tests" / "golden" / "monthly.zh.md").read_text(encoding="utf-8")
FONTS_CONF = ROOT / "pdca" / "formats" / "fonts" / "fonts.conf"
DAY = datetime.date(2024, 6, 30)

META = Meta(
    title="关于2024年上半年廉洁风险防控工作情况的通报",
    date=DAY,
    issuer="中共X公司纪律检查委员会",
    number="X纪〔2024〕7号",
    to="公司各部门、各场站",
    cc=("公司领导班子成员", "集团公司纪委"),
    printer="X公司纪委办公室",
    red_header=True,
    attachments=(("廉洁风险点清单", ATTACHMENT), ("整改工作安排", "各部门于7月31日前报送整改情况。")),
)


def read(data: bytes) -> Doc:
    return Document(io.BytesIO(data))


def east_asian_font(p: Paragraph) -> str | None:
    """The East Asian font a paragraph's text is set in: its runs' own, else its style chain's."""
    found: str | None = None
    for r in p.runs:
        if r.element.rPr is not None and r.element.rPr.rFonts is not None:
            found = found or r.element.rPr.rFonts.get(qn("w:eastAsia"))
    style = p.style
    while found is None and style is not None:
        rpr = style.element.rPr
        found = rpr.rFonts.get(qn("w:eastAsia")) if rpr is not None and rpr.rFonts is not None else None
        style = style.base_style
    return found


def style_size(p: Paragraph) -> float | None:
    style = p.style
    while style is not None:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    return None


def mm(length: Length | None) -> float:
    assert length is not None
    return float(length.mm)


def has(row: _Row, tag: str) -> bool:
    """Whether a table row has this w: property (tblHeader, cantSplit)."""
    return row._tr.trPr is not None and row._tr.trPr.find(qn(f"w:{tag}")) is not None


def alignment(p: Paragraph) -> object:
    """The paragraph's own alignment, else its style's."""
    style = p.style
    found = p.alignment
    while found is None and style is not None:
        found, style = style.paragraph_format.alignment, style.base_style
    return found


def index(doc: Doc, text: str) -> int:
    return next(i for i, p in enumerate(doc.paragraphs) if p.text == text)


def ind(p: Paragraph, attr: str) -> str | None:
    node = p._p.pPr.find(qn("w:ind")) if p._p.pPr is not None else None
    return None if node is None else node.get(qn(f"w:{attr}"))


@pytest.fixture(scope="module")
def notice() -> Doc:
    return read(render(NOTICE, META))


def test_a4_with_the_standard_type_area(notice: Doc) -> None:
    s = notice.sections[0]
    assert (round(mm(s.page_width)), round(mm(s.page_height))) == (210, 297)
    margins = (mm(s.top_margin), mm(s.bottom_margin), mm(s.left_margin), mm(s.right_margin))
    assert [round(m, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]  # 版心 156 x 225 mm
    compat = {c.get(qn("w:name")): c.get(qn("w:val")) for c in notice.settings.element.iter(qn("w:compatSetting"))}
    assert compat["compatibilityMode"] == "15"  # table borders, not their text, on the margins
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines of 28.95 pt
    normal = notice.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert round(normal.line_spacing.pt, 2) == 28.95
    # 28 characters of 3号 text, condensed by 0.25 pt, fit the 156 mm line.
    spacing = notice.styles["Normal"].element.rPr.find(qn("w:spacing"))
    assert 28 * (16 + int(spacing.get(qn("w:val"))) / 20) <= 156 / 25.4 * 72


def test_title_headings_and_body_in_their_fonts(notice: Doc) -> None:
    title = notice.paragraphs[index(notice, META.title)]
    assert (east_asian_font(title), style_size(title)) == ("方正小标宋简体", 22)
    assert alignment(title) == WD_ALIGN_PARAGRAPH.CENTER
    assert [p.text for p in notice.paragraphs].count(META.title) == 1  # the `#` line is the 标题
    h1 = notice.paragraphs[index(notice, "一、总体情况")]
    h2 = notice.paragraphs[index(notice, "（一）重点领域")]
    h3 = notice.paragraphs[index(notice, "1. 下一步工作")]
    assert [east_asian_font(h) for h in (h1, h2, h3)] == ["黑体", "楷体_GB2312", "仿宋_GB2312"]
    body = next(p for p in notice.paragraphs if p.text.startswith("上半年，公司纪委"))
    assert (east_asian_font(body), style_size(body)) == ("仿宋_GB2312", 16)
    normal_ind = notice.styles["Normal"].element.pPr.find(qn("w:ind"))
    assert normal_ind.get(qn("w:firstLineChars")) == "200"  # 每个自然段左空二字
    fonts = notice.styles["Normal"].element.rPr.rFonts
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia")} == {"仿宋_GB2312"}
    assert [r.text for r in body.runs if r.bold] == ["46"]
    assert "<w:embedTrueTypeFonts" not in notice.settings.element.xml


def test_red_header_then_title_then_addressee_body_and_signature(notice: Doc) -> None:
    texts = [p.text for p in notice.paragraphs]
    sign = notice.paragraphs[index(notice, "中共X公司纪律检查委员会")]
    assert sign.runs[0].font.color.rgb == gongwen.RED and east_asian_font(sign) == "方正小标宋简体"
    number = notice.paragraphs[index(notice, "X纪〔2024〕7号")]
    rule = number._p.get_or_add_pPr().find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000" and number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert texts.index("中共X公司纪律检查委员会") < texts.index("X纪〔2024〕7号") < texts.index(META.title)

    to = index(notice, "公司各部门、各场站：")  # 主送 ends with a full-width colon, at the margin
    assert ind(notice.paragraphs[to], "firstLineChars") == "0"
    assert to < index(notice, "一、总体情况")
    last_body = index(notice, "说明：可能性 \\ 危害程度；符号 | 和 * 以及 <b> 按原样显示。")
    note = index(notice, "附件：1. 廉洁风险点清单")
    assert last_body < note < index(notice, "2. 整改工作安排")
    issuer = [i for i, t in enumerate(texts) if t == "中共X公司纪律检查委员会"][-1]
    date = index(notice, "2024年6月30日")
    assert note < issuer == date - 1
    for i in (issuer, date):
        assert notice.paragraphs[i].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert ind(notice.paragraphs[date], "rightChars") == "400"  # 成文日期 右空四字
    # 落款 centred over the date: its right indent is the date's plus half their difference.
    # 2024年6月30日 is 6.5 characters wide, 中共X公司纪律检查委员会 11.5.
    assert ind(notice.paragraphs[issuer], "rightChars") == str(round(400 + (6.5 - 11.5) / 2 * 100))


def test_markdown_maps_to_paragraphs_and_drops_charts_and_rules(notice: Doc) -> None:
    texts = [p.text for p in notice.paragraphs]
    assert "截至 2024-06-30 · 登记册 registers/example" in texts  # the quote, as plain text
    assert {"一级风险点 19 个。", "其中新增 3 个。", "1. 完善制度。", "2. 强化监督。"} <= set(texts)
    nested = notice.paragraphs[index(notice, "其中新增 3 个。")]
    assert ind(nested, "leftChars") == "200"
    assert not any("mermaid" in t or "pie showData" in t or t.strip() == "---" for t in texts)
    assert not any(t.startswith(("#", ">", "-", "|")) for t in texts)


def test_tables_repeat_their_header_keep_numbers_right_and_fit_the_type_area(notice: Doc) -> None:
    table = notice.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "部门", "问题", "金额（万元）"]
    assert has(table.rows[0], "tblHeader") and not any(has(r, "tblHeader") for r in table.rows[1:])
    assert all(has(r, "cantSplit") for r in table.rows[1:])  # no row split over two pages
    widths = [c.width.twips for c in table.columns]
    assert sum(widths) == pytest.approx(gongwen.BODY_W, abs=len(widths))
    assert widths[0] == min(widths) and widths[0] < widths[2] / 4  # 序号 narrow, 问题 wide
    column = [[alignment(r.cells[c].paragraphs[0]) for r in table.rows[1:]] for c in range(4)]
    assert column[3] == [WD_ALIGN_PARAGRAPH.RIGHT] * 3  # 620, 415.5, 1,200
    assert column[0] == [WD_ALIGN_PARAGRAPH.CENTER] * 3  # 序号
    assert column[2] == [WD_ALIGN_PARAGRAPH.LEFT] * 3
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    assert east_asian_font(table.rows[0].cells[0].paragraphs[0]) == "黑体"


def test_attachments_on_their_own_pages_with_label_and_title(notice: Doc) -> None:
    labels = [p for p in notice.paragraphs if p.text in ("附件1", "附件2")]
    assert [p.text for p in labels] == ["附件1", "附件2"]
    for label in labels:
        assert label.paragraph_format.page_break_before and east_asian_font(label) == "黑体"
        assert ind(label, "firstLineChars") == "0"  # 顶格
    titles = [p for p in notice.paragraphs if p.text in ("廉洁风险点清单", "整改工作安排")]
    assert [east_asian_font(t) for t in titles] == ["方正小标宋简体"] * 2
    attached = notice.tables[1]
    assert [c.text for c in attached.rows[0].cells][:2] == ["序号", "风险点"]
    assert has(attached.rows[0], "tblHeader")
    assert alignment(attached.rows[3].cells[4].paragraphs[0]) == WD_ALIGN_PARAGRAPH.RIGHT


def test_page_numbers_are_a_page_field_between_dashes_odd_right_even_left(notice: Doc) -> None:
    assert notice.settings.odd_and_even_pages_header_footer
    section = notice.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert p.text == "— 1 —" and p.alignment == align
        assert [i.text for i in p._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert east_asian_font(p) == "宋体" and style_size(p) == 14  # 4号 宋体


def test_colophon_floats_to_the_foot_of_the_last_page(notice: Doc) -> None:
    colophon = notice.tables[-1]
    assert [r.cells[0].text for r in colophon.rows] == [
        "抄送：公司领导班子成员，集团公司纪委。", "X公司纪委办公室\t2024年6月30日印发"]
    position = colophon._tbl.tblPr.find(qn("w:tblpPr"))
    assert (position.get(qn("w:vertAnchor")), position.get(qn("w:tblpYSpec"))) == ("margin", "bottom")
    borders = {b.tag.split("}")[1]: b.get(qn("w:sz")) for b in colophon._tbl.tblPr.find(qn("w:tblBorders"))}
    assert (borders["top"], borders["insideH"], borders["bottom"]) == ("8", "6", "8")  # thick, thin, thick
    assert east_asian_font(colophon.rows[0].cells[0].paragraphs[0]) == "仿宋_GB2312"
    assert style_size(colophon.rows[0].cells[0].paragraphs[0]) == 14
    body = notice.element.body
    assert body.index(colophon._tbl) > body.index(notice.paragraphs[index(notice, "各部门于7月31日前报送整改情况。")]._p)


def test_the_same_input_gives_the_same_bytes_dated_by_the_document() -> None:
    first, second = render(NOTICE, META), render(NOTICE, META)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 6, 30, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
        assert "docProps/thumbnail.jpeg" not in z.namelist()
    props = read(first).core_properties
    assert props.created == props.modified == datetime.datetime(2024, 6, 30, tzinfo=datetime.UTC)
    assert (props.author, props.revision, props.last_modified_by) == ("中共X公司纪律检查委员会", 1, "")
    assert render(NOTICE, Meta(title=META.title, date=DAY)) != first


def test_hostile_register_text_comes_out_as_literal_text() -> None:
    evil = "<script>alert(1)</script> {{ 7*7 }} {% if x %} **未闭合 \x07响铃\x1b[31m \x00 \ufffe"
    body = f"{escape(evil)}\n\n| 问题 | 数 |\n| --- | --- |\n| {escape('a|b **c** <i>')} | 1 |\n"
    meta = Meta(title="通报\x0b<b>", date=DAY, issuer="纪委\x1f{{x}}", to="各部门\x07", cc=("A\x1b",),
                attachments=(("附\x08件", "**粗\x01体**"),))
    doc = read(render(body, meta))
    texts = [p.text for p in doc.paragraphs]
    assert "<script>alert(1)</script> {{ 7*7 }} {% if x %} **未闭合 响铃[31m" in texts
    assert [c.text for c in doc.tables[0].rows[1].cells] == ["a|b **c** <i>", "1"]
    assert {"通报<b>", "各部门：", "纪委{{x}}", "附件", "粗体"} <= set(texts)
    assert "抄送：A。" in doc.tables[-1].rows[0].cells[0].text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", "".join(texts))
    assert [r.bold for p in doc.paragraphs if p.text == "粗体" for r in p.runs] == [True]


@pytest.mark.slow  # a second or more: the default suite stays under a minute
@settings(max_examples=40, deadline=None)
@given(st.text())
def test_any_escaped_text_survives_in_a_table_cell(text: str) -> None:
    cell = read(render(f"| 内容 |\n| --- |\n| {escape(text)} |\n", Meta(title="t", date=DAY))).tables[0]
    expected = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]", "",
                      text.translate({13: " ", 10: " ", 9: " "})).strip()
    assert cell.rows[1].cells[0].text == expected


def test_english_layout_keeps_the_standard_and_writes_english_words() -> None:
    meta = Meta(title="Monthly bulletin", date=DAY, issuer="Discipline Inspection Committee",
                to="All departments", cc=("Group discipline committee",), lang="en",
                attachments=(("Risk register", ATTACHMENT), ("Plan", "Report by 31 July.")))
    doc = read(render((ROOT / "tests" / "golden" / "monthly.en.md").read_text(encoding="utf-8"), meta))
    texts = [p.text for p in doc.paragraphs]
    assert {"All departments:", "30 June 2024", "Attachments: 1. Risk register", "2. Plan",
            "Attachment 1", "Attachment 2"} <= set(texts)
    assert doc.tables[-1].rows[0].cells[0].text == "Cc: Group discipline committee."
    assert doc.tables[-1].rows[1].cells[0].text == "Discipline Inspection Committee\tIssued 30 June 2024"
    assert round(mm(doc.sections[0].top_margin)) == 37


# --- The printed result: LibreOffice makes the PDF, poppler reads it -------------------------

MM = 72 / 25.4
TYPE_AREA = (28 * MM, 37 * MM, 184 * MM, 262 * MM)  # x0, y0, x1, y1 in points


def run(*args: str | Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=240,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes, from `pdftotext -bbox`."""
    pages: list[list[tuple[float, float, float, float, str]]] = []
    for line in run("pdftotext", "-bbox", pdf, "-").splitlines():
        if "<page " in line:
            pages.append([])
        elif m := re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line):
            x_min, y_min, x_max, y_max = map(float, m.groups()[:4])
            pages[-1].append((x_min, y_min, x_max, y_max, m.group(5)))
    return pages


@pytest.mark.slow  # LibreOffice prints the document: seconds
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="needs LibreOffice (soffice) and poppler-utils to print the .docx")
def test_printed_pdf_keeps_the_gongwen_layout(tmp_path: Path) -> None:
    docx = tmp_path / "monthly.docx"
    meta = Meta(title="X公司2024年6月廉洁风险防控工作通报", date=DAY, issuer="中共X公司纪律检查委员会",
                number="X纪〔2024〕7号", to="公司各部门、各场站", cc=("公司领导班子成员", "集团公司纪委"),
                red_header=True, attachments=(("廉洁风险点清单", ATTACHMENT),))
    docx.write_bytes(render(MONTHLY, meta))
    prose = tmp_path / "prose.docx"  # body text only, to count lines and characters
    sentence = "廉洁风险防控工作要坚持问题导向，聚焦物资采购、工程建设等重点领域。"
    prose.write_bytes(render("\n\n".join([sentence * 7] * 12), Meta(title="行文", date=DAY)))
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    started = time.monotonic()
    run("soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
        "--convert-to", "pdf", "--outdir", tmp_path, docx, prose, env=env)
    pdf = tmp_path / "monthly.pdf"
    print(f"LibreOffice printed 2 documents in {time.monotonic() - started:.1f} s")

    # A full page of body text: 22 lines of 28 characters (a paragraph's first line 26).
    lines: dict[float, str] = {}
    for _, y_min, _, y_max, text in words(tmp_path / "prose.pdf")[1]:
        if y_max <= TYPE_AREA[3]:
            lines[round(y_min)] = lines.get(round(y_min), "") + text
    assert len(lines) == 22
    assert {len(t) for t in lines.values()} >= {26, 28} and max(len(t) for t in lines.values()) == 28

    info = run("pdfinfo", pdf)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages >= 5

    # The body is set in what fonts.conf maps 仿宋_GB2312 to, a 仿宋 design where one is installed.
    fang = run("fc-match", "-f", "%{postscriptname}", "仿宋_GB2312", env=env)
    assert fang.startswith(("FandolFang", "UMing", "NotoSerifCJK")), fang
    fang = fang.split("-")[0]  # FandolFang-Regular: pdftohtml names the family only
    assert fang in run("pdffonts", pdf)
    xml = run("pdftohtml", "-xml", "-i", "-stdout", "-f", "1", "-l", "1", pdf)
    fonts = dict(re.findall(r'<fontspec id="(\d+)" size="[\d.]+" family="([^"]+)"', xml))
    body_font = re.search(r'font="(\d+)"[^>]*>PDCA', xml)
    assert body_font and fang in fonts[body_font.group(1)]

    x0, y0, x1, y1 = TYPE_AREA
    every = words(pdf)
    assert len(every) == pages
    for number, page in enumerate(every, 1):
        inside = [w for w in page if w[3] <= y1 + 1]
        below = [w for w in page if w[3] > y1 + 1]
        for w in inside:  # every word inside the 版心
            # LibreOffice 7.4 reads w:overflowPunct="0" (Word: no punctuation past the margin)
            # the wrong way round and lets a line-end 、，。 hang; Word and WPS keep it inside.
            right = x1 + (16 if w[4][-1] in "，。、；：？！）”" else 0)
            assert x0 - 1 <= w[0] and w[2] <= right + 1 and y0 - 1 <= w[1], (number, w)
        # Below it only the page number, "— N —", odd pages at the right, even ones at the left.
        assert [w[4] for w in below] == ["—", str(number), "—"], (number, below)
        assert 5 * MM < below[0][1] - y1 < 9 * MM  # 一字线 about 7 mm under the 版心
        if number % 2:  # 右空一字 (a 4号 character, 14 pt)
            assert abs(below[-1][2] - (x1 - 14)) < 2, below
        else:  # 左空一字
            assert abs(below[0][0] - (x0 + 14)) < 2, below
    last = " ".join(w[4] for w in every[-1])
    assert "抄送：公司领导班子成员，集团公司纪委。" in last.replace(" ", "")
    colophon = [w for w in every[-1] if "印发" in w[4]]
    assert colophon and colophon[-1][3] > y1 - 12 * MM  # 版记 at the foot of the last page
    sign = next(w for w in every[0] if "委员会文件" in w[4] or "纪律检查" in w[4])
    assert abs(sign[1] - (y0 + 35 * MM)) < 4 * MM  # 发文机关标志 35 mm under the top of the 版心

    run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", pdf, tmp_path / "page")
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow  # LibreOffice prints five documents: about ten seconds
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="needs LibreOffice (soffice) and poppler-utils to print the .docx")
def test_every_report_kind_of_the_example_prints_inside_the_type_area(tmp_path: Path) -> None:
    import sys

    kinds = {"monthly": ["--month", "2024-06", "--number", "7"], "lists": ["--month", "2024-06", "--kind", "lists"],
             "stats": ["--month", "2024-06", "--kind", "stats"], "self-check": ["--half", "2024H1"],
             "annual": ["--year", "2024"]}
    for name, args in kinds.items():
        run(sys.executable, "-m", "pdca", "report", ROOT / "registers" / "example", *args, "--format", "docx",
            "-o", tmp_path / f"{name}.docx")
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    run("soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
        "--outdir", tmp_path, *(tmp_path / f"{name}.docx" for name in kinds), env=env)
    x0, y0, x1, y1 = TYPE_AREA
    for name in kinds:
        pdf = tmp_path / f"{name}.pdf"
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", run("pdfinfo", pdf)), name
        pages = words(pdf)
        first = "".join(w[4] for w in pages[0])
        assert "X公司" in first and str(ROOT) not in first, name
        for number, page in enumerate(pages, 1):
            for w in page:
                if w[3] <= y1 + 1:  # inside the 版心 (the page number sits below it)
                    right = x1 + (16 if w[4][-1] in "，。、；：？！）”" else 0)
                    assert x0 - 1 <= w[0] and w[2] <= right + 1 and y0 - 1 <= w[1], (name, number, w)
    monthly = "".join(w[4] for page in words(tmp_path / "monthly.pdf") for w in page)
    assert "X纪〔2024〕7号" in monthly and "公司各部门、各场站：" in monthly and "2024年6月30日" in monthly
    run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", tmp_path / "monthly.pdf", tmp_path / "page1")
    assert (tmp_path / "page1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # for a person to look at
    print(f"page 1 of the 通报: {tmp_path / 'page1.png'}")
