"""OFD and XML invoices: real ones pass; bombs, hostile paths and entities do not."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from certportal.filegate import Code, FileRejected, check_ofd, check_upload, check_xml

from . import hostile

INVOICE_KINDS = {"pdf", "ofd", "xml"}
OFD_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" DocType="OFD" Version="1.0">'
    b"<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>"
    b"</ofd:OFD>"
)
DOCUMENT_XML = b'<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"/>'
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<EInvoice>&lol4;</EInvoice>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<EInvoice>&e;</EInvoice>"""


def ofd_refusal(data: bytes) -> Code:
    with pytest.raises(FileRejected) as refused:
        check_ofd(data)
    return refused.value.code


def xml_refusal(data: bytes) -> Code:
    with pytest.raises(FileRejected) as refused:
        check_xml(data)
    return refused.value.code


def minimal_ofd(**extra: bytes) -> bytes:
    return hostile.zip_bytes({"OFD.xml": OFD_XML, **extra})


@pytest.fixture
def corpus_ofds(shared_dir: Path) -> list[Path]:
    paths = sorted((shared_dir / "corpus/invoices").glob("*.ofd"))
    assert len(paths) == 2
    return paths


def test_corpus_ofd_invoices_pass(corpus_ofds: list[Path]) -> None:
    for path in corpus_ofds:
        checked = check_upload(
            path.read_bytes(), filename=path.name, allowed=INVOICE_KINDS
        )

        assert checked.kind == "ofd"
        assert checked.ext == "ofd"
        assert checked.content_type == "application/ofd"


def test_sample_xml_invoices_pass(shared_dir: Path) -> None:
    paths = sorted((shared_dir / "samples/documents").glob("*_发票.xml"))
    assert paths

    for path in paths:
        checked = check_upload(
            path.read_bytes(), filename=path.name, allowed=INVOICE_KINDS
        )

        assert checked.kind == "xml"
        assert checked.display_name == path.name


def test_sample_pdf_documents_pass_as_invoices_too(
    read_shared: Callable[[str], bytes],
) -> None:
    name = "99923E11014R2S_审核报告.pdf"
    data = read_shared(f"samples/documents/{name}")

    assert check_upload(data, filename=name, allowed=INVOICE_KINDS).kind == "pdf"


def test_minimal_ofd_passes() -> None:
    check_ofd(minimal_ofd(**{"Doc_0/Document.xml": DOCUMENT_XML}))


def test_ofd_with_10001_entries_is_too_big() -> None:
    entries = {f"Doc_0/Res/{n}.xml": b"<a/>" for n in range(10_001)}

    assert ofd_refusal(minimal_ofd(**entries)) == Code.OFD_TOO_BIG


def test_ofd_declaring_1_gb_unpacked_is_refused_before_unpacking() -> None:
    bomb = hostile.zip_with_zero_bomb(
        "Doc_0/Pages/Page_0/Content.xml", 1024, {"OFD.xml": OFD_XML}
    )
    assert len(bomb) < 1_100_000

    started = time.monotonic()
    assert ofd_refusal(bomb) == Code.OFD_TOO_BIG
    assert time.monotonic() - started < 0.5  # nothing was inflated


def test_ofd_entry_with_a_suspicious_compression_ratio_is_refused() -> None:
    bomb = hostile.zip_with_zero_bomb("Doc_0/Res/blank.png", 40, {"OFD.xml": OFD_XML})

    assert ofd_refusal(bomb) == Code.OFD_TOO_BIG


@pytest.mark.parametrize(
    "name",
    ["../x", "Doc_0/../../x", "/etc/cron.d/x", "C:/Windows/x", "Doc_0\\..\\x"],
)
def test_ofd_entry_with_an_escaping_path_is_refused(name: str) -> None:
    assert ofd_refusal(minimal_ofd(**{name: b"x"})) == Code.OFD_INVALID


def test_ofd_entry_name_with_nul_is_refused() -> None:
    assert ofd_refusal(minimal_ofd(**{"Doc_0/a.xml\x00.exe": b"x"})) == Code.OFD_INVALID


def test_zip_without_ofd_xml_is_not_an_ofd() -> None:
    data = hostile.zip_bytes({"Doc_0/Document.xml": b"<a/>"})

    assert ofd_refusal(data) == Code.NOT_OFD


