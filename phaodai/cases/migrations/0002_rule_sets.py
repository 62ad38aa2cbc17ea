"""The rule sets of RULES.md §3 that the cases app reads, with their sources, dates and verified flags.

Days count from the confirmation date as day 0 ("released after 7 days" = that date + 7). Items
the compilation marks UNCONFIRMED are shipped unverified, with the note saying what is unsure.
"""

import datetime as dt

from django.db import migrations

MILD_4038 = [
    "fever",
    "dry_cough",
    "sore_throat",
    "stuffy_nose",
    "fatigue",
    "headache",
    "myalgia",
    "numb_tongue",
]
MILD_261 = [*MILD_4038, "diarrhoea", "runny_nose", "loss_of_smell_taste"]

RISK_ROWS = [
    {"group": "very_high", "who": "Từ 65 tuổi có bệnh nền", "min_age_months": 780, "chronic": True},
    {
        "group": "very_high",
        "who": "Từ 65 tuổi chưa tiêm đủ liều",
        "min_age_months": 780,
        "fully_vaccinated": False,
    },
    {"group": "high", "who": "Phụ nữ mang thai", "pregnant": True},
    {"group": "high", "who": "Phụ nữ sau sinh", "postpartum": True},
    {"group": "high", "who": "Trẻ dưới 3 tháng tuổi", "max_age_months": 3},
    {"group": "high", "who": "Từ 65 tuổi đã tiêm đủ liều", "min_age_months": 780, "fully_vaccinated": True},
    {"group": "high", "who": "Có bệnh nền, đã tiêm đủ liều", "chronic": True, "fully_vaccinated": True},
    {
        "group": "high",
        "who": "50–64 tuổi chưa tiêm đủ liều, không bệnh nền",
        "min_age_months": 600,
        "max_age_months": 780,
        "fully_vaccinated": False,
        "chronic": False,
    },
    {
        "group": "medium",
        "who": "50–64 tuổi đã tiêm đủ liều, không bệnh nền",
        "min_age_months": 600,
        "max_age_months": 780,
        "fully_vaccinated": True,
        "chronic": False,
    },
    {
        "group": "medium",
        "who": "3 tháng – 49 tuổi chưa tiêm đủ liều",
        "min_age_months": 3,
        "max_age_months": 600,
        "fully_vaccinated": False,
        "chronic": False,
    },
    {
        "group": "low",
        "who": "3 tháng – 49 tuổi đã tiêm đủ liều, không bệnh nền",
        "min_age_months": 3,
        "max_age_months": 600,
        "fully_vaccinated": True,
        "chronic": False,
    },
]
RISK_SETTINGS = [
    {
        "group": "low",
        "setting": "home",
        "bed_kind": "",
        "where": "Tại nhà (tự cách ly, trạm y tế lưu động theo dõi, cấp thuốc)",
    },
    {
        "group": "medium",
        "setting": "district",
        "bed_kind": "ordinary",
        "where": "Cơ sở thu dung cấp huyện nếu có triệu chứng; tại nhà nếu cơ sở đã đầy và được theo dõi chặt",
    },
    {
        "group": "high",
        "setting": "provincial",
        "bed_kind": "oxygen",
        "where": "Bệnh viện có ô-xy y tế và điều trị chống viêm",
    },
    {
        "group": "very_high",
        "setting": "provincial",
        "bed_kind": "icu",
        "where": "Bệnh viện điều trị người bệnh nặng, có hồi sức tích cực",
    },
]
FACILITY_250 = {
    "days": 5,
    "accepted_tests": [],
    "tests_needed": 0,
    "then_home_days": 7,
    "note": "Điều trị tại cơ sở ít nhất 5 ngày, sau đó tự theo dõi tại nhà 7 ngày (250/QĐ-BYT).",
}

