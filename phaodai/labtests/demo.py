"""The testing app's part of the demo province: several weeks of screenings and pooled tests.

In (at most) three communes, one screening a week for the last ``WEEKS`` weeks (a whole village,
the market, the school in turn) with rapid tests of part of the residents, a few positive (some
with symptoms, hence case proposals), and every other week an RT-PCR session of pooled samples
(``PHAODAI_POOL_MAX`` people each): one pool positive, its members on the follow-up list, half of
them tested singly the next day (one positive). Everything goes through the testing services, as
the commune's health officer (``yte.xa`` of the demo accounts, re-anchored later by ``accounts``),
so the counts, proposals and audit rows are the real ones. Deterministic: one
``random.Random(f"{seed}:labtests")``.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils.translation import gettext as _

from phaodai.accounts.demo import DEMO_ACCOUNTS
from phaodai.accounts.models import User
from phaodai.core.roles import Role
from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor
from phaodai.labtests import services
from phaodai.labtests.enums import PlaceKind, ResultValue, TestKind
from phaodai.labtests.models import CaseProposal, FollowUp, Pool, Sample, TestResult, TestSession
from phaodai.people.models import Person

WEEKS = 4
COMMUNES = 3
SHARE_SCREENED = 0.15  # of a commune's residents at each screening (at most SCREEN_MAX)
SCREEN_MAX = 40
POSITIVE_RATE = 0.04
PLACES = [
    (PlaceKind.VILLAGE, "Cả {village}"),
    (PlaceKind.MARKET, "Chợ phiên {commune}"),
    (PlaceKind.SCHOOL, "Trường THCS {commune}"),
]


def _officer(context: DemoContext) -> User:
    account = next(a for a in DEMO_ACCOUNTS if a.role == Role.HEALTH_STAFF)
    user = User.objects.filter(username=account.username).first() or User(username=account.username)
    user.role = Role.HEALTH_STAFF
    user.home_unit = context.province
    user.first_name = account.full_name
    user.is_active = True
    if not user.pk:
        user.set_unusable_password()
    user.save()
    return user


def _born_by(person: Person, day: dt.date) -> bool:
    return person.birth_date < day if person.birth_date is not None else person.birth_year < day.year


def seed_labtests(context: DemoContext) -> DemoContribution:
    rng = random.Random(f"{context.seed}:labtests")
    officer = _officer(context)
    communes = [c for c in context.communes if Person.objects.unscoped().within(c.path).exists()][:COMMUNES]
    for commune in communes:
        residents = list(
            Person.objects.unscoped()
            .within(commune.path)
            .filter(merged_into=None)
            .select_related("residence_unit")
            .order_by("pk")
        )
        village = residents[0].residence_unit
        for week in range(WEEKS, 0, -1):
            day = context.today - dt.timedelta(days=7 * week - rng.randint(0, 3))
            kind, place = PLACES[week % len(PLACES)]
            session, _created = services.session_create(
                actor=officer,
                unit=commune,
                held_on=day,
                place_kind=kind,
                place=place.format(village=village.name, commune=commune.name.removeprefix("Xã ")),
                lab=_("Trạm Y tế %(c)s") % {"c": commune.name.removeprefix("Xã ")},
            )
            screened = rng.sample(residents, min(SCREEN_MAX, max(5, int(len(residents) * SHARE_SCREENED))))
            lines = []
            for person in screened:
                if not _born_by(person, day):
                    continue
                positive = rng.random() < POSITIVE_RATE
                lines.append(
                    services.ScreeningLine(
                        person=person,
                        result=ResultValue.POSITIVE if positive else ResultValue.NEGATIVE,
                        symptoms=positive and rng.random() < 0.6,
                        epi_factors=positive and rng.random() < 0.5,
                    )
                )
            # the negative majority in batches (counts kept), positives one by one (proposals)
            services.screening_bulk_record(actor=officer, session=session, lines=lines)
            if week % 2 == 0:
                _pooled(rng, officer, commune, residents, day + dt.timedelta(days=1), context.today)
    return DemoContribution(
        counts={
            "test_sessions": TestSession.objects.unscoped().count(),
            "samples": Sample.objects.unscoped().count(),
            "pools": Pool.objects.unscoped().count(),
            "case_proposals": CaseProposal.objects.unscoped().count(),
        },
        lines=[
            _(
                "  %(s)d đợt xét nghiệm, %(n)d mẫu (%(p)d dương tính), %(g)d mẫu gộp, %(f)d người cần xét nghiệm "
                "đơn, %(c)d đề xuất ca bệnh"
            )
            % {
                "s": TestSession.objects.unscoped().count(),
                "n": Sample.objects.unscoped().count(),
                "p": TestResult.objects.unscoped().filter(result=ResultValue.POSITIVE).count(),
                "g": Pool.objects.unscoped().count(),
                "f": FollowUp.objects.unscoped().filter(status="open").count(),
                "c": CaseProposal.objects.unscoped().count(),
            }
        ],
        analyze=[TestSession, Sample, TestResult, Pool, FollowUp, CaseProposal],
    )


def _pooled(
    rng: random.Random, officer: User, commune: object, residents: list[Person], day: dt.date, today: dt.date
) -> None:
    """An RT-PCR session of pooled samples: one pool positive, half its members tested singly."""
    if day > today:
        return
    session, _created = services.session_create(
        actor=officer,
        unit=commune,  # type: ignore[arg-type]
        held_on=day,
        place_kind=PlaceKind.COMMUNE,
        place=_("Xét nghiệm mẫu gộp RT-PCR toàn xã"),
        default_kind=TestKind.RT_PCR,
        lab=_("CDC Lào Cai"),
    )
    size = services.pool_max()
    chosen = [p for p in rng.sample(residents, min(len(residents), size * 2)) if _born_by(p, day)]
    pools = []
    for number in range(0, len(chosen), size):
        pool, _created = services.pool_create(
            actor=officer, session=session, kind=TestKind.RT_PCR, code=f"G{number // size + 1}"
        )
        for person in chosen[number : number + size]:
            services.pool_add_member(actor=officer, pool=pool, person=person)
        pools.append((pool, chosen[number : number + size]))
    result_day = min(today, day + dt.timedelta(days=1))
    for index, (pool, members) in enumerate(pools):
        positive = index == 0
        services.pool_result_record(
            actor=officer,
            pool=pool,
            result=ResultValue.POSITIVE if positive else ResultValue.NEGATIVE,
            result_on=result_day,
            lab=_("CDC Lào Cai"),
        )
        if positive and result_day < today:
            for number, person in enumerate(members[: len(members) // 2]):
                services.sample_record(
                    actor=officer,
                    person=person,
                    kind=TestKind.RT_PCR,
                    sampled_on=result_day,
                    result=ResultValue.POSITIVE if number == 0 else ResultValue.NEGATIVE,
                    result_on=min(today, result_day + dt.timedelta(days=1)),
                    ct_value=None,
                    lab=_("CDC Lào Cai"),
                )


CONTRIBUTORS = [DemoContributor(name="labtests", order=200, seed=seed_labtests)]
