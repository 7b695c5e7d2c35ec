"""check_upload decides the kind from content and name together, allow-list first."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from certportal.filegate import Code, FileRejected, check_upload

from . import hostile

LETTER = {"pdf"}
INVOICE = {"pdf", "ofd", "xml"}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(100)
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)
DOCX = hostile.zip_bytes({"[Content_Types].xml": b"<a/>", "word/document.xml": b"<a/>"})
RAR = b"Rar!\x1a\x07\x01\x00" + bytes(100)


@pytest.fixture
def typed_letter(read_shared: Callable[[str], bytes]) -> bytes:
    return read_shared("samples/letters/letter-typed.pdf")


def refusal(data: bytes, filename: str, allowed: set[str]) -> FileRejected:
    with pytest.raises(FileRejected) as refused:
        check_upload(data, filename=filename, allowed=allowed)
    return refused.value


def test_accepted_pdf_is_described_for_storage(typed_letter: bytes) -> None:
    checked = check_upload(typed_letter, filename="授权委托书.PDF", allowed=LETTER)

    assert checked.kind == "pdf"
    assert checked.ext == "pdf"
    assert checked.content_type == "application/pdf"
    assert checked.size == len(typed_letter)
    assert checked.sha256 == hashlib.sha256(typed_letter).hexdigest()
    assert checked.display_name == "授权委托书.pdf"
    assert checked.page_count == 1


@pytest.mark.parametrize(
    "filename",
    ["a.pdf.php", "a.php", "a.exe", "letter\u202efdp.exe"],
)
def test_pdf_under_a_name_that_is_not_pdf_is_refused(
    typed_letter: bytes, filename: str
) -> None:
    refused = refusal(typed_letter, filename, LETTER)

    assert refused.code == Code.WRONG_TYPE
    assert refused.variant == "mismatch"
    assert refused.params["found"] == "PDF"


def test_trailing_dots_and_spaces_are_ignored_as_windows_does(
    typed_letter: bytes,
) -> None:
    checked = check_upload(typed_letter, filename="委托书.pdf. . ", allowed=LETTER)

    assert checked.ext == "pdf"


@pytest.mark.parametrize(
    "filename",
    ["a.php\x00.pdf", "a.php%00.pdf", "a.php%2500.pdf", "a\r\n.pdf", "a\x1b[31m.pdf"],
)
def test_control_characters_in_the_decoded_name_are_refused(
    typed_letter: bytes, filename: str
) -> None:
    assert refusal(typed_letter, filename, LETTER).code == Code.BAD_NAME


def test_percent_encoded_name_is_decoded_before_the_allow_list(
    typed_letter: bytes,
) -> None:
    checked = check_upload(
        typed_letter, filename="%E5%A7%94%E6%89%98%E4%B9%A6.pdf", allowed=LETTER
    )

    assert checked.display_name == "委托书.pdf"


def test_right_to_left_override_cannot_disguise_the_extension(
    typed_letter: bytes,
) -> None:
    # "letter\u202egpj.pdf" displays as "letterfdp.jpg" in some viewers; the
    # real extension is .pdf, and the shown name loses the override.
    checked = check_upload(typed_letter, filename="letter\u202egpj.pdf", allowed=LETTER)

    assert checked.display_name == "lettergpj.pdf"


def test_path_in_the_name_is_ignored(typed_letter: bytes) -> None:
    checked = check_upload(typed_letter, filename="../../a.pdf", allowed=LETTER)

    assert checked.display_name == "a.pdf"


@pytest.mark.parametrize(
    ("data", "variant"),
    [
        (JPEG, "image"),
        (PNG, "image"),
        (HEIC, "image"),
        (OLE_DOC, "office"),
        (DOCX, "office"),
        (RAR, "archive"),
        (hostile.zip_bytes({"a.pdf": b"%PDF-1.7"}), "archive"),
        (b"just some text", ""),
    ],
    ids=["jpeg", "png", "heic", "doc", "docx", "rar", "zip", "text"],
)
def test_non_pdf_sent_as_letter_gets_a_message_for_what_it_is(
    data: bytes, variant: str
) -> None:
    refused = refusal(data, "委托书.pdf", LETTER)

    assert refused.code == Code.NOT_PDF
    assert refused.variant == variant


def test_photo_under_its_own_name_is_still_not_pdf_for_a_letter() -> None:
    refused = refusal(JPEG, "IMG_0001.HEIC", LETTER)

    assert (refused.code, refused.variant) == (Code.NOT_PDF, "image")


def test_photo_of_an_invoice_is_the_wrong_type() -> None:
    refused = refusal(JPEG, "发票.jpg", INVOICE)

    assert (refused.code, refused.variant) == (Code.WRONG_TYPE, "image")
    assert refused.params["allowed"] == "OFD / PDF / XML"


def test_ofd_sent_where_only_pdf_is_allowed_is_not_pdf(
    read_shared: Callable[[str], bytes],
) -> None:
    data = read_shared("corpus/invoices/ofdrw-einvoice-2020.ofd")

    refused = refusal(data, "发票.ofd", LETTER)

    assert (refused.code, refused.variant) == (Code.NOT_PDF, "ofd")


def test_ofd_renamed_to_pdf_is_a_mismatch_for_invoices(
    read_shared: Callable[[str], bytes],
) -> None:
    data = read_shared("corpus/invoices/ofdrw-einvoice-2020.ofd")

    refused = refusal(data, "发票.pdf", INVOICE)

    assert (refused.code, refused.variant) == (Code.WRONG_TYPE, "mismatch")
    assert refused.params["found"] == "OFD"


def test_plain_zip_named_ofd_is_not_an_ofd() -> None:
    data = hostile.zip_bytes({"invoice.xml": b"<a/>"})

    assert refusal(data, "发票.ofd", INVOICE).code == Code.NOT_OFD


def test_text_named_pdf_for_an_invoice_is_not_pdf() -> None:
    assert refusal(b"hello", "发票.pdf", INVOICE).code == Code.NOT_PDF


def test_text_named_xml_for_an_invoice_is_invalid_xml() -> None:
    assert refusal(b"hello", "发票.xml", INVOICE).code == Code.XML_INVALID


def test_name_without_extension_is_refused(typed_letter: bytes) -> None:
    refused = refusal(typed_letter, "扫描件", LETTER)

    assert (refused.code, refused.variant) == (Code.WRONG_TYPE, "no_extension")


def test_pdf_where_only_ofd_and_xml_are_allowed_is_the_wrong_type(
    typed_letter: bytes,
) -> None:
    refused = refusal(typed_letter, "a.pdf", {"ofd", "xml"})

    assert (refused.code, refused.variant) == (Code.WRONG_TYPE, "")
    assert refused.params == {"allowed": "OFD / XML", "ext": "pdf"}


def test_pdf_polyglot_with_zip_is_refused_through_check_upload() -> None:
    data = hostile.pdf_bytes(hostile.blank_pdf()) + hostile.zip_bytes({"x": b"y"})

    assert refusal(data, "a.pdf", LETTER).code == Code.PDF_DAMAGED


def test_empty_upload_is_refused() -> None:
    assert refusal(b"", "a.pdf", LETTER).code == Code.EMPTY_FILE


def test_over_the_caller_limit_is_refused_before_parsing() -> None:
    with pytest.raises(FileRejected) as refused:
        check_upload(
            b"%PDF-" + bytes(2048), filename="a.pdf", allowed=LETTER, max_bytes=1024
        )

    assert refused.value.code == Code.TOO_LARGE


@pytest.mark.parametrize("allowed", [set(), {"exe"}, {"pdf", "docx"}])
def test_unknown_allowed_kinds_are_a_programming_error(allowed: set[str]) -> None:
    with pytest.raises(ValueError):
        check_upload(b"%PDF-", filename="a.pdf", allowed=allowed)
