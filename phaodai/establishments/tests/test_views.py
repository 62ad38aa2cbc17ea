"""The establishments pages and API: list with search and filters, the checklist form, export,
ETag and If-Match."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phaodai.accounts.services import token_issue
from phaodai.establishments.enums import EstablishmentKind, InspectionResult, Readiness
from phaodai.establishments.models import Inspection
from phaodai.establishments.services import checklist_for
from phaodai.establishments.tests.factories import make_establishment


@pytest.fixture
def registry(units):
    return {
        "factory": make_establishment(
            unit=units["Thôn Bản Phố 1"], name="Công ty May Bắc Hà", industrial_park="Cụm công nghiệp Bắc Hà"
        ),
        "karaoke": make_establishment(
            unit=units["Thôn Bản Phố 2"],
            kind=EstablishmentKind.KARAOKE,
            name="Karaoke Ánh Dương",
            may_operate=False,
        ),
        "school": make_establishment(
            unit=units["Thôn Bản Phố 2"], kind=EstablishmentKind.SCHOOL, name="Trường Tiểu học Bản Phố"
        ),
        "elsewhere": make_establishment(unit=units["Thôn Lùng Phình"], name="Xưởng gỗ Lùng Phình"),
    }


def _names(body: str, registry) -> set[str]:
    return {e.name for e in registry.values() if e.name in body}


@pytest.mark.django_db
def test_the_list_searches_and_filters(client, commune_leader, registry):
    client.force_login(commune_leader)
    url = reverse("establishments:establishment_list")

    assert _names(client.get(url).content.decode(), registry) == {
        "Công ty May Bắc Hà",
        "Karaoke Ánh Dương",
        "Trường Tiểu học Bản Phố",
    }
    assert _names(client.get(url, {"q": "cum cong nghiep"}).content.decode(), registry) == {
        "Công ty May Bắc Hà"
    }
    assert _names(client.get(url, {"may_operate": "0"}).content.decode(), registry) == {"Karaoke Ánh Dương"}
    assert _names(client.get(url, {"readiness": Readiness.NOT_ASSESSED}).content.decode(), registry) == {
        "Trường Tiểu học Bản Phố"
    }


@pytest.mark.django_db
def test_the_inspection_form_lists_the_criteria_and_records_the_answers(client, commune_leader, registry):
    client.force_login(commune_leader)
    school = registry["school"]
    url = reverse("establishments:inspection_create", kwargs={"establishment_id": school.pk})
    items = checklist_for(EstablishmentKind.SCHOOL)

    page = client.get(url).content.decode()
    data = {
        "inspected_on": "25/08/2021",
        "inspectors": "Phòng Giáo dục và Đào tạo huyện Bắc Hà",
        "result": InspectionResult.PASSED,
        **{f"item_{item.code}": "met" for item in items},
    }
    response = client.post(url, data)

    assert all(item.text in page for item in items)
    inspection = Inspection.objects.unscoped().get()
    assert response["Location"] == reverse(
        "establishments:inspection_detail", kwargs={"inspection_id": inspection.pk}
    )
    school.refresh_from_db()
    assert school.readiness == Readiness.READY


@pytest.mark.django_db
def test_export_writes_the_filtered_list(client, commune_leader, registry):
    client.force_login(commune_leader)
    response = client.get(
        reverse("establishments:establishment_export"),
        {"may_operate": "0", "fmt": "csv", "purpose": "Báo cáo huyện"},
    )
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("Karaoke Ánh Dương,Karaoke,")


@pytest.mark.django_db
def test_the_api_needs_the_etag_to_edit(client, commune_leader, registry):
    _token, key = token_issue(user=commune_leader, name="test", audited=False)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    url = f"/api/v1/establishments/{registry['factory'].pk}/"

    read = client.get(url)
    without = client.patch(url, {"headcount": 350}, content_type="application/json")
    saved = client.patch(url, {"headcount": 350}, content_type="application/json", HTTP_IF_MATCH=read["ETag"])
    stale = client.patch(url, {"headcount": 360}, content_type="application/json", HTTP_IF_MATCH=read["ETag"])
    listed = [row["name"] for row in client.get("/api/v1/establishments/").json()["results"]]

    assert (
        read["ETag"],
        without.status_code,
        saved.status_code,
        saved.json()["headcount"],
        stale.status_code,
    ) == (
        '"v1"',
        428,
        200,
        350,
        412,
    )
    assert "Xưởng gỗ Lùng Phình" not in listed
