"""What made the officer's day worse (issue 7, point 7): pregnancy asked of men, the English menu
button, no way back from Swagger, dismissing a pair without a confirmation."""

from __future__ import annotations

import re

from phaodai.people.enums import Sex
from phaodai.people.tests.factories import make_person


def test_a_mans_page_does_not_say_whether_he_is_pregnant_a_womans_does(world):
    client = world.client_for("own_commune")
    woman = make_person(residence_unit=world.units["Thôn Bản Phố 1"], full_name="Lò Thị Mai", sex=Sex.FEMALE)

    man = client.get(f"/nhan-khau/{world.people['own'].pk}/").content.decode()
    her = client.get(f"/nhan-khau/{woman.pk}/").content.decode()

    assert "Đang mang thai" not in man
    assert "<dt>Đang mang thai</dt><dd>Không</dd>" in her


def test_merging_two_men_does_not_ask_about_pregnancy(world):
    own, twin = world.people["own"], world.people["own_twin"]

    response = world.client_for("own_commune").get(f"/nhan-khau/gop/{own.pk}/{twin.pk}/")

    assert "is_pregnant" not in [row["name"] for row in response.context["rows"]]
    assert "Đang mang thai" not in response.content.decode()


def test_the_form_hides_the_pregnancy_box_while_nam_is_chosen():
    from config.env import BASE_DIR

    css = (BASE_DIR / "static/css/app.css").read_text(encoding="utf-8")

    assert 'form:has(input[name="sex"][value="M"]:checked) #f-is_pregnant { display: none; }' in css


def test_the_phone_menu_button_is_in_vietnamese(world):
    body = world.client_for("own_commune").get("/").content.decode()

    assert '<summary>Danh mục<span id="menu-badge" class="badge-slot"></span></summary>' in body
    assert "<summary>Menu</summary>" not in body


def test_swagger_has_a_way_back_to_the_app(world):
    response = world.client_for("own_commune").get("/api/docs/")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/">‹ Về trang chủ Pháo Đài</a>' in body
    assert 'id="swagger-ui"' in body  # Swagger itself is still there


def test_dismissing_a_pair_asks_first_as_merging_does(world):
    body = world.client_for("own_commune").get("/nhan-khau/trung-lap/").content.decode()

    dismiss = re.search(r'<button[^>]*data-confirm="([^"]*)"[^>]*>Không phải trùng</button>', body)
    assert dismiss is not None
    assert dismiss.group(1) == (
        "Xác nhận Giàng Seo Páo và Giàng Seo Pao là hai người khác nhau? "
        "Cặp này sẽ không được đưa ra xem lại; việc này được ghi vào lịch sử."
    )
