"""Choices of the command app: positions in a body, offices held, kinds of document."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Position(models.TextChoices):
    """The member's place in the body (Ban Chỉ đạo / Trung tâm Chỉ huy)."""

    HEAD = "head", _("Trưởng ban / Chỉ huy trưởng")
    DEPUTY = "deputy", _("Phó trưởng ban / Phó chỉ huy trưởng")
    STANDING = "standing", _("Ủy viên thường trực")
    MEMBER = "member", _("Thành viên")


# Positions that may lead a duty shift ("a leader on every shift").
LEADING_POSITIONS = frozenset({Position.HEAD, Position.DEPUTY, Position.STANDING})


class Office(models.TextChoices):
    """The office the member holds outside the body (chức danh)."""

    PARTY_SECRETARY = "party_secretary", _("Bí thư Đảng ủy / Huyện ủy")
    PARTY_DEPUTY = "party_deputy", _("Phó Bí thư Đảng ủy")
    PC_CHAIR = "pc_chair", _("Chủ tịch UBND")
    PC_VICE_CHAIR = "pc_vice_chair", _("Phó Chủ tịch UBND")
    COUNCIL_CHAIR = "council_chair", _("Chủ tịch HĐND")
    FRONT_CHAIR = "front_chair", _("Chủ tịch Ủy ban MTTQ")
    POLICE_CHIEF = "police_chief", _("Trưởng Công an")
    MILITARY_CHIEF = "military_chief", _("Chỉ huy trưởng Quân sự")
    HEALTH_HEAD = "health_head", _("Trưởng Trạm Y tế / Giám đốc Trung tâm Y tế")
    CULTURE_OFFICER = "culture_officer", _("Công chức Văn hóa - Xã hội")
    OFFICE_STAFF = "office_staff", _("Công chức Văn phòng - Thống kê")
    VILLAGE_HEAD = "village_head", _("Trưởng thôn, tổ dân phố")
    OTHER = "other", _("Chức danh khác")


class DocumentKind(models.TextChoices):
    ESTABLISHMENT = "establishment", _("Quyết định thành lập")
    WORKING_RULES = "working_rules", _("Quy chế làm việc")
    ASSIGNMENT = "assignment", _("Phân công nhiệm vụ thành viên")
    OTHER = "other", _("Văn bản khác")


class BodyKind(models.TextChoices):
    CENTRE = "centre", _("Trung tâm Chỉ huy")
    COMMITTEE = "committee", _("Ban Chỉ đạo")
