"""Read-only admin views of the registry, for system administrators.

Every change to a resident must go through ``people.services`` (validation,
jurisdiction, audit row), so the admin only shows. Searching uses the folded
keys by prefix, which stays fast on a million rows.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from phaodai.core.queries import prefix_q
from phaodai.core.text import fold
from phaodai.people.models import DuplicateCandidate, Household, LiaisonGroup, Person

_M = TypeVar("_M", bound=Model)


class ReadOnlyAdmin(admin.ModelAdmin[_M]):
    show_full_result_count = False  # no COUNT(*) over the whole table on every page

    def has_add_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin[Person]):
    list_display = (
        "full_name",
        "birth_year",
        "sex",
        "residence_unit",
        "residence_status",
        "is_high_risk",
        "merged_into",
    )
    list_filter = ("sex", "residence_status", "is_high_risk")
    list_select_related = ("residence_unit", "merged_into")
    search_fields = ("name_key",)
    search_help_text = _("Tìm theo họ tên (có dấu hoặc không), số CCCD/CMND hoặc số điện thoại.")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Person], search_term: str
    ) -> tuple[QuerySet[Person], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        digits = "".join(ch for ch in term if ch.isdigit())
        if digits and len(digits) >= len(term.replace(" ", "")) - 1:
            return queryset.filter(national_id=digits) | queryset.filter(phone=digits), False
        return queryset.filter(prefix_q("name_key", fold(term))), False


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin[Household]):
    list_display = ("code", "address", "unit", "head", "liaison_group")
    list_select_related = ("unit", "head", "liaison_group")
    search_fields = ("code",)


@admin.register(LiaisonGroup)
class LiaisonGroupAdmin(ReadOnlyAdmin[LiaisonGroup]):
    list_display = ("name", "unit", "leader")
    list_select_related = ("unit", "leader")
    search_fields = ("name",)


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(ReadOnlyAdmin[DuplicateCandidate]):
    list_display = ("first", "second", "score", "status", "found_at", "resolved_by")
    list_filter = ("status",)
    list_select_related = ("first", "second", "resolved_by")
