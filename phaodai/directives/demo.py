"""The four seed letters in the demo, with their tasks, and plausible compliance per commune.

The letters (``letters/``, the originals in Vietnamese) are entered as their issuing bodies sent
them: the Bắc Hà Party Committee's urgent measures (000, Aug 2021), the Lào Cai People's
Committee's "commune as fortress" letter (002, Sep 2021), the Vĩnh Phúc Party Committee's
"fix the community teams" letter (003, 8 Nov 2021, hỏa tốc) and the Lai Châu conclusions (004,
29 Dec 2021). Each task is what the letter assigns, to the body it names, with its deadline
("trước ngày 28/8/2021" is the 27th). Where a letter names no day (000, 002 leave the day blank;
most measures say "ngay", "thường xuyên"), the demo's day is written in ``NOTE`` below.

How each commune did is drawn from ``random.Random(f"{seed}:directives:{code}")``: most on time,
some late, a few still open or never acknowledged, so the compliance pages have something to
rank. A commune whose command centre the command app's demo recorded proves it with that record.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.models import AuditEvent
from phaodai.core.roles import Role
from phaodai.core.seeding import DemoContext, DemoContribution, DemoContributor
from phaodai.directives.enums import DirectiveKind, ReportFrequency, Urgency
from phaodai.directives.models import Directive, Task, TaskReport
from phaodai.directives.services import (
    directive_create,
    task_acknowledge,
    task_assign,
    task_complete,
    task_pass_down,
    task_report_progress,
    tasks_escalate_overdue,
)

LETTERS = Path(__file__).resolve().parent / "letters"
NOTE = (
    "000 và 002 để trống ngày: dữ liệu mẫu lấy 26/8/2021 (số liệu của thư tính đến hết 26/8) và "
    "10/9/2021; hạn của các việc 'thường xuyên' do dữ liệu mẫu đặt."
)
VINH_PHUC, LAI_CHAU = "26", "12"
BAC_HA = "085"
SIN_HO = "Huyện Sìn Hồ"


def _letter(name: str) -> str:
    return (LETTERS / name).read_text(encoding="utf-8")


def _actor(*usernames: str) -> User:
    for username in usernames:
        found = User.objects.filter(username=username, is_active=True).first()
        if found is not None:
            return found
    admin = User.objects.filter(role=Role.SYSTEM_ADMIN, is_active=True).order_by("pk").first()
    if admin is None:
        admin = User.objects.create(
            username="demo.vanban", role=Role.SYSTEM_ADMIN, first_name="Văn thư (dữ liệu mẫu)"
        )
    return admin


def _province(code: str, era: Any) -> AdminUnit | None:
    return AdminUnit.objects.unscoped().filter(era=era, code=code, level=UnitLevel.PROVINCE).first()


def _districts(province: AdminUnit) -> list[AdminUnit]:
    return list(AdminUnit.objects.unscoped().filter(parent=province).order_by("code"))


def _task(actor: User, directive: Directive, unit: AdminUnit, **values: Any) -> list[Task]:
    values.setdefault("report_frequency", ReportFrequency.ONCE)
    return task_assign(actor=actor, directive=directive, unit=unit, **values)


def _centre_evidence(commune: AdminUnit) -> tuple[str, int | None, dt.date | None]:
    try:
        from phaodai.command.models import CommandCentre
    except ImportError:  # pragma: no cover - the command app is installed with this one
        return "", None, None
    centre = CommandCentre.objects.unscoped().filter(unit=commune, established_on__isnull=False).first()
    if centre is None:
        return "", None, None
    return "command.commandcentre", centre.pk, centre.established_on


def _play(rng: random.Random, actor: User, task: Task, *, today: dt.date, evidence: bool = False) -> str:
    """What the responsible unit did with the task: on time (60 %), late (20 %), in progress,
    acknowledged only, or nothing yet. Returns which."""
    issued = task.directive.issued_on
    roll = rng.random()
    if evidence:
        kind, pk, established = _centre_evidence(task.unit)
        if kind and established is not None and issued <= established <= today:
            task_complete(actor=actor, task=task, evidence_type=kind, evidence_id=pk, today=today)
            return "on_time" if established <= task.deadline else "late"
    if roll < 0.6:
        span = max((task.deadline - issued).days, 0)
        done = issued + dt.timedelta(days=rng.randint(0, span))
        task_acknowledge(actor=actor, task=task, today=issued)
        task_complete(
            actor=actor,
            task=task,
            completed_on=min(done, today),
            today=today,
            note=_("Đã hoàn thành; hồ sơ lưu tại văn phòng UBND xã."),
        )
        return "on_time"
    if roll < 0.8:
        done = task.deadline + dt.timedelta(days=rng.randint(1, 10))
        task_acknowledge(actor=actor, task=task, today=issued)
        task_complete(
            actor=actor,
            task=task,
            completed_on=min(done, today),
            today=today,
            note=_("Hoàn thành chậm so với yêu cầu; đã kiểm điểm, rút kinh nghiệm."),
        )
        return "late"
    if roll < 0.9:
        task_report_progress(
            actor=actor,
            task=task,
            progress=rng.choice((30, 50, 70)),
            note=_("Đang triển khai; vướng nhân lực ở các thôn xa."),
            today=min(task.deadline, today),
        )
        return "in_progress"
    if roll < 0.95:
        task_acknowledge(actor=actor, task=task, today=issued)
        return "acknowledged"
    return "not_acknowledged"


def _bac_ha(context: DemoContext, outcome: Counter[str]) -> list[Directive]:
    """000: the Bắc Hà Party Committee's urgent measures, tasked to the district and each commune."""
    # The letter's own district: Bắc Hà (085) at every scale; the small demo holds only its communes.
    district = next((c.parent for c in context.communes if c.parent.code == BAC_HA), None)
    if district is None:
        return []
    actor = _actor("lanhdao.bacha", "lanhdao.tinh")
    issued = dt.date(2021, 8, 26)
    if issued > context.today:  # a demo day before the letter: it was not sent yet
        return []
    directive, _created = directive_create(
        actor=actor,
        unit=district,
        issuing_body="Ban Thường vụ Huyện ủy Bắc Hà",
        number="-CV/HU",
        issued_on=issued,
        kind=DirectiveKind.OFFICIAL_LETTER,
        urgency=Urgency.URGENT,
        summary="V/v triển khai thực hiện các biện pháp cấp bách phòng, chống dịch Covid-19",
        recipients="\n".join(
            (
                "Thường trực Huyện ủy, HĐND, UBND huyện",
                "Các Ban xây dựng đảng Huyện ủy",
                "Các tổ chức cơ sở Đảng trực thuộc",
                "Các cơ quan, đơn vị trên địa bàn huyện",
                "Đảng ủy các xã, thị trấn",
            )
        ),
        signer="Nguyễn Duy Hoà, T/M Ban Thường vụ, Bí thư",
        text=_letter("000_a1167d273e697483.txt"),
        today=context.today,
    )
    deadline = dt.date(2021, 8, 27)
    own = [
        _task(
            actor,
            directive,
            district,
            title="Thành lập Trung tâm Chỉ huy cấp huyện, Chủ tịch UBND huyện là Chỉ huy trưởng",
            responsible_body="UBND huyện Bắc Hà",
            office_holder="Chủ tịch UBND huyện",
            deadline=deadline,
            report_required="Quyết định thành lập Trung tâm Chỉ huy cấp huyện",
        ),
        _task(
            actor,
            directive,
            district,
            title="Phân công nhiệm vụ thành viên Ban Chỉ đạo huyện, ban hành Quy chế làm việc, thành lập Tổ giúp việc",
            responsible_body="UBND huyện Bắc Hà",
            office_holder="Chủ tịch UBND huyện",
            deadline=dt.date(2021, 8, 31),
            report_required="Quyết định phân công, Quy chế làm việc",
        ),
        _task(
            actor,
            directive,
            district,
            title="Cập nhật tình hình dịch, tuyên truyền phương châm «5K + vắc xin»",
            responsible_body="Ban Tuyên giáo Huyện ủy",
            office_holder="Trưởng Ban Tuyên giáo Huyện ủy",
            deadline=dt.date(2021, 9, 30),
            report_frequency=ReportFrequency.WEEKLY,
            report_required="Báo cáo kết quả tuyên truyền",
        ),
    ]
    per_commune = [
        _task(
            actor,
            directive,
            district,
            every_commune=True,
            title="Thành lập Ban Chỉ đạo phòng, chống dịch Covid-19 cấp xã, Bí thư Đảng ủy làm Trưởng Ban",
            responsible_body="Đảng ủy xã",
            office_holder="Bí thư Đảng ủy xã",
            deadline=deadline,
            report_required="Quyết định thành lập Ban Chỉ đạo",
        ),
        _task(
            actor,
            directive,
            district,
            every_commune=True,
            title="Thành lập Trung tâm Chỉ huy phòng, chống dịch cấp xã do Chủ tịch UBND xã đứng đầu; ban hành quy chế, phân công ứng trực 24/24",
            responsible_body="UBND xã",
            office_holder="Chủ tịch UBND xã",
            deadline=deadline,
            report_required="Quyết định thành lập, quy chế hoạt động, lịch trực 24/24",
        ),
        _task(
            actor,
            directive,
            district,
            every_commune=True,
            title="Rà soát, nắm tình hình di biến động của người dân, người đi lao động ngoài tỉnh; vận động con em ở vùng giãn cách yên tâm ở lại",
            responsible_body="UBND xã",
            office_holder="Chủ tịch UBND xã",
            deadline=dt.date(2021, 9, 15),
            report_frequency=ReportFrequency.WEEKLY,
            report_required="Danh sách người đi, về",
        ),
        _task(
            actor,
            directive,
            district,
            every_commune=True,
            title="Báo cáo tình hình phòng, chống dịch qua Trung tâm Y tế huyện; việc đột xuất báo cáo ngay Trưởng Ban Chỉ đạo huyện",
            responsible_body="UBND xã",
            office_holder="Chủ tịch UBND xã",
            deadline=dt.date(2021, 9, 30),
            report_frequency=ReportFrequency.DAILY,
            report_required="Báo cáo ngày, tuần, tháng",
        ),
    ]
    for task in (task for tasks in own for task in tasks):
        outcome[
            _play(random.Random(f"{context.seed}:directives:{task.title}"), actor, task, today=context.today)
        ] += 1
    for tasks in per_commune:
        for task in tasks:
            rng = random.Random(f"{context.seed}:directives:{task.unit.code}:{task.title[:20]}")
            evidence = task.title.startswith("Thành lập Trung tâm")
            outcome[_play(rng, actor, task, today=context.today, evidence=evidence)] += 1
    return [directive]


