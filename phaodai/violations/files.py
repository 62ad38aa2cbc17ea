"""Evidence files: which are accepted (by their content, not their name), where they are kept.

A file is accepted when its first bytes are those of a JPEG, PNG or WebP photo or a PDF, and it
is not larger than ``PHAODAI_EVIDENCE_MAX_BYTES``. It is stored under
``PHAODAI_EVIDENCE_FILES`` with a random name and the extension of its real type (never the
name the sender chose), outside any static or media URL, and handed out only by the
violation's page to users who may see the violation (``views.evidence_download``).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

# (first bytes, content type, extension)
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


def kind_of(head: bytes) -> Kind | None:
    """The type a file's first bytes show, or None when it is none of those accepted."""
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return Kind(content_type, extension)
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Kind("image/webp", ".webp")
    return None


def root() -> Path:
    path = Path(settings.PHAODAI_EVIDENCE_FILES)
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(upload: UploadedFile, kind: Kind) -> tuple[str, str, int]:
    """Write the upload under a new random name: ``(stored name, sha256, size)``."""
    name = f"{uuid.uuid4().hex}{kind.extension}"
    digest = hashlib.sha256()
    size = 0
    path = root() / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return name, digest.hexdigest(), size


def resolve(stored_name: str) -> Path | None:
    """The stored file, if it exists and lies under the root (never a path outside it)."""
    if not stored_name:
        return None
    base = root().resolve()
    path = (base / stored_name).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        return None
    return path


def remove(stored_name: str) -> None:
    path = resolve(stored_name)
    if path is not None:
        path.unlink(missing_ok=True)
