"""The violations services: recording, the decision rules, the fine's amount, payment, evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from phaodai.audit.models import AuditEvent
from phaodai.people.tests.factories import make_person
from phaodai.violations import files
from phaodai.violations.enums import Decision, OffenderKind, PaymentStatus
from phaodai.violations.models import Evidence, Violation
from phaodai.violations.services import evidence_add, violation_create, violation_update

WHEN = dt.datetime(2021, 8, 20, 9, 30, tzinfo=dt.UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _facts(unit, **overrides):
    facts = {
        "unit": unit,
        "offender_kind": OffenderKind.OTHER,
        "offender_name": "Lý Văn Sử",
        "rule_text": "Không đeo khẩu trang nơi công cộng",
        "legal_basis": "Điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP",
        "place": "Chợ phiên Bắc Hà",
        "occurred_at": WHEN,
    }
    facts.update(overrides)
    return facts


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [-500_000, 0], ids=["negative", "zero"])
def test_a_fine_with_a_negative_or_zero_amount_is_refused_and_nothing_is_saved(units, commune_leader, amount):
    events_before = AuditEvent.objects.unscoped().count()

    with pytest.raises(ValidationError) as refused:
        violation_create(
            actor=commune_leader,
            **_facts(
                units["Thôn Bản Phố 1"],
                decision=Decision.FINE,
                fine_amount=amount,
                decision_number="12/QĐ-XPHC",
                decision_date=dt.date(2021, 8, 21),
            ),
        )

    assert refused.value.message_dict == {"fine_amount": ["Số tiền phạt phải lớn hơn 0 đồng."]}
    assert refused.value.error_dict["fine_amount"][0].code == "violations.fine_amount_not_positive"
    assert Violation.objects.unscoped().count() == 0
    assert AuditEvent.objects.unscoped().count() == events_before


@pytest.mark.django_db
def test_a_fine_on_an_existing_violation_with_a_negative_amount_changes_nothing(units, commune_leader):
    violation, _ = violation_create(actor=commune_leader, **_facts(units["Thôn Bản Phố 1"]))
    events_before = AuditEvent.objects.unscoped().count()

    with pytest.raises(ValidationError) as refused:
        violation_update(
            actor=commune_leader,
            violation=violation,
            expected_version=1,
            decision=Decision.FINE,
            fine_amount=-1,
            decision_number="12/QĐ-XPHC",
        )

    assert refused.value.message_dict == {"fine_amount": ["Số tiền phạt phải lớn hơn 0 đồng."]}
    violation.refresh_from_db()
    assert (violation.decision, violation.fine_amount, violation.version) == (Decision.PENDING, None, 1)
    assert AuditEvent.objects.unscoped().count() == events_before


@pytest.mark.django_db
def test_a_fine_is_recorded_unpaid_then_paid(units, commune_leader):
    violation, created = violation_create(
        actor=commune_leader,
        **_facts(
            units["Thôn Bản Phố 1"],
            decision=Decision.FINE,
            fine_amount=2_000_000,
            decision_number="12/QĐ-XPHC",
            decision_date=dt.date(2021, 8, 21),
        ),
    )
    assert created
    assert (violation.fine_amount, violation.payment_status, violation.area_path) == (
        2_000_000,
        PaymentStatus.UNPAID,
        units["Thôn Bản Phố 1"].path,
    )

    violation_update(
        actor=commune_leader,
        violation=violation,
        expected_version=1,
        payment_status=PaymentStatus.PAID,
        paid_on=dt.date(2021, 8, 25),
    )

    violation.refresh_from_db()
    assert (violation.payment_status, violation.paid_on, violation.version) == (
        PaymentStatus.PAID,
        dt.date(2021, 8, 25),
        2,
    )
    events = list(
        AuditEvent.objects.unscoped()
        .filter(target_id=violation.pk)
        .order_by("pk")
        .values_list("event", flat=True)
    )
    assert events == ["violations.violation_created", "violations.violation_decided"]


@pytest.mark.django_db
def test_a_community_member_may_remind_but_not_fine(units, community_member):
    reminder, _ = violation_create(
        actor=community_member, **_facts(units["Thôn Bản Phố 1"], decision=Decision.REMINDER)
    )
    assert (reminder.decision, reminder.decision_date) == (Decision.REMINDER, timezone.localdate())

    with pytest.raises(ValidationError) as refused:
        violation_create(
            actor=community_member,
            **_facts(
                units["Thôn Bản Phố 1"], decision=Decision.FINE, fine_amount=1_000_000, decision_number="1"
            ),
        )
    assert refused.value.message_dict == {
        "decision": ["Chỉ lãnh đạo mới quyết định phạt tiền, đình chỉ hoặc chuyển công an."]
    }
    assert Violation.objects.unscoped().count() == 1


@pytest.mark.django_db
def test_a_violation_by_a_resident_takes_their_name_and_one_outside_the_area_is_refused(
    units, commune_leader
):
    resident = make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Vàng Seo Chư", birth_year=1970)
    outsider = make_person(residence_unit=units["Thôn Lùng Phình"], full_name="Thào A Lử", birth_year=1980)

    violation, _ = violation_create(
        actor=commune_leader,
        **_facts(
            units["Thôn Bản Phố 2"], offender_kind=OffenderKind.PERSON, person=resident, offender_name=""
        ),
    )
    assert (violation.person, violation.offender_name) == (resident, "Vàng Seo Chư")

    with pytest.raises(ValidationError) as refused:
        violation_create(
            actor=commune_leader,
            **_facts(units["Thôn Bản Phố 2"], offender_kind=OffenderKind.PERSON, person=outsider),
        )
    assert list(refused.value.message_dict) == ["person"]


@pytest.mark.django_db
def test_each_decision_asks_for_what_it_needs(units, commune_leader):
    unit = units["Thôn Bản Phố 1"]
    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({"decision": Decision.FINE, "fine_amount": None}, {"fine_amount", "decision_number"}),
        ({"decision": Decision.SUSPENSION, "decision_number": "3/QĐ"}, {"suspended_until"}),
        ({"decision": Decision.PROSECUTION}, {"referred_to"}),
        ({"decision": Decision.REMINDER, "fine_amount": 100_000}, {"fine_amount"}),
        ({"occurred_at": timezone.now() + dt.timedelta(days=2)}, {"occurred_at"}),
        ({"rule_text": " ", "legal_basis": "", "place": ""}, {"rule_text", "legal_basis", "place"}),
    ]
    for overrides, wrong in cases:
        with pytest.raises(ValidationError) as refused:
            violation_create(actor=commune_leader, **_facts(unit, **overrides))
        assert set(refused.value.message_dict) == wrong, overrides
    assert Violation.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_evidence_is_kept_by_its_content_and_a_disguised_file_is_refused(
    units, commune_leader, settings, tmp_path
):
    settings.PHAODAI_EVIDENCE_FILES = tmp_path
    violation, _ = violation_create(actor=commune_leader, **_facts(units["Thôn Bản Phố 1"]))

    photo = evidence_add(
        actor=commune_leader,
        violation=violation,
        upload=SimpleUploadedFile("../../etc/anh.png", PNG),
        caption="Ảnh chụp",
    )
    assert (photo.content_type, photo.size, photo.stored_name.endswith(".png")) == (
        "image/png",
        len(PNG),
        True,
    )
    stored = files.resolve(photo.stored_name)
    assert stored is not None
    assert stored.read_bytes() == PNG
    assert list(tmp_path.iterdir()) == [tmp_path / photo.stored_name]

    with pytest.raises(ValidationError) as refused:
        evidence_add(
            actor=commune_leader,
            violation=violation,
            upload=SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 program"),
        )
    assert refused.value.message_dict == {"file": ["Chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF."]}

    settings.PHAODAI_EVIDENCE_MAX_BYTES = 32
    with pytest.raises(ValidationError) as too_big:
        evidence_add(actor=commune_leader, violation=violation, upload=SimpleUploadedFile("to.png", PNG))
    assert too_big.value.message_dict == {"file": [f"Tệp lớn quá {filesizeformat(32)}."]}
    assert Evidence.objects.unscoped().count() == 1
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.django_db
def test_a_stale_edit_is_refused(units, commune_leader):
    from phaodai.core.services import StaleRecordError

    violation, _ = violation_create(actor=commune_leader, **_facts(units["Thôn Bản Phố 1"]))
    violation_update(actor=commune_leader, violation=violation, expected_version=1, place="Cổng chợ")

    with pytest.raises(StaleRecordError) as stale:
        violation_update(actor=commune_leader, violation=violation, expected_version=1, place="Bến xe")
    assert stale.value.changed == {"place": "Cổng chợ"}
