"""Writes of announcements: write, submit, approve (a leader, never the writer), publish, withdraw,
make the loudspeaker audio (a background job), and the public page's facts of a unit.

Every write checks the capability and the jurisdiction, validates with Vietnamese messages and
the app's error codes, and writes its audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from phaodai.accounts.models import User
from phaodai.announcements import audio, events
from phaodai.announcements.enums import AnnouncementStatus, AudioStatus, PlaceKind
from phaodai.announcements.errors import AnnouncementErrorCode as Code
from phaodai.announcements.models import Announcement, ServicePlace, UnitSituation
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record, audited_create, audited_update, check_version
from phaodai.core.access import has_capability, in_jurisdiction, jurisdiction_of
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, require, require_in_jurisdiction
from phaodai.core.text import ascii_digits, fold
from phaodai.jobs.models import Job
from phaodai.jobs.runner import JobFailed, JobRun
from phaodai.jobs.services import job_start
from phaodai.sheets.tables import TableColumn, table_export

ANNOUNCEMENT_FIELDS = ("unit", "title", "body", "for_loudspeaker", "for_radio", "for_public_page")
EDITABLE = frozenset({"title", "body", "for_loudspeaker", "for_radio", "for_public_page", "targets"})
SITUATION_FIELDS = ("measures", "measures_since", "hotline", "hotline_label")
PLACE_FIELDS = ("unit", "kind", "name", "address", "hours", "phone", "active")
ESPEAK_MISSING = gettext_noop(
    "Không tạo được tệp âm thanh: máy chủ chưa cài chương trình đọc tiếng Việt espeak-ng "
    "(gói espeak-ng của Debian: apt-get install espeak-ng). Hãy báo quản trị viên cài rồi chạy lại."
)
ESPEAK_FAILED = gettext_noop("Không tạo được tệp âm thanh: chương trình espeak-ng báo lỗi (%(detail)s).")


def _error(message: str, code: str) -> list[ValidationError]:
    return [ValidationError(message, code=code)]


def _line(value: Any) -> str:
    return " ".join(str(value or "").split())


def _clean(actor: User, unit: AdminUnit | None, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[ValidationError]] = {}
    cleaned = dict(values)
    cleaned["title"] = _line(values.get("title"))
    cleaned["body"] = str(values.get("body") or "").strip()
    if unit is None or not in_jurisdiction(actor, unit.path):
        errors["unit"] = _error(_("Hãy chọn đơn vị ra thông báo trong địa bàn của bạn."), Code.TARGET_OUTSIDE)
    if not cleaned["title"]:
        errors["title"] = _error(_("Hãy nhập tiêu đề thông báo."), Code.TITLE_REQUIRED)
    if not cleaned["body"]:
        errors["body"] = _error(_("Hãy nhập nội dung thông báo."), Code.BODY_REQUIRED)
    if not (values.get("for_loudspeaker") or values.get("for_radio") or values.get("for_public_page")):
        errors["for_loudspeaker"] = _error(
            _("Hãy chọn ít nhất một nơi phát: loa truyền thanh, đài hoặc trang công khai."),
            Code.CHANNEL_REQUIRED,
        )
    targets = list(values.get("targets") or [])
    target_errors = _target_errors(actor, unit, targets)
    if target_errors:
        errors["targets"] = target_errors
    cleaned["targets"] = targets
    if errors:
        raise ValidationError(errors)
    return cleaned


def _target_errors(actor: User, unit: AdminUnit | None, targets: list[AdminUnit]) -> list[ValidationError]:
    """What is wrong with the units an announcement goes to: none, or some outside the issuer's
    area or the actor's jurisdiction."""
    if not targets:
        return _error(_("Hãy chọn ít nhất một thôn, xã để phát thông báo."), Code.TARGETS_REQUIRED)
    if unit is None:
        return []
    outside = [
        t.name for t in targets if not t.path.startswith(unit.path) or not in_jurisdiction(actor, t.path)
    ]
    if outside:
        return _error(
            _("%(units)s nằm ngoài địa bàn của đơn vị ra thông báo.") % {"units": ", ".join(outside)},
            Code.TARGET_OUTSIDE,
        )
    return []


def derive_announcement(announcement: Announcement) -> None:
    announcement.search_key = fold(f"{announcement.title} {announcement.body[:300]}")[:400]
    announcement.derive_area()


def _target_ids(announcement: Announcement) -> list[int]:
    return sorted(announcement.targets.values_list("pk", flat=True))


