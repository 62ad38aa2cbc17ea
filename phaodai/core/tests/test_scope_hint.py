"""``narrow_by_index=False`` changes the SQL, never the rows."""

import pytest

from phaodai.areas.models import AdminUnit


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user_fixture", ["province_leader", "district_leader", "commune_leader", "community_member"]
)
def test_both_forms_of_the_jurisdiction_test_select_the_same_units(request, user_fixture):
    user = request.getfixturevalue(user_fixture)

    by_range = set(AdminUnit.objects.for_user(user).values_list("pk", flat=True))
    by_function = set(AdminUnit.objects.for_user(user, narrow_by_index=False).values_list("pk", flat=True))

    assert by_range == by_function
    assert by_range  # the user sees at least their own unit


@pytest.mark.django_db
def test_within_a_district_by_function_excludes_the_other_district(units):
    district = units["Huyện Bắc Hà"]

    names = set(AdminUnit.objects.within(district.path, narrow_by_index=False).values_list("name", flat=True))

    assert "Xã Bản Phố" in names
    assert "Xã Sán Chải" not in names