def _lao_cai(context: DemoContext, outcome: Counter[str]) -> list[Directive]:
    """002: the province tasks the districts; each district passes it down to its communes."""
    province = context.province
    actor = _actor("lanhdao.tinh")
    issued = dt.date(2021, 9, 10)
    if issued > context.today:  # a demo day before the letter: it was not sent yet
        return []
    directive, _created = directive_create(
        actor=actor,
        unit=province,
        issuing_body="Ủy ban nhân dân tỉnh Lào Cai",
        number="/UBND-VX",
        issued_on=issued,
        kind=DirectiveKind.OFFICIAL_LETTER,
        summary="V/v tăng cường triển khai thực hiện phòng, chống dịch Covid-19 tại cấp xã",
        recipients="\n".join(
            (
                "Các sở, ban, ngành, MTTQ và các tổ chức chính trị - xã hội tỉnh",
                "Báo Lào Cai; Đài Phát thanh – Truyền hình tỉnh",
                "Huyện ủy, Thị ủy, Thành ủy",
                "UBND các huyện, thị xã, thành phố",
            )
        ),
        signer="Giàng Thị Dung, KT. Chủ tịch, Phó Chủ tịch",
        text=_letter("002_d667871c050e2982.txt"),
        today=context.today,
    )
    districts = sorted({c.parent_id for c in context.communes})
    for unit in AdminUnit.objects.unscoped().filter(pk__in=districts).order_by("code"):
        (parent,) = _task(
            actor,
            directive,
            unit,
            title="Chỉ đạo các xã thực hiện vai trò «pháo đài»: Trung tâm Chỉ huy xã có lịch trực rõ ràng, ứng trực 24/24; kiện toàn Tổ Covid cộng đồng",
            responsible_body=f"UBND {unit.name.lower()}",
            office_holder="Chủ tịch UBND huyện",
            deadline=dt.date(2021, 9, 30),
            report_frequency=ReportFrequency.WEEKLY,
            report_required="Báo cáo kết quả thực hiện của các xã",
        )
        district_actor = _actor("lanhdao.bacha") if unit.code == BAC_HA else actor
        task_acknowledge(actor=district_actor, task=parent, today=issued)
        children = task_pass_down(
            actor=district_actor,
            parent=parent,
            unit=unit,
            every_commune=True,
            deadline=dt.date(2021, 9, 25),
            title="Phân công lịch trực 24/24 của Trung tâm Chỉ huy xã; rà soát, kiện toàn các Tổ Covid cộng đồng",
            responsible_body="UBND xã",
            office_holder="Chủ tịch UBND xã",
            report_frequency=ReportFrequency.WEEKLY,
            report_required="Lịch trực, danh sách Tổ Covid cộng đồng",
        )
        for task in children:
            rng = random.Random(f"{context.seed}:directives:002:{task.unit.code}")
            outcome[_play(rng, district_actor, task, today=context.today)] += 1
        border = [c for c in children if c.unit.is_border]
        for task in border:
            _task(
                actor,
                directive,
                task.unit,
                title="Phối hợp chặt chẽ với lực lượng biên phòng, ngăn chặn kịp thời các trường hợp xuất nhập cảnh trái phép",
                responsible_body="UBND xã biên giới",
                office_holder="Chủ tịch UBND xã",
                cooperating="Đồn Biên phòng",
                deadline=dt.date(2021, 9, 30),
                report_frequency=ReportFrequency.WEEKLY,
            )
    return [directive]


