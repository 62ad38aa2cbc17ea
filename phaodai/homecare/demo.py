"""Home care's part of the demo province: twice-daily entries for the cases at home.

Runs after the cases (their demo outbreak, if any) and the demo accounts. For every active case
at home it writes the half-days of its isolation up to the demo's now: most entries by the
case or a relative through a personal link, some by the commune's health worker, a few missed
(flagged by ``missed_slots_flag``), and, for about one case in six, a reading with a warning sign
on one afternoon (which alerts the commune's health staff). When no case is at home (no cases
demo) a few are registered first through ``cases.services.case_create``.

Determinism: one ``random.Random(f"{seed}:homecare")``, cases in primary-key order.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.cases.enums import CareSetting, CaseStatus, HowFound
from phaodai.cases.models import Case
from phaodai.cases.services import case_create
from phaodai.core.roles import Role
from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor
from phaodai.homecare import services
from phaodai.homecare.enums import Slot
from phaodai.homecare.models import MissedSlot, MonitoringEntry, MonitoringLink
from phaodai.homecare.slots import slot_end, slot_start, slots_between
from phaodai.people.models import Person
from phaodai.rules.errors import NoRuleInForce

OWN_CASES = 6  # registered when the demo has no case at home
WARNING_EVERY = 6  # about one case in six shows a warning sign once
MISSED_SHARE = 0.12
BY_LINK_SHARE = 0.65


def _writer() -> User:
    """A system administrator of the demo (writes anywhere), made if the accounts did not."""
    user = User.objects.filter(role=Role.SYSTEM_ADMIN, is_active=True).order_by("pk").first()
    if user is None:
        user = User.objects.create(username="homecare.demo", role=Role.SYSTEM_ADMIN, first_name="Demo")
    return user


def _home_cases(context: DemoContext) -> list[Case]:
    return list(
        Case.objects.unscoped()
        .filter(
            area_path__startswith=context.province.path,
            status=CaseStatus.ACTIVE,
            care_setting=CareSetting.HOME,
        )
        .filter(
            Q(isolation_until__isnull=True) | Q(isolation_until__gte=context.today - dt.timedelta(days=3))
        )
        .select_related("person", "unit")
        .order_by("pk")
    )


def _register_cases(context: DemoContext, rng: random.Random, writer: User) -> list[Case]:
    """A few cases at home in the first communes, confirmed in the last days (no cases demo)."""
    made = []
    for commune in context.communes[:3]:
        people = list(
            Person.objects.unscoped()
            .filter(area_path__startswith=commune.path, merged_into__isnull=True, birth_year__gte=1960)
            .order_by("pk")[:40]
        )
        for person in rng.sample(people, min(len(people), OWN_CASES // 3)):
            case, _created = case_create(
                actor=writer,
                person=person,
                unit=commune,
                confirmed_on=context.today - dt.timedelta(days=rng.randint(1, 6)),
                how_found=HowFound.COMMUNITY,
            )
            made.append(case)
    return [case for case in made if case.care_setting == CareSetting.HOME]


def _normal(rng: random.Random) -> dict[str, Any]:
    return {
        "respiratory_rate": str(rng.randint(14, 19)),
        "pulse": str(rng.randint(64, 98)),
        "temperature": f"{rng.uniform(36.4, 37.8):.1f}",
        "spo2": str(rng.randint(97, 99)),
        "symptoms": rng.sample(
            ["ho", "met_moi", "dau_hong", "sot", "mat_vi_giac", "dau_dau"], rng.randint(0, 2)
        ),
    }


def _warning(rng: random.Random) -> dict[str, Any]:
    values = _normal(rng)
    kind = rng.choice(["spo2", "breathing", "dyspnoea"])
    if kind == "spo2":
        values["spo2"] = str(rng.randint(92, 95))
    elif kind == "breathing":
        values["respiratory_rate"] = str(rng.randint(22, 26))
    else:
        values["symptoms"] = [*values["symptoms"], "kho_tho"]
    return values


def seed_homecare(context: DemoContext) -> DemoContribution:
    rng = random.Random(f"{context.seed}:homecare")
    writer = _writer()
    now = timezone.now()
    if timezone.localdate(now) != context.today:
        now = slot_end(context.today, Slot.AFTERNOON) - dt.timedelta(minutes=1)
    cases = _home_cases(context) or _register_cases(context, rng, writer)
    warnings = 0
    for index, case in enumerate(cases):
        if case.isolation_from is None:
            continue
        until = min(case.isolation_until or context.today, timezone.localdate(now))
        link = (
            services.link_create(actor=writer, case=case, now=now).link
            if until >= timezone.localdate(now)
            else None
        )
        warn_on = index % WARNING_EVERY == 0
        halves = [
            (day, slot)
            for day, slot in slots_between(case.isolation_from, until)
            if slot_start(day, slot) < now
        ]
        warning_half = (
            next((h for h in reversed(halves) if h[1] == Slot.AFTERNOON), None) if warn_on else None
        )
        for day, slot in halves:
            if (day, slot) != warning_half and rng.random() < MISSED_SHARE:
                continue
            values = _warning(rng) if (day, slot) == warning_half else _normal(rng)
            moment = min(slot_start(day, slot) + dt.timedelta(hours=rng.randint(1, 5)), now)
            try:
                if link is not None and day == timezone.localdate(now) and rng.random() < BY_LINK_SHARE:
                    services.entry_create_by_link(link=link, values=values, slot=slot, now=moment)
                else:
                    services.entry_create(
                        actor=writer, case=case, day=day, slot=slot, values=values, now=moment
                    )
            except NoRuleInForce:
                continue  # before 4038 (21/08/2021) no warning-sign rule is known: no home sheet
            warnings += (day, slot) == warning_half
    flagged = services.missed_slots_flag(now=now, from_registration=False)
    entries = MonitoringEntry.objects.unscoped().filter(case__in=cases).count()
    return DemoContribution(
        counts={"homecare_entries": entries, "homecare_warnings": warnings, "homecare_missed": len(flagged)},
        lines=[
            _(
                "  %(e)d phiếu theo dõi F0 tại nhà của %(c)d ca, %(w)d có dấu hiệu cảnh báo, %(m)d buổi bị bỏ lỡ"
            )
            % {"e": entries, "c": len(cases), "w": warnings, "m": len(flagged)}
        ],
        analyze=[MonitoringEntry, MonitoringLink, MissedSlot],
    )


CONTRIBUTORS = [DemoContributor(name="homecare", order=950, seed=seed_homecare)]
