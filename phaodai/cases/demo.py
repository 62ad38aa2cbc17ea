"""The cases app's part of the demo province: treatment facilities with beds, and an outbreak over
the last six weeks in a few communes, with severity changes, transfers, recoveries and a death.

Everything goes through the cases services (decisions, history, audit and counts as in real use),
as the demo's system administrator. Deterministic: one ``random.Random`` from the seed.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter

from django.utils.translation import gettext as _

from phaodai.accounts.demo import DEMO_COMMUNE_CODE
from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.cases.enums import (
    BedKind,
    CareSetting,
    CaseStatus,
    HowFound,
    Severity,
    Symptom,
    VaccinationStatus,
)
from phaodai.cases.models import Case, Facility
from phaodai.cases.selectors import facilities_for_transfer
from phaodai.cases.services import (
    case_close,
    case_create,
    case_severity_change,
    case_transfer,
    facility_create,
)
from phaodai.core.roles import Role
from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor, Scale
from phaodai.people.models import Person

OUTBREAK_DAYS = 42
OUTBREAK_COMMUNES = 3
PEAK = {Scale.SMALL: 2.0, Scale.MEDIUM: 4.0, Scale.LARGE: 6.0}
HOW_FOUND = [
    (HowFound.IN_QUARANTINE, 30),
    (HowFound.COMMUNITY, 30),
    (HowFound.SCREENING, 25),
    (HowFound.CHECKPOINT, 5),
    (HowFound.IMPORTED_PROVINCE, 8),
    (HowFound.IMPORTED_ABROAD, 2),
]
MILD = [
    Symptom.FEVER,
    Symptom.DRY_COUGH,
    Symptom.SORE_THROAT,
    Symptom.FATIGUE,
    Symptom.HEADACHE,
    Symptom.RUNNY_NOSE,
]


def _actor() -> User:
    actor = User.objects.filter(role=Role.SYSTEM_ADMIN, is_active=True).order_by("pk").first()
    if actor is None:
        raise RuntimeError("the demo's system administrator is made by the accounts contributor first")
    return actor


def _outbreak_communes(communes: list[AdminUnit]) -> list[AdminUnit]:
    first = [c for c in communes if c.code == DEMO_COMMUNE_CODE]
    rest = [c for c in communes if c.code != DEMO_COMMUNE_CODE]
    return (first + rest)[:OUTBREAK_COMMUNES]


def _facilities(actor: User, province: AdminUnit, communes: list[AdminUnit]) -> list[Facility]:
    made = [
        facility_create(
            actor=actor,
            unit=province,
            name=_("Bệnh viện Đa khoa tỉnh Lào Cai"),
            tier=CareSetting.PROVINCIAL,
            beds={BedKind.ORDINARY: 40, BedKind.OXYGEN: 30, BedKind.ICU: 8},
        ),
        facility_create(
            actor=actor,
            unit=province,
            name=_("Bệnh viện dã chiến số 1 Lào Cai"),
            tier=CareSetting.FIELD_HOSPITAL,
            beds={BedKind.ORDINARY: 120, BedKind.OXYGEN: 20},
        ),
    ]
    districts = sorted(
        {c.parent_id: c.parent for c in communes if c.parent is not None}.values(), key=lambda u: u.code
    )
    made.extend(
        facility_create(
            actor=actor,
            unit=district,
            name=_("Cơ sở thu dung, điều trị COVID-19 %(name)s") % {"name": district.name},
            tier=CareSetting.DISTRICT,
            beds={BedKind.ORDINARY: 30, BedKind.OXYGEN: 6},
        )
        for district in districts
    )
    made.extend(
        facility_create(
            actor=actor,
            unit=commune,
            name=_("Trạm Y tế %(name)s") % {"name": commune.name},
            tier=CareSetting.COMMUNE_STATION,
            beds={BedKind.ORDINARY: 4},
        )
        for commune in communes
    )
    return made


def _daily(rng: random.Random, day: int, peak: float) -> int:
    """New cases on day ``day`` of the outbreak: a wave peaking in its fourth week."""
    mean = peak * math.exp(-(((day - 22) / 9) ** 2)) + 0.1
    return sum(1 for _ in range(int(mean * 3) + 1) if rng.random() < mean / (int(mean * 3) + 1))


def _place(
    actor: User, case: Case, setting: str, kind: str, on: dt.date, today: dt.date, reason: str
) -> bool:
    choices = facilities_for_transfer(case=case, setting=setting, bed_kind=kind, on=on, today=today)
    if not choices:
        return False
    case_transfer(
        actor=actor,
        case=case,
        expected_version=None,
        care_setting=setting,
        facility=choices[0].facility,
        bed_kind=kind,
        on=on,
        reason=reason,
    )
    return True


def seed_cases(context: DemoContext) -> DemoContribution:
    rng = random.Random(f"{context.seed}:cases")
    actor = _actor()
    today = context.today
    start = today - dt.timedelta(days=OUTBREAK_DAYS - 1)
    communes = _outbreak_communes(context.communes)
    facilities = _facilities(actor, context.province, communes)
    done: Counter[str] = Counter()
    for commune in communes:
        people = list(
            Person.objects.unscoped()
            .filter(
                area_path__startswith=commune.path, merged_into__isnull=True, birth_year__lte=start.year - 1
            )
            .order_by("pk")
        )
        rng.shuffle(people)
        for offset in range(OUTBREAK_DAYS):
            day = start + dt.timedelta(days=offset)
            for _n in range(_daily(rng, offset, PEAK[context.scale])):
                if not people:
                    break
                person = people.pop()
                if person.birth_date is not None and person.birth_date > day:
                    continue
                case = _one_case(rng, actor, person, commune, day, today, done)
                done["cases"] += 1 if case is not None else 0
    return DemoContribution(
        counts={"cases": done["cases"], "facilities": len(facilities)},
        lines=[
            _(
                "  %(c)d ca bệnh F0 ở %(n)d xã trong %(d)d ngày (%(t)d lần chuyển, %(r)d khỏi, %(x)d tử vong), %(f)d cơ sở điều trị"
            )
            % {
                "c": done["cases"],
                "n": len(communes),
                "d": OUTBREAK_DAYS,
                "t": done["transfers"],
                "r": done["recovered"],
                "x": done["died"],
                "f": len(facilities),
            }
        ],
        analyze=[Case],
    )


def _one_case(
    rng: random.Random,
    actor: User,
    person: Person,
    commune: AdminUnit,
    day: dt.date,
    today: dt.date,
    done: Counter[str],
) -> Case | None:
    vaccination = rng.choices(
        [VaccinationStatus.FULL, VaccinationStatus.PARTIAL, VaccinationStatus.UNVACCINATED],
        weights=[75, 10, 15],
    )[0]
    symptoms = rng.sample(MILD, rng.choice([0, 1, 2, 2, 3]))
    case, _created = case_create(
        actor=actor,
        person=person,
        unit=commune,
        confirmed_on=day,
        how_found=rng.choices([h for h, _w in HOW_FOUND], weights=[w for _h, w in HOW_FOUND])[0],
        source_known=rng.random() < 0.65,
        vaccination_status=vaccination,
        last_dose_on=day - dt.timedelta(days=rng.randint(30, 200))
        if vaccination != VaccinationStatus.UNVACCINATED
        else None,
        symptoms=symptoms,
        respiratory_rate=rng.randint(14, 21),
        spo2=rng.randint(96, 99),
    )
    if case.home_care_eligible is False and case.risk_setting and case.risk_setting != CareSetting.HOME:
        kind = case.risk_bed_kind or BedKind.ORDINARY
        if _place(actor, case, case.risk_setting, kind, day, today, _("Không đủ điều kiện điều trị tại nhà")):
            done["transfers"] += 1
            case.refresh_from_db()
    worse = rng.random()
    if (
        worse < 0.15
        and day + dt.timedelta(days=3) <= today
        and case.severity in (Severity.ASYMPTOMATIC, Severity.MILD)
    ):
        on = day + dt.timedelta(days=3)
        case_severity_change(
            actor=actor,
            case=case,
            expected_version=None,
            severity=Severity.MODERATE,
            on=on,
            reason=_("Sốt cao, khó thở nhẹ"),
            respiratory_rate=23,
            spo2=95,
        )
        if case.care_setting == CareSetting.HOME and _place(
            actor, case, CareSetting.DISTRICT, BedKind.OXYGEN, on, today, _("SpO2 95 %, cần thở ô-xy")
        ):
            done["transfers"] += 1
        if worse < 0.03 and on + dt.timedelta(days=2) <= today:
            later = on + dt.timedelta(days=2)
            case_severity_change(
                actor=actor,
                case=case,
                expected_version=None,
                severity=Severity.SEVERE,
                on=later,
                reason=_("Suy hô hấp"),
                respiratory_rate=28,
                spo2=91,
            )
            if _place(
                actor,
                case,
                CareSetting.PROVINCIAL,
                BedKind.ICU,
                later,
                today,
                _("Diễn biến nặng, chuyển tuyến tỉnh"),
            ):
                done["transfers"] += 1
            if worse < 0.008 and later + dt.timedelta(days=3) <= today:
                case_close(
                    actor=actor,
                    case=case,
                    expected_version=None,
                    status=CaseStatus.DIED,
                    on=later + dt.timedelta(days=3),
                    burial_note=_(
                        "Mai táng theo phong tục của gia đình, có hướng dẫn phòng dịch của trạm y tế"
                    ),
                )
                done["died"] += 1
                return case
    case.refresh_from_db()
    end = case.release_test_on
    if case.severity != Severity.ASYMPTOMATIC and case.severity != Severity.MILD and end is not None:
        end = end + dt.timedelta(days=5)
    if end is not None and end <= today and rng.random() < 0.9:
        case_close(
            actor=actor,
            case=case,
            expected_version=None,
            status=CaseStatus.RECOVERED,
            on=max(end, _last_step(case)),
        )
        done["recovered"] += 1
    return case


def _last_step(case: Case) -> dt.date:
    changes = [c.on for c in case.severity_changes.all()] + [e.started_on for e in case.care_episodes.all()]
    return max([case.confirmed_on, *changes])


CONTRIBUTORS = [DemoContributor(name="cases", order=950, seed=seed_cases)]
