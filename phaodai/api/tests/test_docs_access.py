"""The schema and Swagger UI: open in development, behind login when PHAODAI_API_DOCS_PUBLIC is
false (the production default)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from config.env import BASE_DIR
from phaodai.api.tests.clients import anonymous_client, token_client


@pytest.fixture
def closed(settings):
    settings.PHAODAI_API_DOCS_PUBLIC = False


def test_closed_the_schema_answers_401_json_to_anonymous_callers(closed, db):
    response = anonymous_client().get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert b"paths" not in response.content


def test_closed_the_docs_page_sends_a_visitor_to_log_in(closed, client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/api/docs/"


def test_closed_a_signed_in_officer_reads_both(closed, client, commune_leader):
    client.force_login(commune_leader)

    docs = client.get("/api/docs/")
    schema = client.get("/api/schema/")

    assert docs.status_code == 200
    assert (schema.status_code, schema.content.startswith(b"openapi: 3.0.3\n")) == (200, True)


def test_closed_a_phone_with_a_token_reads_the_schema(closed, commune_leader):
    response = token_client(commune_leader).get("/api/schema/")

    assert response.status_code == 200


def _production_docs_public(**env: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PHAODAI_API_DOCS"))}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.production as p; print(p.PHAODAI_API_DOCS_PUBLIC)"],
        cwd=BASE_DIR,
        env={
            **base,
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "phaodai.example.vn",
            "DATABASE_URL": "postgres://phaodai@127.0.0.1:5432/phaodai",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_the_production_settings_close_them_unless_told():
    assert _production_docs_public() == "False"
    assert _production_docs_public(PHAODAI_API_DOCS_PUBLIC="true") == "True"
