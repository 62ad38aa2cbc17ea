"""The warning-sign rule sets of RULES.md §3.4 (the 11 signs of 261/QĐ-BYT, the Hà Nội variant,
and 4038's transfer thresholds as far as they are known), as data.

The parameters are copied here, never imported from the app: a migration is history, and a
later correction is a new rule set or an edit through ``rules.services``, not a change here.
The Hà Nội variant is a province override: it is written only where the 2021 province with code
"01" exists when this runs (a database whose units are loaded later gets it from
``manage.py homecare_rule_sets``, which runs the same function).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import migrations

SIGNS_261 = [
    {
        "number": 1,
        "title": "Khó thở, hụt hơi; ở trẻ em: thở rên, rút lõm lồng ngực, phập phồng cánh mũi, khò khè",
    },
    {
        "number": 2,
        "title": "Nhịp thở tăng: người lớn ≥ 20 lần/phút; trẻ từ 1 đến dưới 5 tuổi ≥ 40 lần/phút; trẻ từ 5 đến dưới 12 tuổi ≥ 30 lần/phút",
    },
    {"number": 3, "title": "SpO2 ≤ 96 % (đo lại sau 30–60 giây, giữ yên tay)"},
    {"number": 4, "title": "Mạch nhanh > 120 lần/phút hoặc chậm < 50 lần/phút"},
    {"number": 5, "title": "Huyết áp thấp: tối đa < 90 mmHg, tối thiểu < 60 mmHg (nếu đo được)"},
    {"number": 6, "title": "Đau tức ngực thường xuyên, cảm giác bó thắt ngực, đau tăng khi hít sâu"},
    {
        "number": 7,
        "title": "Thay đổi ý thức: lú lẫn, ngủ rũ, lơ mơ, rất mệt, mệt lả; trẻ quấy khóc không dỗ được, li bì khó đánh thức, co giật",
    },
    {
        "number": 8,
        "title": "Tím môi, tím đầu móng tay, móng chân; da nhợt, môi nhợt; lạnh đầu ngón tay, ngón chân",
    },
    {
        "number": 9,
        "title": "Trẻ em: không uống được, bú kém, ăn kém, nôn; dấu hiệu MIS-C: sốt cao, mắt đỏ, môi đỏ, lưỡi dâu tây, sưng phù tay chân, nổi ban",
    },
    {"number": 10, "title": "Mắc thêm bệnh cấp tính khác (ví dụ sốt xuất huyết, tay chân miệng)"},
    {
        "number": 11,
        "title": "Bất kỳ tình trạng bất ổn nào khác mà người bệnh hoặc người chăm sóc thấy cần báo",
    },
]

SYMPTOMS = [
    # The monitoring sheet's symptoms (RULES.md §3.3) that are no warning sign by themselves.
    {"code": "sot", "label": "Sốt"},
    {"code": "met_moi", "label": "Mệt mỏi"},
    {"code": "ho", "label": "Ho"},
    {"code": "ho_co_dom", "label": "Ho có đờm"},
    {"code": "ot_lanh", "label": "Ớn lạnh, gai rét"},
    {"code": "viem_ket_mac", "label": "Viêm kết mạc (mắt đỏ)"},
    {"code": "mat_vi_giac", "label": "Mất vị giác hoặc khứu giác"},
    {"code": "tieu_chay", "label": "Tiêu chảy"},
    {"code": "ho_ra_mau", "label": "Ho ra máu"},
    {"code": "dau_hong", "label": "Đau họng"},
    {"code": "dau_dau", "label": "Đau đầu"},
    {"code": "chong_mat", "label": "Chóng mặt"},
    {"code": "chan_an", "label": "Chán ăn"},
    {"code": "dau_co", "label": "Đau mỏi cơ"},
    # Symptoms that are warning signs (RULES.md §3.4).
    {"code": "kho_tho", "label": "Khó thở, hụt hơi", "sign": 1},
    {
        "code": "tre_tho_bat_thuong",
        "label": "Trẻ thở rên, rút lõm lồng ngực, phập phồng cánh mũi, khò khè",
        "sign": 1,
        "children_only": True,
    },
    {"code": "dau_nguc", "label": "Đau tức ngực thường xuyên, bó thắt ngực, đau tăng khi hít sâu", "sign": 6},
    {"code": "lu_lan", "label": "Lú lẫn, ngủ rũ, lơ mơ, rất mệt, mệt lả", "sign": 7},
    {"code": "co_giat", "label": "Co giật", "sign": 7},
    {
        "code": "tre_li_bi",
        "label": "Trẻ quấy khóc không dỗ được, li bì khó đánh thức",
        "sign": 7,
        "children_only": True,
    },
    {
        "code": "tim_tai",
        "label": "Tím môi, tím đầu móng tay, móng chân; da nhợt; lạnh đầu ngón tay, ngón chân",
        "sign": 8,
    },
    {"code": "tre_bu_kem", "label": "Trẻ không uống được, bú kém, ăn kém", "sign": 9, "children_only": True},
    {"code": "non", "label": "Buồn nôn, nôn", "sign": 9, "children_only": True},
    {
        "code": "tre_misc",
        "label": "Trẻ sốt cao, mắt đỏ, môi đỏ, lưỡi dâu tây, sưng phù tay chân, nổi ban",
        "sign": 9,
        "children_only": True,
    },
    {
        "code": "benh_cap_moi",
        "label": "Mắc thêm bệnh cấp tính khác (sốt xuất huyết, tay chân miệng…)",
        "sign": 10,
    },
    {"code": "bat_on_khac", "label": "Tình trạng bất ổn khác cần báo nhân viên y tế", "sign": 11},
]


def _signs(**titles: str) -> list[dict[str, Any]]:
    return [{**sign, "title": titles.get(f"s{sign['number']}", sign["title"])} for sign in SIGNS_261]


def _params(*, adult_rr: dict[str, Any], spo2: dict[str, Any], signs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "signs": signs,
        # Under 12 years is a child here: the child breathing bands of 261 end at 12 years.
        "child_until_months": 144,
        "respiratory_rate": {
            "sign": 2,
            "bands": [
                {"from_months": 12, "until_months": 60, "bounds": [{"op": ">=", "limit": "40"}]},
                {"from_months": 60, "until_months": 144, "bounds": [{"op": ">=", "limit": "30"}]},
                {"from_months": 144, "until_months": None, "bounds": [adult_rr]},
            ],
        },
        "spo2": {"sign": 3, "bands": [{"from_months": 0, "until_months": None, "bounds": [spo2]}]},
        "pulse": {
            "sign": 4,
            "bands": [
                {
                    "from_months": 0,
                    "until_months": None,
                    "bounds": [{"op": ">", "limit": "120"}, {"op": "<", "limit": "50"}],
                }
            ],
        },
        "systolic": {
            "sign": 5,
            "bands": [{"from_months": 0, "until_months": None, "bounds": [{"op": "<", "limit": "90"}]}],
        },
        "diastolic": {
            "sign": 5,
            "bands": [{"from_months": 0, "until_months": None, "bounds": [{"op": "<", "limit": "60"}]}],
        },
        "temperature": None,
        "symptoms": SYMPTOMS,
    }


RULE_SETS: list[dict[str, Any]] = [
    {
        "code": "warning_signs.4038",
        "title": "Dấu hiệu cần chuyển viện khi chăm sóc F0 tại nhà (Quyết định 4038/QĐ-BYT)",
        "province_code": None,
        "valid_from": dt.date(2021, 8, 21),
        "valid_to": dt.date(2022, 1, 30),
        "source_number": "4038/QĐ-BYT",
        "source_date": dt.date(2021, 8, 21),
        "source_body": "Bộ Y tế",
        "source_where": "RULES.md §3.4 (ghi chú cuối) và §3.2; tintuc.thuvienphapluat.com …/37172",
        "verified": False,
        "verification_note": (
            "CHƯA XÁC MINH. RULES.md: ngưỡng chuyển viện của 4038 chưa được đối chiếu với văn bản; các ứng dụng "
            'ghi "SpO2 ≤ 95 %". Nhịp thở ≥ 21 lần/phút suy ra từ điều kiện chăm sóc tại nhà của 4038 '
            "(nhịp thở ≤ 20 lần/phút). Các dấu hiệu khác tạm lấy theo 261. Cần đối chiếu với văn bản gốc."
        ),
        "parameters": _params(
            adult_rr={"op": ">=", "limit": "21"},
            spo2={"op": "<=", "limit": "95"},
            signs=_signs(
                s2="Nhịp thở tăng: người lớn ≥ 21 lần/phút (suy ra, chưa xác minh); trẻ em theo ngưỡng của 261 (chưa xác minh)",
                s3="SpO2 ≤ 95 % (chưa xác minh)",
            ),
        ),
    },
    {
        "code": "warning_signs.hanoi_2021",
        "title": "Dấu hiệu cảnh báo trong gói chăm sóc F0 tại nhà của Hà Nội (tháng 12/2021)",
        "province_code": "01",
        "valid_from": dt.date(2021, 12, 1),
        "valid_to": dt.date(2022, 1, 30),
        "source_number": "Gói chăm sóc F0 tại nhà của Hà Nội",
        "source_date": dt.date(2021, 12, 1),
        "source_body": "UBND thành phố Hà Nội",
        "source_where": 'RULES.md §3.4 "Earlier variants"; daidoanket.vn …10212545',
        "verified": False,
        "verification_note": (
            'CHƯA XÁC MINH ngày hiệu lực và số văn bản (RULES.md: "early Dec 2021"); chỉ đọc được hai ngưỡng: '
            "nhịp thở ≥ 21 lần/phút, SpO2 < 95 %. Ngưỡng nhịp thở của trẻ em và các dấu hiệu khác tạm lấy theo 261."
        ),
        "parameters": _params(
            adult_rr={"op": ">=", "limit": "21"},
            spo2={"op": "<", "limit": "95"},
            signs=_signs(
                s2="Nhịp thở tăng: người lớn ≥ 21 lần/phút; trẻ em theo ngưỡng của 261 (chưa xác minh)",
                s3="SpO2 < 95 %",
            ),
        ),
    },
    {
        "code": "warning_signs.261",
        "title": "11 dấu hiệu cần báo ngay cho nhân viên y tế (Quyết định 261/QĐ-BYT)",
        "province_code": None,
        "valid_from": dt.date(2022, 1, 31),
        "valid_to": None,
        "source_number": "261/QĐ-BYT",
        "source_date": dt.date(2022, 1, 31),
        "source_body": "Bộ Y tế",
        "source_where": (
            "RULES.md §3.4 (arcmmp.com …9390; phunumoi.net.vn; baoquocte.vn; thuvienphapluat.vn "
            "…quyet-dinh-261-qd-byt-2022-…-502068.aspx)"
        ),
        "verified": True,
        "verification_note": (
            "Ngưỡng theo RULES.md §3.4, khớp giới hạn đủ điều kiện chăm sóc tại nhà của 261. Cách đọc của dự án: "
            '"người lớn" là từ 12 tuổi; trẻ dưới 1 tuổi 261 không cho ngưỡng nhịp thở (không đánh giá); huyết áp '
            "thấp khi tối đa < 90 hoặc tối thiểu < 60; 261 không cho ngưỡng nhiệt độ (sốt cao của trẻ thuộc dấu hiệu 9). "
            "Quyết định 604/QĐ-BYT (14/03/2022) thay thế 261 nhưng dấu hiệu của 604 chưa được đọc, nên bộ này vẫn "
            "để hiệu lực mở cho đến khi nhập bộ của 604."
        ),
        "parameters": _params(
            adult_rr={"op": ">=", "limit": "20"},
            spo2={"op": "<=", "limit": "96"},
            signs=SIGNS_261,
        ),
    },
]


def write_rule_sets(apps: Any, schema_editor: Any) -> None:
    RuleSet = apps.get_model("rules", "RuleSet")
    AdminUnit = apps.get_model("areas", "AdminUnit")
    for data in RULE_SETS:
        fields = {key: value for key, value in data.items() if key not in {"code", "province_code"}}
        scope = None
        if data["province_code"] is not None:
            scope = (
                AdminUnit.objects.filter(era__code="2021", level=1, code=data["province_code"])
                .order_by("pk")
                .first()
            )
            if scope is None:
                continue
        RuleSet.objects.update_or_create(
            code=data["code"], defaults={**fields, "kind": "warning_signs", "scope_unit": scope}
        )


def remove_rule_sets(apps: Any, schema_editor: Any) -> None:
    # A raw delete: the models that point at rule sets may be unmigrated already (no cascade to collect).
    apps.get_model("rules", "RuleSet").objects.filter(
        code__in=[data["code"] for data in RULE_SETS]
    )._raw_delete(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("homecare", "0001_initial"), ("rules", "0001_initial")]

    operations = [migrations.RunPython(write_rule_sets, remove_rule_sets)]
