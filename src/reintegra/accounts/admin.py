from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from reintegra.accounts.models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "region", "official_capacity", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code"]
