"""The loudspeaker audio of an announcement, made offline by espeak-ng's Vietnamese voice.

``speak(text, path)`` writes a WAV file (22,050 Hz, 16-bit, mono: what espeak-ng makes) and
returns its length in seconds, read from the file itself. espeak-ng is Debian's package
``espeak-ng`` (``apt-get install espeak-ng``); the program is ``settings.PHAODAI_ESPEAK``. It
speaks at ``SPEAKING_RATE`` words a minute (espeak's ``-s``), a little slower than its default
175 so that a loudspeaker in a valley stays understandable, with a pause of ``WORD_GAP`` (×10 ms)
between words.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
import wave
from pathlib import Path

from django.conf import settings

SPEAKING_RATE = 150  # words per minute (espeak-ng -s)
WORD_GAP = 1  # extra pause between words, in units of 10 ms (espeak-ng -g)
VOICE = "vi"
TIMEOUT_SECONDS = 300


class EspeakMissing(Exception):  # noqa: N818 - reads as the situation it is
    """espeak-ng is not installed (or not where PHAODAI_ESPEAK says)."""


class EspeakFailed(Exception):  # noqa: N818
    """espeak-ng ran but made no usable file."""


def root() -> Path:
    path = Path(settings.PHAODAI_AUDIO_FILES)
    path.mkdir(parents=True, exist_ok=True)
    return path


def program() -> str | None:
    """The espeak-ng program to run, or None when it is not installed."""
    return shutil.which(settings.PHAODAI_ESPEAK)


def wav_seconds(path: Path) -> float:
    """A WAV file's length, from its own header and frame count."""
    with wave.open(str(path), "rb") as audio:
        return audio.getnframes() / float(audio.getframerate())


def speak(text: str, path: Path) -> float:
    """Write ``text`` spoken in Vietnamese to ``path`` (WAV); its length in seconds."""
    found = program()
    if found is None:
        raise EspeakMissing(settings.PHAODAI_ESPEAK)
    completed = subprocess.run(  # noqa: S603 - a fixed program and arguments; the text goes on stdin
        [
            found,
            "-v",
            VOICE,
            "-s",
            str(SPEAKING_RATE),
            "-g",
            str(WORD_GAP),
            "-b",
            "1",
            "--stdin",
            "-w",
            str(path),
        ],
        input=text.encode("utf-8"),
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode != 0 or not path.is_file() or path.stat().st_size <= 44:
        path.unlink(missing_ok=True)
        raise EspeakFailed(completed.stderr.decode("utf-8", "replace")[:200])
    return wav_seconds(path)


def new_name() -> str:
    return f"{uuid.uuid4().hex}.wav"


def resolve(name: str) -> Path | None:
    """The stored audio, if it exists and lies under the root (never a path outside it)."""
    if not name:
        return None
    base = root().resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        return None
    return path


def script_text(title: str, body: str) -> str:
    """What the loudspeaker says: the title, a pause, the text."""
    return f"{title.strip()}.\n\n{body.strip()}\n"