def _vinh_phuc(context: DemoContext, outcome: Counter[str]) -> list[Directive]:
    """003: the Vĩnh Phúc Standing Committee's hỏa tốc letter to its bodies and districts."""
    province = _province(VINH_PHUC, context.province.era)
    if province is None:
        return []
    actor = _actor("quantri")
    issued = dt.date(2021, 11, 8)
    if issued > context.today:  # a demo day before the letter: it was not sent yet
        return []
    directive, _created = directive_create(
        actor=actor,
        unit=province,
        issuing_body="Thường trực Tỉnh ủy Vĩnh Phúc",
        number="907-CV/TU",
        issued_on=issued,
        kind=DirectiveKind.OFFICIAL_LETTER,
        urgency=Urgency.FLASH,
        summary=(
            "V/v chấn chỉnh công tác lãnh đạo, chỉ đạo thực hiện phòng, chống dịch COVID-19, hoạt động "
            "của Tổ Covid cộng đồng, tổ liên gia tự quản"
        ),
        recipients="\n".join(
            (
                "Ban cán sự đảng UBND tỉnh",
                "Ban Chỉ đạo phòng, chống dịch bệnh Covid-19 tỉnh",
                "Công an tỉnh",
                "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh",
                "Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy",
            )
        ),
        signer="Phạm Hoàng Anh",
        text=_letter("003_4f0ac362bff5fb2c.txt"),
        today=context.today,
    )
    soon = dt.date(2021, 11, 15)
    bodies = [
        (
            "Ban cán sự đảng UBND tỉnh",
            "Bí thư Ban cán sự đảng UBND tỉnh",
            "Chỉ đạo kiểm tra công tác phòng, chống dịch ở tất cả địa phương, đơn vị, nhất là khu, cụm công nghiệp; chủ động kịch bản ứng phó",
        ),
        (
            "Công an tỉnh",
            "Giám đốc Công an tỉnh",
            "Tăng cường tuần tra, quản lý người đi/về khu dân cư; kiểm soát cơ sở kinh doanh có điều kiện (karaoke, massage); xem xét khởi tố vi phạm gây hậu quả",
        ),
        (
            "Sở Y tế",
            "Giám đốc Sở Y tế",
            "Hướng dẫn thành lập Trạm Y tế lưu động, tủ thuốc tại cơ quan; đẩy nhanh tiêm vắc xin, chuẩn bị tiêm cho trẻ 12–17 tuổi",
        ),
        (
            "Ban Quản lý các Khu công nghiệp tỉnh",
            "Trưởng Ban Quản lý các Khu công nghiệp",
            "Kiểm tra, giám sát quy trình phòng, chống dịch trong các nhà máy, phân xưởng; yêu cầu doanh nghiệp có giải pháp an toàn cho người lao động",
        ),
    ]
    tasks: list[Task] = []
    for body, holder, title in bodies:
        tasks += _task(
            actor,
            directive,
            province,
            title=title,
            responsible_body=body,
            office_holder=holder,
            deadline=soon,
            report_frequency=ReportFrequency.WEEKLY,
        )
    for district in _districts(province):
        tasks += _task(
            actor,
            directive,
            district,
            title="Chấn chỉnh hoạt động của Tổ Covid cộng đồng, tổ liên gia tự quản; báo cáo hằng ngày di biến động nhân khẩu",
            responsible_body=f"Huyện ủy, UBND {district.name.lower()}",
            office_holder="Bí thư Huyện ủy",
            deadline=soon,
            report_frequency=ReportFrequency.DAILY,
            report_required="Báo cáo di biến động nhân khẩu hằng ngày",
        )
    for task in tasks:
        outcome[
            _play(
                random.Random(f"{context.seed}:directives:003:{task.unit.code}:{task.responsible_body}"),
                actor,
                task,
                today=context.today,
            )
        ] += 1
    return [directive]


