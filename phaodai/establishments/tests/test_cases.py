"""Cases among an establishment's workers and pupils: on its page, counted on the list, only the
cases the reader may see; and a resident's workplaces on their page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.cases.enums import CaseStatus
from phaodai.cases.services import case_close
from phaodai.cases.tests.factories import case_writer, make_case
from phaodai.core.roles import CAPABILITIES, Capability, Role
from phaodai.establishments.enums import EstablishmentKind, MemberRole
from phaodai.establishments.models import Establishment
from phaodai.establishments.selectors import (
    establishment_case_counts,
    establishment_cases,
    establishment_search,
)
from phaodai.establishments.tests.factories import make_establishment, make_member
from phaodai.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(units):
    today = timezone.localdate()
    factory = make_establishment(unit=units["Thôn Bản Phố 1"], name="Công ty May Bắc Hà")
    school = make_establishment(
        unit=units["Thôn Bản Phố 2"], kind=EstablishmentKind.SCHOOL, name="Trường Tiểu học Bản Phố"
    )
    quiet = make_establishment(unit=units["Thôn Bản Phố 2"], name="Xưởng mộc Bản Phố")
    people = {}
    for name, village in (
        ("Hoàng Văn An", "Thôn Bản Phố 1"),  # active case, Bản Phố
        ("Lù Thị Bình", "Thôn Lùng Phình"),  # active case managed by Lùng Phình
        ("Vàng Văn Cường", "Thôn Bản Phố 1"),  # recovered 30 days ago
        ("Giàng Thị Dung", "Thôn Bản Phố 2"),  # recovered 5 days ago
        ("Sùng Văn Em", "Thôn Bản Phố 2"),  # active case, but has left the factory
        ("Ma Thị Gấm", "Thôn Bản Phố 2"),  # active case, at no establishment
        ("Thào Văn Hùng", "Thôn Bản Phố 1"),  # worker, no case
    ):
        people[name] = make_person(residence_unit=units[village], full_name=name)
    writer = case_writer()
    cases = {
        "Hoàng Văn An": make_case(
            person=people["Hoàng Văn An"], actor=writer, confirmed_on=today - dt.timedelta(days=3)
        ),
        "Lù Thị Bình": make_case(
            person=people["Lù Thị Bình"], actor=writer, confirmed_on=today - dt.timedelta(days=2)
        ),
        "Vàng Văn Cường": make_case(
            person=people["Vàng Văn Cường"], actor=writer, confirmed_on=today - dt.timedelta(days=45)
        ),
        "Giàng Thị Dung": make_case(
            person=people["Giàng Thị Dung"], actor=writer, confirmed_on=today - dt.timedelta(days=20)
        ),
        "Sùng Văn Em": make_case(
            person=people["Sùng Văn Em"], actor=writer, confirmed_on=today - dt.timedelta(days=1)
        ),
        "Ma Thị Gấm": make_case(
            person=people["Ma Thị Gấm"], actor=writer, confirmed_on=today - dt.timedelta(days=1)
        ),
    }
    for name, days in (("Vàng Văn Cường", 30), ("Giàng Thị Dung", 5)):
        case_close(
            actor=writer,
            case=cases[name],
            expected_version=None,
            status=CaseStatus.RECOVERED,
            on=today - dt.timedelta(days=days),
        )
    for name in ("Hoàng Văn An", "Lù Thị Bình", "Vàng Văn Cường", "Thào Văn Hùng"):
        make_member(establishment=factory, full_name=name, person=people[name], group="Tổ may 2")
    make_member(establishment=factory, full_name="Sùng Văn Em", person=people["Sùng Văn Em"], active=False)
    make_member(establishment=factory, full_name="Người chưa có trong sổ")
    make_member(
        establishment=school,
        full_name="Giàng Thị Dung",
        person=people["Giàng Thị Dung"],
        role=MemberRole.PUPIL,
        group="Lớp 3A",
    )
    return {"factory": factory, "school": school, "quiet": quiet, "cases": cases, "people": people}


def _names(rows) -> list[str]:
    return [row.member.full_name for row in rows]


def test_the_cases_among_the_people_of_a_workplace_are_those_the_reader_may_see(
    world, commune_leader, district_leader, other_commune_leader
):
    factory = world["factory"]
    # Bình's case is managed by Lùng Phình: not Bản Phố's to see
    assert _names(establishment_cases(user=commune_leader, establishment=factory)) == ["Hoàng Văn An"]
    assert _names(establishment_cases(user=district_leader, establishment=factory)) == [
        "Lù Thị Bình",
        "Hoàng Văn An",
    ]
    rows = establishment_cases(user=commune_leader, establishment=world["school"])
    assert [(row.member.full_name, row.member.group, row.case.status) for row in rows] == [
        ("Giàng Thị Dung", "Lớp 3A", CaseStatus.RECOVERED)
    ]
    assert rows[0].case == world["cases"]["Giàng Thị Dung"]
    # the establishment itself is outside Lùng Phình's jurisdiction
    assert establishment_cases(user=other_commune_leader, establishment=factory) == []


def test_the_counts_of_a_page_of_establishments(world, commune_leader, district_leader, units):
    listed = list(establishment_search(user=commune_leader, unit=units["Xã Bản Phố"]))
    assert establishment_case_counts(user=commune_leader, establishments=listed) == {
        world["factory"].pk: 1,
        world["school"].pk: 1,
    }
    assert establishment_case_counts(user=district_leader, establishments=listed) == {
        world["factory"].pk: 2,
        world["school"].pk: 1,
    }
    # a day later than the window: Dung's recovery is 15 days old
    later = timezone.localdate() + dt.timedelta(days=10)
    assert establishment_case_counts(user=district_leader, establishments=listed, today=later) == {
        world["factory"].pk: 2
    }


def test_a_reader_without_view_cases_sees_no_case(world, units):
    viewer = make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"], username="xem_banpho")
    assert establishment_cases(user=viewer, establishment=world["factory"]) == []
    listed = list(establishment_search(user=viewer, unit=units["Xã Bản Phố"]))
    assert establishment_case_counts(user=viewer, establishments=listed) == {}
    client = Client()
    client.force_login(viewer)
    page = client.get(
        reverse("establishments:establishment_detail", args=[world["factory"].pk])
    ).content.decode()
    assert 'id="cases-h"' not in page
    assert "Hoàng Văn An" in page  # the member list itself
    listing = client.get(reverse("establishments:establishment_list")).content.decode()
    assert "ca F0" not in listing


def test_the_pages_show_the_cases_and_the_counts(world, client, commune_leader):
    client.force_login(commune_leader)
    page = client.get(
        reverse("establishments:establishment_detail", args=[world["factory"].pk])
    ).content.decode()
    section = page.split('id="cases-h"')[1].split("</section>")[0]
    assert "Ca bệnh F0 trong người lao động" in section
    case_url = reverse("cases:case_detail", kwargs={"case_id": world["cases"]["Hoàng Văn An"].pk})
    assert case_url in section
    assert section.count('<li><a href="/') == 1
    assert "Lù Thị Bình" not in section
    assert "Sùng Văn Em" not in section
    listing = client.get(reverse("establishments:establishment_list")).content.decode()
    assert listing.count("1 ca F0 trong số người của cơ sở") == 2
    assert listing.count("không có ca F0") == 1


def test_a_residents_page_shows_where_they_work_or_study(world, client, commune_leader):
    client.force_login(commune_leader)
    person = world["people"]["Giàng Thị Dung"]
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    panel = page.split('id="workplaces-panel-h"')[1].split("</section>")[0]
    assert reverse("establishments:establishment_detail", args=[world["school"].pk]) in panel
    assert "Trường Tiểu học Bản Phố" in panel
    assert "Lớp 3A" in panel
    other = world["people"]["Ma Thị Gấm"]
    empty = client.get(reverse("people:detail", args=[other.pk])).content.decode()
    assert "Không có trong danh sách người lao động, học sinh của cơ sở nào." in empty


def _case_panel(client: Client, case) -> str:
    page = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    return page.split('id="workplaces-panel-h"')[1].split("</section>")[0]


def test_a_case_page_shows_where_the_f0_works_or_studies(world, client, commune_leader):
    client.force_login(commune_leader)
    panel = _case_panel(client, world["cases"]["Hoàng Văn An"])
    factory_url = reverse("establishments:establishment_detail", args=[world["factory"].pk])
    assert panel.count('<li><a href="/') == 1
    assert f'<a href="{factory_url}"><span class="name">Công ty May Bắc Hà</span>' in panel
    assert "Người lao động · Tổ may 2 · Nhà máy, doanh nghiệp sản xuất · Được hoạt động" in panel
    # a place that may not open says so; one the F0 has left says that too
    Establishment.objects.unscoped().filter(pk=world["factory"].pk).update(may_operate=False)
    left = _case_panel(client, world["cases"]["Sùng Văn Em"])
    assert "<strong>Đang tạm dừng hoạt động</strong> · đã nghỉ" in left
    assert "Được hoạt động" not in left
    school = _case_panel(client, world["cases"]["Giàng Thị Dung"])
    assert "Trường Tiểu học Bản Phố" in school
    assert "Lớp 3A" in school
    nowhere = _case_panel(client, world["cases"]["Ma Thị Gấm"])
    assert "Không có trong danh sách người lao động, học sinh của cơ sở nào." in nowhere


def test_the_case_panel_lists_only_the_places_the_reader_may_see(
    world, client, other_commune_leader, district_leader
):
    case = world["cases"]["Lù Thị Bình"]  # managed by Lùng Phình, works at a Bản Phố factory
    client.force_login(other_commune_leader)
    panel = _case_panel(client, case)
    assert "Công ty May Bắc Hà" not in panel
    assert "Không có trong danh sách người lao động, học sinh của cơ sở nào." in panel
    client.force_login(district_leader)
    assert "Công ty May Bắc Hà" in _case_panel(client, case)


def test_no_case_panel_without_view_establishments(world, client, commune_leader, monkeypatch):
    monkeypatch.setitem(
        CAPABILITIES,
        Role.COMMUNE_LEADER,
        CAPABILITIES[Role.COMMUNE_LEADER] - {Capability.VIEW_ESTABLISHMENTS},
    )
    client.force_login(commune_leader)
    response = client.get(reverse("cases:case_detail", kwargs={"case_id": world["cases"]["Hoàng Văn An"].pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="workplaces-panel-h"' not in page
    assert "Công ty May Bắc Hà" not in page
