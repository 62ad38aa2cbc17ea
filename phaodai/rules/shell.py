"""The rules app in the page shell: one menu entry, for every signed-in user."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.shell import NavEntry

NAV = [
    NavEntry(
        label=_("Quy định chuyên môn"),
        url_name="rules:list",
        capability=None,
        active_on=("rules:list", "rules:detail", "rules:create", "rules:edit"),
        keeps_unit=False,
        order=900,
    )
]