def test_ofd_xml_in_a_subfolder_does_not_count() -> None:
    data = hostile.zip_bytes({"invoice/OFD.xml": OFD_XML})

    assert ofd_refusal(data) == Code.NOT_OFD


def test_ofd_whose_root_document_is_not_ofd_is_refused() -> None:
    data = hostile.zip_bytes({"OFD.xml": b"<html><body/></html>"})

    assert ofd_refusal(data) == Code.NOT_OFD


def test_ofd_xml_with_an_entity_is_refused() -> None:
    data = hostile.zip_bytes({"OFD.xml": EXTERNAL_ENTITY})

    assert ofd_refusal(data) == Code.OFD_INVALID


def test_ofd_with_a_corrupted_entry_is_refused() -> None:
    padding = b"<!-- " + bytes(range(32, 127)) * 20 + b" -->"
    data = bytearray(minimal_ofd(**{"Doc_0/Document.xml": DOCUMENT_XML + padding}))
    data[data.index(b"Doc_0/Document.xml") + 40] ^= 0xFF  # flip a compressed byte

    with pytest.raises(FileRejected) as refused:
        check_ofd(bytes(data))

    assert refused.value.code == Code.OFD_INVALID
    assert refused.value.reason.startswith("damaged")


def test_ofd_with_an_encrypted_entry_is_refused() -> None:
    data = bytearray(minimal_ofd())
    data[6] |= 0x01  # local header flag: encrypted
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x01  # central directory flag: encrypted

    assert ofd_refusal(bytes(data)) == Code.OFD_INVALID


def test_ofd_with_duplicate_entry_names_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", OFD_XML)
        archive.writestr("Doc_0/a.xml", b"<a/>")
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("Doc_0/a.xml", b"<b/>")

    assert ofd_refusal(buffer.getvalue()) == Code.OFD_INVALID


def test_pdf_named_ofd_is_not_an_ofd(read_shared: Callable[[str], bytes]) -> None:
    data = read_shared("samples/letters/letter-typed.pdf")

    assert ofd_refusal(data) == Code.NOT_OFD


def test_sample_xml_invoice_passes(read_shared: Callable[[str], bytes]) -> None:
    check_xml(read_shared("samples/documents/99923E11014R2S_发票.xml"))


@pytest.mark.parametrize("encoding", ["GBK", "gb2312", "GB18030", "UTF-16"])
def test_xml_invoice_in_a_chinese_legacy_encoding_passes(encoding: str) -> None:
    text = f'<?xml version="1.0" encoding="{encoding}"?><EInvoice>京华认证</EInvoice>'

    check_xml(text.encode(encoding))


def test_xml_declared_gbk_that_is_not_gbk_is_invalid() -> None:
    data = b'<?xml version="1.0" encoding="GBK"?><EInvoice>\x81</EInvoice>'

    assert xml_refusal(data) == Code.XML_INVALID


def test_billion_laughs_is_unsafe() -> None:
    started = time.monotonic()
    assert xml_refusal(BILLION_LAUGHS) == Code.XML_UNSAFE
    assert time.monotonic() - started < 0.5


def test_external_entity_is_unsafe_and_never_resolved() -> None:
    assert xml_refusal(EXTERNAL_ENTITY) == Code.XML_UNSAFE


def test_any_dtd_is_unsafe() -> None:
    assert xml_refusal(b'<!DOCTYPE a SYSTEM "http://127.0.0.1:9/a.dtd"><a/>') == (
        Code.XML_UNSAFE
    )


@pytest.mark.parametrize(
    "data",
    [b"<EInvoice><Header></EInvoice>", b"not xml at all", b"<a>\xff\xfe</a>"],
    ids=["unclosed", "text", "bad-utf8"],
)
def test_malformed_xml_is_invalid(data: bytes) -> None:
    assert xml_refusal(data) == Code.XML_INVALID


def test_xml_over_the_size_cap_is_too_large() -> None:
    data = b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>"

    assert xml_refusal(data) == Code.TOO_LARGE


def test_empty_xml_is_an_empty_file() -> None:
    assert xml_refusal(b"") == Code.EMPTY_FILE
