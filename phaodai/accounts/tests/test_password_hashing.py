from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.test import override_settings

from config.settings import base


def test_production_hasher_is_argon2():
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        encoded = make_password("mat-khau-rat-dai-2021")

        assert encoded.startswith("argon2$")
        assert check_password("mat-khau-rat-dai-2021", encoded)


def test_only_the_test_settings_use_a_fast_hasher():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
