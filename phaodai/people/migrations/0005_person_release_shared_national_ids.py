"""Before a CCCD/CMND may be held by one record in use only (0006): release the numbers shared today.

Where several records not merged away share a number, the earliest keeps it; each later one
gets it written into its notes, with the record it clashed with, and its number emptied. The
pair is put in the duplicates queue (opened again if it had been dismissed), and each change
is an audit row of ``people.national_id_released`` by the system. Nothing is deleted: the
officers merge the pair, or correct the number on the right record, from the queue.
"""

from django.db import migrations
from django.db.models import Count
from django.utils import timezone

PATH_SEGMENT_WIDTH = 8  # areas.models.PATH_SEGMENT_WIDTH as it is today (no app code here)
REASONS = [
    "Trùng số CCCD/CMND.",
    "Số CCCD/CMND của hồ sơ sau đã được chuyển vào ghi chú (mỗi số chỉ thuộc một hồ sơ): hãy xác minh.",
]


def _common_path(first, second):
    step = PATH_SEGMENT_WIDTH + 1
    end = 0
    while end + step <= min(len(first), len(second)) and first[end : end + step] == second[end : end + step]:
        end += step
    return first[:end]


def release_shared_national_ids(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    DuplicateCandidate = apps.get_model("people", "DuplicateCandidate")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    in_use = Person.objects.filter(merged_into__isnull=True).exclude(national_id="")
    shared = list(
        in_use.values("national_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("national_id")
        .values_list("national_id", flat=True)
    )
    today = timezone.localdate().strftime("%d/%m/%Y")
    for number in shared:
        keeper, *later = in_use.filter(national_id=number).order_by("pk")
        for person in later:
            before = person.notes
            line = (
                f"Số CCCD/CMND {number} (trùng với hồ sơ {keeper.full_name}, mã số {keeper.pk}; "
                f"chuyển vào ghi chú ngày {today} vì mỗi số chỉ thuộc một hồ sơ)."
            )
            person.notes = f"{before}\n{line}" if before else line
            person.national_id = ""
            person.save(update_fields=["national_id", "notes", "updated_at"])
            first, second = sorted((keeper, person), key=lambda p: p.pk)
            pair, created = DuplicateCandidate.objects.get_or_create(
                first=first,
                second=second,
                defaults={
                    "area_path": _common_path(first.area_path, second.area_path),
                    "score": 1.0,
                    "reasons": REASONS,
                    "status": "open",
                },
            )
            if not created and pair.status != "open":
                pair.status, pair.resolved_at, pair.resolved_by = "open", None, None
                pair.reasons = [*pair.reasons, REASONS[1]]
                pair.save(update_fields=["status", "resolved_at", "resolved_by", "reasons"])
            AuditEvent.objects.create(
                actor=None,
                action="updated",
                event="people.national_id_released",
                target_type="people.person",
                target_id=person.pk,
                area_path=person.area_path,
                changes={"national_id": [number, ""], "notes": [before, person.notes]},
                params={"other": keeper.pk},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_event_types_and_access_log"),
        ("people", "0004_area_scoped_base"),
    ]

    operations = [migrations.RunPython(release_shared_national_ids, migrations.RunPython.noop)]
