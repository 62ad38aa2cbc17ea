"""A real worker (``manage.py run_worker``, the ORM backend) killed with ``kill -9`` mid-import.

Runs the worker as a separate process on a SQLite file of its own (the suite's database is in
memory or belongs to pytest): the job is left "running", the rows it stored are whole batches,
the next worker's start marks it failed with the reason, and running it again stores each row once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from config.env import BASE_DIR

ROWS = 6000

SETUP = f"""
from phaodai.accounts.tests.factories import make_user
from phaodai.areas.tests.factories import make_area_tree
from phaodai.core.roles import Role
from phaodai.jobs import files
from phaodai.people.services import residents_import_start
from phaodai.sheets.pipeline import ImportMode
from phaodai.sheets.tests.files import write_xlsx

units = make_area_tree(("Tỉnh Lào Cai", [("Huyện Bắc Hà", [("Xã Bản Phố", ["Thôn Bản Phố 1"])])]))
user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo")
rows = [["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD"]]
rows += [[f"Hoàng Văn Số {{n}}", 1990, "Nam", f"010090{{n:06d}}"] for n in range({ROWS})]
path, relative = files.new_upload_path(".xlsx")
write_xlsx(path, rows)
job = residents_import_start(
    actor=user, unit=units["Thôn Bản Phố 1"], upload=relative, file_name="ds.xlsx",
    mapping={{"Họ và tên": "full_name", "Năm sinh": "birth_year", "Giới tính": "sex", "Số CCCD": "national_id"}},
    mode=ImportMode.VALID,
)
print(job.pk)
"""

RETRY = """
from phaodai.accounts.models import User
from phaodai.jobs.models import Job
from phaodai.jobs.services import job_retry
job_retry(actor=User.objects.get(username="canbo"), job=Job.objects.unscoped().get())
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "PHAODAI_TASKS": "db",
        "PHAODAI_VAR_DIR": str(tmp_path),
        "PHAODAI_JOB_FILES": str(tmp_path / "jobs"),
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - this project's manage.py
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout


def _query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db, timeout=10) as connection:
        return connection.execute(sql).fetchall()


def test_a_killed_worker_leaves_whole_rows_its_job_failed_and_a_run_again_stores_each_row_once(tmp_path):
    env = _env(tmp_path)
    db = tmp_path / "worker.sqlite3"
    _manage(env, "migrate", "--noinput", "-v0")
    job_id = int(_manage(env, "shell", "-v0", "-c", SETUP).strip().splitlines()[-1])

    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, str(BASE_DIR / "manage.py"), "run_worker", "--interval", "0.2"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            (done,) = _query(db, f"select done from jobs_job where id = {job_id}")[0]  # noqa: S608
            if done >= 2000:
                break
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=30)

    status, done, error = _query(db, f"select status, done, error from jobs_job where id = {job_id}")[0]  # noqa: S608
    stored = _query(db, "select count(*), count(distinct national_id) from people_person")[0]
    assert (status, error) == ("running", "")
    assert 2000 <= done < ROWS
    assert stored == (done, done)  # what the job reported is exactly what is stored: whole batches
    assert done % 1000 == 0

    recovered = _manage(env, "run_worker", "--batch")

    status, error = _query(db, f"select status, error from jobs_job where id = {job_id}")[0]  # noqa: S608
    assert (
        f"Việc #{job_id} (Nhập nhân khẩu từ tệp ds.xlsx) bị dừng đột ngột lần trước: đã đánh dấu là lỗi."
        in recovered
    )
    assert status == "failed"
    assert error.startswith("Tiến trình xử lý (")
    assert _query(db, "select count(*) from alerts_alertdelivery")[0] == (1,)

    _manage(env, "shell", "-v0", "-c", RETRY)
    _manage(env, "run_worker", "--batch")

    status, result = _query(db, f"select status, result from jobs_job where id = {job_id}")[0]  # noqa: S608
    assert status == "succeeded"
    assert f'"line": "rows={ROWS} created={ROWS - done} updated=0 skipped={done} errors=0"' in result
    assert _query(db, "select count(*), count(distinct national_id) from people_person")[0] == (ROWS, ROWS)
