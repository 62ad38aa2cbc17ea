"""Roles and what each may do inside its jurisdiction.

Where a user may act is decided by their units (``core.access``); *what* they may do there
is decided here, in one table every auditor can read. Views, services, selectors and the
API ask ``core.access.has_capability(user, Capability.X)``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_LEADER = "province_leader", _("Lãnh đạo cấp tỉnh")
    DISTRICT_LEADER = "district_leader", _("Lãnh đạo cấp huyện")
    COMMUNE_LEADER = "commune_leader", _("Lãnh đạo cấp xã")
    HEALTH_STAFF = "health_staff", _("Cán bộ y tế")
    COMMUNITY_MEMBER = "community_member", _("Tổ Covid cộng đồng")
    CHECKPOINT_OFFICER = "checkpoint_officer", _("Cán bộ chốt kiểm dịch")
    VIEWER = "viewer", _("Người xem")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")


class Capability(models.TextChoices):
    VIEW_PEOPLE = "view_people", _("Xem nhân khẩu")
    EDIT_PEOPLE = "edit_people", _("Thêm, sửa nhân khẩu")
    MERGE_PEOPLE = "merge_people", _("Gộp hồ sơ trùng")
    EXPORT_PEOPLE = "export_people", _("Xuất danh sách")
    # Full records of many residents at once through the API: a phone syncing its area, an
    # export script. Looking people up one by one is VIEW_PEOPLE; a viewer does not get this.
    SYNC_PEOPLE = "sync_people", _("Lấy nhân khẩu hàng loạt qua API (đồng bộ máy)")
    VIEW_AUDIT = "view_audit", _("Xem lịch sử thay đổi")
    APPROVE = "approve", _("Phê duyệt")
    MANAGE_USERS = "manage_users", _("Quản lý người dùng")
    MANAGE_AREAS = "manage_areas", _("Quản lý địa bàn")
    # rules: editing the professional rule sets (reading them needs only a login); system
    # administrators only (they hold every capability).
    MANAGE_RULES = "manage_rules", _("Quản lý bộ quy định chuyên môn")
    # violations: recording a violation; deciding on it (fine, suspension, referral) and
    # exporting the register are the leaders' (the chair of the People's Committee signs).
    VIEW_VIOLATIONS = "view_violations", _("Xem vi phạm phòng dịch")
    RECORD_VIOLATIONS = "record_violations", _("Ghi nhận vi phạm phòng dịch")
    DECIDE_VIOLATIONS = "decide_violations", _("Quyết định xử lý vi phạm, xuất danh sách vi phạm")
    # announcements: writing a message; approving and publishing it is a leader's; the
    # public situation page's content (measures, testing and vaccination places, hotline).
    VIEW_ANNOUNCEMENTS = "view_announcements", _("Xem thông báo")
    WRITE_ANNOUNCEMENTS = "write_announcements", _("Soạn thông báo")
    APPROVE_ANNOUNCEMENTS = "approve_announcements", _("Duyệt và phát thông báo")
    MANAGE_PUBLIC_INFO = "manage_public_info", _("Cập nhật trang thông tin công khai")
    # establishments: the registry, inspections, whether each may operate.
    VIEW_ESTABLISHMENTS = "view_establishments", _("Xem cơ sở, doanh nghiệp, trường học")
    EDIT_ESTABLISHMENTS = "edit_establishments", _("Thêm, sửa cơ sở, doanh nghiệp, trường học")
    INSPECT_ESTABLISHMENTS = "inspect_establishments", _("Kiểm tra cơ sở, quyết định được hoạt động")


_LEADER = {
    Capability.VIEW_PEOPLE,
    Capability.EDIT_PEOPLE,
    Capability.SYNC_PEOPLE,
    Capability.MERGE_PEOPLE,
    Capability.EXPORT_PEOPLE,
    Capability.VIEW_AUDIT,
    Capability.APPROVE,
    # violations
    Capability.VIEW_VIOLATIONS,
    Capability.RECORD_VIOLATIONS,
    Capability.DECIDE_VIOLATIONS,
    # announcements
    Capability.VIEW_ANNOUNCEMENTS,
    Capability.WRITE_ANNOUNCEMENTS,
    Capability.APPROVE_ANNOUNCEMENTS,
    Capability.MANAGE_PUBLIC_INFO,
    # establishments
    Capability.VIEW_ESTABLISHMENTS,
    Capability.EDIT_ESTABLISHMENTS,
    Capability.INSPECT_ESTABLISHMENTS,
}

CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PROVINCE_LEADER: frozenset(_LEADER),
    Role.DISTRICT_LEADER: frozenset(_LEADER),
    Role.COMMUNE_LEADER: frozenset(_LEADER),
    Role.HEALTH_STAFF: frozenset(
        {
            Capability.VIEW_PEOPLE,
            Capability.EDIT_PEOPLE,
            Capability.SYNC_PEOPLE,
            Capability.MERGE_PEOPLE,
            Capability.VIEW_AUDIT,
            # violations, announcements, establishments
            Capability.VIEW_VIOLATIONS,
            Capability.RECORD_VIOLATIONS,
            Capability.VIEW_ANNOUNCEMENTS,
            Capability.WRITE_ANNOUNCEMENTS,
            Capability.MANAGE_PUBLIC_INFO,
            Capability.VIEW_ESTABLISHMENTS,
            Capability.EDIT_ESTABLISHMENTS,
            Capability.INSPECT_ESTABLISHMENTS,
        }
    ),
    Role.COMMUNITY_MEMBER: frozenset(
        {
            Capability.VIEW_PEOPLE,
            Capability.EDIT_PEOPLE,
            Capability.SYNC_PEOPLE,
            # violations, announcements, establishments: what a community team sees and records
            Capability.VIEW_VIOLATIONS,
            Capability.RECORD_VIOLATIONS,
            Capability.VIEW_ANNOUNCEMENTS,
            Capability.WRITE_ANNOUNCEMENTS,
            Capability.VIEW_ESTABLISHMENTS,
        }
    ),
    Role.CHECKPOINT_OFFICER: frozenset(
        {
            Capability.VIEW_PEOPLE,
            # violations, announcements
            Capability.VIEW_VIOLATIONS,
            Capability.RECORD_VIOLATIONS,
            Capability.VIEW_ANNOUNCEMENTS,
        }
    ),
    Role.VIEWER: frozenset(
        {
            Capability.VIEW_PEOPLE,
            # violations, announcements, establishments
            Capability.VIEW_VIOLATIONS,
            Capability.VIEW_ANNOUNCEMENTS,
            Capability.VIEW_ESTABLISHMENTS,
        }
    ),
    Role.SYSTEM_ADMIN: frozenset(Capability),
}
