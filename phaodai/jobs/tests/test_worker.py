"""A real worker (``manage.py run_worker``, the ORM backend) killed with ``kill -9`` mid-import.

Runs the worker as a separate process on a database of its own (the suite's database is in
memory or belongs to pytest): a SQLite file, and, when the suite runs on PostgreSQL, a database
made on the same server for the test (where the import stores its batches on a thread of its
own, ``sheets.storing``). The job is left "running", the rows it stored are whole batches, the
next worker's start marks it failed with the reason, and running it again stores each row once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

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


class _Database:
    """The worker's database: its URL, a way to query it from the test, and the SQL of a JSON
    column as text."""

    def __init__(self, url: str, query: Callable[[str], list[tuple[Any, ...]]], json_text: str) -> None:
        self.url, self.query, self.json_text = url, query, json_text


# The PostgreSQL database is made on the suite's own server: only when the suite runs on one.
WORKER_DATABASES = ["sqlite", *(["postgresql"] if connection.vendor == "postgresql" else [])]


@pytest.fixture(params=WORKER_DATABASES)
def worker_db(request, tmp_path) -> Iterator[_Database]:
    if request.param == "sqlite":
        path = tmp_path / "worker.sqlite3"

        def query(sql: str) -> list[tuple[Any, ...]]:
            with sqlite3.connect(path, timeout=10) as connection:
                return connection.execute(sql).fetchall()

        yield _Database(f"sqlite:///{path}", query, "{}")
        return
    import psycopg

    settings = connection.settings_dict
    server = f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    name = f"phaodai_worker_{os.getpid()}"
    with psycopg.connect(
        f"{server}/postgres", autocommit=True, password=settings["PASSWORD"] or None
    ) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")

    def pg_query(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(f"{server}/{name}", password=settings["PASSWORD"] or None) as conn:
            return conn.execute(sql).fetchall()

    try:
        yield _Database(f"{server}/{name}", pg_query, "{}::text")
    finally:
        with psycopg.connect(
            f"{server}/postgres", autocommit=True, password=settings["PASSWORD"] or None
        ) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _env(tmp_path: Path, db: _Database) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": db.url,
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


def test_a_killed_worker_leaves_whole_rows_its_job_failed_and_a_run_again_stores_each_row_once(
    tmp_path, worker_db
):
    env = _env(tmp_path, worker_db)
    query = worker_db.query
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
            (done,) = query(f"select done from jobs_job where id = {job_id}")[0]  # noqa: S608
            if done >= 2000:
                break
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=30)

    status, done, error = query(f"select status, done, error from jobs_job where id = {job_id}")[0]  # noqa: S608
    stored = query("select count(*), count(distinct national_id) from people_person")[0]
    assert (status, error) == ("running", "")
    assert 2000 <= done < ROWS
    assert stored == (done, done)  # what the job reported is exactly what is stored: whole batches
    assert done % 1000 == 0

    recovered = _manage(env, "run_worker", "--batch")

    status, error = query(f"select status, error from jobs_job where id = {job_id}")[0]  # noqa: S608
    assert (
        f"Việc #{job_id} (Nhập nhân khẩu từ tệp ds.xlsx) bị dừng đột ngột lần trước: đã đánh dấu là lỗi."
        in recovered
    )
    assert status == "failed"
    assert error.startswith("Tiến trình xử lý (")
    assert query("select count(*) from alerts_alertdelivery")[0] == (1,)

    _manage(env, "shell", "-v0", "-c", RETRY)
    _manage(env, "run_worker", "--batch")

    result_text = worker_db.json_text.format("result")
    status, result = query(f"select status, {result_text} from jobs_job where id = {job_id}")[0]  # noqa: S608
    assert status == "succeeded"
    assert f'"line": "rows={ROWS} created={ROWS - done} updated=0 skipped={done} errors=0"' in result
    assert query("select count(*), count(distinct national_id) from people_person")[0] == (ROWS, ROWS)
