"""The member search matches the stored folded name and office, in one database query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phaodai.command.models import Member
from phaodai.command.selectors import member_search
from phaodai.command.services import member_update
from phaodai.command.tests.factories import make_centre, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(units):
    centre = make_centre(unit=units["Xã Bản Phố"])
    other = make_centre(unit=units["Xã Lùng Phình"])
    return {
        "chinh": make_member(
            centre=centre, full_name="Lù Văn Chính", office_detail="Chủ tịch UBND xã Bản Phố"
        ),
        "dung": make_member(centre=centre, full_name="Thào Seo Dũng", office_detail="Trưởng Công an xã"),
        "duc": make_member(centre=centre, full_name="Đỗ Văn Đức", office_detail="Trạm trưởng Trạm Y tế"),
        "neighbour": make_member(centre=other, full_name="Lù Văn Chính", office_detail="Chủ tịch UBND xã"),
    }


def _names(user, query: str) -> list[str]:
    return [m.full_name for m in member_search(user=user, query=query)]


def test_words_match_the_folded_name_and_office_with_or_without_diacritics(members, commune_leader):
    assert members["chinh"].search_key == "lu van chinh chu tich ubnd xa ban pho"
    assert _names(commune_leader, "chinh") == ["Lù Văn Chính"]
    assert _names(commune_leader, "Chính") == ["Lù Văn Chính"]
    assert _names(commune_leader, "đức") == ["Đỗ Văn Đức"]
    assert _names(commune_leader, "duc") == ["Đỗ Văn Đức"]
    assert _names(commune_leader, "cong an") == ["Thào Seo Dũng"]
    assert _names(commune_leader, "van tram") == ["Đỗ Văn Đức"]
    assert _names(commune_leader, "chinh tram") == []
    assert _names(commune_leader, "   ") == ["Lù Văn Chính", "Thào Seo Dũng", "Đỗ Văn Đức"]


def test_the_neighbours_member_is_never_found(members, other_commune_leader, district_leader):
    assert _names(other_commune_leader, "chinh") == ["Lù Văn Chính"]
    assert [m.pk for m in member_search(user=other_commune_leader, query="chinh")] == [
        members["neighbour"].pk
    ]
    assert sorted(m.pk for m in member_search(user=district_leader, query="lu van chinh")) == sorted(
        [members["chinh"].pk, members["neighbour"].pk]
    )


def test_the_key_follows_an_edit_and_the_search_is_one_query(members, commune_leader):
    member = members["dung"]
    member_update(
        actor=commune_leader, member=member, expected_version=member.version, full_name="Thào Seo Sử"
    )
    assert Member.objects.unscoped().get(pk=member.pk).search_key == "thao seo su truong cong an xa"
    assert _names(commune_leader, "su") == ["Thào Seo Sử"]
    assert _names(commune_leader, "dung") == []
    with CaptureQueriesContext(connection) as queries:
        assert _names(commune_leader, "thao seo") == ["Thào Seo Sử"]
    assert len(queries.captured_queries) == 1
    assert "search_key" in queries.captured_queries[0]["sql"]
