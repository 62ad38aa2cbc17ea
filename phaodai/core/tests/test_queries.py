import pytest

from phaodai.areas.models import AdminUnit
from phaodai.core.queries import prefix_q


@pytest.mark.django_db
def test_prefix_q_finds_exactly_the_subtree(units):
    district = units["Huyện Bắc Hà"]

    names = set(AdminUnit.objects.filter(prefix_q("path", district.path)).values_list("name", flat=True))

    assert names == {
        "Huyện Bắc Hà",
        "Xã Bản Phố",
        "Thôn Bản Phố 1",
        "Thôn Bản Phố 2",
        "Xã Lùng Phình",
        "Thôn Lùng Phình",
    }


def test_prefix_q_with_empty_prefix_is_no_filter():
    assert str(prefix_q("path", "")) == str(__import__("django.db.models", fromlist=["Q"]).Q())
