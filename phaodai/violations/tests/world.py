"""The violations app's part of the test world: one violation in each of the two communes."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from phaodai.violations import files
from phaodai.violations.enums import Decision
from phaodai.violations.models import Evidence, Violation
from phaodai.violations.tests.factories import make_violation

SECRET = "Quán nước Suối Thầu Bí Mật"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def contribute(world: Any) -> None:
    own = make_violation(unit=world.units["Thôn Bản Phố 1"], person=world.people["own"])
    other = make_violation(
        unit=world.units["Thôn Lùng Phình"],
        offender_name=SECRET,
        decision=Decision.FINE,
        fine_amount=2_000_000,
        decision_number="77/QĐ-XPHC-LP",
    )
    stored, _digest, _size = files.store(
        SimpleUploadedFile("anh.jpg", JPEG), files.Kind("image/jpeg", ".jpg")
    )
    own_evidence = Evidence.objects.create(
        violation=own,
        unit=own.unit,
        stored_name=stored,
        original_name="anh-ban-pho.jpg",
        content_type="image/jpeg",
        size=1,
        sha256="0" * 64,
    )
    other_evidence = Evidence.objects.create(
        violation=other,
        unit=other.unit,
        stored_name=stored,
        original_name="anh-lung-phinh-kin.jpg",
        content_type="image/jpeg",
        size=1,
        sha256="1" * 64,
    )
    world.violations = {"own": own, "other": other}
    world.record("violation_id", own=own.pk, other=other.pk)
    world.record("evidence_id", own=own_evidence.pk, other=other_evidence.pk)
    world.secret(SECRET, "77/QĐ-XPHC-LP", "anh-lung-phinh-kin.jpg")
    world.search("suoi thau bi mat")
    world.watch(
        lambda: [
            list(
                Violation.objects.unscoped()
                .filter(pk=other.pk)
                .values_list("offender_name", "decision", "fine_amount", "payment_status", "version")
            ),
            Evidence.objects.unscoped().filter(violation=other).count(),
        ]
    )
