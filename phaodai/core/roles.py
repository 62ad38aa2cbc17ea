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
    # labtests: screenings, samples, pools, results, case proposals (personal health data)
    VIEW_TESTS = "view_tests", _("Xem kết quả xét nghiệm")
    EDIT_TESTS = "edit_tests", _("Nhập, sửa kết quả xét nghiệm")
    EXPORT_TESTS = "export_tests", _("Xuất kết quả xét nghiệm")
    # rules: editing the professional rule sets (reading them needs only a login); system
    # administrators only (they hold every capability).
    MANAGE_RULES = "manage_rules", _("Quản lý bộ quy định chuyên môn")
    # cases (F0 cases, treatment facilities and beds)
    VIEW_CASES = "view_cases", _("Xem ca bệnh F0")
    EDIT_CASES = "edit_cases", _("Thêm, sửa ca bệnh F0, chuyển nơi điều trị")
    CONFIRM_CASES = "confirm_cases", _("Khẳng định ca bệnh F0")
    EXPORT_CASES = "export_cases", _("Xuất danh sách ca bệnh")
    VIEW_FACILITIES = "view_facilities", _("Xem cơ sở điều trị, giường bệnh")
    MANAGE_FACILITIES = "manage_facilities", _("Quản lý cơ sở điều trị, số giường")
    # homecare: the twice-daily monitoring of F0 at home (entries, personal links, missed half-days)
    VIEW_HOMECARE = "view_homecare", _("Xem phiếu theo dõi F0 tại nhà")
    RECORD_HOMECARE = "record_homecare", _("Ghi phiếu theo dõi F0 tại nhà, tạo đường dẫn tự theo dõi")
    # directives (issue 10 item 3): directives, their tasks, the reports on them, compliance
    VIEW_DIRECTIVES = "view_directives", _("Xem văn bản chỉ đạo, nhiệm vụ và kết quả thực hiện")
    ISSUE_DIRECTIVES = "issue_directives", _("Nhập văn bản chỉ đạo, giao nhiệm vụ")
    REPORT_TASKS = "report_tasks", _("Tiếp nhận, báo cáo thực hiện nhiệm vụ được giao")
    # command: steering committees, command centres, members, the duty roster
    VIEW_COMMAND = "view_command", _("Xem Ban Chỉ đạo, Trung tâm Chỉ huy và lịch trực")
    MANAGE_COMMAND = "manage_command", _("Quản lý Ban Chỉ đạo, Trung tâm Chỉ huy và lịch trực")
    # requests_desk: residents' requests (R-23)
    VIEW_REQUESTS = "view_requests", _("Xem yêu cầu của người dân")
    HANDLE_REQUESTS = "handle_requests", _("Tiếp nhận, giao việc, giải quyết yêu cầu của người dân")
    # welfare: support for vulnerable households during distancing
    VIEW_WELFARE = "view_welfare", _("Xem hộ khó khăn và hàng hỗ trợ")
    EDIT_WELFARE = "edit_welfare", _("Đánh dấu hộ khó khăn, nhập hàng hỗ trợ")
    DELIVER_WELFARE = "deliver_welfare", _("Ghi nhận phát hàng hỗ trợ cho hộ")
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
    # labtests, cases, homecare: leaders see the health records and beds, health staff keep them
    Capability.VIEW_TESTS,
    Capability.EXPORT_TESTS,
    Capability.VIEW_CASES,
    Capability.VIEW_FACILITIES,
    Capability.VIEW_HOMECARE,
    # command
    Capability.VIEW_COMMAND,
    Capability.MANAGE_COMMAND,
    # directives: leaders issue directives and report on the tasks their unit receives
    Capability.VIEW_DIRECTIVES,
    Capability.ISSUE_DIRECTIVES,
    Capability.REPORT_TASKS,
    # requests_desk
    Capability.VIEW_REQUESTS,
    Capability.HANDLE_REQUESTS,
    # welfare
    Capability.VIEW_WELFARE,
    Capability.EDIT_WELFARE,
    Capability.DELIVER_WELFARE,
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
            # labtests
            Capability.VIEW_TESTS,
            Capability.EDIT_TESTS,
            Capability.EXPORT_TESTS,
            # cases: health staff keep the health records
            Capability.VIEW_CASES,
            Capability.EDIT_CASES,
            Capability.CONFIRM_CASES,
            Capability.EXPORT_CASES,
            Capability.VIEW_FACILITIES,
            Capability.MANAGE_FACILITIES,
            # homecare
            Capability.VIEW_HOMECARE,
            Capability.RECORD_HOMECARE,
            # command
            Capability.VIEW_COMMAND,
            # directives: they report on their tasks (the Health Centre, the commune station)
            Capability.VIEW_DIRECTIVES,
            Capability.REPORT_TASKS,
            # requests_desk: medicine and transport to hospital are theirs to handle too
            Capability.VIEW_REQUESTS,
            Capability.HANDLE_REQUESTS,
            # welfare
            Capability.VIEW_WELFARE,
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
            Capability.VIEW_COMMAND,  # command
            Capability.VIEW_DIRECTIVES,  # directives
            # requests_desk: they see what their area asked for (handling is the centre's)
            Capability.VIEW_REQUESTS,
            # welfare: they carry the packages to the households and record it
            Capability.VIEW_WELFARE,
            Capability.DELIVER_WELFARE,
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
            Capability.VIEW_COMMAND,  # command
            Capability.VIEW_DIRECTIVES,  # directives
            # violations, announcements
            Capability.VIEW_VIOLATIONS,
            Capability.RECORD_VIOLATIONS,
            Capability.VIEW_ANNOUNCEMENTS,
        }
    ),
    Role.VIEWER: frozenset(
        {
            Capability.VIEW_PEOPLE,
            Capability.VIEW_FACILITIES,  # cases: beds, not patients
            Capability.VIEW_COMMAND,  # command
            Capability.VIEW_DIRECTIVES,  # directives
            Capability.VIEW_REQUESTS,  # requests_desk
            Capability.VIEW_WELFARE,  # welfare
            # violations, announcements, establishments
            Capability.VIEW_VIOLATIONS,
            Capability.VIEW_ANNOUNCEMENTS,
            Capability.VIEW_ESTABLISHMENTS,
        }
    ),
    Role.SYSTEM_ADMIN: frozenset(Capability),
}
