"""Which attached files a directive or a report accepts: the type read from the content, and the size."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from phaodai.directives.errors import DirectivesErrorCode

MAX_FILE_BYTES = 10 * 1024 * 1024  # a scanned letter of a few pages; photos from a phone
# Extension -> the bytes such a file starts with (the name alone proves nothing).
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
ACCEPTED = ", ".join(ext.lstrip(".") for ext in SIGNATURES)


def file_errors(upload: Any) -> list[ValidationError]:
    """Why an uploaded file is refused (empty list: accepted): too big, or not what its name says."""
    if upload is None:
        return []
    size = getattr(upload, "size", 0) or 0
    if size > MAX_FILE_BYTES:
        return [
            ValidationError(
                _("Tệp lớn hơn %(mb)d MB; hãy chụp hoặc quét với độ phân giải thấp hơn.")
                % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
                code=DirectivesErrorCode.FILE_TOO_BIG,
            )
        ]
    name = str(getattr(upload, "name", "") or "")
    extension = PurePath(name).suffix.lower()
    expected = SIGNATURES.get(extension)
    head = b""
    if expected is not None and size > 0:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
    if expected is None or not any(head.startswith(signature) for signature in expected):
        return [
            ValidationError(
                _("Chỉ nhận tệp %(accepted)s, đúng với nội dung của tệp.") % {"accepted": ACCEPTED},
                code=DirectivesErrorCode.FILE_TYPE,
            )
        ]
    return []


def display_name(upload: Any) -> str:
    return PurePath(str(getattr(upload, "name", "") or "")).name[:200]
