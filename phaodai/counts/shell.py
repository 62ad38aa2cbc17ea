"""The counts app in the page shell: the daily figures page."""

from django.utils.translation import gettext_lazy as _

from phaodai.core.shell import NavEntry

NAV = [NavEntry(label=_("Số liệu theo ngày"), url_name="counts:figures", active_on=("counts:",), order=800)]