@transaction.atomic
def announcement_create(
    *,
    actor: User,
    unit: AdminUnit,
    title: str,
    body: str,
    targets: Iterable[AdminUnit],
    for_loudspeaker: bool = True,
    for_radio: bool = False,
    for_public_page: bool = True,
    uuid: UUID | None = None,
) -> tuple[Announcement, bool]:
    """Write a new announcement (a draft). ``(announcement, created)``; a uuid sent again is stored once."""
    require(actor, Capability.WRITE_ANNOUNCEMENTS)
    values = {
        "title": title,
        "body": body,
        "targets": list(targets),
        "for_loudspeaker": for_loudspeaker,
        "for_radio": for_radio,
        "for_public_page": for_public_page,
    }

    def create() -> Announcement:
        cleaned = _clean(actor, unit, values)
        announcement = Announcement(unit=unit, written_by=actor)
        if uuid is not None:
            announcement.uuid = uuid
        for name in ("title", "body", "for_loudspeaker", "for_radio", "for_public_page"):
            setattr(announcement, name, cleaned[name])
        derive_announcement(announcement)
        audited_create(
            announcement,
            actor=actor,
            event=events.ANNOUNCEMENT_CREATED,
            fields=ANNOUNCEMENT_FIELDS,
        )
        announcement.targets.set(cleaned["targets"])
        return announcement

    return create_once(Announcement, actor=actor, uuid=uuid, create=create)


def _locked(actor: User, announcement: Announcement, expected_version: int | None) -> Announcement:
    locked = (
        Announcement.objects.unscoped().select_for_update().select_related("unit").get(pk=announcement.pk)
    )
    require_in_jurisdiction(actor, locked.area_path)
    check_version(locked, expected_version)
    return locked


