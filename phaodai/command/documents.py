"""Documents of a body (its establishment decision, its working rules): checked by their
content, not by what the browser says, stored under ``VAR_DIR/command`` with a random name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.audit.services import audited_create
from phaodai.command import events
from phaodai.command.enums import DocumentKind
from phaodai.command.errors import CommandErrorCode
from phaodai.command.models import CommandCentre, Document, SteeringCommittee
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    suffixes: tuple[str, ...]
    content_type: str
    magic: tuple[bytes, ...]


# What an attached document may be, recognised by its first bytes.
FILE_KINDS: tuple[FileKind, ...] = (
    FileKind((".pdf",), "application/pdf", (b"%PDF-",)),
    FileKind(
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    FileKind((".odt",), "application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    FileKind((".doc",), "application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    FileKind((".jpg", ".jpeg"), "image/jpeg", (b"\xff\xd8\xff",)),
    FileKind((".png",), "image/png", (b"\x89PNG\r\n\x1a\n",)),
)
ALLOWED_SUFFIXES = tuple(suffix for kind in FILE_KINDS for suffix in kind.suffixes)


def _file_error(message: str, code: str) -> ValidationError:
    return ValidationError({"file": [ValidationError(message, code=code)]})


def check_document(upload: UploadedFile | None) -> FileKind:
    """The kind of an uploaded document, or a Vietnamese refusal (missing, too big, not one of
    the kinds accepted, or content that is not what its name says)."""
    if upload is None or not upload.name:
        raise _file_error(_("Hãy chọn tệp văn bản."), CommandErrorCode.DOCUMENT_REQUIRED)
    size = upload.size or 0
    if size > MAX_DOCUMENT_BYTES:
        raise _file_error(
            _("Tệp quá lớn (%(size)s MB); tối đa %(max)d MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "max": MAX_DOCUMENT_BYTES // 1024 // 1024},
            CommandErrorCode.DOCUMENT_SIZE,
        )
    if size == 0:
        raise _file_error(_("Tệp trống."), CommandErrorCode.DOCUMENT_TYPE)
    suffix = Path(upload.name).suffix.lower()
    kind = next((k for k in FILE_KINDS if suffix in k.suffixes), None)
    if kind is None:
        raise _file_error(
            _("Chỉ nhận tệp PDF, Word (.doc, .docx), .odt hoặc ảnh chụp (.jpg, .png)."),
            CommandErrorCode.DOCUMENT_TYPE,
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in kind.magic):
        raise _file_error(
            _("Nội dung tệp không đúng loại %(suffix)s.") % {"suffix": suffix}, CommandErrorCode.DOCUMENT_TYPE
        )
    return kind


def document_add(
    *,
    actor: User,
    body: CommandCentre | SteeringCommittee,
    kind: str,
    title: str,
    upload: UploadedFile | None,
    number: str = "",
    issued_on: dt.date | None = None,
    uuid: UUID | None = None,
) -> tuple[Document, bool]:
    """Attach a document to a body (audited); the file is removed again if the write fails."""
    require(actor, Capability.MANAGE_COMMAND)
    require_in_jurisdiction(actor, body.area_path)
    clean_title = " ".join((title or "").split())
    if not clean_title:
        raise ValidationError(
            {
                "title": [
                    ValidationError(_("Hãy nhập trích yếu văn bản."), code=CommandErrorCode.NAME_REQUIRED)
                ]
            }
        )
    if kind not in DocumentKind.values:
        kind = DocumentKind.OTHER
    file_kind = check_document(upload)
    if upload is None:  # checked above
        raise _file_error(_("Hãy chọn tệp văn bản."), CommandErrorCode.DOCUMENT_REQUIRED)

    def create() -> Document:
        document = Document(
            unit=body.unit,
            kind=kind,
            title=clean_title,
            number=" ".join(number.split()),
            issued_on=issued_on,
            filename=Path(upload.name or "").name[:200],
            content_type=file_kind.content_type,
            size=upload.size or 0,
        )
        if uuid is not None:
            document.uuid = uuid
        if isinstance(body, CommandCentre):
            document.centre = body
        else:
            document.committee = body
        document.file.save(upload.name or "tep", upload, save=False)
        stored = document.file.name
        try:
            return audited_create(
                document,
                actor=actor,
                event=events.DOCUMENT_ADDED,
                fields=("kind", "title", "number", "issued_on", "filename"),
            )
        except Exception:
            document.file.storage.delete(stored)
            raise

    with transaction.atomic():
        return create_once(Document, actor=actor, uuid=uuid, create=create)
