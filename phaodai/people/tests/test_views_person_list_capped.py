"""Beyond the count cap the list says "hơn N" and asks to narrow the search."""

import pytest

from phaodai.core.pagination import CappedPaginator
from phaodai.people.tests.factories import make_person


@pytest.mark.django_db
def test_a_list_longer_than_the_cap_says_more_than(client, units, commune_leader, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    for name in ("Giàng Seo Páo", "Giàng Thị Mỷ", "Giàng A Chứ"):
        make_person(full_name=name, residence_unit=units["Thôn Bản Phố 1"])
    client.force_login(commune_leader)

    response = client.get("/nhan-khau/", {"q": "giang"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "1–3 của hơn 2" in body
    assert "Có hơn 2 kết quả" in body


@pytest.mark.django_db
def test_a_list_within_the_cap_gives_the_exact_count(client, units, commune_leader):
    for name in ("Giàng Seo Páo", "Giàng Thị Mỷ"):
        make_person(full_name=name, residence_unit=units["Thôn Bản Phố 1"])
    client.force_login(commune_leader)

    response = client.get("/nhan-khau/", {"q": "giang"})

    body = response.content.decode()
    assert "1–2 của 2" in body
    assert "của hơn" not in body
