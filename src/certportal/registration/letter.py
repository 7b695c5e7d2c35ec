"""The authorization letter (注册账号授权委托书) a client signs, seals and uploads.

The client downloads it in the first stage of registration, fills it in, has the
legal representative sign it and the organization seal it, and uploads the scan.
DOCX and PDF are rendered from the single ``LETTER`` definition below, so the two
downloads cannot say different things.
"""

import io
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import cast

from django.core.exceptions import ImproperlyConfigured
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell
from fontTools.ttLib import TTCollection
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, WrapMode, XPos, YPos

# The letter is a legal document the organization addresses to the centre. It stays
# in Chinese whatever language the portal shows, so nothing below goes through
# gettext.
TITLE = "注册账号授权委托书"


class Kind(StrEnum):
    """What a block of the letter is, which decides how each format draws it."""

    TITLE = "title"
    NOTE = "note"
    FIELD = "field"
    PARAGRAPH = "paragraph"
    SIGNATURE = "signature"
    SEAL = "seal"
    DATE = "date"


@dataclass(frozen=True)
class Block:
    """One piece of the letter; ``value`` pre-fills a field's blank."""

    kind: Kind
    text: str
    value: str = ""


# Placeholders are filled by str.format, which never re-reads substituted values, so
# braces in an organization's name are harmless.
LETTER: tuple[Block, ...] = (
    Block(Kind.TITLE, TITLE),
    Block(Kind.NOTE, "（请填写后再打印，请勿手写）"),
    Block(Kind.FIELD, "单位名称：", "{organization_name}"),
    Block(Kind.FIELD, "被授权员工姓名："),
    Block(Kind.FIELD, "被授权员工身份证号码："),
    Block(Kind.PARAGRAPH, "现授权该员工在{centre_name}{portal_name}从事以下活动："),
    Block(
        Kind.PARAGRAPH,
        "1、代表本单位办理{portal_name}注册的全部手续，"
        "并设置本单位专属的管理员账号和密码；",
    ),
    Block(
        Kind.PARAGRAPH,
        "2、在{portal_name}上修改本单位的联系人信息，"
        "并及时下载认证活动中生成的电子文件。",
    ),
    Block(Kind.PARAGRAPH, "本单位承诺："),
    Block(
        Kind.PARAGRAPH,
        "1、管理员账号在{portal_name}上的一切操作均视为本单位的行为。"
        "本单位将妥善保管账号和密码，因账号或密码遗失、被盗造成的损失由本单位自行承担。",
    ),
    Block(
        Kind.PARAGRAPH,
        "2、本单位的账号管理人员发生变更时，本单位将及时修改注册的管理员信息。",
    ),
    Block(Kind.SIGNATURE, "法定代表人签字："),
    Block(Kind.SEAL, "单位盖章："),
    Block(Kind.DATE, "　　　　年　　　月　　　日"),
)


def letter_blocks(
    *, centre_name: str, organization_name: str | None, portal_name: str
) -> list[Block]:
    """Return the letter's blocks with the names filled in."""
    names = {
        "centre_name": _clean(centre_name),
        "organization_name": _clean(organization_name or ""),
        "portal_name": _clean(portal_name),
    }
    return [
        replace(
            block, text=block.text.format(**names), value=block.value.format(**names)
        )
        for block in LETTER
    ]


def _clean(text: str) -> str:
    # Control characters are not allowed in DOCX XML and draw nothing in a PDF.
    visible = "".join(
        " " if unicodedata.category(char) == "Cc" else char for char in text
    )
    return re.sub(r"\s+", " ", visible).strip()


# --- Font -------------------------------------------------------------------------

FONT_ENV_VAR = "CERTPORTAL_CJK_FONT"

# Debian's fonts-noto-cjk; the serif face reads like the 宋体 of printed letters.
KNOWN_FONT_PATHS = (
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)


class CjkFontNotFoundError(ImproperlyConfigured):
    """No font with Chinese glyphs is available to draw PDFs."""


@dataclass(frozen=True)
class CjkFont:
    """A font file and, inside a collection (.ttc), the face to use."""

    path: Path
    index: int = 0


