from django_otp.admin import OTPAdminSite


class HarbourAdminSite(OTPAdminSite):
    """The Django admin, only for users who passed the second factor."""

    site_header = "Harbour administration"
    site_title = "Harbour"
    index_title = "Administration"

    def login(self, request, extra_context=None):
        # One way in for staff: Harbour's own two-step login.
        from django.shortcuts import redirect
        from django.urls import reverse

        return redirect(f"{reverse('accounts:login')}?next={request.get_full_path()}")

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_superuser


admin_site = HarbourAdminSite(name="admin")
