"""The loudspeaker audio: a real WAV of a plausible length for its text, made by a background job
after approval; without espeak-ng the job fails with a clear Vietnamese reason."""

from __future__ import annotations

import shutil
import wave

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.announcements import audio
from phaodai.announcements.enums import AnnouncementStatus, AudioStatus
from phaodai.announcements.models import Announcement
from phaodai.announcements.services import announcement_approve, announcement_create, announcement_submit
from phaodai.core.roles import Role
from phaodai.jobs.enums import JobStatus
from phaodai.jobs.models import Job

SHORT = "Đề nghị bà con đeo khẩu trang khi ra khỏi nhà và rửa tay thường xuyên bằng xà phòng."
LONG = (
    "Thực hiện Chỉ thị của Ủy ban nhân dân tỉnh, từ sáu giờ sáng ngày mai, thôn Bản Phố một tạm dừng "
    "chợ phiên. Bà con không tụ tập đông người, giữ khoảng cách hai mét khi tiếp xúc. Người từ vùng dịch "
    "về địa phương phải khai báo y tế ngay với tổ Covid cộng đồng hoặc trạm y tế xã. Ai có biểu hiện sốt, "
    "ho, khó thở thì gọi ngay đường dây nóng của trạm y tế, không tự đi đến chỗ đông người. Các hộ kinh "
    "doanh ăn uống chỉ bán mang về. Đề nghị bà con đeo khẩu trang, rửa tay thường xuyên và tiêm vắc xin "
    "đầy đủ theo lịch của xã. Ủy ban nhân dân xã trân trọng thông báo để bà con biết và thực hiện."
)

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def _bounds(text: str) -> tuple[float, float]:
    """Half to twice the time the text takes at espeak's rate (words a minute), in seconds."""
    words = len(text.split())
    nominal = words * 60 / audio.SPEAKING_RATE
    return nominal / 2, nominal * 2


@pytest.fixture
def writer(units):
    return make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="canbo_yte_banpho")


@pytest.fixture
def audio_root(settings, tmp_path):
    settings.PHAODAI_AUDIO_FILES = tmp_path
    return tmp_path


def _approved(units, writer, leader, body, django_capture_on_commit_callbacks):
    announcement, _ = announcement_create(
        actor=writer,
        unit=units["Xã Bản Phố"],
        title="Thông báo của xã",
        body=body,
        targets=[units["Thôn Bản Phố 1"]],
    )
    announcement_submit(actor=writer, announcement=announcement, expected_version=1)
    with django_capture_on_commit_callbacks(execute=True):
        announcement_approve(actor=leader, announcement=announcement, expected_version=2)
    return Announcement.objects.unscoped().get(pk=announcement.pk)


@needs_espeak
@pytest.mark.django_db(transaction=False)
def test_the_audio_is_a_real_wav_of_a_plausible_length_and_longer_for_a_longer_text(
    units, writer, commune_leader, audio_root, django_capture_on_commit_callbacks
):
    short = _approved(units, writer, commune_leader, SHORT, django_capture_on_commit_callbacks)
    long = _approved(units, writer, commune_leader, LONG, django_capture_on_commit_callbacks)

    durations = {}
    for announcement, body in ((short, SHORT), (long, LONG)):
        assert announcement.audio_status == AudioStatus.READY
        path = audio.resolve(announcement.audio_name)
        assert path is not None
        assert path.read_bytes()[:4] == b"RIFF"
        assert path.read_bytes()[8:12] == b"WAVE"
        with wave.open(str(path), "rb") as sound:
            seconds = sound.getnframes() / sound.getframerate()
            assert (sound.getnchannels(), sound.getsampwidth()) == (1, 2)
        low, high = _bounds(audio.script_text(announcement.title, body))
        assert low <= seconds <= high, (seconds, low, high)
        assert announcement.audio_seconds == pytest.approx(seconds, abs=0.01)
        durations[body] = seconds
    assert durations[LONG] > durations[SHORT] * 3
    assert list(Job.objects.unscoped().values_list("status", flat=True)) == [JobStatus.SUCCEEDED] * 2


@pytest.mark.django_db
def test_without_espeak_the_job_fails_saying_why(
    units, writer, commune_leader, audio_root, settings, django_capture_on_commit_callbacks
):
    settings.PHAODAI_ESPEAK = "espeak-ng-khong-co-tren-may"

    announcement = _approved(units, writer, commune_leader, SHORT, django_capture_on_commit_callbacks)

    reason = (
        "Không tạo được tệp âm thanh: máy chủ chưa cài chương trình đọc tiếng Việt espeak-ng "
        "(gói espeak-ng của Debian: apt-get install espeak-ng). Hãy báo quản trị viên cài rồi chạy lại."
    )
    job = Job.objects.unscoped().get()
    assert (job.status, job.error) == (JobStatus.FAILED, reason)
    assert (announcement.status, announcement.audio_status, announcement.audio_error) == (
        AnnouncementStatus.APPROVED,
        AudioStatus.FAILED,
        reason,
    )
    assert list(audio_root.iterdir()) == []


@pytest.mark.django_db
def test_the_writer_cannot_approve_their_own_announcement(units, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    leader = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])
    announcement, _ = announcement_create(
        actor=leader, unit=units["Xã Bản Phố"], title="Tự duyệt", body=SHORT, targets=[units["Xã Bản Phố"]]
    )
    announcement_submit(actor=leader, announcement=announcement, expected_version=1)

    with pytest.raises(ValidationError) as refused:
        announcement_approve(actor=leader, announcement=announcement, expected_version=2)

    assert refused.value.messages == [
        "Người soạn không tự duyệt thông báo của mình; hãy nhờ một lãnh đạo khác duyệt."
    ]
    announcement.refresh_from_db()
    assert (announcement.status, announcement.approved_by) == (AnnouncementStatus.SUBMITTED, None)
    assert Job.objects.unscoped().count() == 0
