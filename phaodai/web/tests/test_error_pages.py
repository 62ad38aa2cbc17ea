"""The project's own 403/404/500 pages (JSON under /api/), and `make run` serving the demo without
debug pages, static files compressed as in production (issue 7, point 5)."""

from __future__ import annotations

import gzip
import importlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from config.env import BASE_DIR
from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def test_a_foreign_persons_page_is_the_vietnamese_404_with_a_way_back(world):
    other = world.people["sibling"]
    client = world.client_for("own_commune")

    response = client.get(f"/nhan-khau/{other.pk}/", headers={"referer": "http://testserver/nhan-khau/"})

    body = response.content.decode()
    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
    assert "<title>Không tìm thấy · Pháo Đài</title>" in body
    assert "Trang hoặc hồ sơ này không tồn tại, hoặc nằm ngoài địa bàn bạn phụ trách." in body
    assert VIEWPORT in body
    assert (
        '<a class="button secondary" href="http://testserver/nhan-khau/">‹ Quay lại trang trước</a>' in body
    )
    assert '<a class="button" href="/">Về trang chủ</a>' in body
    assert other.full_name not in body
    assert "URLconf" not in body
    assert "Page not found" not in body


def test_a_way_back_never_leads_off_the_site(world):
    response = world.client_for("own_commune").get(
        "/khong-co-trang-nay/", headers={"referer": "https://lua-dao.example/"}
    )

    assert response.status_code == 404
    assert "lua-dao.example" not in response.content.decode()
    assert response.context["back_url"] is None


def test_the_404_page_reads_in_english_after_the_switch(world):
    client = world.client_for("own_commune")
    client.post("/ngon-ngu", {"language": "en", "next": "/"})

    body = client.get("/khong-co/").content.decode()

    assert "<title>Not found · Pháo Đài</title>" in body


def test_a_refused_action_is_the_vietnamese_403(units):
    viewer = make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"])
    client = Client()
    client.force_login(viewer)

    response = client.get("/nhan-khau/them/")

    body = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền làm việc này" in body
    assert VIEWPORT in body
    assert '<a class="button" href="/">Về trang chủ</a>' in body


def test_an_unknown_api_address_answers_json(world):
    response = world.client_for("own_commune").get("/api/v1/khong-co/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"code": "not_found", "message": "Không tìm thấy."}}


@pytest.mark.urls("phaodai.web.tests.urls_failing")
def test_a_failure_is_the_vietnamese_500_page_and_json_under_the_api(db):
    client = Client(raise_request_exception=False)

    page = client.get("/hong/")
    api = client.get("/api/v1/hong/")

    body = page.content.decode()
    assert page.status_code == 500
    assert "<title>Lỗi máy chủ · Pháo Đài</title>" in body
    assert "Thao tác vừa rồi chưa thực hiện được." in body
    assert VIEWPORT in body
    assert '<a class="button" href="/">Về trang chủ</a>' in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body
    assert api.status_code == 500
    assert api.json() == {
        "error": {
            "code": "server_error",
            "message": "Lỗi máy chủ: thao tác chưa thực hiện được. Hãy thử lại sau ít phút.",
        }
    }


def test_an_expired_form_is_the_vietnamese_csrf_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["own_commune"])

    response = client.post("/nhan-khau/them/", {"full_name": "Giàng A Lử"})

    body = response.content.decode()
    assert response.status_code == 403
    assert "Chưa gửi được: phiên làm việc đã hết hạn" in body
    assert VIEWPORT in body
    assert "CSRF verification failed" not in body


# --- make run ------------------------------------------------------------------------------------


MAKE = shutil.which("make")
VENV = Path(sys.executable).parent.parent  # the virtualenv running the tests


def _make_run(host: str, port: str) -> str:
    """What `make run` would run (make -n: printed, not run; the venv taken as installed)."""
    assert MAKE is not None
    command = [MAKE, "-n", "run", f"HOST={host}", f"PORT={port}", f"VENV={VENV}", "-o", f"{VENV}/.installed"]
    result = subprocess.run(command, cwd=BASE_DIR, capture_output=True, text=True, timeout=60, check=True)  # noqa: S603
    return result.stdout


def test_make_run_serves_the_demo_without_debug_and_prints_the_port_it_serves():
    commands = _make_run("127.0.0.1", "8123")

    assert "DJANGO_DEBUG=true" not in commands
    assert "manage.py collectstatic --noinput -v0 --settings=config.settings.demo" in commands
    assert "seed_demo --scale medium --if-empty --demo-database --settings=config.settings.demo" in commands
    assert "demo_logins --base-url http://127.0.0.1:8123 --settings=config.settings.demo" in commands
    assert re.search(r"DJANGO_SETTINGS_MODULE=config\.settings\.demo \S+/gunicorn config\.wsgi", commands)
    assert "--bind 127.0.0.1:8123" in commands


def test_make_run_on_every_interface_prints_an_address_one_can_open():
    commands = _make_run("0.0.0.0", "8200")  # noqa: S104 - what the Makefile is told, not a bind here

    assert "demo_logins --base-url http://127.0.0.1:8200" in commands
    assert "--bind 0.0.0.0:8200" in commands


def test_the_demo_settings_only_tighten_the_base():
    demo = importlib.import_module("config.settings.demo")
    base = importlib.import_module("config.settings.base")

    assert demo.DEBUG is False
    assert demo.STORAGES["staticfiles"] == {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    }
    assert (demo.WHITENOISE_USE_FINDERS, demo.WHITENOISE_AUTOREFRESH) == (False, False)
    assert demo.INSTALLED_APPS == base.INSTALLED_APPS  # seed_demo and demo_logins are there
    assert demo.DATABASES == base.DATABASES


def test_the_demos_static_files_are_served_compressed(tmp_path, db):
    demo_static = {
        "STATIC_ROOT": tmp_path,
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        "WHITENOISE_USE_FINDERS": False,
        "WHITENOISE_AUTOREFRESH": False,
    }
    with override_settings(**demo_static):
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.templatetags.static import static

        url = static("vendor/htmx-2.0.11.min.js")
        response = Client().get(url, headers={"accept-encoding": "gzip"})
        content = b"".join(getattr(response, "streaming_content", []))

    assert re.fullmatch(r"/static/vendor/htmx-2\.0\.11\.min\.[0-9a-f]{12}\.js", url)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert len(content) < 20_000  # ~17 KB on the wire instead of 52 KB
    assert len(gzip.decompress(content)) == (BASE_DIR / "static/vendor/htmx-2.0.11.min.js").stat().st_size
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
