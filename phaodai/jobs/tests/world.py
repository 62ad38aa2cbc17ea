"""The jobs app's part of the test world: a job of each commune's leader (one with a file)."""

from __future__ import annotations

from typing import Any

from phaodai.jobs import files
from phaodai.jobs.enums import JobStatus
from phaodai.jobs.models import Job


def contribute(world: Any) -> None:
    own = Job.objects.create(
        unit=world.units["Xã Bản Phố"],
        kind="people.export",
        label="Xuất nhân khẩu Bản Phố",
        task_path="phaodai.sheets.tasks.export_list",
        created_by=world.users["own_commune"],
        status=JobStatus.SUCCEEDED,
    )
    path, relative = files.result_path(own.uuid, "nhan-khau.csv")
    path.write_text("Họ và tên\nGiàng Seo Páo\n", encoding="utf-8")
    own.result_file, own.result_name = relative, "nhan-khau.csv"
    own.save(update_fields=["result_file", "result_name"])
    other = Job.objects.create(
        unit=world.units["Xã Lùng Phình"],
        kind="people.export",
        label="Xuất nhân khẩu bí mật Lùng Phình",
        task_path="phaodai.sheets.tasks.export_list",
        created_by=world.users["sibling_commune"],
        status=JobStatus.FAILED,
        error="Lý do lỗi bí mật của Lùng Phình",
    )
    world.record("job_id", own=own.pk, other=other.pk)
    world.secret(other.label, other.error)

    def state() -> list[Any]:
        return list(
            Job.objects.unscoped().filter(pk=other.pk).values_list("status", "cancel_requested", "attempts")
        )

    world.watch(state)