RULE_SETS = [
    {
        "code": "home_care.4038",
        "kind": "home_care",
        "title": "Điều kiện quản lý F0 tại nhà theo Quyết định 4038/QĐ-BYT",
        "valid_from": dt.date(2021, 8, 21),
        "valid_to": dt.date(2022, 1, 30),
        "source_number": "4038/QĐ-BYT",
        "source_date": dt.date(2021, 8, 21),
        "source_where": "RULES.md §3.2 (tintuc.thuvienphapluat.com …/37172; baovephapluat.vn …111016; luatvietnam.vn …207975)",
        "verified": True,
        "verification_note": "",
        "parameters": {
            "mild_symptoms": MILD_4038,
            "respiratory_rate_max": 20,
            "respiratory_rate_max_inclusive": True,
            "spo2_min": 96,
            "spo2_min_inclusive": True,
            "extra_condition": "vaccinated_or_low_risk",
            "one_dose_min_days": 14,
            "low_risk_age_above": 1,
            "low_risk_age_below": 50,
            "requires_self_care": True,
            "requires_contact": True,
        },
    },
    {
        "code": "home_care.261",
        "kind": "home_care",
        "title": "Điều kiện quản lý F0 tại nhà theo Quyết định 261/QĐ-BYT",
        "valid_from": dt.date(2022, 1, 31),
        "valid_to": dt.date(2022, 3, 13),
        "source_number": "261/QĐ-BYT",
        "source_date": dt.date(2022, 1, 31),
        "source_where": "RULES.md §3.2 (vov2.vov.vn …32364; wellness4all.net; phunumoi.net.vn …d244964)",
        "verified": True,
        "verification_note": "Thay 4038/QĐ-BYT; bị thay bởi 604/QĐ-BYT từ 14/03/2022 (nội dung 604 chưa đối chiếu).",
        "parameters": {
            "mild_symptoms": MILD_261,
            "respiratory_rate_max": 20,
            "respiratory_rate_max_inclusive": False,
            "spo2_min": 96,
            "spo2_min_inclusive": False,
            "extra_condition": "comorbidity_none_or_stable",
            "requires_self_care": True,
            "requires_contact": True,
        },
    },
    {
        "code": "home_care.604",
        "kind": "home_care",
        "title": "Điều kiện quản lý F0 tại nhà theo Quyết định 604/QĐ-BYT (chưa xác minh)",
        "valid_from": dt.date(2022, 3, 14),
        "valid_to": None,
        "source_number": "604/QĐ-BYT",
        "source_date": dt.date(2022, 3, 14),
        "source_where": "RULES.md §0 (thuvienphapluat.vn …Quyet-dinh-604-QD-BYT-2022…-506536.aspx)",
        "verified": False,
        "verification_note": "CHƯA XÁC MINH: 604/QĐ-BYT thay 261 và 528 từ 14/03/2022 nhưng nội dung chưa đối chiếu được; "
        "tạm dùng các điều kiện của 261/QĐ-BYT cho đến khi quản trị viên sửa theo văn bản gốc.",
        "parameters": {
            "mild_symptoms": MILD_261,
            "respiratory_rate_max": 20,
            "respiratory_rate_max_inclusive": False,
            "spo2_min": 96,
            "spo2_min_inclusive": False,
            "extra_condition": "comorbidity_none_or_stable",
            "requires_self_care": True,
            "requires_contact": True,
        },
    },
    {
        "code": "severity.250",
        "kind": "severity_classes",
        "title": "Phân loại mức độ bệnh theo Quyết định 250/QĐ-BYT (sửa đổi bởi 437/QĐ-BYT)",
        "valid_from": dt.date(2022, 1, 28),
        "valid_to": dt.date(2023, 6, 25),
        "source_number": "250/QĐ-BYT",
        "source_date": dt.date(2022, 1, 28),
        "source_where": "RULES.md §3.5 (thuvienphapluat.vn …Quyet-dinh-437-QD-BYT-2022…-504966.aspx, Phụ lục 1)",
        "verified": False,
        "verification_note": "CHƯA XÁC MINH: mức trung bình SpO2 94–96 % (bản đọc được bị cắt). Sửa đổi bởi 437/QĐ-BYT ngày 27/02/2022.",
        "parameters": {
            "normal_spo2_above": 96,
            "normal_rr_below": 20,
            "moderate_rr_max": 25,
            "severe_spo2_below": 94,
            "mild_with_comorbidity_is_moderate": True,
        },
    },
    {
        "code": "severity.2671",
        "kind": "severity_classes",
        "title": "Phân loại mức độ bệnh theo Quyết định 2671/QĐ-BYT",
        "valid_from": dt.date(2023, 6, 26),
        "valid_to": None,
        "source_number": "2671/QĐ-BYT",
        "source_date": dt.date(2023, 6, 26),
        "source_where": "RULES.md §3.5 (lawnet.vn …120903)",
        "verified": True,
        "verification_note": "Ngưỡng PaO2/FiO2 < 300 của mức nặng chưa dùng (không có số đo trong ca bệnh). "
        "Việc xếp người bệnh nhẹ có bệnh nền vào mức trung bình không được nêu trong nguồn đã đọc.",
        "parameters": {
            "normal_spo2_above": 96,
            "normal_rr_below": 22,
            "moderate_rr_max": 30,
            "severe_spo2_below": 94,
            "mild_with_comorbidity_is_moderate": False,
        },
    },
    {
        "code": "risk_routing.2021-12",
        "kind": "risk_routing",
        "title": "Phân nhóm nguy cơ người nhiễm và nơi điều trị (Bộ Y tế, 12/2021)",
        "valid_from": dt.date(2021, 12, 2),
        "valid_to": None,
        "source_number": "(số văn bản chưa xác minh)",
        "source_date": dt.date(2021, 12, 2),
        "source_where": "RULES.md §3.2 (e.vnexpress.net …4397652, 02/12/2021); nhóm theo 3646/QĐ-BYT",
        "verified": False,
        "verification_note": "CHƯA XÁC MINH: số hiệu văn bản của Bộ Y tế (12/2021). Người dưới 65 tuổi có bệnh nền "
        "chưa tiêm đủ liều không có trong bảng: xếp nhóm nguy cơ cao.",
        "parameters": {
            "rows": RISK_ROWS,
            "settings": RISK_SETTINGS,
            "default_group": "high",
            "default_note": "Không khớp dòng nào của bảng (ví dụ dưới 65 tuổi có bệnh nền, chưa tiêm đủ liều).",
        },
    },
    {
        "code": "isolation_end.3416",
        "kind": "isolation_end",
        "title": "Ra viện theo Quyết định 3416/QĐ-BYT",
        "valid_from": dt.date(2021, 7, 14),
        "valid_to": dt.date(2021, 12, 27),
        "source_number": "3416/QĐ-BYT",
        "source_date": dt.date(2021, 7, 14),
        "source_where": "RULES.md §3.6 (thuvienphapluat.vn/news/headlines/36618)",
        "verified": True,
        "verification_note": "Quy tắc kết thúc cách ly tại nhà của 4038/QĐ-BYT chưa xác minh: không đưa vào.",
        "parameters": {
            "home": None,
            "facility": {
                "days": 10,
                "accepted_tests": ["rt_pcr"],
                "tests_needed": 2,
                "ct_at_least": 30,
                "symptom_free_days": 10,
                "then_home_days": 14,
                "note": "Hai mẫu RT-PCR âm tính liên tiếp cách nhau 24 giờ (hoặc Ct ≥ 30); sau đó cách ly tại nhà 14 ngày, đo nhiệt độ 2 lần/ngày.",
            },
        },
    },
    {
        "code": "isolation_end.11011",
        "kind": "isolation_end",
        "title": "Kết thúc cách ly theo Công văn 11011/BYT-KCB",
        "valid_from": dt.date(2021, 12, 28),
        "valid_to": dt.date(2022, 1, 30),
        "source_number": "11011/BYT-KCB",
        "source_date": dt.date(2021, 12, 28),
        "source_where": "RULES.md §3.6 (vietlawonline.com …vbpl116259; baodanang.vn …3899542)",
        "verified": True,
        "verification_note": "",
        "parameters": {
            "home": {
                "days": 10,
                "accepted_tests": ["rapid_antigen"],
                "tests_needed": 1,
                "note": "Test nhanh do nhân viên y tế làm, hoặc tự làm dưới giám sát trực tiếp/từ xa, sinh phẩm được Bộ Y tế cấp phép.",
            },
            "facility": {
                "days": None,
                "accepted_tests": ["rt_pcr", "rapid_antigen"],
                "tests_needed": 1,
                "ct_at_least": 30,
                "symptom_free_days": 3,
                "then_home_days": 7,
                "note": "Hết triệu chứng ít nhất 3 ngày và RT-PCR âm tính, hoặc Ct ≥ 30, hoặc test nhanh âm tính ngày trước khi ra viện.",
            },
        },
    },
    {
        "code": "isolation_end.261",
        "kind": "isolation_end",
        "title": "Kết thúc cách ly theo Quyết định 250/QĐ-BYT và 261/QĐ-BYT",
        "valid_from": dt.date(2022, 1, 31),
        "valid_to": dt.date(2022, 2, 20),
        "source_number": "261/QĐ-BYT",
        "source_date": dt.date(2022, 1, 31),
        "source_where": "RULES.md §3.6 (en.vietnamplus.vn …222195; fr.vietnamplus.vn …177728)",
        "verified": True,
        "verification_note": "Quy tắc tại cơ sở theo 250/QĐ-BYT (28/01/2022).",
        "parameters": {
            "home": {
                "days": 7,
                "accepted_tests": ["rapid_antigen"],
                "tests_needed": 1,
                "if_positive_days_full": 10,
                "if_positive_days_not_full": 14,
                "note": "Trạm y tế xã, phường cấp giấy xác nhận khỏi bệnh.",
            },
            "facility": FACILITY_250,
        },
    },
    {
        "code": "isolation_end.762",
        "kind": "isolation_end",
        "title": "Kết thúc cách ly F0 tại nhà theo Công văn 762/BYT-DP",
        "valid_from": dt.date(2022, 2, 21),
        "valid_to": None,
        "source_number": "762/BYT-DP",
        "source_date": dt.date(2022, 2, 21),
        "source_where": "RULES.md §3.6 (sggpnews.org.vn …97463)",
        "verified": True,
        "verification_note": "762 nói về F0 tại nhà; quy tắc tại cơ sở giữ theo 250/QĐ-BYT. "
        "Chi tiết của 604/QĐ-BYT (14/03/2022) chưa xác minh.",
        "parameters": {
            "home": {
                "days": 7,
                "accepted_tests": ["rapid_antigen"],
                "tests_needed": 1,
                "if_positive_days_full": 10,
                "if_positive_days_not_full": 14,
            },
            "facility": FACILITY_250,
        },
    },
]


def add_rule_sets(apps, schema_editor):
    RuleSet = apps.get_model("rules", "RuleSet")
    for row in RULE_SETS:
        fields = {**row, "source_body": "Bộ Y tế", "scope_unit": None}
        code = fields.pop("code")
        RuleSet.objects.update_or_create(code=code, defaults=fields)


def remove_rule_sets(apps, schema_editor):
    RuleSet = apps.get_model("rules", "RuleSet")
    # A raw delete: the models that point at rule sets may be unmigrated already (no cascade to collect).
    RuleSet.objects.filter(code__in=[row["code"] for row in RULE_SETS])._raw_delete(
        schema_editor.connection.alias
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("rules", "0001_initial")]

    operations = [migrations.RunPython(add_rule_sets, remove_rule_sets)]
