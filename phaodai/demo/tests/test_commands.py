"""``seed_demo`` and ``demo_logins`` as ``make run`` calls them."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.people.models import Household, Person

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, int, int, int]:
    return (
        AdminUnit.objects.count(),
        Household.objects.count(),
        Person.objects.count(),
        User.objects.count(),
    )


def test_seed_demo_loads_the_map_and_the_province_once_then_if_empty_does_nothing():
    # given an empty database
    assert _counts() == (0, 0, 0, 0)

    # when make run seeds the small province twice with --if-empty
    first = _run("seed_demo", "--demo-database", "--scale", "small", "--if-empty")
    seeded = _counts()
    second = _run("seed_demo", "--demo-database", "--scale", "small", "--if-empty")

    # then the real map and the demo were loaded the first time, and nothing the second
    assert "Bản đồ 2021: 11372 bản ghi mới hoặc thay đổi" in first
    people = Person.objects.count()
    assert f"{Household.objects.count()} hộ gia đình, {people} nhân khẩu" in first
    assert "8 tài khoản demo" in first
    assert "cặp nghi trùng chờ xem xét" in first
    assert 400 <= people <= 520
    assert second == "Đã có dữ liệu nhân khẩu: bỏ qua bước nạp dữ liệu mẫu.\n"
    assert _counts() == seeded


def test_seed_demo_without_if_empty_refuses_a_database_with_people():
    _run("seed_demo", "--demo-database", "--scale", "small")
    seeded = _counts()

    with pytest.raises(CommandError) as caught:
        _run("seed_demo", "--demo-database", "--scale", "small", "--seed", "7")

    assert str(caught.value) == "Cơ sở dữ liệu đã có nhân khẩu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống."
    assert _counts() == seeded


def test_demo_logins_lists_every_account_with_its_role_and_unit():
    # given the small demo, and one account whose password was changed
    _run("seed_demo", "--demo-database", "--scale", "small")
    changed = User.objects.get(username="xem")
    changed.set_password("mat-khau-rieng-2021")
    changed.save()

    # when the logins are printed
    out = _run("demo_logins")

    # then each account is listed with its role and unit, with the URL and the demo password
    lines = out.splitlines()
    assert lines[0] == "Đăng nhập tại http://127.0.0.1:8000/dang-nhap/"
    table = {line.split()[0]: line for line in lines[4:12]}
    assert list(table) == [
        "lanhdao.tinh",
        "lanhdao.bacha",
        "canbo.xa",
        "yte.xa",
        "toconguong.thon",
        "chot.kiemdich",
        "xem",
        "quantri",
    ]
    cells = {name: [c.strip() for c in line.split("  ") if c.strip()] for name, line in table.items()}
    assert cells["lanhdao.tinh"] == ["lanhdao.tinh", "Lãnh đạo cấp tỉnh", "Tỉnh Lào Cai"]
    assert cells["lanhdao.bacha"] == ["lanhdao.bacha", "Lãnh đạo cấp huyện", "Huyện Bắc Hà (Tỉnh Lào Cai)"]
    assert cells["canbo.xa"] == ["canbo.xa", "Lãnh đạo cấp xã", "Xã Bản Phố (Huyện Bắc Hà)"]
    assert cells["yte.xa"] == ["yte.xa", "Cán bộ y tế", "Xã Bản Phố (Huyện Bắc Hà)"]
    assert cells["toconguong.thon"][:2] == ["toconguong.thon", "Tổ Covid cộng đồng"]
    assert cells["toconguong.thon"][2].endswith("(Xã Bản Phố)")
    assert cells["chot.kiemdich"] == ["chot.kiemdich", "Cán bộ chốt kiểm dịch", "Huyện Bắc Hà (Tỉnh Lào Cai)"]
    assert cells["xem"] == ["xem", "Người xem", "Tỉnh Lào Cai"]
    assert cells["quantri"] == ["quantri", "Quản trị hệ thống", "toàn hệ thống"]
    assert "Mật khẩu chung của các tài khoản demo: phaodai-demo" in out
    assert lines[-1] == "Đã đổi mật khẩu hoặc bị khoá: xem."


def test_demo_logins_before_seeding_says_how_to_seed():
    assert _run("demo_logins") == "Chưa có tài khoản demo: chạy 'manage.py seed_demo' trước.\n"


def test_seed_demo_refuses_when_debug_is_off_without_the_explicit_flag(settings):
    # given what an empty production database looks like to the command: DEBUG off
    settings.DEBUG = False

    # when seeding without saying that this is a demo database
    with pytest.raises(CommandError) as caught:
        _run("seed_demo", "--scale", "small")

    # then it is refused, and no account (quantri with the published password) was created
    assert "DEBUG đang tắt" in str(caught.value)
    assert "--demo-database" in str(caught.value)
    assert _counts() == (0, 0, 0, 0)


def test_seed_demo_runs_with_debug_on(settings):
    settings.DEBUG = True

    out = _run("seed_demo", "--scale", "small")

    assert "8 tài khoản demo" in out
    assert User.objects.filter(username="quantri").exists()


def test_a_production_installation_has_no_seed_demo_command():
    """The demo app is not in the production settings: there, seed_demo does not exist at all."""
    import os
    import subprocess
    import sys

    from config.env import BASE_DIR

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-key-for-the-check-0123456789-abcdef",
        DJANGO_ALLOWED_HOSTS="phaodai.example.vn",
        DATABASE_URL="postgres://phaodai@127.0.0.1:5432/phaodai",
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--scale", "small", "--demo-database"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr
