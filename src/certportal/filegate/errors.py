"""The one exception the file gate raises, with its stable codes."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Code(StrEnum):
    """Stable reasons for refusing a file; the API and tests use these strings."""

    EMPTY_FILE = "empty_file"
    TOO_LARGE = "too_large"
    BAD_NAME = "bad_name"
    WRONG_TYPE = "wrong_type"
    NOT_PDF = "not_pdf"
    PDF_DAMAGED = "pdf_damaged"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_NO_PAGES = "pdf_no_pages"
    PDF_TOO_MANY_PAGES = "pdf_too_many_pages"
    PDF_PAGE_SIZE = "pdf_page_size"
    PDF_IMAGE_TOO_LARGE = "pdf_image_too_large"
    PDF_ACTIVE_CONTENT = "pdf_active_content"
    TIMEOUT = "timeout"
    NOT_OFD = "not_ofd"
    OFD_TOO_BIG = "ofd_too_big"
    OFD_INVALID = "ofd_invalid"
    XML_UNSAFE = "xml_unsafe"
    XML_INVALID = "xml_invalid"


class FileRejected(Exception):
    """An uploaded file failed a check.

    `code` is stable, `variant` picks a more specific message for the same code
    (e.g. a photo sent where a PDF was expected), `params` fill the message and
    `reason` is an English detail for the operator's log, never shown to users.
    """

    def __init__(
        self,
        code: Code | str,
        *,
        variant: str = "",
        params: Mapping[str, object] | None = None,
        reason: str = "",
    ) -> None:
        self.code = Code(code)
        self.variant = variant
        self.params = dict(params or {})
        self.reason = reason
        super().__init__(f"{self.code}: {reason}" if reason else str(self.code))

    @property
    def message(self) -> StrOrPromise:
        """The translated message: what happened and what to do."""
        # Imported here because the sandbox child imports this package and must
        # not load Django; only the web process ever renders a message.
        from certportal.filegate.messages import message_for

        return message_for(self.code, self.variant, self.params)


def too_large(max_bytes: int) -> FileRejected:
    """Build the too_large refusal, naming the limit in megabytes."""
    limit_mb = f"{max_bytes / 2**20:.3g}"
    return FileRejected(Code.TOO_LARGE, params={"limit_mb": limit_mb})
