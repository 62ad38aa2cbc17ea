import pytest

from phaodai.accounts.models import User
from phaodai.people.tests.factories import make_person


@pytest.fixture
def admin_client_(client, db):
    superuser = User.objects.create_superuser(username="sieuquantri", password="matkhau-thu-nghiem")
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(
    ("_case", "query", "found"),
    [
        ("folded name", "nguyen van", ["Nguyễn Văn An"]),
        ("name with diacritics", "Lò Thị", ["Lò Thị Mai"]),
        ("cccd", "010080000001", ["Nguyễn Văn An"]),
        ("phone", "0987654321", ["Lò Thị Mai"]),
    ],
)
def test_admin_person_search_uses_the_keys(_case, query, found, admin_client_, units):
    make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An", national_id="010080000001")
    make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Lò Thị Mai", phone="0987654321")

    response = admin_client_.get("/admin/people/person/", {"q": query})

    assert response.status_code == 200
    assert [p.full_name for p in response.context["cl"].result_list] == found


def test_admin_is_read_only(admin_client_, units):
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn An")

    assert admin_client_.get("/admin/people/person/add/").status_code == 403
    assert admin_client_.post(f"/admin/people/person/{person.pk}/delete/", {"post": "yes"}).status_code == 403
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn An"