@transaction.atomic
def announcement_update(
    *, actor: User, announcement: Announcement, expected_version: int | None = None, **fields: Any
) -> Announcement:
    """Change a draft or an announcement waiting for approval (it goes back to draft: the leader
    approves the text as it is then). An approved or published one is not changed."""
    unknown = sorted(set(fields) - EDITABLE)
    if unknown:
        raise TypeError(f"announcement_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.WRITE_ANNOUNCEMENTS)
    announcement = _locked(actor, announcement, expected_version)
    if announcement.status not in (AnnouncementStatus.DRAFT, AnnouncementStatus.SUBMITTED):
        raise ValidationError(
            _("Thông báo đã được duyệt hoặc đã phát, không sửa được nội dung; hãy soạn thông báo mới."),
            code=Code.NOT_EDITABLE,
        )
    values: dict[str, Any] = {name: getattr(announcement, name) for name in ANNOUNCEMENT_FIELDS}
    values["targets"] = list(announcement.targets.all())
    values.update(fields)
    cleaned = _clean(actor, announcement.unit, values)
    before_targets = _target_ids(announcement)
    after_targets = sorted(t.pk for t in cleaned["targets"])
    plain = {name: cleaned[name] for name in ANNOUNCEMENT_FIELDS if name != "unit"}
    if before_targets != after_targets or any(plain[n] != getattr(announcement, n) for n in plain):
        plain["status"] = AnnouncementStatus.DRAFT
    changes = audited_update(
        announcement,
        actor=actor,
        event=events.ANNOUNCEMENT_UPDATED,
        fields=(*ANNOUNCEMENT_FIELDS, "status"),
        values=plain,
        derive=derive_announcement,
        derived=("search_key",),
        expected_version=expected_version,
    )
    if before_targets != after_targets:
        announcement.targets.set(cleaned["targets"])
        if not changes:
            Announcement.objects.unscoped().filter(pk=announcement.pk).update(version=F("version") + 1)
            announcement.refresh_from_db(fields=["version"])
        audit_record(
            actor=actor,
            event=events.ANNOUNCEMENT_UPDATED,
            target=announcement,
            area_path=announcement.area_path,
            changes={"targets": [before_targets, after_targets]},
        )
    return announcement


def _move(
    actor: User,
    announcement: Announcement,
    expected_version: int | None,
    *,
    allowed_from: tuple[str, ...],
    wrong: ValidationError,
    values: dict[str, Any],
    event: Any,
    params: Mapping[str, Any] | None = None,
) -> Announcement:
    announcement = _locked(actor, announcement, expected_version)
    if announcement.status not in allowed_from:
        raise wrong
    audited_update(
        announcement,
        actor=actor,
        event=event,
        fields=("status", "approved_by", "approved_at", "published_at"),
        values=values,
        params=params,
        expected_version=expected_version,
    )
    return announcement


@transaction.atomic
def announcement_submit(
    *, actor: User, announcement: Announcement, expected_version: int | None = None
) -> Announcement:
    """The writer sends the draft to a leader for approval."""
    require(actor, Capability.WRITE_ANNOUNCEMENTS)
    return _move(
        actor,
        announcement,
        expected_version,
        allowed_from=(AnnouncementStatus.DRAFT,),
        wrong=ValidationError(_("Chỉ gửi duyệt được một bản nháp."), code=Code.NOT_EDITABLE),
        values={"status": AnnouncementStatus.SUBMITTED},
        event=events.ANNOUNCEMENT_SUBMITTED,
    )


@transaction.atomic
def announcement_approve(
    *, actor: User, announcement: Announcement, expected_version: int | None = None
) -> Announcement:
    """A leader approves the text waiting for approval; never the one who wrote it. The
    loudspeaker audio is made at once in the background."""
    require(actor, Capability.APPROVE_ANNOUNCEMENTS)
    if announcement.written_by_id == actor.pk:
        raise ValidationError(
            _("Người soạn không tự duyệt thông báo của mình; hãy nhờ một lãnh đạo khác duyệt."),
            code=Code.OWN_APPROVAL,
        )
    approved = _move(
        actor,
        announcement,
        expected_version,
        allowed_from=(AnnouncementStatus.SUBMITTED,),
        wrong=ValidationError(_("Thông báo chưa được gửi duyệt."), code=Code.NOT_SUBMITTED),
        values={"status": AnnouncementStatus.APPROVED, "approved_by": actor, "approved_at": timezone.now()},
        event=events.ANNOUNCEMENT_APPROVED,
    )
    if approved.for_loudspeaker or approved.for_radio:
        announcement_audio_start(actor=actor, announcement=approved)
    return approved


@transaction.atomic
def announcement_publish(
    *,
    actor: User,
    announcement: Announcement,
    expected_version: int | None = None,
    targets: Iterable[AdminUnit] | None = None,
) -> Announcement:
    """Publish an approved announcement to its units (their loudspeakers' list, the public page).

    ``targets``, when given, are the units chosen at publishing (inside the issuer's area and the
    leader's jurisdiction); they replace the ones chosen when writing, and the change is audited."""
    require(actor, Capability.APPROVE_ANNOUNCEMENTS)
    chosen = None if targets is None else list(targets)
    if chosen is not None:
        problems = _target_errors(actor, announcement.unit, chosen)
        if problems:
            raise ValidationError({"targets": problems})
    before_targets = _target_ids(announcement)
    after_targets = before_targets if chosen is None else sorted({t.pk for t in chosen})
    published = _move(
        actor,
        announcement,
        expected_version,
        allowed_from=(AnnouncementStatus.APPROVED,),
        wrong=ValidationError(_("Chỉ phát được thông báo đã duyệt."), code=Code.NOT_APPROVED),
        values={"status": AnnouncementStatus.PUBLISHED, "published_at": timezone.now()},
        event=events.ANNOUNCEMENT_PUBLISHED,
        params={"n": len(after_targets)},
    )
    if chosen is not None and before_targets != after_targets:
        published.targets.set(chosen)
        audit_record(
            actor=actor,
            event=events.ANNOUNCEMENT_UPDATED,
            target=published,
            area_path=published.area_path,
            changes={"targets": [before_targets, after_targets]},
        )
    return published


@transaction.atomic
def announcement_withdraw(
    *, actor: User, announcement: Announcement, expected_version: int | None = None
) -> Announcement:
    """Take a published announcement off the public page and the loudspeakers' list."""
    require(actor, Capability.APPROVE_ANNOUNCEMENTS)
    return _move(
        actor,
        announcement,
        expected_version,
        allowed_from=(AnnouncementStatus.PUBLISHED, AnnouncementStatus.APPROVED),
        wrong=ValidationError(_("Thông báo chưa phát."), code=Code.NOT_PUBLISHED),
        values={"status": AnnouncementStatus.WITHDRAWN},
        event=events.ANNOUNCEMENT_WITHDRAWN,
    )


# --- the loudspeaker audio -------------------------------------------------------------------


@transaction.atomic
def announcement_audio_start(*, actor: User, announcement: Announcement) -> Job:
    """Queue the job that speaks the approved text into a WAV file (after this commits)."""
    from phaodai.announcements.tasks import make_audio

    require(actor, Capability.APPROVE_ANNOUNCEMENTS)
    announcement = (
        Announcement.objects.unscoped().select_for_update().select_related("unit").get(pk=announcement.pk)
    )
    require_in_jurisdiction(actor, announcement.area_path)
    if announcement.status not in (AnnouncementStatus.APPROVED, AnnouncementStatus.PUBLISHED):
        raise ValidationError(_("Chỉ tạo tệp âm thanh cho thông báo đã duyệt."), code=Code.NOT_APPROVED)
    Announcement.objects.unscoped().filter(pk=announcement.pk).update(
        audio_status=AudioStatus.QUEUED, audio_error=""
    )
    return job_start(
        actor=actor,
        kind="announcements.audio",
        label=_("Tạo tệp âm thanh: %(title)s") % {"title": announcement.title[:120]},
        task=make_audio,
        unit=announcement.unit,
        params={"announcement_id": announcement.pk},
        capability=Capability.APPROVE_ANNOUNCEMENTS,
        total=1,
    )


def announcement_audio_run(run: JobRun) -> dict[str, Any]:
    """The job's work: speak the text with espeak-ng's Vietnamese voice, keep the WAV with the
    announcement and its length read from the file. Without espeak-ng it fails saying so."""
    announcement = Announcement.objects.unscoped().get(pk=run.params["announcement_id"])
    run.progress(0, 1, _("Đang đọc thông báo thành tệp âm thanh…"))
    name = audio.new_name()
    path = audio.root() / name
    try:
        seconds = audio.speak(audio.script_text(announcement.title, announcement.body), path)
    except (audio.EspeakMissing, audio.EspeakFailed) as problem:
        reason = (
            _(ESPEAK_MISSING)
            if isinstance(problem, audio.EspeakMissing)
            else _(ESPEAK_FAILED) % {"detail": str(problem) or "?"}
        )
        Announcement.objects.unscoped().filter(pk=announcement.pk).update(
            audio_status=AudioStatus.FAILED, audio_error=reason[:300]
        )
        raise JobFailed(reason) from problem
    with transaction.atomic():
        locked = Announcement.objects.unscoped().select_for_update().get(pk=announcement.pk)
        old = locked.audio_name
        audited_update(
            locked,
            actor=run.job.created_by,
            event=events.AUDIO_MADE,
            fields=("audio_status", "audio_name", "audio_seconds", "audio_error"),
            values={
                "audio_status": AudioStatus.READY,
                "audio_name": name,
                "audio_seconds": round(seconds, 2),
                "audio_error": "",
            },
            params={"seconds": round(seconds)},
        )
    if old and old != name:
        previous = audio.resolve(old)
        if previous is not None:
            previous.unlink(missing_ok=True)
    run.progress(1, 1)
    return {
        "message": _("Đã tạo tệp âm thanh dài %(seconds)d giây.") % {"seconds": round(seconds)},
        "summary": [{"label": gettext_noop("Độ dài (giây)"), "value": round(seconds)}],
    }


# --- the public page's facts -----------------------------------------------------------------


def _clean_hotline(value: str) -> str:
    return ascii_digits("".join(ch for ch in str(value or "") if ch.isdigit() or ch in "+"))


@transaction.atomic
def situation_update(
    *, actor: User, unit: AdminUnit, expected_version: int | None = None, **fields: Any
) -> UnitSituation:
    """The measures in force (with the day they apply from) and the hotline of a unit's public page."""
    unknown = sorted(set(fields) - set(SITUATION_FIELDS))
    if unknown:
        raise TypeError(f"situation_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.MANAGE_PUBLIC_INFO)
    require_in_jurisdiction(actor, unit.path)
    situation, _created = UnitSituation.objects.unscoped().select_for_update().get_or_create(unit=unit)
    check_version(situation, expected_version)
    values = {name: getattr(situation, name) for name in SITUATION_FIELDS}
    values.update(fields)
    errors: dict[str, list[ValidationError]] = {}
    values["measures"] = str(values["measures"] or "").strip()
    values["hotline_label"] = _line(values["hotline_label"])
    hotline = _clean_hotline(values["hotline"])
    if values["hotline"] and not 3 <= len(hotline.lstrip("+")) <= 15:
        errors["hotline"] = _error(
            _("Số đường dây nóng chưa đúng: từ 3 đến 15 chữ số (ví dụ 1900 9095 hoặc 0214 3840 115)."),
            Code.HOTLINE_INVALID,
        )
    values["hotline"] = hotline
    since: dt.date | None = values["measures_since"]
    if since is not None and since > timezone.localdate() + dt.timedelta(days=30):
        errors["measures_since"] = _error(
            _("Ngày áp dụng biện pháp không được quá 30 ngày sau hôm nay."), Code.MEASURES_DATE_INVALID
        )
    if values["measures"] and since is None:
        values["measures_since"] = timezone.localdate()
    if errors:
        raise ValidationError(errors)
    situation.updated_by = actor
    audited_update(
        situation,
        actor=actor,
        event=events.SITUATION_UPDATED,
        fields=SITUATION_FIELDS,
        values=values,
        expected_version=expected_version,
    )
    return situation


def _clean_place(actor: User, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for name in ("name", "address", "hours"):
        cleaned[name] = _line(values.get(name))
    cleaned["phone"] = _clean_hotline(values.get("phone", ""))
    cleaned["kind"] = values.get("kind") or PlaceKind.BOTH
    errors: dict[str, list[ValidationError]] = {}
    unit: AdminUnit | None = values.get("unit")
    if unit is None or not in_jurisdiction(actor, unit.path):
        errors["unit"] = _error(_("Hãy chọn đơn vị trong địa bàn của bạn."), Code.SITUATION_UNIT)
    if not cleaned["name"]:
        errors["name"] = _error(_("Hãy nhập tên nơi xét nghiệm, tiêm chủng."), Code.PLACE_NAME_REQUIRED)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def service_place_create(*, actor: User, **fields: Any) -> ServicePlace:
    """A place where residents get tested or vaccinated, kept by the commune."""
    require(actor, Capability.MANAGE_PUBLIC_INFO)
    values = {name: fields.get(name) for name in PLACE_FIELDS}
    values["active"] = fields.get("active", True)
    place = ServicePlace(**_clean_place(actor, values))
    return audited_create(place, actor=actor, event=events.SERVICE_PLACE_SAVED, fields=PLACE_FIELDS)


@transaction.atomic
def service_place_update(
    *, actor: User, place: ServicePlace, expected_version: int | None = None, **fields: Any
) -> ServicePlace:
    require(actor, Capability.MANAGE_PUBLIC_INFO)
    place = ServicePlace.objects.unscoped().select_for_update().select_related("unit").get(pk=place.pk)
    require_in_jurisdiction(actor, place.area_path)
    check_version(place, expected_version)
    values = {name: getattr(place, name) for name in PLACE_FIELDS}
    values.update({k: v for k, v in fields.items() if k in PLACE_FIELDS and k != "unit"})
    audited_update(
        place,
        actor=actor,
        event=events.SERVICE_PLACE_SAVED,
        fields=PLACE_FIELDS,
        values=_clean_place(actor, values),
        expected_version=expected_version,
    )
    return place


# --- export --------------------------------------------------------------------------------


@transaction.atomic
def announcements_export(
    *,
    actor: User,
    queryset: QuerySet[Announcement],
    fmt: str = "csv",
    filters: Mapping[str, Any] | None = None,
    purpose: str = "",
) -> tuple[Iterator[bytes], str, str]:
    jurisdiction = jurisdiction_of(actor)
    if not has_capability(actor, Capability.VIEW_ANNOUNCEMENTS) or jurisdiction.is_nothing:
        raise PermissionDenied(_("Bạn không có quyền xuất danh sách thông báo."))
    rows = queryset.filter(jurisdiction.q("area_path")).select_related("unit", "written_by", "approved_by")
    statuses = dict(AnnouncementStatus.choices)
    columns = [
        TableColumn(_("Tiêu đề"), lambda a: a.title, "text", 40),
        TableColumn(_("Đơn vị ra thông báo"), lambda a: a.unit.name, "label", 20),
        TableColumn(_("Trạng thái"), lambda a: str(statuses.get(a.status, a.status)), "label", 16),
        TableColumn(
            _("Người soạn"), lambda a: a.written_by.get_full_name() or a.written_by.username, "text", 20
        ),
        TableColumn(
            _("Người duyệt"),
            lambda a: (a.approved_by.get_full_name() or a.approved_by.username) if a.approved_by else "",
            "text",
            20,
        ),
        TableColumn(
            _("Ngày phát"),
            lambda a: timezone.localtime(a.published_at).date() if a.published_at else None,
            "date",
            12,
        ),
        TableColumn(_("Nội dung"), lambda a: a.body, "text", 60),
    ]
    return table_export(
        actor=actor,
        rows=rows,
        columns=columns,
        fmt=fmt,
        event=events.ANNOUNCEMENTS_EXPORTED,
        target_type=Announcement._meta.label_lower,
        area_path=jurisdiction.home_path,
        title=_("Thông báo"),
        filename_stem="thong-bao",
        filters=filters,
        purpose=purpose,
    )
