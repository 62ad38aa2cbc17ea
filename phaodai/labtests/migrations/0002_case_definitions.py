"""The case definitions of RULES.md §3.1 as ``case_definition`` rule sets (national).

* 11042/BYT-DP (29/12/2021): (a) positive RT-PCR; (b) an F1 with a positive rapid antigen test;
  (c) clinical signs of suspected COVID-19 and a positive rapid antigen test; (d) epidemiological
  factors (not F1) and two consecutive positive rapid antigen tests, the second within 8 hours.
  In force until 1909 replaced it (14/04/2022 the last day).
* 1909/BYT-DP (15/04/2022): (a) positive RT-PCR; (b) clinical symptoms and a positive rapid
  antigen test; (c) epidemiological factors and a positive rapid antigen test.

Neither is on RULES.md's UNCONFIRMED list; both were read in secondary sources (11042's wording
abridged), which ``verification_note`` says. A self-test reported by a resident is in no
criterion: it is a signal to test, not a test that confirms.
"""

import datetime as dt

from django.db import migrations

CRITERIA_11042 = [
    {"code": "a", "text": "Xét nghiệm RT-PCR dương tính", "test_kinds": ["rt_pcr"]},
    {
        "code": "b",
        "text": "Người tiếp xúc gần (F1) có xét nghiệm nhanh kháng nguyên dương tính",
        "test_kinds": ["rapid_antigen"],
        "conditions": ["contact"],
    },
    {
        "code": "c",
        "text": "Người có biểu hiện lâm sàng nghi mắc COVID-19 và xét nghiệm nhanh kháng nguyên dương tính",
        "test_kinds": ["rapid_antigen"],
        "conditions": ["symptoms"],
    },
    {
        "code": "d",
        "text": (
            "Người có yếu tố dịch tễ (không phải F1) có hai lần xét nghiệm nhanh kháng nguyên dương tính "
            "liên tiếp, lần 2 trong vòng 8 giờ sau lần 1"
        ),
        "test_kinds": ["rapid_antigen"],
        "conditions": ["epi_factors"],
        "positive_tests": 2,
        "within_hours": 8,
    },
]
CRITERIA_1909 = [
    {"code": "a", "text": "Xét nghiệm RT-PCR dương tính", "test_kinds": ["rt_pcr"]},
    {
        "code": "b",
        "text": "Có triệu chứng lâm sàng và xét nghiệm nhanh kháng nguyên dương tính",
        "test_kinds": ["rapid_antigen"],
        "conditions": ["symptoms"],
    },
    {
        "code": "c",
        "text": "Có yếu tố dịch tễ và xét nghiệm nhanh kháng nguyên dương tính",
        "test_kinds": ["rapid_antigen"],
        "conditions": ["epi_factors"],
    },
]

RULE_SETS = [
    {
        "code": "case_definition.11042",
        "kind": "case_definition",
        "title": "Định nghĩa ca bệnh COVID-19 theo Công văn 11042/BYT-DP",
        "valid_from": dt.date(2021, 12, 29),
        "valid_to": dt.date(2022, 4, 14),
        "source_number": "11042/BYT-DP",
        "source_date": dt.date(2021, 12, 29),
        "source_body": "Bộ Y tế",
        "source_where": (
            "RULES.md §3.1; sggpnews.org.vn …96558 (diễn giải); "
            "english.luatvietnam.vn …official-dispatch-no-11042-byt-dp…-214917"
        ),
        "verified": True,
        "verification_note": (
            "Đọc qua bài báo diễn giải (sggpnews, câu chữ điểm (c) được rút gọn), chưa đối chiếu nguyên văn "
            "công văn. Không nằm trong danh sách CHƯA XÁC MINH của RULES.md."
        ),
        "parameters": {"criteria": CRITERIA_11042},
    },
    {
        "code": "case_definition.1909",
        "kind": "case_definition",
        "title": "Định nghĩa ca bệnh COVID-19 theo Công văn 1909/BYT-DP",
        "valid_from": dt.date(2022, 4, 15),
        "valid_to": None,
        "source_number": "1909/BYT-DP",
        "source_date": dt.date(2022, 4, 15),
        "source_body": "Bộ Y tế",
        "source_where": (
            "RULES.md §3.1; luatvietnam.vn legal update 892-89803; "
            "english.luatvietnam.vn …official-dispatch-no-1909-byt-dp…-219702"
        ),
        "verified": True,
        "verification_note": (
            "Đọc qua bản tin pháp luật (luatvietnam), chưa đối chiếu nguyên văn công văn. Không nằm trong "
            "danh sách CHƯA XÁC MINH của RULES.md."
        ),
        "parameters": {"criteria": CRITERIA_1909},
    },
]


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("rules", "RuleSet")
    for fields in RULE_SETS:
        values = dict(fields)
        RuleSet.objects.update_or_create(code=values.pop("code"), defaults=values)


def backwards(apps, schema_editor):
    RuleSet = apps.get_model("rules", "RuleSet")
    # A raw delete: the models that point at rule sets may be unmigrated already (no cascade to collect).
    RuleSet.objects.filter(code__in=[f["code"] for f in RULE_SETS])._raw_delete(
        schema_editor.connection.alias
    )


class Migration(migrations.Migration):
    dependencies = [
        ("labtests", "0001_initial"),
        ("rules", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
