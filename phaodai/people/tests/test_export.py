import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.people.enums import ChronicCondition, Sex
from phaodai.people.models import Person
from phaodai.people.selectors import person_search
from phaodai.people.services import people_export
from phaodai.people.tests.factories import make_household, make_person

HEADERS = [
    "Mã hồ sơ",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Năm sinh",
    "Số CCCD/CMND",
    "Số điện thoại",
    "Dân tộc",
    "Thôn, tổ dân phố",
    "Xã, phường, thị trấn",
    "Quận, huyện",
    "Tỉnh, thành phố",
    "Mã hộ",
    "Tình trạng cư trú",
    "Đang ở đâu",
    "Bệnh nền",
    "Đang mang thai",
    "Nguy cơ cao",
    "Ghi chú",
]


def read(content):
    data = b"".join(content)
    return data, list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_export_is_a_csv_excel_reads_with_vietnamese_headers(commune_leader, units):
    village = units["Thôn Bản Phố 1"]
    household = make_household(unit=village, code="BP1-001")
    an = make_person(
        residence_unit=village,
        full_name="Nguyễn Văn An",
        birth_date=dt.date(1980, 3, 15),
        national_id="010080000001",
        phone="0912345678",
        household=household,
        chronic_conditions=[ChronicCondition.DIABETES, ChronicCondition.HYPERTENSION],
        notes="=1+1",
    )

    content, content_type, filename = people_export(
        actor=commune_leader, queryset=person_search(user=commune_leader)
    )
    data, rows = read(content)

    assert data.startswith(b"\xef\xbb\xbf")
    assert content_type == "text/csv; charset=utf-8"
    assert filename.startswith("nhan-khau-")
    assert filename.endswith(".csv")
    assert rows == [
        HEADERS,
        [
            str(an.uuid),
            "Nguyễn Văn An",
            "Nam",
            "15/03/1980",
            "1980",
            '="010080000001"',
            '="0912345678"',
            "Kinh",
            "Thôn Bản Phố 1",
            "Xã Bản Phố",
            "Huyện Bắc Hà",
            "Tỉnh Lào Cai",
            "BP1-001",
            "Thường trú",
            "",
            "Đái tháo đường; Tăng huyết áp",
            "",
            "Có",
            "'=1+1",
        ],
    ]


def test_export_writes_an_audit_row_with_count_and_filters(commune_leader, units):
    for n in range(3):
        make_person(residence_unit=units["Thôn Bản Phố 1"], full_name=f"Lò Văn Sáng {n}", sex=Sex.MALE)

    people_export(
        actor=commune_leader,
        queryset=person_search(user=commune_leader, sex=Sex.MALE),
        filters={"sex": "M", "unit": units["Xã Bản Phố"], "high_risk": None},
    )

    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_type, event.target_id, event.area_path) == (
        AuditAction.EXPORTED,
        commune_leader,
        "people.person",
        None,
        units["Xã Bản Phố"].path,
    )
    assert event.changes == {
        "count": 3,
        "filters": {"sex": "M", "unit": units["Xã Bản Phố"].pk, "high_risk": None},
        "format": "csv",
    }


def test_export_never_reaches_outside_the_jurisdiction(commune_leader, units):
    make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An")
    make_person(residence_unit=units["Thôn Lùng Phình"], full_name="Nguyễn Văn Anh")

    # even when handed every record
    content, _type, _name = people_export(actor=commune_leader, queryset=Person.objects.all())

    assert [row[1] for row in read(content)[1][1:]] == ["Nguyễn Văn An"]
    assert AuditEvent.objects.get().changes["count"] == 1


def test_export_without_the_capability_is_refused_and_not_audited(community_member, units):
    make_person(residence_unit=units["Thôn Bản Phố 1"])

    with pytest.raises(PermissionDenied):
        people_export(actor=community_member, queryset=person_search(user=community_member))

    assert AuditEvent.objects.count() == 0


def test_export_in_an_unknown_format_is_refused(commune_leader, units):
    with pytest.raises(ValidationError) as caught:
        people_export(actor=commune_leader, queryset=person_search(user=commune_leader), fmt="xls")

    assert caught.value.message_dict == {"fmt": ["Chưa hỗ trợ định dạng xuất xls."]}
    assert AuditEvent.objects.count() == 0


def test_export_streams_in_chunks(commune_leader, units, django_assert_max_num_queries):
    for n in range(5):
        make_person(residence_unit=units["Thôn Bản Phố 2"], full_name=f"Vàng Seo Chứ {n}")
    content, _type, _name = people_export(actor=commune_leader, queryset=person_search(user=commune_leader))

    with django_assert_max_num_queries(1):
        lines = list(content)

    assert len(lines) == 6  # header + one chunk per person, read with a single query
