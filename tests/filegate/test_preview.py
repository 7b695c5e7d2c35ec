"""Reviewers see letters as PNG pages rendered on the server, within pixel caps."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from certportal.filegate import Code, FileRejected, render_pdf_page_png

from . import hostile

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PREVIEW_FOR_A_HUMAN = Path("/tmp/filegate-preview.png")


def image_of(png: bytes) -> Image.Image:
    assert png.startswith(PNG_MAGIC)
    return Image.open(io.BytesIO(png))


def test_first_page_of_the_scanned_letter_renders_as_png(
    read_shared: Callable[[str], bytes],
) -> None:
    png = render_pdf_page_png(read_shared("samples/letters/letter-scanned.pdf"), 0)

    image = image_of(png)
    assert image.size == (1000, 1414)  # A4 at 1000 px across
    assert image.mode == "RGB"  # the red seal keeps its colour
    assert 10_000 < len(png) < 5_000_000
    PREVIEW_FOR_A_HUMAN.write_bytes(png)


def test_second_page_of_a_two_page_letter_renders(
    read_shared: Callable[[str], bytes],
) -> None:
    data = read_shared("samples/letters/letter-scanned-2-pages.pdf")

    assert image_of(render_pdf_page_png(data, 1, width_px=600)).width == 600


def test_owner_password_letter_renders(read_shared: Callable[[str], bytes]) -> None:
    data = read_shared("samples/letters/letter-owner-password.pdf")

    assert image_of(render_pdf_page_png(data, 0)).width == 1000


def test_width_is_capped_at_2000_pixels(read_shared: Callable[[str], bytes]) -> None:
    data = read_shared("samples/letters/letter-typed.pdf")

    assert image_of(render_pdf_page_png(data, 0, width_px=50_000)).width == 2000


def test_tall_page_is_capped_at_3000_pixels_high() -> None:
    data = hostile.with_page_size(595, 14_000)

    image = image_of(render_pdf_page_png(data, 0, width_px=2000))

    assert image.height <= 3000
    assert image.width <= 2000


def test_page_beyond_the_last_is_an_index_error(
    read_shared: Callable[[str], bytes],
) -> None:
    data = read_shared("samples/letters/letter-scanned.pdf")

    with pytest.raises(IndexError):
        render_pdf_page_png(data, 1)


def test_password_protected_pdf_is_not_rendered(
    read_shared: Callable[[str], bytes],
) -> None:
    data = read_shared("samples/letters/letter-needs-password.pdf")

    with pytest.raises(FileRejected) as refused:
        render_pdf_page_png(data, 0)

    assert refused.value.code == Code.PDF_ENCRYPTED


def test_non_pdf_is_never_handed_to_the_renderer(
    read_shared: Callable[[str], bytes],
) -> None:
    with pytest.raises(FileRejected) as refused:
        render_pdf_page_png(read_shared("samples/letters/letter-photo.jpg"), 0)

    assert refused.value.code == Code.NOT_PDF


def test_rendering_does_not_run_scripts() -> None:
    # pdfium wheels are built without V8; a script-bearing page still renders.
    data = hostile.with_open_action(hostile.javascript_action("app.alert(1)"))

    assert image_of(render_pdf_page_png(data, 0)).width == 1000


def test_a_page_with_a_rotate_key_renders_landscape() -> None:
    pdf = hostile.blank_pdf()
    pdf.pages[0].Rotate = 90

    image = image_of(render_pdf_page_png(hostile.pdf_bytes(pdf), 0))

    assert image.width > image.height
