"""Every shared sample letter and corpus PDF gets the outcome its README names."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from certportal.filegate import Code, FileRejected, check_pdf, check_upload
from certportal.filegate._sandbox import DEFAULT_TIMEOUT

ACCEPTED_LETTERS = {
    "letter-typed.pdf": 1,
    "letter-scanned.pdf": 1,
    "letter-scanned-2-pages.pdf": 2,
    "letter-owner-password.pdf": 1,
}
REFUSED_LETTERS = {
    "letter-needs-password.pdf": Code.PDF_ENCRYPTED,
    "letter-photo.jpg": Code.NOT_PDF,
}
REFUSED_CORPUS = {
    "qpdf-bad1.pdf": Code.NOT_PDF,
    "qpdf-issue-335b.pdf": Code.PDF_DAMAGED,
    "qpdf-pages-loop.pdf": Code.PDF_DAMAGED,
    "qpdf-empty.pdf": Code.PDF_NO_PAGES,
    "corkami-launch.pdf": Code.PDF_ACTIVE_CONTENT,
}


def test_every_shared_pdf_sample_has_an_expected_outcome(shared_dir: Path) -> None:
    letters = {path.name for path in (shared_dir / "samples/letters").iterdir()}
    corpus = {path.name for path in (shared_dir / "corpus/pdf").iterdir()}

    assert letters == set(ACCEPTED_LETTERS) | set(REFUSED_LETTERS)
    assert corpus == set(REFUSED_CORPUS)


@pytest.mark.parametrize(("name", "pages"), ACCEPTED_LETTERS.items())
def test_letter_is_accepted(
    read_shared: Callable[[str], bytes], name: str, pages: int
) -> None:
    data = read_shared(f"samples/letters/{name}")

    checked = check_upload(data, filename=name, allowed={"pdf"})

    assert checked.kind == "pdf"
    assert checked.content_type == "application/pdf"
    assert checked.size == len(data)
    assert checked.pdf is not None
    assert checked.pdf.page_count == pages
    for width, height in checked.pdf.page_sizes:
        assert width == pytest.approx(595, abs=2)
        assert height == pytest.approx(842, abs=2)


@pytest.mark.parametrize(("name", "code"), REFUSED_LETTERS.items())
def test_letter_is_refused(
    read_shared: Callable[[str], bytes], name: str, code: Code
) -> None:
    data = read_shared(f"samples/letters/{name}")

    with pytest.raises(FileRejected) as refused:
        check_upload(data, filename=name, allowed={"pdf"})

    assert refused.value.code == code


def test_photo_of_the_letter_gets_the_photo_message(
    read_shared: Callable[[str], bytes], chinese_messages: None
) -> None:
    data = read_shared("samples/letters/letter-photo.jpg")

    with pytest.raises(FileRejected) as refused:
        check_upload(data, filename="委托书.pdf", allowed={"pdf"})

    assert refused.value.code == Code.NOT_PDF
    assert refused.value.variant == "image"
    message = str(refused.value.message)
    assert "图片" in message
    assert "扫描文档" in message


def test_owner_password_letter_is_marked_encrypted(
    read_shared: Callable[[str], bytes],
) -> None:
    info = check_pdf(read_shared("samples/letters/letter-owner-password.pdf"))

    assert info.encrypted is True


def test_typed_letter_has_text_and_scan_has_none(
    read_shared: Callable[[str], bytes],
) -> None:
    typed = check_pdf(read_shared("samples/letters/letter-typed.pdf"))
    scanned = check_pdf(read_shared("samples/letters/letter-scanned.pdf"))

    assert typed.has_text is True
    assert typed.producer.startswith("ReportLab")
    assert scanned.has_text is False


@pytest.mark.parametrize(("name", "code"), REFUSED_CORPUS.items())
def test_corpus_pdf_is_refused(
    read_shared: Callable[[str], bytes], name: str, code: Code
) -> None:
    data = read_shared(f"corpus/pdf/{name}")

    with pytest.raises(FileRejected) as refused:
        check_upload(data, filename=name, allowed={"pdf"})

    assert refused.value.code == code


def test_page_tree_loop_is_refused_promptly(
    read_shared: Callable[[str], bytes],
) -> None:
    data = read_shared("corpus/pdf/qpdf-pages-loop.pdf")

    started = time.monotonic()
    with pytest.raises(FileRejected):
        check_pdf(data)
    elapsed = time.monotonic() - started

    assert elapsed < DEFAULT_TIMEOUT / 2
