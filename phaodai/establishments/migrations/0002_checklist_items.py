"""The criteria of the "safe to produce" checklist and of a school's readiness, as data.

The workplace criteria follow the Ministry of Health's guidance on preventing COVID-19 and
assessing the risk of infection at workplaces and workers' dormitories (Quyết định 2194/QĐ-BCĐQG
ngày 27/5/2021 of the National Steering Committee); the school criteria the safe-school
guidance of the Ministries of Health and of Education for the 2021–2022 school year. Each item
names its source; a province adds or retires items (``active``) without a code change.
"""

from django.db import migrations

WORK = "Quyết định 2194/QĐ-BCĐQG ngày 27/5/2021 (đối chiếu văn bản gốc)"
SCHOOL = "Hướng dẫn trường học an toàn năm học 2021–2022 của Bộ Y tế, Bộ GD&ĐT (đối chiếu văn bản gốc)"
ALL: list[str] = []
ITEMS = [
    ("safety_plan", "Có phương án phòng, chống dịch được phê duyệt và phổ biến tới mọi người", ALL, 10, WORK),
    (
        "covid_team",
        "Có tổ an toàn COVID-19 (tổ COVID) của cơ sở, phân công rõ người phụ trách",
        ["factory", "school", "market", "lodging"],
        20,
        WORK,
    ),
    ("entry_check", "Đo thân nhiệt, khai báo y tế (quét mã QR) với mọi người vào cơ sở", ALL, 30, WORK),
    ("masks", "Người lao động, học sinh, khách đeo khẩu trang đúng quy định", ALL, 40, WORK),
    ("hand_wash", "Có nơi rửa tay, dung dịch sát khuẩn ở lối vào và khu vực dùng chung", ALL, 50, WORK),
    ("distancing", "Bố trí giữ khoảng cách, không tập trung đông người trái quy định", ALL, 60, WORK),
    (
        "ventilation",
        "Phòng làm việc, phòng hát, phòng học thông thoáng, vệ sinh khử khuẩn định kỳ",
        ALL,
        70,
        WORK,
    ),
    (
        "isolation_room",
        "Có khu vực cách ly tạm thời người có biểu hiện nghi nhiễm",
        ["factory", "school", "lodging", "market"],
        80,
        WORK,
    ),
    ("canteen", "Nhà ăn có vách ngăn, ăn theo ca, không ngồi đối diện", ["factory", "school"], 90, WORK),
    ("transport", "Xe đưa đón người lao động có danh sách, ghế ngồi cố định", ["factory"], 100, WORK),
    (
        "worker_list",
        "Danh sách người lao động với nơi ở, phương tiện đi lại được cập nhật",
        ["factory"],
        110,
        WORK,
    ),
    (
        "guest_register",
        "Ghi sổ khách, khai báo khách lưu trú với công an và y tế",
        ["lodging", "karaoke", "massage"],
        120,
        WORK,
    ),
    (
        "testing",
        "Xét nghiệm định kỳ cho người lao động theo cấp độ dịch của địa bàn",
        ["factory", "market"],
        130,
        WORK,
    ),
    ("vaccination", "Người lao động, giáo viên đã tiêm vắc xin theo hướng dẫn", ALL, 140, WORK),
    (
        "school_plan",
        "Có kế hoạch dạy học trực tiếp và trực tuyến theo tình hình dịch",
        ["school"],
        200,
        SCHOOL,
    ),
    ("school_health", "Có phòng y tế trường học và người phụ trách y tế", ["school"], 210, SCHOOL),
    (
        "school_parents",
        "Cha mẹ học sinh được thông báo, cùng theo dõi sức khỏe học sinh hằng ngày",
        ["school"],
        220,
        SCHOOL,
    ),
]


def add_items(apps, schema_editor):
    ChecklistItem = apps.get_model("establishments", "ChecklistItem")
    for code, text, kinds, order, source in ITEMS:
        ChecklistItem.objects.update_or_create(
            code=code,
            defaults={"text": text, "kinds": kinds, "order": order, "source": source, "active": True},
        )


def remove_items(apps, schema_editor):
    ChecklistItem = apps.get_model("establishments", "ChecklistItem")
    ChecklistItem.objects.filter(code__in=[item[0] for item in ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("establishments", "0001_establishment_members_inspections")]

    operations = [migrations.RunPython(add_items, remove_items)]