def find_cjk_font() -> CjkFont:
    """Return the CJK font for PDFs: ``$CERTPORTAL_CJK_FONT``, else Debian's Noto."""
    configured = os.environ.get(FONT_ENV_VAR, "").strip()
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise CjkFontNotFoundError(
                f"{FONT_ENV_VAR} points to {configured}, which is not a file."
            )
        return CjkFont(path, _simplified_chinese_face(str(path)))

    for path in KNOWN_FONT_PATHS:
        if path.is_file():
            return CjkFont(path, _simplified_chinese_face(str(path)))
    raise CjkFontNotFoundError(
        "No Chinese font found for PDFs. Install the Debian package fonts-noto-cjk "
        f"or set {FONT_ENV_VAR} to the path of a .ttf, .otf or .ttc font."
    )


@lru_cache(maxsize=8)
def _simplified_chinese_face(path: str) -> int:
    # A Noto CJK collection holds one face per region (JP, KR, SC, TC, HK) with the
    # same characters drawn differently; the SC face draws them as mainland readers
    # expect. Files that are not collections have a single face.
    if Path(path).suffix.lower() not in {".ttc", ".otc"}:
        return 0
    with TTCollection(path, lazy=True) as collection:
        families = [face["name"].getBestFamilyName() or "" for face in collection]
    return next((i for i, name in enumerate(families) if name.endswith(" SC")), 0)


# --- PDF --------------------------------------------------------------------------

MARGIN_X = 25.0  # mm
MARGIN_TOP = 28.0
MARGIN_BOTTOM = 20.0
SIGNATURE_X = 108.0  # where the signature block starts, mm from the left edge

# A very long organization name wraps over several lines; the letter must still be
# one sheet, so the whole layout shrinks step by step until it fits.
SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)


@dataclass(frozen=True)
class _Layout:
    scale: float

    @property
    def body_pt(self) -> float:
        return 14 * self.scale  # 四号

    @property
    def title_pt(self) -> float:
        return 22 * self.scale  # 二号

    @property
    def line(self) -> float:
        return 9 * self.scale  # line pitch of body text, mm

    @property
    def seal_space(self) -> float:
        return 34 * self.scale  # room for a 40 mm seal, which may overlap the date


def build_letter_pdf(
    *, centre_name: str, organization_name: str | None, portal_name: str
) -> bytes:
    """Return the letter as a one-page A4 PDF embedding a Chinese font subset."""
    blocks = letter_blocks(
        centre_name=centre_name,
        organization_name=organization_name,
        portal_name=portal_name,
    )
    for scale in SCALES:
        pdf = _render_pdf(blocks, _Layout(scale), author=_clean(centre_name))
        if pdf.page == 1:
            break
    return bytes(pdf.output())


def _render_pdf(blocks: list[Block], layout: _Layout, *, author: str) -> FPDF:
    pdf = _new_pdf(layout, author=author)
    label_width = max(
        pdf.get_string_width(block.text) for block in blocks if block.kind is Kind.FIELD
    )
    for block in blocks:
        _draw(pdf, block, layout, label_width)
    return pdf


def _new_pdf(layout: _Layout, *, author: str) -> FPDF:
    font = find_cjk_font()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_BOTTOM)
    pdf.set_title(TITLE)
    pdf.set_author(author)
    pdf.set_creator("certportal")
    pdf.set_lang("zh-CN")

    # fpdf2 embeds only the glyphs the page uses, a few dozen kilobytes.
    pdf.add_font("cjk", fname=str(font.path), collection_font_number=font.index)
    pdf.add_page()
    pdf.set_font("cjk", size=layout.body_pt)
    return pdf


def _draw(pdf: FPDF, block: Block, layout: _Layout, label_width: float) -> None:
    match block.kind:
        case Kind.TITLE:
            _draw_title(pdf, block.text, layout)
        case Kind.NOTE:
            _draw_note(pdf, block.text, layout)
        case Kind.FIELD:
            _draw_field(pdf, block, layout, label_width)
        case Kind.PARAGRAPH:
            _draw_paragraph(pdf, block.text, layout)
        case Kind.SIGNATURE | Kind.SEAL:
            _draw_signature_line(pdf, block, layout)
        case Kind.DATE:
            pdf.cell(0, layout.line, block.text, align="R")


