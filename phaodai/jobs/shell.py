"""The jobs page in the menu."""

from django.utils.translation import pgettext_lazy

from phaodai.core.shell import NavEntry

NAV = [
    NavEntry(
        label=pgettext_lazy("nav", "Việc chạy nền"),
        url_name="jobs:list",
        active_on=("jobs:",),
        keeps_unit=False,
        order=790,
    )
]
