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
    first = _run("seed_demo", "--scale", "small", "--if-empty")
    seeded = _counts()
    second = _run("seed_demo", "--scale", "small", "--if-empty")

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
    _run("seed_demo", "--scale", "small")
    seeded = _counts()

    with pytest.raises(CommandError) as caught:
        _run("seed_demo", "--scale", "small", "--seed", "7")

    assert str(caught.value) == "Cơ sở dữ liệu đã có nhân khẩu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống."
    assert _counts() == seeded


def test_demo_logins_lists_every_account_with_its_role_and_unit():
    # given the small demo, and one account whose password was changed
    _run("seed_demo", "--scale", "small")
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
