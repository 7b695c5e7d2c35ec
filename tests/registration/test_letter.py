"""The authorization letter downloads as an editable DOCX and a one-page A4 PDF."""

import io
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.oxml.ns import qn

from certportal.registration import letter
from certportal.registration.letter import (
    CjkFontNotFoundError,
    build_letter_docx,
    build_letter_pdf,
    find_cjk_font,
    letter_blocks,
)

pytestmark: list[pytest.MarkDecorator] = []

CENTRE = "北京天一正认证中心有限公司"
PORTAL = "客户服务平台"
ORGANIZATION = "北京海纳检测技术股份有限公司"
SERIF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
SANS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

REQUIRED_LINES = [
    "注册账号授权委托书",
    "（请填写后再打印，请勿手写）",
    "单位名称：",
    "被授权员工姓名：",
    "被授权员工身份证号码：",
    f"现授权该员工在{CENTRE}{PORTAL}从事以下活动：",
    "本单位承诺：",
    "法定代表人签字：",
    "单位盖章：",
]
ODD_NAMES = [
    # 200 characters, the longest name the registration form accepts.
    ("中华人民共和国某某省某某市某某区某某街道某某集团控股有限公司" * 7)[:200],
    'ACME "Quality" & <Partners> Co., Ltd.',
    "{organization_name} 100% 'single' 公司",
]


def _docx(organization_name: str | None = ORGANIZATION):  # type: ignore[no-untyped-def]
    data = build_letter_docx(
        centre_name=CENTRE, organization_name=organization_name, portal_name=PORTAL
    )
    return Document(io.BytesIO(data))


def _docx_text(document) -> str:  # type: ignore[no-untyped-def]
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _field_cells(document) -> dict[str, str]:  # type: ignore[no-untyped-def]
    rows = document.tables[0].rows
    return {row.cells[0].text: row.cells[1].text for row in rows}


def _pdf(organization_name: str | None = ORGANIZATION) -> bytes:
    return build_letter_pdf(
        centre_name=CENTRE, organization_name=organization_name, portal_name=PORTAL
    )


def _pdf_text(data: bytes) -> str:
    """Extracted text without line breaks, so wrapped names compare whole."""
    document = pdfium.PdfDocument(data)
    try:
        text = document[0].get_textpage().get_text_bounded()
    finally:
        document.close()
    return re.sub(r"\s+", "", text)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _fonts(data: bytes) -> list[tuple[str, bool]]:
    """Each font on the page: its name and whether its program is embedded."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for font in pdf.pages[0].Resources.Font.values():
            # A Type0 font keeps its descriptor in the CID font it wraps.
            if "/DescendantFonts" in font:
                font = font.DescendantFonts[0]
            descriptor = font.FontDescriptor
            embedded = "/FontFile2" in descriptor or "/FontFile3" in descriptor
            found.append((str(descriptor.FontName), embedded))
    return found


@pytest.fixture(scope="module")
def standard_pdf() -> bytes:
    return _pdf()


# --- the one content definition --------------------------------------------------


def test_the_letter_names_the_centre_portal_and_organization():
    blocks = letter_blocks(
        centre_name=CENTRE, organization_name=ORGANIZATION, portal_name=PORTAL
    )
    text = "\n".join(block.text + block.value for block in blocks)

    for line in REQUIRED_LINES:
        assert line in text
    assert ORGANIZATION in text
    assert "{" not in text


def test_control_characters_in_a_name_become_spaces():
    (field, *_) = [
        block
        for block in letter_blocks(
            centre_name=CENTRE,
            organization_name="海纳\x00检测\x0b ",
            portal_name=PORTAL,
        )
        if block.kind is letter.Kind.FIELD
    ]

    assert field.value == "海纳 检测"


# --- DOCX -------------------------------------------------------------------------


def test_docx_contains_every_required_line_and_the_organization():
    document = _docx()

    text = _docx_text(document)

    for line in REQUIRED_LINES:
        assert line in text
    assert "年" in document.paragraphs[-1].text
    assert _field_cells(document)["单位名称："] == ORGANIZATION


def test_docx_leaves_the_employee_blanks_empty_and_underlined():
    document = _docx()

    cells = {row.cells[0].text: row.cells[1] for row in document.tables[0].rows}

    for label in ["被授权员工姓名：", "被授权员工身份证号码："]:
        assert cells[label].text == ""
        bottom = cells[label]._tc.tcPr.find(qn("w:tcBorders")).find(qn("w:bottom"))
        assert bottom.get(qn("w:val")) == "single"


def test_docx_without_an_organization_leaves_its_name_blank():
    document = _docx(organization_name=None)

    assert _field_cells(document)["单位名称："] == ""


def test_docx_is_a4_with_a_chinese_east_asian_font():
    document = _docx()

    section = document.sections[0]
    # Word stores twentieths of a point, so millimetres come back rounded.
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    (fonts,) = document.styles.element.xpath(
        "w:docDefaults/w:rPrDefault/w:rPr/w:rFonts"
    )
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert fonts.get(qn("w:eastAsiaTheme")) is None


def test_docx_has_a_signature_block_on_the_right():
    document = _docx()

    signature = document.tables[1]

    assert [row.cells[0].text for row in signature.rows] == [
        "法定代表人签字：",
        "单位盖章：",
    ]
    assert signature._tbl.tblPr.find(qn("w:jc")).get(qn("w:val")) == "right"


@pytest.mark.parametrize("name", ODD_NAMES, ids=["long", "markup", "braces"])
def test_docx_keeps_odd_organization_names_verbatim(name):
    document = _docx(organization_name=name)

    assert _field_cells(document)["单位名称："] == name


# --- PDF --------------------------------------------------------------------------


def test_pdf_is_one_a4_page(standard_pdf):
    with pikepdf.open(io.BytesIO(standard_pdf)) as pdf:
        assert len(pdf.pages) == 1
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])

    assert width == pytest.approx(595.28, abs=0.5)
    assert height == pytest.approx(841.89, abs=0.5)


def test_pdf_embeds_a_subset_of_the_simplified_chinese_font(standard_pdf):
    fonts = _fonts(standard_pdf)

    assert len(fonts) == 1
    ((name, embedded),) = fonts
    assert embedded
    # A subset's name carries a six-letter tag: /ABCDEF+NotoSerifCJKSC.
    assert re.fullmatch(r"/[A-Z]{6}\+NotoSerifCJKSC", name)


def test_pdf_text_has_the_names_and_the_fill_in_note(standard_pdf):
    text = _pdf_text(standard_pdf)

    assert ORGANIZATION in text
    assert CENTRE in text
    assert "请填写后再打印，请勿手写" in text
    for line in REQUIRED_LINES:
        assert _squeeze(line) in text


def test_pdf_without_an_organization_still_renders_the_blank(standard_pdf):
    data = _pdf(organization_name=None)

    text = _pdf_text(data)

    assert "单位名称：" in text
    assert ORGANIZATION not in text
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1


@pytest.mark.parametrize("name", ODD_NAMES, ids=["long", "markup", "braces"])
def test_pdf_keeps_odd_organization_names_on_one_page(name):
    data = _pdf(organization_name=name)

    assert _squeeze(name) in _pdf_text(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1


def test_pdf_survives_characters_the_font_lacks():
    data = _pdf(organization_name="海纳检测🙂有限公司")

    assert "海纳检测" in _pdf_text(data)


# --- font lookup ------------------------------------------------------------------


def test_the_font_defaults_to_the_simplified_chinese_face_of_noto(monkeypatch):
    monkeypatch.delenv(letter.FONT_ENV_VAR, raising=False)

    font = find_cjk_font()

    assert font.path == SERIF
    assert font.index == 2  # fc-query: index 2 is "Noto Serif CJK SC"


def test_the_font_can_be_chosen_by_environment_variable(monkeypatch):
    monkeypatch.setenv(letter.FONT_ENV_VAR, str(SANS))

    font = find_cjk_font()
    ((name, _embedded),) = _fonts(_pdf())

    assert (font.path, font.index) == (SANS, 2)
    assert name.endswith("+NotoSansCJKSC")


def test_a_missing_configured_font_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv(letter.FONT_ENV_VAR, str(tmp_path / "absent.ttc"))

    with pytest.raises(CjkFontNotFoundError, match=r"absent\.ttc"):
        find_cjk_font()


def test_no_font_at_all_tells_the_operator_what_to_install(monkeypatch, tmp_path):
    monkeypatch.delenv(letter.FONT_ENV_VAR, raising=False)
    monkeypatch.setattr(letter, "KNOWN_FONT_PATHS", (tmp_path / "none.ttc",))

    with pytest.raises(CjkFontNotFoundError, match="fonts-noto-cjk"):
        build_letter_pdf(centre_name=CENTRE, organization_name=None, portal_name=PORTAL)
