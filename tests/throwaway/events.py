from phaodai.audit.enums import AuditAction
from phaodai.audit.events import event_type

NOTE_CREATED = event_type("throwaway.note_created", action=AuditAction.CREATED, label="Thêm ghi chép")
NOTE_PERSON_MERGED = event_type(
    "throwaway.note_person_merged",
    action=AuditAction.UPDATED,
    label="Ghi chép chuyển sang hồ sơ được giữ lại",
    summary="Ghi chép chuyển từ hồ sơ #%(duplicate)d sang #%(survivor)d",
)
