"""The jurisdiction value: one or more unit subtrees, everything, or nothing."""

from __future__ import annotations

import pytest
from django.db.models import Q

from phaodai.core.access import Jurisdiction, area_scoped, in_jurisdiction, jurisdiction_of
from phaodai.core.roles import Capability

A, A1, A12, B = "00000001.", "00000001.00000002.", "00000001.00000002.00000003.", "00000009."


def test_paths_inside_another_listed_path_are_dropped_and_the_rest_sorted():
    found = Jurisdiction.of([A12, B, A1, A12], home_path=A1)

    assert (found.paths, found.home_path) == ((A1, B), A1)


@pytest.mark.parametrize(
    ("_case", "path", "inside"),
    [
        ("the unit itself", A1, True),
        ("below it", A12, True),
        ("the other subtree", B + "00000010.", True),
        ("its parent", A, False),
        ("a sibling sharing a digit prefix", "00000001.00000022.", False),
    ],
)
def test_contains_is_a_prefix_test_per_subtree(_case, path, inside):
    assert Jurisdiction.of([A1, B]).contains(path) is inside


def test_everything_and_nothing():
    assert Jurisdiction.everything().contains(A12)
    assert Jurisdiction.everything().q("area_path") == Q()
    assert not Jurisdiction.nothing().contains(A)
    assert Jurisdiction.of([]).is_nothing
    assert Jurisdiction.of([A, ""]).is_everything


def test_the_query_is_one_range_per_subtree():
    condition = Jurisdiction.of([A1, B]).q("area_path")

    assert condition == (
        Q(area_path__gte=A1, area_path__lt=A1 + "\x7f") | Q(area_path__gte=B, area_path__lt=B + "\x7f")
    )


def test_wide_means_some_subtree_is_a_district_or_more():
    assert Jurisdiction.of([A12, B]).is_wide
    assert not Jurisdiction.of([A12]).is_wide


@pytest.mark.django_db
def test_users_without_a_unit_or_signed_out_see_nothing_and_the_admin_everything(
    commune_leader, system_admin, units
):
    assert jurisdiction_of(None).is_nothing
    assert jurisdiction_of(system_admin).is_everything
    assert jurisdiction_of(commune_leader).paths == (units["Xã Bản Phố"].path,)
    commune_leader.is_active = False
    assert not in_jurisdiction(commune_leader, units["Thôn Bản Phố 1"].path)


def test_a_capability_must_be_given_with_parentheses():
    def view(request):
        raise AssertionError

    with pytest.raises(TypeError, match="with parentheses"):
        area_scoped(view)  # type: ignore[arg-type]

    declared = area_scoped(Capability.EDIT_PEOPLE)(view)
    assert (getattr(declared, "access_policy"), getattr(declared, "required_capability")) == (  # noqa: B009
        "area_scoped",
        Capability.EDIT_PEOPLE,
    )
