"""``import_population``: a good file is written; a bad file writes nothing and names every bad row."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from phaodai.areas.models import PopulationCount
from phaodai.areas.selectors import population_of
from phaodai.audit.models import AuditEvent


def write(tmp_path, text: str):
    path = tmp_path / "danso.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_is_imported(units, tmp_path, capsys):
    b1, b2 = units["Thôn Bản Phố 1"].code, units["Thôn Bản Phố 2"].code
    path = write(
        tmp_path,
        f"unit_code,era,age_band,sex,count\n{b1},2021,0-4,M,10\n{b1},2021,0-4,F,12\n{b2},2021,65+,F,7\n",
    )

    call_command("import_population", str(path), year=2021, source="census")

    assert population_of(unit=units["Xã Bản Phố"], year=2021).total == 29
    assert PopulationCount.objects.filter(source="census", year=2021).count() == 3
    assert AuditEvent.objects.count() == 2  # one per unit
    assert "Đã nhập 3 ô số liệu của 2 đơn vị, năm 2021, nguồn census." in capsys.readouterr().out


def test_a_bad_file_writes_nothing_and_reports_each_bad_row(units, tmp_path):
    b1 = units["Thôn Bản Phố 1"].code
    path = write(
        tmp_path,
        "unit_code,era,age_band,sex,count\n"
        f"{b1},2021,0-4,M,10\n"  # line 2: good
        f"{b1},2021,0-3,M,10\n"  # line 3: bad band
        "99999,2021,0-4,M,10\n"  # line 4: unknown unit
        f"{b1},2021,5-11,X,-2\n"  # line 5: bad sex and count
        f"{b1},2021,0-4\n"  # line 6: too few columns
        f"{b1},2021,0-4,M,11\n"  # line 7: same cell as line 2
        f"{b1},1999,0-4,M,10\n",  # line 8: unknown era
    )

    with pytest.raises(CommandError) as caught:
        call_command("import_population", str(path), year=2021, source="census")

    assert str(caught.value).splitlines() == [
        f"Không ghi gì: 6 dòng sai trong {path}.",
        "Dòng 3: nhóm tuổi “0-3” không hợp lệ (dùng 0-4, 5-11, 12-17, 18-49, 50-64, 65+).",
        "Dòng 4: không có đơn vị mã “99999” trong bản đồ 2021.",
        "Dòng 5: giới tính “X” không hợp lệ (dùng M hoặc F); số người “-2” phải là số nguyên từ 0 đến 50000000.",
        "Dòng 6: cần 5 cột (unit_code,era,age_band,sex,count), có 3.",
        f"Dòng 7: trùng ô ({b1}, 0-4, M) với dòng 2.",
        "Dòng 8: không có bản đồ hành chính “1999”.",
    ]
    assert PopulationCount.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_file_without_header_counts_lines_from_one(units, tmp_path):
    b1 = units["Thôn Bản Phố 1"].code
    path = write(tmp_path, f"{b1},2021,0-4,M,10\n{b1},2021,0-4,F,abc\n")

    with pytest.raises(CommandError, match="Dòng 2: số người “abc”"):
        call_command("import_population", str(path), year=2021, source="estimate")

    assert PopulationCount.objects.count() == 0


def test_an_empty_file_is_refused(db, tmp_path):
    path = write(tmp_path, "unit_code,era,age_band,sex,count\n")

    with pytest.raises(CommandError, match="không có dòng số liệu nào"):
        call_command("import_population", str(path), year=2021, source="census")
