"""The alerts in the page shell: the inbox in the menu, with the number of unread alerts."""

from django.utils.translation import pgettext_lazy

from phaodai.core.shell import NavEntry

NAV = [
    NavEntry(
        label=pgettext_lazy("nav", "Cảnh báo"),
        url_name="alerts:list",
        active_on=("alerts:",),
        keeps_unit=False,
        order=800,
        badge_url="alerts:badge",
    )
]
