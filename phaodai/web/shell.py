"""The shell's own menu entries: the home page and the API documentation."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.shell import NavEntry

NAV = [
    NavEntry(label=_("Trang chủ"), url_name="home", active_on=("home",), order=0),
    NavEntry(
        label=_("Tài liệu API"),
        url_name="api:docs",
        active_on=("api:docs",),
        keeps_unit=False,
        order=900,
        section="system",
    ),
]
