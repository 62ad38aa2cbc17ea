"""The command app's part of the test world (``tests/world.py``): a command centre, a steering
committee, members, shifts, a swap and a document in each of the two communes. The Lùng Phình
members' names and phones, and its centre's name, are its secrets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from phaodai.command.enums import DocumentKind, Office, Position
from phaodai.command.models import CommandCentre, Document, Member, Shift
from phaodai.command.tests.factories import make_centre, make_committee, make_member, make_shift
from tests.world import OTHER_COMMUNE, OWN_COMMUNE

PEOPLE = {
    OWN_COMMUNE: (("Lù Văn Chính", "0912300001"), ("Thào Seo Dũng", "0912300002")),
    OTHER_COMMUNE: (("Vàng Seo Khánh", "0987600001"), ("Hờ Thị Lan", "0987600002")),
}


def _commune(units: Any, name: str) -> dict[str, Any]:
    unit = units[name]
    suffix = "Lùng Phình Bí Mật" if name == OTHER_COMMUNE else unit.name
    centre = make_centre(unit=unit, name=f"Trung tâm Chỉ huy {suffix}", established_on=dt.date(2021, 8, 27))
    committee = make_committee(unit=unit, name=f"Ban Chỉ đạo {suffix}", established_on=dt.date(2021, 8, 25))
    (head_name, head_phone), (other_name, other_phone) = PEOPLE[name]
    head = make_member(
        centre=centre, full_name=head_name, phone=head_phone, position=Position.HEAD, office=Office.PC_CHAIR
    )
    other = make_member(
        centre=centre,
        full_name=other_name,
        phone=other_phone,
        position=Position.DEPUTY,
        office=Office.POLICE_CHIEF,
    )
    secretary = make_member(
        committee=committee,
        full_name=f"{head_name} Bí thư",
        position=Position.HEAD,
        office=Office.PARTY_SECRETARY,
    )
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=2)
    now_shift = make_shift(member=head, starts_at=start, hours=8)
    later = make_shift(member=other, starts_at=start + dt.timedelta(days=1), hours=8)
    document = Document(
        unit=unit,
        centre=centre,
        kind=DocumentKind.WORKING_RULES,
        title=f"Quy chế làm việc {suffix}",
        filename="quy-che.pdf",
        content_type="application/pdf",
        size=9,
    )
    document.file.save("quy-che.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    return {
        "centre": centre,
        "committee": committee,
        "members": (head, other, secretary),
        "shifts": (now_shift, later),
        "document": document,
    }


def contribute(world: Any) -> None:
    own = _commune(world.units, OWN_COMMUNE)
    other = _commune(world.units, OTHER_COMMUNE)
    world.command = {"own": own, "other": other}
    world.record("centre_id", own=own["centre"].pk, other=other["centre"].pk)
    world.record("committee_id", own=own["committee"].pk, other=other["committee"].pk)
    world.record("member_id", own=own["members"][0].pk, other=other["members"][0].pk)
    world.record("shift_id", own=own["shifts"][1].pk, other=other["shifts"][1].pk)
    world.record("document_id", own=own["document"].pk, other=other["document"].pk)
    world.secret(other["centre"].name, "Vàng Seo Khánh", "0987600001", "Hờ Thị Lan", "0987600002")
    world.search("Vàng Seo Khánh", "0987600001")
    centre_pk = other["centre"].pk

    def state() -> list[Any]:
        return [
            list(
                CommandCentre.objects.unscoped()
                .filter(pk=centre_pk)
                .values_list("name", "established_on", "version")
            ),
            list(
                Member.objects.unscoped()
                .filter(centre_id=centre_pk)
                .order_by("pk")
                .values_list("full_name", "phone", "position", "version")
            ),
            list(
                Shift.objects.unscoped()
                .filter(centre_id=centre_pk)
                .order_by("pk")
                .values_list("member_id", "starts_at", "ends_at", "version")
            ),
        ]

    world.watch(state)
