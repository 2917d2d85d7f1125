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


class StaffLanguageSwitchMiddleware:
    """The staff language switch on a page answering a form (core.staff_language): it posts a
    copy of what she sent back to the form's address, with the language she chose. Sets that
    language (services.user_set_language, audited), then lets a view marked
    `redisplays_on_language_switch` show her form again, filled in, in that language; any other
    view is never called, so a switch cannot perform its action: she gets what she typed to copy
    (nothing is lost silently), or, if she typed nothing, the page she was on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not request.path_info.startswith(STAFF_PREFIX):
            return None  # every other request (the public pages, the APIs) pays this test only
        from django.contrib import messages
        from django.shortcuts import render
        from django.utils import translation
        from django.utils.translation import gettext as _

        from harbour.accounts import services
        from harbour.accounts.forms import StaffLanguageForm
        from harbour.core.audience import page_to_return_to
        from harbour.core.staff_language import SWITCH_FIELD, language_switched
        from harbour.core.textguard import typed_text

        if not request.path_info.startswith(STAFF_PREFIX) or not language_switched(request):
            return None
        if not request.user.is_authenticated:
            return None  # StaffAccessMiddleware has sent her to log in; the login steps do not switch
        form = StaffLanguageForm({"language": request.POST.get(SWITCH_FIELD, "")})
        if form.is_valid():
            services.user_set_language(acting_user=request.user, language=form.cleaned_data["language"])
            translation.activate(form.cleaned_data["language"])  # this request: the middleware above restores
            request.LANGUAGE_CODE = form.cleaned_data["language"]
        else:
            messages.error(request, _("Choose one of the languages listed."))
        if getattr(view_func, "harbour_language_redisplay", False):
            messages.info(request, _("Nothing was saved or sent: what you typed is shown again."))
            return None
        dashboard = reverse("accounts:dashboard")
        back = page_to_return_to(request.get_full_path(), dashboard)
        typed = typed_text(request)
        if not typed:
            return redirect(back)
        return render(request, "accounts/language_typed.html", {"typed": typed, "again": back})
