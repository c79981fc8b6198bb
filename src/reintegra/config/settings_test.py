"""Test settings: the same module, with a fast hasher and the test database from the environment."""
from __future__ import annotations

import os

import dj_database_url

from reintegra.config.settings import *  # noqa: F403
from reintegra.config.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

_test_url = os.environ.get("TEST_DATABASE_URL")
if _test_url:
    DATABASES = {"default": dj_database_url.parse(_test_url)}
else:
    DATABASES = {"default": {**DATABASES["default"], "NAME": ":memory:"}} if DATABASES["default"][
        "ENGINE"
    ] == "django.db.backends.sqlite3" else DATABASES

# The audit table stays append-only in production; tests flush tables between tests.
REINTEGRA_AUDIT_DB_GUARD = False
# Two-factor tests switch it on explicitly.
REINTEGRA_REQUIRE_2FA = False
