"""The directives part of the small demo: the four letters, their tasks, plausible compliance."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.core.seeding import Scale
from phaodai.demo.services import SeedSummary, demo_seed
from phaodai.directives.models import Directive, Task
from phaodai.directives.selectors import compliance_by_unit

pytestmark = pytest.mark.django_db
TODAY = dt.date(2022, 6, 30)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[SeedSummary]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_units", era="2021", stdout=io.StringIO())
        summary = demo_seed(scale=Scale.SMALL, seed=42, today=TODAY)
        yield summary
        transaction.set_rollback(True)


def test_the_four_letters_with_their_tasks(demo):
    directives = {d.number: d for d in Directive.objects.unscoped().select_related("unit")}
    assert sorted(directives) == ["-CV/HU", "/UBND-VX", "102-TB/VPTU", "907-CV/TU"]
    assert directives["-CV/HU"].unit.name == "Huyện Bắc Hà"
    assert directives["/UBND-VX"].unit.name == "Tỉnh Lào Cai"
    assert directives["907-CV/TU"].unit.name == "Tỉnh Vĩnh Phúc"
    assert directives["907-CV/TU"].urgency == "hoa_toc"
    assert directives["102-TB/VPTU"].unit.name == "Tỉnh Lai Châu"
    assert "trước ngày 28/8/2021" in directives["-CV/HU"].text
    assert demo.directives == 4
    # 000: three tasks of the district and four for each commune of Bắc Hà (19 on the 2021 map)
    bac_ha = Task.objects.unscoped().filter(directive=directives["-CV/HU"])
    communes = AdminUnit.objects.unscoped().filter(parent=directives["-CV/HU"].unit, level=UnitLevel.COMMUNE)
    assert communes.count() == 19
    assert bac_ha.count() == 3 + 4 * 19
    centres = bac_ha.filter(title__startswith="Thành lập Trung tâm Chỉ huy phòng")
    assert set(centres.values_list("unit__name", flat=True)) == set(communes.values_list("name", flat=True))
    assert set(centres.values_list("deadline", flat=True)) == {dt.date(2021, 8, 27)}
    # 002 passed down by Bắc Hà to its communes, never later than the province's deadline
    passed = Task.objects.unscoped().filter(directive=directives["/UBND-VX"], parent__isnull=False)
    assert passed.count() == 19
    assert all(
        t.parent is not None and t.deadline <= t.parent.deadline for t in passed.select_related("parent")
    )
    # 004's vaccination deadlines
    lai_chau = Task.objects.unscoped().filter(directive=directives["102-TB/VPTU"])
    assert set(lai_chau.filter(title__contains="mũi 3").values_list("deadline", flat=True)) == {
        dt.date(2022, 5, 31)
    }


def test_compliance_is_plausible_and_adds_up(demo):
    district_leader = User.objects.get(username="lanhdao.bacha")
    district = district_leader.home_unit
    assert district is not None
    table = compliance_by_unit(user=district_leader, unit=district, on=TODAY)
    total = table.total
    in_district = Task.objects.unscoped().filter(area_path__startswith=district.path)
    assert total.total == sum(row.total for row in table) == in_district.count() == 3 + 4 * 19 + 1 + 19
    # most on time, some late, some still open
    assert total.on_time > total.late > 0
    assert total.open > 0
    assert total.on_time + total.late + total.open == total.total
    for row in table:
        if row.total:
            assert row.on_time + row.late + row.open == row.total
    assert demo.tasks_on_time + demo.tasks_late <= demo.tasks
