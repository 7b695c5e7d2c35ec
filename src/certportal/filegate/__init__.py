"""The one place where untrusted files are checked; nothing else parses uploads.

Use ``check_upload`` for anything a person uploads, ``safe_display_name`` for the
name shown or sent back in Content-Disposition, and ``render_pdf_page_png`` to
show an accepted PDF as images. PDF parsing and rendering run in a separate,
time- and memory-limited process.
"""

from certportal.filegate._sandbox import SandboxFailure
from certportal.filegate.errors import Code, FileRejected
from certportal.filegate.invoice import check_ofd, check_xml
from certportal.filegate.names import safe_display_name
from certportal.filegate.pdf import PdfInfo, check_pdf
from certportal.filegate.preview import render_pdf_page_png
from certportal.filegate.upload import CheckedFile, check_upload

__all__ = [
    "CheckedFile",
    "Code",
    "FileRejected",
    "PdfInfo",
    "SandboxFailure",
    "check_ofd",
    "check_pdf",
    "check_upload",
    "check_xml",
    "render_pdf_page_png",
    "safe_display_name",
]
