from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

STAFF_PREFIX = "/staff/"


class StaffAccessMiddleware:
    """Every staff path needs a logged-in, active user who passed the second factor.

    The login steps themselves (named in `open_views`) are the only exceptions. A user
    without a confirmed authenticator is sent to enrol one: two factors are mandatory.
    """

    open_views = {
        "accounts:login", "accounts:verify", "accounts:enrol", "accounts:logout",
        "accounts:password_reset", "accounts:password_reset_done",
        "accounts:password_reset_confirm", "accounts:password_reset_complete",
        "accounts:invitation",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(STAFF_PREFIX):
            response = self._guard(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _guard(self, request):
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is not None and match.view_name in self.open_views:
            return None
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return self._to("accounts:login", request)
        if not user.is_verified():
            # Half-way through logging in: a lockout meanwhile sends her back to the start.
            # A verified session is not ended by someone else guessing at her address.
            if user.is_locked():
                from django.contrib.auth import logout

                logout(request)
                return self._to("accounts:login", request)
            from harbour.accounts.services import user_has_second_factor

            step = "accounts:verify" if user_has_second_factor(user) else "accounts:enrol"
            return self._to(step, request)
        return None

    @staticmethod
    def _to(view_name: str, request):
        target = reverse(view_name)
        nxt = request.get_full_path()
        if request.method == "GET" and url_has_allowed_host_and_scheme(nxt, allowed_hosts=None):
            from urllib.parse import urlencode

            target = f"{target}?{urlencode({'next': nxt})}"
        return redirect(target)
