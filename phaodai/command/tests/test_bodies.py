"""Bodies and members: who heads them (the letters' rule shown when not kept), establishment
dates refused when impossible, a stale edit told what changed, a month generated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from phaodai.command.documents import MAX_DOCUMENT_BYTES, check_document
from phaodai.command.enums import Office, Position
from phaodai.command.errors import CommandErrorCode
from phaodai.command.models import CommandCentre, Shift
from phaodai.command.selectors import composition_notes
from phaodai.command.services import centre_create, centre_update, member_create
from phaodai.command.tests.factories import make_centre, make_committee, make_member
from tests.world import MODEL_BACKEND


def test_the_letters_rule_on_who_heads_each_body_is_shown_when_not_kept(units):
    centre = make_centre(unit=units["Xã Bản Phố"])
    committee = make_committee(unit=units["Xã Bản Phố"])
    assert composition_notes(centre, []) == ["Chưa có người đứng đầu."]
    vice = make_member(centre=centre, position=Position.HEAD, office=Office.PC_VICE_CHAIR)
    assert composition_notes(centre, [vice]) == [
        "Theo chỉ đạo, Chủ tịch UBND là Chỉ huy trưởng Trung tâm Chỉ huy."
    ]
    chair = make_member(committee=committee, position=Position.HEAD, office=Office.PC_CHAIR)
    assert composition_notes(committee, [chair]) == ["Theo chỉ đạo, Bí thư cấp ủy là Trưởng Ban Chỉ đạo."]
    secretary = make_member(committee=committee, position=Position.HEAD, office=Office.PARTY_SECRETARY)
    assert composition_notes(committee, [secretary]) == []


@pytest.mark.parametrize(
    ("established", "code"),
    [
        (dt.date(2099, 1, 1), CommandErrorCode.ESTABLISHED_FUTURE),
        (dt.date(2019, 12, 31), CommandErrorCode.ESTABLISHED_TOO_EARLY),
    ],
)
def test_an_impossible_establishment_date_is_refused_and_nothing_saved(
    commune_leader, units, established, code
):
    with pytest.raises(ValidationError) as caught:
        centre_create(
            actor=commune_leader, unit=units["Xã Bản Phố"], name="Trung tâm", established_on=established
        )
    assert caught.value.error_dict["established_on"][0].code == code
    assert CommandCentre.objects.unscoped().count() == 0


def test_a_centre_outside_the_jurisdiction_or_in_a_village_is_refused(commune_leader, units):
    with pytest.raises(ValidationError) as outside:
        centre_create(actor=commune_leader, unit=units["Xã Lùng Phình"], name="Trung tâm")
    with pytest.raises(ValidationError) as village:
        centre_create(actor=commune_leader, unit=units["Thôn Bản Phố 1"], name="Trung tâm")
    assert outside.value.error_dict["unit"][0].messages == ["Xã Lùng Phình nằm ngoài địa bàn bạn phụ trách."]
    assert village.value.error_dict["unit"][0].code == CommandErrorCode.UNIT_HAS_BODY
    assert CommandCentre.objects.unscoped().count() == 0


def test_a_member_answering_for_another_communes_village_is_refused(commune_leader, units):
    centre = make_centre(unit=units["Xã Bản Phố"])
    with pytest.raises(ValidationError) as caught:
        member_create(
            actor=commune_leader, body=centre, full_name="Giàng A Tủa", area_unit=units["Thôn Lùng Phình"]
        )
    assert caught.value.error_dict["area_unit"][0].messages == ["Thôn Lùng Phình không thuộc Xã Bản Phố."]


def test_a_stale_edit_of_a_centre_is_told_what_changed(commune_leader, units):
    centre, _created = centre_create(actor=commune_leader, unit=units["Xã Bản Phố"], name="Trung tâm Chỉ huy")
    centre_update(
        actor=commune_leader, centre=centre, expected_version=1, established_on=dt.date(2021, 8, 26)
    )
    client = Client()
    client.force_login(commune_leader, backend=MODEL_BACKEND)
    response = client.post(
        reverse("command:centre_edit", kwargs={"centre_id": centre.pk}),
        {
            "version": 1,
            "name": "Trung tâm Chỉ huy xã",
            "established_on": "",
            "shift_hours": 8,
            "day_starts_at": 7,
            "max_hours_in_row": 12,
            "min_rest_hours": 8,
            "officers_per_shift": 2,
            "leader_required": "on",
        },
    )
    assert response.status_code == 200
    assert "26/08/2021" in response.content.decode()
    centre.refresh_from_db()
    assert (centre.name, centre.established_on, centre.version) == (
        "Trung tâm Chỉ huy",
        dt.date(2021, 8, 26),
        2,
    )


def test_a_month_is_generated_from_the_page(commune_leader, units):
    centre = make_centre(unit=units["Xã Bản Phố"], officers_per_shift=1, shift_hours=12, max_hours_in_row=12)
    make_member(centre=centre, position=Position.HEAD, office=Office.PC_CHAIR)
    make_member(centre=centre, position=Position.DEPUTY, office=Office.POLICE_CHIEF)
    client = Client()
    client.force_login(commune_leader, backend=MODEL_BACKEND)
    response = client.post(
        reverse("command:roster_generate", kwargs={"centre_id": centre.pk}),
        {"start": "01/02/2027", "period": "month"},
    )
    assert response.status_code == 302
    assert Shift.objects.unscoped().filter(centre=centre).count() == 28 * 2


def test_a_document_over_the_size_limit_is_refused():
    big = SimpleUploadedFile("quy-che.pdf", b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES)
    with pytest.raises(ValidationError) as caught:
        check_document(big)
    assert caught.value.error_dict["file"][0].code == CommandErrorCode.DOCUMENT_SIZE
