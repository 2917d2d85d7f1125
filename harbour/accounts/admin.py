from django.contrib import admin

from harbour.accounts.models import Invitation, Membership, Network, Organisation, User
from harbour.core.admin_site import admin_site


@admin.register(User, site=admin_site)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    exclude = ["password", "user_permissions", "groups"]
    readonly_fields = ["public_id", "last_login", "created_at", "updated_at"]


@admin.register(Organisation, site=admin_site)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "accepts_help_requests"]
    search_fields = ["name"]


@admin.register(Network, site=admin_site)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["coordinators"]


@admin.register(Membership, site=admin_site)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]


@admin.register(Invitation, site=admin_site)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "expires_at", "accepted_at"]
    exclude = ["token_hash"]
