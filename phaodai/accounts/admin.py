from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from phaodai.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    """Users with their role and home unit (the unit decides what they may see)."""

    list_display = ("username", "get_full_name", "role", "home_unit", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff")
    list_select_related = ("home_unit",)
    search_fields = ("username", "first_name", "last_name", "phone")
    raw_id_fields = ("home_unit",)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Vai trò và địa bàn"), {"fields": ("role", "home_unit", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Vai trò và địa bàn"), {"fields": ("role", "home_unit", "phone")}),
    )
