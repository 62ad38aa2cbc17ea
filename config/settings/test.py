"""Test settings: the base settings, made fast."""

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = True
# Rows written by a test are at once in the change feeds (one test checks the hold-back itself).
PHAODAI_SYNC_SETTLE_SECONDS = 0
# Limits far above what a test does; the tests of a limit set their own (phaodai.core.ratelimit).
PHAODAI_RATES = dict.fromkeys(PHAODAI_RATES, "100000/min")
# Tasks run in the request that enqueues them (after commit); one test runs the real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PHAODAI_JOB_FILES = VAR_DIR / "test-jobs"
PHAODAI_EVIDENCE_FILES = VAR_DIR / "test-evidence"
PHAODAI_AUDIO_FILES = VAR_DIR / "test-audio"

# The browser tests (transaction=True, serialized_rollback=True) restore the migrations' data (rule
# sets, checklists…) at their start. Content types and permissions are left out of it: a flush by
# another transactional test makes them again, and restoring them too would collide.
TEST_NON_SERIALIZED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