def _lai_chau(context: DemoContext, outcome: Counter[str]) -> list[Directive]:
    """004: the Lai Châu conclusions, with the vaccination deadlines and who answers for them."""
    province = _province(LAI_CHAU, context.province.era)
    if province is None:
        return []
    actor = _actor("quantri")
    issued = dt.date(2021, 12, 29)
    if issued > context.today:  # a demo day before the letter: it was not sent yet
        return []
    directive, _created = directive_create(
        actor=actor,
        unit=province,
        issuing_body="Văn phòng Tỉnh ủy Lai Châu",
        number="102-TB/VPTU",
        issued_on=issued,
        kind=DirectiveKind.CONCLUSION,
        summary=(
            "Kết luận của đồng chí Giàng Páo Mỹ, Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo phòng, chống dịch "
            "Covid-19 tỉnh tại Hội nghị đánh giá công tác phòng, chống dịch"
        ),
        recipients="\n".join(
            (
                "Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh",
                "Các huyện ủy, thành ủy",
                "Các sở, ban, ngành, đoàn thể cấp tỉnh",
                "Ban Chỉ đạo phòng, chống dịch Covid-19 các huyện, thành phố",
            )
        ),
        signer="Đào Bích Vân, Chánh Văn phòng",
        text=_letter("004_d8f4cbe5ec1c5589.txt"),
        today=context.today,
    )
    tasks: list[Task] = []
    tasks += _task(
        actor,
        directive,
        province,
        title="Tham mưu xin Trung ương bổ sung vắc xin khi thiếu",
        responsible_body="Sở Y tế",
        office_holder="Giám đốc Sở Y tế",
        deadline=dt.date(2022, 1, 15),
    )
    tasks += _task(
        actor,
        directive,
        province,
        title="Xây dựng phương án, kịch bản ứng phó; sẵn sàng đưa bệnh viện dã chiến vào hoạt động, thành lập thêm cơ sở thu dung, điều trị",
        responsible_body="UBND tỉnh",
        office_holder="Chủ tịch UBND tỉnh",
        deadline=dt.date(2022, 1, 15),
    )
    vaccination = (
        ("Hoàn thành tiêm đủ 2 mũi vắc xin cho người từ 18 tuổi trở lên", dt.date(2021, 12, 31)),
        ("Hoàn thành tiêm chủng cho trẻ em từ 12 đến 17 tuổi", dt.date(2022, 1, 31)),
        ("Hoàn thành tiêm mũi 3 cho người từ 18 tuổi trở lên", dt.date(2022, 5, 31)),
    )
    for district in _districts(province):
        for title, deadline in vaccination:
            tasks += _task(
                actor,
                directive,
                district,
                title=title,
                responsible_body=f"UBND {district.name.lower()}",
                office_holder="Bí thư, Chủ tịch UBND huyện",
                cooperating="Trung tâm Y tế huyện",
                deadline=deadline,
                report_frequency=ReportFrequency.WEEKLY,
                report_required="Tỷ lệ tiêm theo nhóm tuổi",
            )
        if district.name == SIN_HO:
            tasks += _task(
                actor,
                directive,
                district,
                title="Khoanh vùng, khống chế ngay ổ dịch, không để lây lan rộng (có tổ công tác của tỉnh hỗ trợ)",
                responsible_body="UBND huyện Sìn Hồ",
                office_holder="Chủ tịch UBND huyện",
                cooperating="Tổ công tác của tỉnh, Sở Y tế",
                deadline=dt.date(2022, 1, 5),
                report_frequency=ReportFrequency.DAILY,
            )
    for task in tasks:
        outcome[
            _play(
                random.Random(f"{context.seed}:directives:004:{task.unit.code}:{task.title[:24]}"),
                actor,
                task,
                today=context.today,
            )
        ] += 1
    return [directive]


def seed_directives(context: DemoContext) -> DemoContribution:
    """The four letters through the app's own services (every rule applied), then, like every
    contributor, no audit row of its own: the seeding is audited once (``demo.seeded``), with
    these counts, and the demo accounts stay removable."""
    outcome: Counter[str] = Counter()
    last_event = AuditEvent.objects.unscoped().order_by("-pk").values_list("pk", flat=True).first() or 0
    directives = [
        *_bac_ha(context, outcome),
        *_lao_cai(context, outcome),
        *_vinh_phuc(context, outcome),
        *_lai_chau(context, outcome),
    ]
    alerts = tasks_escalate_overdue()
    AuditEvent.objects.unscoped().filter(pk__gt=last_event, event__startswith="directives.").delete()
    tasks = Task.objects.unscoped().filter(directive__in=directives).count()
    counts = {
        "directives": len(directives),
        "tasks": tasks,
        "task_reports": TaskReport.objects.unscoped().filter(task__directive__in=directives).count(),
        "tasks_on_time": outcome["on_time"],
        "tasks_late": outcome["late"],
        "overdue_alerts": len(alerts),
    }
    return DemoContribution(
        counts=counts,
        lines=[
            _(
                "  %(d)d văn bản chỉ đạo, %(t)d nhiệm vụ (%(o)d đúng hạn, %(l)d trễ hạn), %(a)d cảnh báo quá hạn"
            )
            % {
                "d": len(directives),
                "t": tasks,
                "o": outcome["on_time"],
                "l": outcome["late"],
                "a": len(alerts),
            }
        ],
        analyze=(Directive, Task, TaskReport),
    )


CONTRIBUTORS = [DemoContributor(name="directives", order=950, seed=seed_directives)]
