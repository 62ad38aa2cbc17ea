"""The production settings pass Django's deployment checklist with no warning."""

import os
import subprocess
import sys

from config.env import BASE_DIR


def _run_check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy():
    result = _run_check(
        {
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789-abcdef",
            "DJANGO_ALLOWED_HOSTS": "phaodai.example.vn",
            "DATABASE_URL": "postgres://phaodai@127.0.0.1:5432/phaodai",
            "REDIS_URL": "redis://127.0.0.1:6379/1",
        }
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_a_shared_cache_is_warned_that_rate_limits_count_per_worker():
    result = _run_check(
        {
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789-abcdef",
            "DJANGO_ALLOWED_HOSTS": "phaodai.example.vn",
            "DATABASE_URL": "postgres://phaodai@127.0.0.1:5432/phaodai",
        }
    )

    assert result.returncode != 0
    assert "(phaodai.W001) The cache is each process's own memory" in result.stderr + result.stdout
    assert "Set REDIS_URL" in result.stderr + result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _run_check(
        {"DJANGO_ALLOWED_HOSTS": "phaodai.example.vn", "DATABASE_URL": "postgres://x@127.0.0.1/x"}
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr
