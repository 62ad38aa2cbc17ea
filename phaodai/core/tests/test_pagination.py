import pytest

from phaodai.areas.models import AdminUnit
from phaodai.core.pagination import CappedPaginator


@pytest.mark.django_db
def test_count_stops_past_the_cap_and_pages_keep_the_order(units, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    ordered = AdminUnit.objects.order_by("name_key", "pk")
    expected = list(ordered.values_list("name", flat=True))
    paginator = CappedPaginator(ordered, 2)

    first, second = paginator.page(1), paginator.page(2)

    assert len(expected) == 14
    assert paginator.count == 6
    assert paginator.is_capped is True
    assert paginator.shown_count == 5
    assert paginator.num_pages == 3
    assert [u.name for u in first] == expected[0:2]
    assert [u.name for u in second] == expected[2:4]


@pytest.mark.django_db
def test_under_the_cap_the_count_is_exact(units):
    paginator = CappedPaginator(AdminUnit.objects.filter(level=3).order_by("pk"), 10)

    assert paginator.count == 4
    assert paginator.is_capped is False
    assert [u.name for u in paginator.page(1)] == ["Xã Bản Phố", "Xã Lùng Phình", "Xã Sán Chải", "Xã Pa Tần"]


@pytest.mark.django_db
def test_the_page_query_is_one_query(units, django_assert_num_queries):
    paginator = CappedPaginator(AdminUnit.objects.order_by("name_key"), 3)
    paginator.count  # noqa: B018 - counted first, as a page template does

    with django_assert_num_queries(1):
        list(paginator.page(2))
