"""The testing pages: the fast entry of a screening (one line per person), lists, export, import."""

import datetime as dt
import io
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from phaodai.audit.models import AccessLog
from phaodai.labtests.enums import ResultValue, TestKind
from phaodai.labtests.models import CaseProposal, Sample, TestResult
from phaodai.labtests.tests.factories import make_pool, make_sample, make_session
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person
from tests.world import MODEL_BACKEND


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user, backend=MODEL_BACKEND)
        return client

    return login


@pytest.fixture
def session(health_staff, units):
    return make_session(
        actor=health_staff, unit=units["Xã Bản Phố"], held_on=dt.date(2022, 4, 20), place="Chợ phiên Bản Phố"
    )


@pytest.fixture
def mai(units):
    return make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Lù Thị Mai", birth_year=1985, phone="0912345678"
    )


def _line(**fields):
    return {
        "uuid": str(uuid.uuid4()),
        "kind": TestKind.RAPID_ANTIGEN,
        "result": "",
        "who": "",
        "person": "",
        **fields,
    }


def test_lookup_finds_people_of_the_sessions_unit_by_name_and_phone(
    client_for, health_staff, session, mai, units
):
    make_person(
        residence_unit=units["Thôn Lùng Phình"], full_name="Lù Thị Mai", birth_year=1985
    )  # another commune
    client = client_for(health_staff)

    by_name = client.get(
        reverse("labtests:person_lookup"), {"in": session.unit_id, "who": "lu thi mai", "new": "1"}
    )
    by_phone = client.get(reverse("labtests:person_lookup"), {"in": session.unit_id, "who": "5678"})

    assert by_name.status_code == 200
    assert by_name.content.decode().count('name="person" value="') == 2  # Mai, and "Người mới"
    assert f'value="{mai.pk}" checked' in by_name.content.decode()
    assert f'value="{mai.pk}"' in by_phone.content.decode()