def _draw_title(pdf: FPDF, text: str, layout: _Layout) -> None:
    # Noto's bold face would be a second embedded font; stroking the outline of the
    # regular face gives the same weight for one line.
    with pdf.local_context(text_mode="FILL_STROKE", line_width=0.25 * layout.scale):
        pdf.set_font_size(layout.title_pt)
        pdf.cell(0, layout.title_pt * 0.6, text, align="C")
    pdf.set_font_size(layout.body_pt)
    pdf.ln(layout.title_pt * 0.6)


def _draw_note(pdf: FPDF, text: str, layout: _Layout) -> None:
    pdf.set_font_size(layout.body_pt * 6 / 7)
    pdf.cell(0, layout.line, text, align="C")
    pdf.set_font_size(layout.body_pt)
    pdf.ln(layout.line * 1.6)


def _draw_field(pdf: FPDF, block: Block, layout: _Layout, label_width: float) -> None:
    value_x = pdf.l_margin + label_width + 2
    value_width = pdf.w - pdf.r_margin - value_x
    height = layout.line * 1.2
    lines = _wrap(pdf, block.value, value_width, height) if block.value else [""]

    pdf.cell(label_width, height, block.text)
    for line in lines:
        pdf.set_x(value_x)
        pdf.cell(value_width, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        underline_y = pdf.get_y() - height * 0.15
        pdf.line(value_x, underline_y, pdf.w - pdf.r_margin, underline_y)
    pdf.ln(layout.line * 0.1)


def _draw_paragraph(pdf: FPDF, text: str, layout: _Layout) -> None:
    # Chinese paragraphs open with a two-character indent and may break between any
    # two characters.
    pdf.set_x(pdf.l_margin + 2 * pdf.font_size)
    pdf.write(layout.line, text, wrapmode=WrapMode.CHAR)
    pdf.ln(layout.line)


def _draw_signature_line(pdf: FPDF, block: Block, layout: _Layout) -> None:
    height = layout.line * 1.2
    label_width = pdf.get_string_width(block.text)
    if block.kind is Kind.SIGNATURE:
        pdf.ln(layout.line)

    pdf.set_x(SIGNATURE_X)
    pdf.cell(label_width, height, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if block.kind is Kind.SIGNATURE:
        underline_y = pdf.get_y() - height * 0.15
        pdf.line(
            SIGNATURE_X + label_width + 1,
            underline_y,
            pdf.w - pdf.r_margin,
            underline_y,
        )
        pdf.ln(layout.line * 0.5)
    else:
        pdf.ln(layout.seal_space)


def _wrap(pdf: FPDF, text: str, width: float, height: float) -> list[str]:
    lines = pdf.multi_cell(
        width,
        height,
        text,
        dry_run=True,
        output=MethodReturnValue.LINES,
        wrapmode=WrapMode.CHAR,
    )
    # fpdf2 types the result for every output mode; LINES gives a list of str.
    return cast(list[str], lines)


# --- DOCX -------------------------------------------------------------------------

# Names as Word and WPS on Chinese Windows write them; other systems substitute.
DOCX_EAST_ASIAN_FONT = "宋体"
DOCX_LATIN_FONT = "Times New Roman"
DOCX_LABEL_WIDTH = Mm(60)
DOCX_VALUE_WIDTH = Mm(210 - 2 * MARGIN_X - 60)
DOCX_SIGNATURE_WIDTH = Mm(48)
DOCX_LINE = Pt(25)  # exact line pitch, as in the PDF
# Runs of these blocks become one borderless table each, so their blanks line up.
DOCX_TABLES = {
    Kind.FIELD: "fields",
    Kind.SIGNATURE: "signature",
    Kind.SEAL: "signature",
}


def build_letter_docx(
    *, centre_name: str, organization_name: str | None, portal_name: str
) -> bytes:
    """Return the letter as an editable A4 Word document."""
    blocks = letter_blocks(
        centre_name=centre_name,
        organization_name=organization_name,
        portal_name=portal_name,
    )
    document = Document()
    _set_up_document(document, author=_clean(centre_name))

    for table, group in groupby(blocks, key=lambda block: DOCX_TABLES.get(block.kind)):
        match table:
            case "fields":
                _add_field_table(document, list(group))
            case "signature":
                _add_signature_table(document, list(group))
            case _:
                for block in group:
                    _add_paragraph(document, block)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up_document(document: DocxDocument, *, author: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(MARGIN_X)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)

    _set_default_fonts(document)
    normal = document.styles["Normal"]
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = DOCX_LINE

    document.core_properties.title = TITLE
    document.core_properties.author = author
    document.core_properties.language = "zh-CN"


def _set_default_fonts(document: DocxDocument) -> None:
    # The document defaults name theme fonts, which win over plain font names set
    # further down; replace them so the text really is set in 宋体.
    (rpr,) = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr")
    fonts = rpr.get_or_add_rFonts()
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    fonts.set(qn("w:ascii"), DOCX_LATIN_FONT)
    fonts.set(qn("w:hAnsi"), DOCX_LATIN_FONT)
    fonts.set(qn("w:eastAsia"), DOCX_EAST_ASIAN_FONT)

    # Tells Word to apply Chinese line-breaking rules to the punctuation.
    for language in rpr.findall(qn("w:lang")):
        rpr.remove(language)
    language = OxmlElement("w:lang", {qn("w:val"): "en-US", qn("w:eastAsia"): "zh-CN"})
    rpr.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _add_paragraph(document: DocxDocument, block: Block) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(block.text)
    match block.kind:
        case Kind.TITLE:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing = Pt(36)
            run.bold = True
            run.font.size = Pt(22)
        case Kind.NOTE:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(12)
            run.font.size = Pt(12)
        case Kind.DATE:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        case _:
            paragraph.paragraph_format.first_line_indent = Pt(28)


def _add_field_table(document: DocxDocument, fields: list[Block]) -> None:
    # Table cells rather than underlined spaces: typing into a cell keeps the line
    # where it is, and a long name wraps inside its cell.
    table = _add_table(document, DOCX_LABEL_WIDTH, DOCX_VALUE_WIDTH)
    for field in fields:
        label, blank = table.add_row().cells
        _fill_cell(label, field.text)
        _fill_cell(blank, field.value)
        _underline_cell(blank)
    for row in table.rows:
        row.height = Mm(11)
    _add_spacer(document, Pt(12))


def _add_signature_table(document: DocxDocument, blocks: list[Block]) -> None:
    _add_spacer(document, Pt(18))
    table = _add_table(document, DOCX_SIGNATURE_WIDTH, DOCX_SIGNATURE_WIDTH)
    table.alignment = WD_TABLE_ALIGNMENT.RIGHT
    for block in blocks:
        row = table.add_row()
        label, blank = row.cells
        _fill_cell(label, block.text)
        _fill_cell(blank, "")
        if block.kind is Kind.SIGNATURE:
            _underline_cell(blank)
            row.height = Mm(11)
        else:
            label.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
            row.height = Mm(30)  # room for the seal


def _add_spacer(document: DocxDocument, height: Length) -> None:
    document.add_paragraph().paragraph_format.line_spacing = height


def _add_table(document: DocxDocument, *widths: Length) -> Table:
    # Without a style the table has no borders; only the blanks get a line.
    table = document.add_table(rows=0, cols=len(widths))
    table.autofit = False
    # Rows added later copy these widths into their cells.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    return table


def _fill_cell(cell: _Cell, text: str) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    cell.paragraphs[0].add_run(text)


def _underline_cell(cell: _Cell) -> None:
    borders = OxmlElement("w:tcBorders")
    line = {"w:val": "single", "w:sz": "6", "w:space": "0", "w:color": "000000"}
    borders.append(OxmlElement("w:bottom", {qn(key): val for key, val in line.items()}))
    # The schema fixes the order of a cell's properties; Word rejects other orders.
    cell._tc.get_or_add_tcPr().insert_element_before(
        borders,
        *("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText"),
        *("w:vAlign", "w:hideMark", "w:headers", "w:cellIns", "w:cellDel"),
        *("w:cellMerge", "w:tcPrChange"),
    )
