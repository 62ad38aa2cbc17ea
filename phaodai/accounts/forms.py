from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from phaodai.core.logins import login_throttled, throttled_message
from phaodai.ui.forms import CleanInputMixin, Form


class LoginForm(CleanInputMixin, AuthenticationForm):
    """Django's login form with Vietnamese labels and phone-friendly inputs."""

    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị vô hiệu hoá. Hãy liên hệ quản trị hệ thống."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The lockout threshold is a setting (django-axes), so the warning reads it.
        self.error_messages = {
            **self.error_messages,
            "invalid_login": _(
                "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: sai %(limit)d lần liên tiếp, tài khoản sẽ bị tạm khoá."
            )
            % {"limit": settings.AXES_FAILURE_LIMIT},
        }
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["username"].widget.attrs.update(
            {
                "autocapitalize": "none",
                "autocorrect": "off",
                "spellcheck": "false",
                "autocomplete": "username",
            }
        )
        self.fields["username"].error_messages["required"] = _("Hãy nhập tên đăng nhập.")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["password"].error_messages["required"] = _("Hãy nhập mật khẩu.")

    def get_invalid_login_error(self) -> ValidationError:
        wait = login_throttled(self.request)
        if wait is not None:
            return ValidationError(throttled_message(wait), code="address_throttled")
        return super().get_invalid_login_error()


class DeviceForm(Form):
    """The name of the device a new API key is for (optional)."""

    device = forms.CharField(
        label=_("Tên thiết bị"),
        required=False,
        max_length=100,
        help_text=_("Ví dụ: Điện thoại tổ Covid thôn 3. Giúp nhận ra mã nào của máy nào khi cần thu hồi."),
    )


class EmptyForm(Form):
    """A POST with nothing but the CSRF token (create or revoke the API key)."""
