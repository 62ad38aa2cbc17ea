"""The command app's part of the demo province: the steering committees and command centres of
the demo district and its communes, established on plausible dates around the deadline of the
Bắc Hà letter (000: "before 28/8/2021"; some on time, some late, a few not yet), their members
with offices and villages answered for, and a 24/24 roster for the current week.

The demo commune leader (``canbo.xa``) heads his commune's centre and the district leader
(``lanhdao.bacha``) the district's, so both see who is on duty in their menu. Runs after the
accounts (order 910). Written with the models' own ``save`` (areas derived) and the roster's
own planner (``roster.plan_roster``), deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.command.enums import Office, Position
from phaodai.command.models import CommandCentre, Member, Shift, SteeringCommittee
from phaodai.command.roster import plan_roster, roster_slots
from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor

DEADLINE = dt.date(2021, 8, 28)  # letter 000 §5: commune committees and centres before 28/8/2021
DEMO_COMMUNE_LEADER = "canbo.xa"
DEMO_DISTRICT_LEADER = "lanhdao.bacha"

SURNAMES = ("Giàng", "Vàng", "Lù", "Thào", "Sùng", "Hoàng", "Nguyễn", "Lý", "Triệu", "Ma", "Lò", "Phàn")
MIDDLES = ("Seo", "A", "Văn", "Thị", "Đức", "Minh", "Chẩn", "Mí")
GIVEN = (
    "Chứ",
    "Páo",
    "Dũng",
    "Khánh",
    "Lan",
    "Mai",
    "Sử",
    "Tủa",
    "Hưng",
    "Thắng",
    "Sình",
    "Chính",
    "Hà",
    "Phong",
)

# The members of a commune centre: (position, office, what they answer for, takes shifts).
CENTRE_ROLES: tuple[tuple[Position, Office, str, bool], ...] = (
    (Position.HEAD, Office.PC_CHAIR, "Chỉ đạo chung, phụ trách toàn xã", True),
    (Position.DEPUTY, Office.PC_VICE_CHAIR, "An sinh xã hội, bảo đảm lương thực cho người dân", True),
    (Position.DEPUTY, Office.POLICE_CHIEF, "An ninh trật tự, chốt kiểm soát, xử lý vi phạm", True),
    (Position.STANDING, Office.HEALTH_HEAD, "Chuyên môn y tế: xét nghiệm, cách ly, điều trị", True),
    (Position.MEMBER, Office.MILITARY_CHIEF, "Lực lượng dân quân hỗ trợ chốt, khu cách ly", True),
    (Position.MEMBER, Office.CULTURE_OFFICER, "Tuyên truyền, loa truyền thanh", True),
    (Position.MEMBER, Office.OFFICE_STAFF, "Tổng hợp, báo cáo hằng ngày", True),
)
COMMITTEE_ROLES: tuple[tuple[Position, Office, str], ...] = (
    (Position.HEAD, Office.PARTY_SECRETARY, "Chịu trách nhiệm về kết quả phòng, chống dịch trên địa bàn"),
    (Position.DEPUTY, Office.PC_CHAIR, "Chỉ huy Trung tâm Chỉ huy"),
    (Position.DEPUTY, Office.PARTY_DEPUTY, "Kiểm tra, giám sát việc thực hiện"),
    (Position.MEMBER, Office.FRONT_CHAIR, "Vận động nhân dân, huy động nguồn lực"),
    (Position.MEMBER, Office.HEALTH_HEAD, "Tham mưu chuyên môn y tế"),
)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def _phone(rng: random.Random) -> str:
    return "09" + "".join(rng.choice("0123456789") for _ in range(8))


def established_on(rng: random.Random, index: int) -> dt.date | None:
    """Most on time (the days before the deadline), some late, one in ten not yet."""
    roll = rng.random()
    if index == 0 or roll < 0.6:
        return DEADLINE - dt.timedelta(days=rng.randint(1, 4))
    if roll < 0.9:
        return DEADLINE + dt.timedelta(days=rng.randint(1, 12))
    return None


def _users() -> dict[str, User]:
    return {
        u.username: u for u in User.objects.filter(username__in=[DEMO_COMMUNE_LEADER, DEMO_DISTRICT_LEADER])
    }


def _centre_for(
    unit: AdminUnit, rng: random.Random, established: dt.date | None, head_user: User | None
) -> tuple[CommandCentre, list[Member]]:
    centre = CommandCentre(
        unit=unit,
        name=f"Trung tâm Chỉ huy phòng, chống dịch Covid-19 {unit.name}",
        established_on=established,
        decision_number=f"{rng.randint(80, 240)}/QĐ-UBND" if established else "",
        functions=_("Tiếp nhận, xử lý, báo cáo mọi vấn đề phòng, chống dịch trên địa bàn; ứng trực 24/24."),
    )
    centre.save()
    villages = list(AdminUnit.objects.unscoped().filter(parent=unit).order_by("code"))
    members: list[Member] = []
    for order, (position, office, duties, shifts) in enumerate(CENTRE_ROLES):
        user = head_user if position == Position.HEAD else None
        member = Member(
            unit=unit,
            centre=centre,
            full_name=(user.get_full_name() if user else "") or _name(rng),
            position=position,
            office=office,
            office_detail=f"{Office(office).label} {unit.name}",
            phone=(user.phone if user else "") or _phone(rng),
            duties=duties,
            area_unit=villages[order % len(villages)] if villages and position != Position.HEAD else None,
            takes_shifts=shifts,
            user=user,
            order=order,
        )
        member.save()
        members.append(member)
    return centre, members


def _committee_for(unit: AdminUnit, rng: random.Random, established: dt.date | None) -> SteeringCommittee:
    committee = SteeringCommittee(
        unit=unit,
        name=f"Ban Chỉ đạo phòng, chống dịch Covid-19 {unit.name}",
        established_on=established,
        decision_number=f"{rng.randint(300, 900)}-QĐ/ĐU" if established else "",
    )
    committee.save()
    for order, (position, office, duties) in enumerate(COMMITTEE_ROLES):
        Member(
            unit=unit,
            committee=committee,
            full_name=_name(rng),
            position=position,
            office=office,
            office_detail=f"{Office(office).label} {unit.name}",
            phone=_phone(rng),
            duties=duties,
            takes_shifts=False,
            order=order,
        ).save()
    return committee


def seed_command(context: DemoContext) -> DemoContribution:
    rng = random.Random(f"command-{context.seed}")
    users = _users()
    districts = sorted({c.parent_id for c in context.communes if c.parent_id is not None})
    units = list(AdminUnit.objects.unscoped().filter(pk__in=districts).order_by("code")) + list(
        context.communes
    )
    monday = context.today - dt.timedelta(days=context.today.weekday())
    centres = committees = shifts = 0
    commune_user = users.get(DEMO_COMMUNE_LEADER)
    district_user = users.get(DEMO_DISTRICT_LEADER)
    for index, unit in enumerate(units):
        if CommandCentre.objects.unscoped().filter(unit=unit).exists():
            continue
        established = established_on(rng, index)
        if established is not None and established > context.today:
            established = None  # a demo "today" before the late date: not yet established
        head: User | None = None
        if commune_user is not None and commune_user.home_unit_id == unit.pk:
            head, established = commune_user, DEADLINE - dt.timedelta(days=2)
        elif district_user is not None and district_user.home_unit_id == unit.pk:
            head, established = district_user, DEADLINE - dt.timedelta(days=1)
        committee_date = established - dt.timedelta(days=rng.randint(0, 2)) if established else None
        _committee_for(unit, rng, committee_date)
        committees += 1
        centre, members = _centre_for(unit, rng, established, head)
        centres += 1
        if established is None:
            continue  # a centre not yet established has no roster
        planned, _unfilled = plan_roster(
            centre, [m for m in members if m.takes_shifts], roster_slots(centre, monday, 7)
        )
        Shift.objects.bulk_create(planned)
        shifts += len(planned)
    return DemoContribution(
        counts={"command_centres": centres, "steering_committees": committees, "duty_shifts": shifts},
        lines=[
            _("  %(c)d Trung tâm Chỉ huy, %(b)d Ban Chỉ đạo, %(s)d ca trực tuần này")
            % {"c": centres, "b": committees, "s": shifts}
        ],
        analyze=[CommandCentre, SteeringCommittee, Member, Shift],
    )


CONTRIBUTORS = [DemoContributor(name="command", order=910, seed=seed_command)]
