"""Where jobs keep their files: uploads waiting for a job, and what a job produced.

Everything lives under ``settings.PHAODAI_JOB_FILES`` (``var/jobs`` by default), never under a
static or media URL: a file is handed out only by the job's download page, to whoever may see it.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings


def root() -> Path:
    path = Path(settings.PHAODAI_JOB_FILES)
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_upload_path(suffix: str) -> tuple[Path, str]:
    """A fresh path for an uploaded file, and its name relative to the root (kept in job params)."""
    relative = f"uploads/{uuid.uuid4().hex}{suffix}"
    path = root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path, relative


def result_path(job_uuid: uuid.UUID, name: str) -> tuple[Path, str]:
    relative = f"results/{job_uuid.hex}/{name}"
    path = root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path, relative


def resolve(relative: str) -> Path | None:
    """The file a job names, if it exists and lies under the root (never a path outside it)."""
    if not relative:
        return None
    base = root().resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        return None
    return path
