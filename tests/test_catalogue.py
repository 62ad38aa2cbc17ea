"""The English catalogue is complete and current: ``make test`` fails on a Vietnamese message with no
English, a fuzzy one, a catalogue older than the source, or a compiled .mo older than the .po.

Freshness is checked by running ``makemessages`` on a copy of the source in a temporary folder
(the committed catalogue is never rewritten by the test) and comparing the message ids.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys

import pytest

from config.env import BASE_DIR

PO = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
_FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$')


def entries(text: str) -> list[dict[str, object]]:
    """The catalogue's entries (header left out): their fields and flags."""
    found: list[dict[str, object]] = []
    for block in text.strip().split("\n\n")[1:]:
        fields: dict[str, str] = {}
        flags: list[str] = []
        current = ""
        obsolete = False
        for line in block.splitlines():
            if line.startswith("#~"):
                obsolete = True
            elif line.startswith("#,"):
                flags = [flag.strip() for flag in line[2:].split(",")]
            elif match := _FIELD.match(line):
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if not obsolete and "msgid" in fields:
            found.append({"fields": fields, "flags": flags})
    return found


def _key(entry: dict[str, object]) -> tuple[str, str]:
    fields = entry["fields"]
    assert isinstance(fields, dict)
    return fields.get("msgctxt", ""), fields["msgid"]


def test_every_message_has_an_english_translation_and_none_is_fuzzy():
    problems = []
    for entry in entries(PO.read_text(encoding="utf-8")):
        fields, flags = entry["fields"], entry["flags"]
        assert isinstance(fields, dict)
        assert isinstance(flags, list)
        translations = [value for name, value in fields.items() if name.startswith("msgstr")]
        if "fuzzy" in flags:
            problems.append(f"fuzzy: {fields['msgid']}")
        elif not translations or not all(translations):
            problems.append(f"untranslated: {fields['msgid']}")
    assert problems == []


def test_the_catalogue_is_current_with_the_source(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("gettext (xgettext) is needed to check the catalogue: apt-get install gettext")
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".venv", "var", "staticfiles", ".git", "__pycache__", "*.pyc", "node_modules"
    )
    for name in ("phaodai", "config", "templates", "locale", "static"):
        shutil.copytree(BASE_DIR / name, copy / name, ignore=ignore)
    shutil.copy(BASE_DIR / "manage.py", copy / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore=.venv", "--ignore=tests", "--no-obsolete",
         "--settings=config.settings.test", "-v0"],
        cwd=copy,
        check=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin:/usr/local/bin", "PYTHONPATH": str(copy)},
    )  # fmt: skip

    fresh = {_key(e) for e in entries((copy / PO.relative_to(BASE_DIR)).read_text(encoding="utf-8"))}
    committed = {_key(e) for e in entries(PO.read_text(encoding="utf-8"))}

    assert sorted(fresh - committed) == [], (
        "messages missing from the catalogue: run makemessages and translate"
    )
    assert sorted(committed - fresh) == [], "messages no longer in the source: run makemessages --no-obsolete"


def test_the_compiled_catalogue_is_the_committed_one(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(PO)], check=True, timeout=60)  # noqa: S603, S607

    with compiled.open("rb") as fresh, MO.open("rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]
