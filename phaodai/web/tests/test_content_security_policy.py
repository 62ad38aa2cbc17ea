"""A strict Content-Security-Policy on every answer, and templates that need nothing looser.

The browser tests (``test_browser.py``) check that HTMX pages and Swagger UI run under it with
no violation; this file checks the header and that no template brings inline code back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from config.env import BASE_DIR

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(header: str) -> dict[str, str]:
    policy = {}
    for part in filter(None, (part.strip() for part in header.split(";"))):
        name, _, value = part.partition(" ")
        policy[name] = value
    return policy


@pytest.mark.parametrize("url", ["/dang-nhap/", "/api/docs/", "/khong-co-trang-nay/", "/api/v1/me/"])
def test_every_answer_carries_the_strict_policy(client, db, url):
    response = client.get(url)

    assert _policy(response["Content-Security-Policy"]) == EXPECTED


def test_a_signed_in_page_carries_it_too(client, commune_leader):
    client.force_login(commune_leader)

    assert _policy(client.get("/nhan-khau/")["Content-Security-Policy"]) == EXPECTED


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), "an inline <script>"),
    (re.compile(r"<style\b", re.IGNORECASE), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "a style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "an on…= event handler"),
    (re.compile(r"\shx-on[:-]", re.IGNORECASE), "an hx-on handler (needs eval)"),
    (re.compile(r"javascript:", re.IGNORECASE), "a javascript: URL"),
]


def _templates() -> list[Path]:
    roots = [BASE_DIR / "templates", *sorted((BASE_DIR / "phaodai").glob("*/templates"))]
    return [path for root in roots for path in sorted(root.rglob("*.html"))]


def test_no_template_has_inline_script_or_style():
    found = [
        f"{path.relative_to(BASE_DIR)}: {what}"
        for path in _templates()
        for pattern, what in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert len(_templates()) > 20
    assert found == []


def test_htmx_is_told_to_add_no_inline_style_and_to_eval_nothing(client, db):
    body = client.get("/dang-nhap/").content.decode()

    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false,'
        ' "allowScriptTags": false}\'>'
    ) in body
