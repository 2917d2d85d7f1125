"""The Django admin shows accounts read-only.

Every change to a user, membership, role or invitation must go through the services, which
audit it, tell the member and her admins, and let the firewall drop a key grant when a
membership ends (issue 12, "the admin site"). The admin bypasses all of that, so it may look
but not touch; organisations and networks hold no account security and stay editable.
"""

from django.contrib import admin

from harbour.accounts.models import Invitation, Membership, Network, Organisation, User
from harbour.core.admin_site import admin_site


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewing only: no add, change or delete, whoever is logged in."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User, site=admin_site)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    exclude = ["password", "user_permissions", "groups"]


@admin.register(Organisation, site=admin_site)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "accepts_help_requests"]
    search_fields = ["name"]


@admin.register(Network, site=admin_site)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["coordinators"]


@admin.register(Membership, site=admin_site)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]


@admin.register(Invitation, site=admin_site)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "role", "expires_at", "accepted_at"]
    exclude = ["token_hash"]