def test_a_line_saved_by_htmx_comes_back_fresh_with_the_saved_line(client_for, health_staff, session, mai):
    client = client_for(health_staff)

    response = client.post(
        reverse("labtests:entry_save", args=[session.pk]),
        _line(who="Lù Thị Mai", person=str(mai.pk), result=ResultValue.POSITIVE, symptoms="on"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="entry",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="afterbegin:#lines"' in body
    assert "Đã lưu: Lù Thị Mai" in body
    sample = Sample.objects.unscoped().get(session=session)
    assert (sample.person, sample.kind, sample.sampled_on, sample.symptoms) == (
        mai,
        TestKind.RAPID_ANTIGEN,
        session.held_on,
        True,
    )
    assert sample.result.result == ResultValue.POSITIVE
    assert CaseProposal.objects.unscoped().get(person=mai).meets_definition is True  # 1909: symptoms + RAT


def test_a_line_with_only_a_name_uses_the_one_match(client_for, health_staff, session, mai):
    response = client_for(health_staff).post(
        reverse("labtests:entry_save", args=[session.pk]),
        _line(who="0912345678", result=ResultValue.NEGATIVE),
    )

    assert response.status_code == 302
    assert TestResult.objects.unscoped().get().person == mai


def test_a_new_person_on_a_line_is_registered_in_the_chosen_village(client_for, health_staff, session, units):
    response = client_for(health_staff).post(
        reverse("labtests:entry_save", args=[session.pk]),
        _line(
            who="Giàng A Sử",
            person="new",
            new_sex="M",
            new_birth_year="2001",
            new_village=str(units["Thôn Bản Phố 2"].pk),
            result=ResultValue.NEGATIVE,
        ),
    )

    assert response.status_code == 302
    person = Person.objects.unscoped().get(full_name="Giàng A Sử")
    assert (person.residence_unit, person.birth_year) == (units["Thôn Bản Phố 2"], 2001)
    assert Sample.objects.unscoped().get(session=session).person == person


def test_a_bad_line_says_why_and_saves_nothing(client_for, health_staff, session, mai):
    response = client_for(health_staff).post(
        reverse("labtests:entry_save", args=[session.pk]),
        _line(who="Lù Thị Mai", person=str(mai.pk), result=ResultValue.POSITIVE, ct_value="24"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="entry",
    )

    assert response.status_code == 200
    assert "Chỉ xét nghiệm RT-PCR mới có giá trị Ct." in response.content.decode()
    assert Sample.objects.unscoped().count() == 0


def test_the_session_page_lists_its_lines_and_logs_the_reading(client_for, health_staff, session, mai):
    make_sample(actor=health_staff, person=mai, session=session, result=ResultValue.NEGATIVE)

    response = client_for(health_staff).get(reverse("labtests:session_detail", args=[session.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="line-count">1<' in body
    assert "Lù Thị Mai" in body
    assert AccessLog.objects.filter(actor=health_staff, target_type="labtests.sample", count=1).exists()


def test_leaders_view_but_get_no_entry_form(client_for, commune_leader, session):
    response = client_for(commune_leader).get(reverse("labtests:session_detail", args=[session.pk]))

    assert response.status_code == 200
    assert "data-entry" not in response.content.decode()
    assert client_for(commune_leader).get(reverse("labtests:session_create")).status_code == 403


def test_lists_and_follow_ups(client_for, health_staff, session, mai, units):
    other = make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Sùng A Páo", birth_year=1970)
    pool = make_pool(actor=health_staff, session=session, members=[mai, other])
    client = client_for(health_staff)
    client.post(
        reverse("labtests:pool_result", args=[pool.pk]), {"version": pool.version, "result": "positive"}
    )

    follow_ups = client.get(reverse("labtests:follow_up_list")).content.decode()
    sessions = client.get(reverse("labtests:session_list"), {"q": "chợ"}).content.decode()
    results = client.get(reverse("labtests:result_list")).content.decode()

    assert "Lù Thị Mai" in follow_ups
    assert "Sùng A Páo" in follow_ups
    assert "Chợ phiên Bản Phố" in sessions
    assert "Không có kết quả xét nghiệm nào khớp" in results


def test_export_asks_the_purpose_then_gives_the_results(client_for, health_staff, session, mai):
    make_sample(actor=health_staff, person=mai, session=session, result=ResultValue.NEGATIVE)
    client = client_for(health_staff)

    asked = client.get(reverse("labtests:result_export"))
    exported = client.get(reverse("labtests:result_export"), {"purpose": "report", "fmt": "csv"})

    assert "Mục đích xuất danh sách" in asked.content.decode()
    content = b"".join(exported.streaming_content).decode("utf-8-sig")
    lines = content.strip().splitlines()
    assert lines[0].startswith("Mã kết quả,Họ và tên,Năm sinh")
    assert "Lù Thị Mai" in lines[1]
    assert "Âm tính" in lines[1]
    assert AccessLog.objects.filter(kind="exported", purpose="Báo cáo cấp trên").count() == 1


def _csv(text: str) -> io.BytesIO:
    data = io.BytesIO(text.encode("utf-8"))
    data.name = "ket-qua.csv"
    return data


def test_import_of_a_labs_sheet_reports_each_bad_row_with_its_number(client_for, health_staff, mai, units):
    sheet = (
        "Họ và tên,Số điện thoại,Ngày lấy mẫu,Kết quả,Ngày trả kết quả,Loại xét nghiệm,Giá trị Ct\n"
        "Lù Thị Mai,0912345678,20/04/2022,Dương tính,21/04/2022,RT-PCR,23.5\n"
        "Lù Thị Mai,0912345678,22/04/2022,Âm tính,21/04/2022,RT-PCR,\n"
        "Người Lạ,,20/04/2022,Âm tính,21/04/2022,RT-PCR,\n"
        "Lù Thị Mai,0912345678,20/04/2022,Dương,21/04/2022,PCR,\n"
    )
    client = client_for(health_staff)

    response = client.post(
        reverse("labtests:result_import"),
        {"unit": units["Xã Bản Phố"].pk, "file": _csv(sheet), "mode": "valid"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    result = TestResult.objects.unscoped().get()
    assert (result.person, result.result, result.ct_value, result.sampled_on) == (
        mai,
        ResultValue.POSITIVE,
        Decimal("23.5"),
        dt.date(2022, 4, 20),
    )
    assert "<td>3</td>" in body
    assert "trước ngày lấy mẫu 22/04/2022" in body
    assert "<td>4</td>" in body
    assert "Không tìm thấy người này trong sổ nhân khẩu của Xã Bản Phố" in body
    assert "<td>5</td>" in body
    assert "Trùng với dòng 2" in body

    again = client.post(
        reverse("labtests:result_import"),
        {
            "unit": units["Xã Bản Phố"].pk,
            "file": _csv(sheet.splitlines()[0] + "\n" + sheet.splitlines()[1] + "\n"),
            "mode": "valid",
        },
    )
    assert "Đã có, bỏ qua" in again.content.decode()
    assert TestResult.objects.unscoped().count() == 1
