"""The announcements pages: the approval flow, the loudspeaker script, the public situation page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from phaodai.accounts.tests.factories import make_user
from phaodai.announcements.enums import AnnouncementStatus
from phaodai.announcements.models import Announcement, ServicePlace, UnitSituation
from phaodai.announcements.tests.factories import make_announcement
from phaodai.audit.models import AuditEvent
from phaodai.core.roles import Role


@pytest.fixture
def writer(units):
    return make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="canbo_yte_banpho")


@pytest.mark.django_db
def test_written_once_approved_by_another_then_published(
    client, units, writer, commune_leader, settings, tmp_path
):
    settings.PHAODAI_AUDIO_FILES = tmp_path
    client.force_login(writer)
    created = client.post(
        reverse("announcements:announcement_create") + f"?unit={units['Xã Bản Phố'].pk}",
        {
            "unit": units["Xã Bản Phố"].pk,
            "title": "Tạm dừng chợ phiên",
            "body": "Từ ngày mai, chợ phiên Bản Phố tạm dừng.",
            "for_loudspeaker": "on",
            "for_public_page": "on",
            "targets": [units["Thôn Bản Phố 1"].pk, units["Thôn Bản Phố 2"].pk],
        },
    )
    announcement = Announcement.objects.unscoped().get()
    assert created["Location"] == reverse(
        "announcements:announcement_detail", kwargs={"announcement_id": announcement.pk}
    )
    client.post(
        reverse("announcements:announcement_submit", kwargs={"announcement_id": announcement.pk}),
        {"version": 1},
    )
    own_page = client.get(created["Location"]).content.decode()
    assert "Thông báo đang chờ một lãnh đạo khác duyệt" in own_page

    leader = Client()
    leader.force_login(commune_leader)
    leader.post(
        reverse("announcements:announcement_approve", kwargs={"announcement_id": announcement.pk}),
        {"version": 2},
    )
    leader.post(
        reverse("announcements:announcement_publish", kwargs={"announcement_id": announcement.pk}),
        {"version": 3},
    )

    announcement.refresh_from_db()
    assert (announcement.status, announcement.written_by, announcement.approved_by) == (
        AnnouncementStatus.PUBLISHED,
        writer,
        commune_leader,
    )
    assert sorted(announcement.targets.values_list("name", flat=True)) == ["Thôn Bản Phố 1", "Thôn Bản Phố 2"]
    public = Client().get(
        reverse("announcements:public_situation", kwargs={"unit_id": units["Thôn Bản Phố 2"].pk})
    )
    assert "Tạm dừng chợ phiên" in public.content.decode()


@pytest.mark.django_db
def test_the_loudspeaker_script_has_a_print_stylesheet_and_no_inline_style(client, units, writer):
    announcement = make_announcement(
        unit=units["Xã Bản Phố"], written_by=writer, title="Phòng dịch mùa lễ hội"
    )
    client.force_login(writer)

    body = client.get(
        reverse("announcements:announcement_script", kwargs={"announcement_id": announcement.pk})
    ).content.decode()

    assert '<link rel="stylesheet" href="/static/css/script-print.css" media="print">' in body
    assert "Phòng dịch mùa lễ hội" in body
    assert "CHƯA ĐƯỢC DUYỆT" in body
    assert not re.search(r"\sstyle=|<style|<script>", body)


@pytest.mark.django_db
def test_the_public_page_shows_only_what_is_published_and_says_the_cases_are_not_counted_yet(
    units, writer, monkeypatch
):
    from phaodai.counts import indicators

    monkeypatch.setattr(indicators, "declared_indicators", dict)  # no cases app
    commune = units["Xã Bản Phố"]
    make_announcement(
        unit=commune, written_by=writer, title="Đã phát công khai", status=AnnouncementStatus.PUBLISHED
    )
    make_announcement(unit=commune, written_by=writer, title="Bản nháp chưa phát")
    make_announcement(
        unit=commune,
        written_by=writer,
        title="Chỉ đọc trên loa",
        status=AnnouncementStatus.PUBLISHED,
        for_public_page=False,
    )
    make_announcement(
        unit=units["Xã Lùng Phình"],
        written_by=writer,
        title="Của xã bên cạnh",
        status=AnnouncementStatus.PUBLISHED,
    )
    UnitSituation.objects.create(unit=commune, measures="Giãn cách thôn Bản Phố 1.", hotline="02143880115")
    ServicePlace.objects.create(unit=commune, name="Trạm Y tế xã Bản Phố", address="Trung tâm xã")

    response = Client().get(reverse("announcements:public_situation", kwargs={"unit_id": commune.pk}))
    body = response.content.decode()

    assert response.status_code == 200
    found = {
        title: title in body
        for title in ("Đã phát công khai", "Bản nháp chưa phát", "Chỉ đọc trên loa", "Của xã bên cạnh")
    }
    assert found == {
        "Đã phát công khai": True,
        "Bản nháp chưa phát": False,
        "Chỉ đọc trên loa": False,
        "Của xã bên cạnh": False,
    }
    assert "Số ca mắc mới trong tuần chưa có: hệ thống chưa tổng hợp số liệu này." in body
    assert (
        "Giãn cách thôn Bản Phố 1." in body,
        'href="tel:02143880115"' in body,
        "Trạm Y tế xã Bản Phố" in body,
    ) == (
        True,
        True,
        True,
    )
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script" not in body
    assert len(response.content) < 12_000


@pytest.mark.django_db
def test_the_public_page_is_rate_limited_per_address(units, settings):
    settings.PHAODAI_RATES = {**settings.PHAODAI_RATES, "public_situation": "3/min"}
    url = reverse("announcements:public_situation", kwargs={"unit_id": units["Xã Bản Phố"].pk})
    anonymous = Client()

    codes = [anonymous.get(url).status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]


@pytest.mark.django_db
def test_the_public_page_of_no_unit_is_404(db):
    assert (
        Client().get(reverse("announcements:public_situation", kwargs={"unit_id": 999999})).status_code == 404
    )


@pytest.mark.django_db
def test_the_public_page_reads_this_weeks_cases_from_counts_once_the_indicator_is_declared(
    units, monkeypatch
):
    import datetime as dt

    from django.utils import timezone

    from phaodai.counts import indicators
    from phaodai.counts.services import count_add

    commune, village = units["Xã Bản Phố"], units["Thôn Bản Phố 1"]
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    for unit, day, value in (
        (village, monday, 3),
        (commune, today, 2),
        (village, monday - dt.timedelta(days=1), 40),  # last week
        (units["Thôn Lùng Phình"], today, 500),  # another commune
    ):
        count_add(unit=unit, day=day, indicator="cases.new", delta=value, dims=("community", "known"))
    url = reverse("announcements:public_situation", kwargs={"unit_id": commune.pk})

    # cases declares cases.new; without it (an installation without cases) the page says so
    after = Client().get(url).content.decode()
    monkeypatch.setattr(indicators, "declared_indicators", dict)
    before = Client().get(url).content.decode()

    assert "Số ca mắc mới trong tuần chưa có" in before
    assert '<p class="figure">5</p>' in after
    assert "Số ca mắc mới trong tuần chưa có" not in after


@pytest.fixture
def approved(units, writer, commune_leader):
    return make_announcement(
        unit=units["Xã Bản Phố"],
        written_by=writer,
        title="Tiêm vắc xin mũi 3",
        targets=[units["Thôn Bản Phố 1"]],
        status=AnnouncementStatus.APPROVED,
        approved_by=commune_leader,
    )


def _publish_url(announcement) -> str:
    return reverse("announcements:announcement_publish", kwargs={"announcement_id": announcement.pk})


def _detail(client, announcement) -> str:
    url = reverse("announcements:announcement_detail", kwargs={"announcement_id": announcement.pk})
    return str(client.get(url).content.decode())


@pytest.mark.django_db
def test_the_publish_form_offers_the_leaders_units_checked_with_the_chosen_ones(
    client, units, approved, commune_leader
):
    client.force_login(commune_leader)
    page = _detail(client, approved)
    form = page.split(f'action="{_publish_url(approved)}"')[1].split("</form>")[0]
    boxes = re.findall(r'<input type="checkbox" name="targets" value="(\d+)"([^>]*)>', form)
    assert [(int(pk), "checked" in rest) for pk, rest in boxes] == [
        (units["Xã Bản Phố"].pk, False),
        (units["Thôn Bản Phố 1"].pk, True),
        (units["Thôn Bản Phố 2"].pk, False),
    ]
    assert '<input type="hidden" name="choose_targets" value="True"' in form
    assert f'<input type="hidden" name="version" value="{approved.version}"' in form
    assert "Lùng Phình" not in form


@pytest.mark.django_db
def test_publishing_on_the_page_to_the_units_chosen_then(client, units, approved, commune_leader):
    client.force_login(commune_leader)
    answer = client.post(
        _publish_url(approved),
        {
            "version": approved.version,
            "choose_targets": "True",
            "targets": [units["Thôn Bản Phố 1"].pk, units["Thôn Bản Phố 2"].pk],
        },
        follow=True,
    )
    assert "Đã phát thông báo tới các đơn vị." in answer.content.decode()
    approved.refresh_from_db()
    assert approved.status == AnnouncementStatus.PUBLISHED
    assert sorted(approved.targets.values_list("name", flat=True)) == ["Thôn Bản Phố 1", "Thôn Bản Phố 2"]
    changed = AuditEvent.objects.get(event="announcements.announcement_updated", target_id=approved.pk)
    assert changed.changes == {
        "targets": [
            [units["Thôn Bản Phố 1"].pk],
            sorted([units["Thôn Bản Phố 1"].pk, units["Thôn Bản Phố 2"].pk]),
        ]
    }
    assert AuditEvent.objects.get(event="announcements.announcement_published").params == {"n": 2}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("targets", "version", "message"),
    [
        ([], None, "Hãy chọn ít nhất một thôn, xã để phát thông báo."),
        (["Thôn Lùng Phình"], None, "Đơn vị không thuộc địa bàn bạn phụ trách."),
        (["Thôn Bản Phố 2"], 1, "Thông báo vừa được người khác thay đổi; hãy xem lại rồi làm lại."),
        (["Thôn Bản Phố 2"], "", "Trang đã cũ; hãy tải lại trang rồi làm lại."),
    ],
)
def test_a_refused_publication_says_why_and_changes_nothing(
    client, units, approved, commune_leader, targets, version, message
):
    approved.version = 4
    approved.save(update_fields=["version"])
    before = AuditEvent.objects.count()
    client.force_login(commune_leader)
    answer = client.post(
        _publish_url(approved),
        {
            "version": approved.version if version is None else version,
            "choose_targets": "True",
            "targets": [units[name].pk for name in targets],
        },
        follow=True,
    )
    assert message in answer.content.decode()
    assert "Đã phát thông báo tới các đơn vị." not in answer.content.decode()
    approved.refresh_from_db()
    assert (approved.status, approved.version) == (AnnouncementStatus.APPROVED, 4)
    assert list(approved.targets.values_list("name", flat=True)) == ["Thôn Bản Phố 1"]
    assert AuditEvent.objects.count() == before
